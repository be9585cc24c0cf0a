"""A drawn chart and its text equivalent."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Chart"]


@dataclass(frozen=True)
class Chart:
    """An SVG chart with what it says in words.

    `title` is the chart's accessible name and `description` its summary (both are
    also the SVG's `<title>` and `<desc>`). `header` and `rows` are the same figures as a
    table, for a reader who cannot see the picture, or a printout in black and white.
    """

    svg: str
    title: str
    description: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
