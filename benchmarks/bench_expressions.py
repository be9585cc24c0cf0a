"""Per-evaluation cost of compiled expressions against a hand-written lambda and simpleeval.

Run as `python benchmarks/bench_expressions.py`. Every figure is the best of several
repeats (the machine may be shared and noisy), measured in this one run, and printed
as nanoseconds per evaluation and as ratios; nothing is asserted. The issue's targets
are within 2x of the lambda and at least 10x faster than simpleeval with a pre-parsed
tree, for the float path.
"""

from __future__ import annotations

import random
import timeit
from collections.abc import Callable
from fractions import Fraction

from simpleeval import SimpleEval

from kpirules.expressions import compile_expression

REPEATS = 9
NAMES = {
    "value >= target * 0.95": ("value", "target"),
    "numerator / denominator * 100000": ("numerator", "denominator"),
}
LAMBDAS: dict[str, Callable[..., object]] = {
    "value >= target * 0.95": lambda value, target: value >= target * 0.95,
    "numerator / denominator * 100000": (
        lambda numerator, denominator: numerator / denominator * 100000
    ),
}
NINETEEN_TWENTIETHS = Fraction(19, 20)
EXACT_LAMBDAS: dict[str, Callable[..., object]] = {
    "value >= target * 0.95": lambda value, target: value >= target * NINETEEN_TWENTIETHS,
    "numerator / denominator * 100000": (
        lambda numerator, denominator: numerator / denominator * 100000
    ),
}


class _SlotCall:
    """A plain object whose `__call__` slot holds a function, as `Expression` does: calling
    it measures what CPython charges for calling an instance, whatever the function."""

    __slots__ = ("__call__",)

    def __init__(self, function: Callable[..., object]) -> None:
        self.__call__ = function  # type: ignore[method-assign]


def measure(cases: dict[str, tuple[str, dict[str, object], int]]) -> dict[str, float]:
    """Nanoseconds per execution of each case's statement, run `number` times a repeat.

    The cases take turns within every repeat, so that a burst of load on a shared
    machine falls on all of them alike; each keeps its best repeat.
    """
    timers = {label: (timeit.Timer(statement, globals=namespace), number)
              for label, (statement, namespace, number) in cases.items()}
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(REPEATS):
        for label, (timer, number) in timers.items():
            best[label] = min(best[label], timer.timeit(number=number) / number * 1e9)
    return best


def bench_single(source: str, inputs: tuple[object, object], number: int) -> dict[str, float]:
    first, second = NAMES[source]
    expr = compile_expression(source, names=dict.fromkeys((first, second), "number"))
    evaluator = SimpleEval(names={first: inputs[0], second: inputs[1]})
    parsed = evaluator.parse(source)
    call = f"f({first}=x, {second}=y)"
    values = {"x": inputs[0], "y": inputs[1]}
    return measure({
        "lambda": (call, {**values, "f": LAMBDAS[source]}, number),
        "lambda in a slot": (call, {**values, "f": _SlotCall(LAMBDAS[source])}, number),
        "expr()": (call, {**values, "f": expr}, number),
        "expr.evaluate()": (call, {**values, "f": expr.evaluate}, number),
        "simpleeval": ("s.eval(source, previously_parsed=parsed)",
                       {"s": evaluator, "source": source, "parsed": parsed}, number // 10),
    })


def bench_exact(source: str, inputs: tuple[Fraction, Fraction], number: int) -> dict[str, float]:
    first, second = NAMES[source]
    expr = compile_expression(source, names=dict.fromkeys((first, second), "number"))
    call = f"f({first}=x, {second}=y)"
    values = {"x": inputs[0], "y": inputs[1]}
    return measure({
        "lambda": (call, {**values, "f": EXACT_LAMBDAS[source]}, number),
        "expr()": (call, {**values, "f": expr}, number),
        "expr.evaluate()": (call, {**values, "f": expr.evaluate}, number),
    })


def bench_map(source: str, rows: int) -> dict[str, float]:
    first, second = NAMES[source]
    expr = compile_expression(source, names=dict.fromkeys((first, second), "number"))
    rng = random.Random(1)
    xs = [rng.uniform(1, 1000) for _ in range(rows)]
    ys = [rng.uniform(1, 1000) for _ in range(rows)]
    namespace = {"expr": expr, "lam": LAMBDAS[source], "xs": xs, "ys": ys}
    totals = measure({
        "lambda, list comprehension": ("[lam(x, y) for x, y in zip(xs, ys)]", namespace, 1),
        "expr.map()": (f"expr.map({first}=xs, {second}=ys)", namespace, 1),
    })
    return {label: ns / rows for label, ns in totals.items()}


def main() -> None:
    print("Per-evaluation cost, best of", REPEATS, "repeats (ns; lower is better)\n")
    for source in NAMES:
        print(f"== {source}")
        floats = bench_single(source, (202.0, 200.0), number=50_000)
        base = floats["lambda"]
        print("  float inputs, called with keyword arguments ('lambda in a slot' is the lambda")
        print("  called as an instance, like expr(): the cost CPython adds to any instance call):")
        for label, ns in floats.items():
            print(f"    {label:18} {ns:8.0f} ns   {ns / base:5.2f}x lambda   "
                  f"{floats['simpleeval'] / ns:6.1f}x faster than simpleeval")
        exact = bench_exact(source, (Fraction(202), Fraction(200)), number=10_000)
        print("  Fraction inputs (exact path), against a lambda over the same Fractions:")
        for label, ns in exact.items():
            print(f"    {label:18} {ns:8.0f} ns   {ns / exact['lambda']:5.2f}x lambda")
        batch = bench_map(source, rows=100_000)
        print("  batch of 100,000 float rows, per row:")
        for label, ns in batch.items():
            print(f"    {label:27} {ns:6.0f} ns")
        print()


if __name__ == "__main__":
    main()
