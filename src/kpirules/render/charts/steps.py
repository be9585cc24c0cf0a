"""Step lines: a level per slot, held across the slot's width, as the target and a
benchmark are drawn (a profile of quarterly targets shows as steps, not a slope)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from kpirules.render.charts.scale import LinearScale, SlotScale
from kpirules.render.charts.svg import coord, element

__all__ = ["step_lines"]


def step_lines(levels: Sequence[Fraction | None], slots: SlotScale, y: LinearScale, *,
               colour: str, dash: str, width: int = 2) -> list[str]:
    """One stepped path per run of slots with a level; a slot without one breaks it."""
    runs: list[list[str]] = []
    previous: Fraction | None = None
    for index, value in enumerate(levels):
        if value is None:
            previous = None
            continue
        level = y(value)
        x0, x1 = slots.left(index), slots.right(index)
        if previous is None:
            runs.append([f"M{coord(x0)},{coord(level)}"])
        elif previous != level:
            runs[-1].append(f"L{coord(x0)},{coord(level)}")
        runs[-1].append(f"L{coord(x1)},{coord(level)}")
        previous = level
    return [element("path", {"d": " ".join(run), "fill": "none", "stroke": colour,
                             "stroke-width": width, "stroke-dasharray": dash})
            for run in runs]
