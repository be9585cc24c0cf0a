"""The limits that keep every compile and every evaluation small and quick.

They are data, in one frozen object, so a caller can tighten them for one catalogue
without touching anything global. The defaults admit every expression a council writes
(a sum of 400 named terms, a dozen nested conditionals) and refuse, at compile time,
anything whose evaluation could run long or allocate much.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["DEFAULT_LIMITS", "Limits"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on an expression's text, its tree, the growth of its exact results and its inputs.

    - `max_length`: characters of source text.
    - `max_depth`: nesting of brackets, conditionals, signs and calls. A chain of the
      same operator (`a + b - c + ...`) counts as one level however long it is.
    - `max_operands`: numbers and names written in one expression.
    - `max_nodes`: nodes of the parsed syntax tree.
    - `max_weight`: how large one exact intermediate result may grow, in units of one
      input (see `docs/expressions.md`): `a + b` weighs the sum of its parts and
      `a ** k` weighs `|k|` times `a`, so `a1 + ... + a400` weighs 400.
    - `max_total_weight`: the sum of the weights of every intermediate result, which
      bounds the total work of an exact evaluation.
    - `max_exact_digits`: exact inputs (int, Fraction, Decimal) must have numerator
      and denominator of at most this many digits; a list's numbers must also share a
      denominator of at most this many digits.
    - `max_sequence_length`: numbers in one list input.
    - `max_names`: declared input names.
    """

    max_length: int = 10_000
    max_depth: int = 50
    max_operands: int = 600
    max_nodes: int = 2_000
    max_weight: int = 500
    max_total_weight: int = 100_000
    max_exact_digits: int = 30
    max_sequence_length: int = 10_000
    max_names: int = 1_000

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"Limits.{field.name} must be a positive int, not {value!r}")
        # The tokenizer of CPython refuses more than 200 nested brackets, and its
        # parser and compiler recurse in C once per level: these ceilings keep both far
        # from any stack limit, whatever a caller configures.
        if self.max_depth > 100:
            raise ValueError("Limits.max_depth must be at most 100")
        if self.max_operands > 2_000:
            raise ValueError("Limits.max_operands must be at most 2000")
        if self.max_length > 100_000:
            raise ValueError("Limits.max_length must be at most 100000")


DEFAULT_LIMITS = Limits()
