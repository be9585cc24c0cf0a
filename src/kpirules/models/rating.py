"""How a measure is rated (RAG) and how its direction of travel is judged."""

from __future__ import annotations

import enum
from typing import Annotated, Any, Literal, Self

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from kpirules.models.base import Number, SpecModel, Text, YearLabel
from kpirules.models.statistics import CompareSpec

__all__ = [
    "AssuranceRating",
    "Comparator",
    "CompareRating",
    "DotMethod",
    "DotSpec",
    "FixedComparator",
    "RagOtherwise",
    "RagRule",
    "RagSpec",
    "Rating",
    "Tolerance",
]


class Rating(enum.StrEnum):
    GREEN = "G"
    AMBER = "A"
    RED = "R"


class Tolerance(SpecModel):
    """How far from target is still Amber. Green is at or better than target.

    The tolerance used depends on the unit: `points` for percentages, `absolute` if
    given, otherwise `relative` per cent of the target. For a percentage, `points` and
    `absolute` both mean percentage points: when both are given `points` applies and
    the explanation says so; giving both on a percentage measure is a future error
    (KPI053).
    """

    relative: Annotated[Number, Field(ge=0)] | None = None
    """Per cent of the target, for counts, amounts and rates: 5 means within 5%."""
    points: Annotated[Number, Field(ge=0)] | None = None
    """Percentage points, for percentages: 5 means within 5 points."""
    absolute: Annotated[Number, Field(ge=0)] | None = None
    """In the measure's own unit: 0.5 days."""

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.relative is None and self.points is None and self.absolute is None:
            raise PydanticCustomError(
                "tolerance_empty", "a tolerance gives relative, points or absolute"
            )
        return self


class RagRule(SpecModel):
    """If the condition holds, this rating (rules are tried in order)."""

    when: Text
    """A condition in the kpirules grammar over `value`, `target` (or `low` and `high`
    for a band) and `comparator`."""
    rating: Rating
    label: Text | None = None
    """The condition in words, used in explanations and methodology pages instead of
    the expression: `significantly worse than England`, `improved on last year`."""


class RagOtherwise(SpecModel):
    """The rating when no rule above matched; always the last rule."""

    otherwise: Rating


def _rule_form(value: Any) -> str:
    if isinstance(value, dict) and "otherwise" in value:
        return "otherwise"
    if isinstance(value, RagOtherwise):
        return "otherwise"
    return "when"


RuleItem = Annotated[
    Annotated[RagRule, Tag("when")] | Annotated[RagOtherwise, Tag("otherwise")],
    Discriminator(_rule_form),
]


class AssuranceRating(SpecModel):
    """The rating for each SPC assurance reading (the measure must declare `spc`)."""

    consistently_passing: Rating = Rating.GREEN
    """Both process limits on the better side of the target."""
    hit_and_miss: Rating = Rating.AMBER
    """The target within the process limits: met only some of the time."""
    consistently_failing: Rating = Rating.RED
    """Both process limits on the worse side of the target."""


class CompareRating(CompareSpec):
    """Rate by a benchmark comparison: the rating for each outcome, overridable."""

    better: Rating = Rating.GREEN
    """Significantly better than the benchmark."""
    similar: Rating = Rating.AMBER
    """Not significantly different."""
    worse: Rating = Rating.RED
    """Significantly worse."""


_RAG_FORMS = ("tolerance", "rules", "assurance", "compare")


class RagSpec(SpecModel):
    """Exactly one form: a tolerance shorthand, an ordered list of expression rules, SPC
    assurance, or a benchmark comparison."""

    tolerance: Tolerance | None = None
    rules: tuple[RuleItem, ...] | None = None
    assurance: AssuranceRating | None = None
    """Rate by SPC assurance against the target: `assurance: {}` gives consistently
    passing Green, hit and miss Amber, consistently failing Red; any may be overridden."""
    compare: CompareRating | None = None
    """Rate by comparison with a benchmark: better Green, similar Amber, worse Red unless
    overridden, e.g. `{benchmark: england, similar: G}`."""
    note: Text | None = None
    """Where the rule comes from, e.g. a threshold the report states."""

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        given = [name for name in _RAG_FORMS if getattr(self, name) is not None]
        if len(given) != 1:
            raise PydanticCustomError(
                "rag_form",
                "a RAG rule gives exactly one of tolerance, rules, assurance or compare; "
                "found {found}",
                {"found": " and ".join(given) or "none of them"},
            )
        return self


class FixedComparator(SpecModel):
    """Compare with one named period."""

    period: YearLabel
    """A period in the indicator's calendar, e.g. `2018/19 Q4`."""


Comparator = Annotated[
    Literal["same_period_last_year", "previous_period"] | FixedComparator,
    Field(union_mode="left_to_right"),
]


class DotMethod(enum.StrEnum):
    """How the direction of travel is judged."""

    TWO_POINT = "two_point"
    """The figure against its comparator's figure."""
    SPC = "spc"
    """The SPC variation of the latest point: improving, concerning or common cause
    (the measure must declare `spc`)."""
    RECENT_TREND = "recent_trend"
    """The recent trend of the last five points, significant at 99.8% (the measure
    needs counts for its confidence intervals)."""


class DotSpec(SpecModel):
    """Direction of travel: how it is judged, and what the latest figure is compared with."""

    method: DotMethod = DotMethod.TWO_POINT
    comparator: Comparator = "same_period_last_year"
    unchanged_within: Annotated[Number, Field(ge=0)] | None = None
    """A change no bigger than this (in the measure's unit, percentage points for
    percentages) counts as unchanged, for the arrow and for RAG rules that read
    `comparator` alike."""
    note: Text | None = None
