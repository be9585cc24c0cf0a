"""A report file: what one report published for each indicator, and its judgements.

The ratings and arrows are recorded as printed, so the audit can compare them with
what the rules give. A judgement is a rating the report gives that no rule gives; it
is recorded with the report's own reason, so no rating is ever silently overridden.
"""

from __future__ import annotations

from typing import Literal

from kpirules.models.base import Id, SpecModel, Text, YearLabel
from kpirules.models.rating import Rating

__all__ = ["Assessment", "Judgement", "PublishedArrow", "PublishedRating", "ReportSpec"]

PublishedRating = Literal["G", "A", "R", "n/a"]
PublishedArrow = Literal["↑", "↓", "↔", "n/a"]


class Judgement(SpecModel):
    """A rating set by judgement rather than by the rule, and why."""

    rating: Rating
    reason: Text
    """The report's own words, quoted, that explain the rating."""
    quoted_from: Text | None = None
    """Where in the report the reason is, e.g. `Performance Overview`."""


class Assessment(SpecModel):
    """One indicator (or one measure) as the report published it."""

    indicator: Id
    measure: Id | None = None
    period: YearLabel
    """The period the published figures and rating are for (`2019/20 Q1` when the data
    lag a quarter)."""
    rag: PublishedRating | None = None
    """The rating as printed; null when the report prints none."""
    dot: PublishedArrow | None = None
    """The direction-of-travel arrow as printed (↑ improved, ↓ worsened, ↔ unchanged);
    null when the report prints none."""
    dot_label: Text | None = None
    """The heading of the arrow's column, e.g. `DOT from Qtr 2 2018/19`."""
    significance: Literal["better", "similar", "worse", "higher", "lower",
                          "not compared"] | None = None
    """What the report states of the comparison with the measure's benchmark
    (`statistics: {compare: ...}`): significantly better, similar, worse..."""
    judgement: Judgement | None = None
    overview: Text | None = None
    """The report's performance overview for the indicator, as printed."""
    actions: Text | None = None
    """The report's actions to sustain or improve performance, as printed."""
    note: Text | None = None


class ReportSpec(SpecModel):
    """A report file, e.g. `data/reports/2019-20-q2.yaml`."""

    report: YearLabel
    """The period the report is as at, e.g. `2019/20 Q2`."""
    title: Text
    source: Text | None = None
    arrows: Literal["performance"] = "performance"
    """What the arrows mean: `performance` (↑ is an improvement, whichever way the value
    moved)."""
    assessments: tuple[Assessment, ...] = ()
