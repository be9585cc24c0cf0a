"""Ranks and quartiles within a comparator group, from the group's summary alone.

Pure functions over plain numbers. An area's rank needs only its own merit (a number
that is larger the better the value is: the value itself when higher is better, its
negative when lower is better, minus the distance from a target or band) and the
group's summary: the merits of every member with a value, sorted. Summaries of parts
of a group merge into the summary of the whole, so ranks can be computed after the
areas were evaluated apart (on different machines, even).

Ties share the best position they span ("competition" ranking: 1, 2, 2, 4), and the
result says how many others share it. The quartile follows the share of the group that
ranks above: none to under a quarter is 1 (the best quarter), three quarters or more
is 4, i.e. `floor(4 × (position − 1) / of) + 1`; the sole member of a group is in 1.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["GroupSummary", "Placing", "ordinal", "place"]


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """The merits of a group's members that have a value, in ascending order."""

    merits: tuple[Fraction, ...] = ()

    @classmethod
    def of(cls, merits: Iterable[Fraction]) -> GroupSummary:
        return cls(tuple(sorted(merits)))

    def merge(self, other: GroupSummary) -> GroupSummary:
        """The summary of both parts together (the parts' members are distinct)."""
        return GroupSummary(tuple(sorted(self.merits + other.merits)))

    def __len__(self) -> int:
        return len(self.merits)


@dataclass(frozen=True, slots=True)
class Placing:
    """Where a merit falls in a group: 1 is the best position."""

    position: int
    of: int
    tied: int
    """How many other members share the position."""
    quartile: int
    """1 for the best quarter of the group, 4 for the worst."""

    def words(self) -> str:
        """`3rd of 8`, or `joint 3rd of 8 (with 1 other)`."""
        text = f"{ordinal(self.position)} of {self.of}"
        if self.tied:
            others = "other" if self.tied == 1 else "others"
            text = f"joint {text} (with {self.tied} {others})"
        return text


def place(merit: Fraction, summary: GroupSummary) -> Placing:
    """The position of `merit` among the group's merits; it must be one of them."""
    merits = summary.merits
    below = bisect.bisect_left(merits, merit)
    above = bisect.bisect_right(merits, merit)
    if above == below:
        raise ValueError("merit: not one of the group's merits")
    of = len(merits)
    position = of - above + 1
    quartile = 4 * (position - 1) // of + 1
    return Placing(position=position, of=of, tied=above - below - 1, quartile=quartile)


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
