"""The target that applies to one period: a value, a band, or none with the reason."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Target"]


@dataclass(frozen=True)
class Target:
    value: Fraction | None = None
    low: Fraction | None = None
    high: Fraction | None = None
    reason: str | None = None
    """Why there is no target, in words, when there is none."""
    note: str | None = None
    """The target as the spec words it."""
    floor: Fraction | None = None
    """A floor standard: Amber between it and the target, Red past it."""

    @property
    def is_band(self) -> bool:
        return self.low is not None

    @property
    def exists(self) -> bool:
        return self.value is not None or self.low is not None
