"""The regularised incomplete gamma function and its inverse, in the standard library.

Exact Poisson limits are gamma quantiles (equivalently chi-squared quantiles halved):
the lower limit for a count O is the point where P(O, x) = alpha/2, the upper the point
where Q(O + 1, x) = alpha/2. P is summed as a power series below x = a + 1 and Q as a
continued fraction above it (the usual split, where each converges fast), and the
quantile is found by bisection, which cannot fail to converge and reaches the float's
own precision in at most a few hundred halvings.
"""

from __future__ import annotations

import math

__all__ = ["gamma_p", "gamma_q", "gamma_quantile"]

_EPSILON = 1e-16
_TINY = 1e-300
_MAX_TERMS = 100_000


def _log_prefix(a: float, x: float) -> float:
    return a * math.log(x) - x - math.lgamma(a)


def _series(a: float, x: float) -> float:
    """P(a, x) by its power series; converges for any x, fast for x < a + 1."""
    term = total = 1.0 / a
    n = a
    for _ in range(_MAX_TERMS):
        n += 1
        term *= x / n
        total += term
        if abs(term) < abs(total) * _EPSILON:
            break
    return total * math.exp(_log_prefix(a, x))


def _continued_fraction(a: float, x: float) -> float:
    """Q(a, x) by its continued fraction (modified Lentz), for x >= a + 1."""
    b = x + 1 - a
    c = 1 / _TINY
    d = 1 / b
    h = d
    for i in range(1, _MAX_TERMS):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < _EPSILON:
            break
    return math.exp(_log_prefix(a, x)) * h


def gamma_p(a: float, x: float) -> float:
    """The regularised lower incomplete gamma P(a, x), for a > 0 and x >= 0."""
    if x <= 0:
        return 0.0
    if x < a + 1:
        return _series(a, x)
    return 1.0 - _continued_fraction(a, x)


def gamma_q(a: float, x: float) -> float:
    """The regularised upper incomplete gamma Q(a, x) = 1 - P(a, x), without cancellation."""
    if x <= 0:
        return 1.0
    if x < a + 1:
        return 1.0 - _series(a, x)
    return _continued_fraction(a, x)


def gamma_quantile(a: float, probability: float, *, upper_tail: bool = False) -> float:
    """The x at which P(a, x) (or, with `upper_tail`, Q(a, x)) equals `probability`."""
    def below(x: float) -> bool:
        # True while x is left of the answer: P still too small, or Q still too big.
        return gamma_q(a, x) > probability if upper_tail else gamma_p(a, x) < probability

    low, high = 0.0, max(1.0, 2 * a)
    while below(high):
        low, high = high, high * 2
    for _ in range(400):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if below(middle):
            low = middle
        else:
            high = middle
    return (low + high) / 2
