"""Statistical process control declared on a measure: an XmR chart's baseline, rebase
points and rule lengths (read the NHS "Making Data Count" way; see docs/spc.md)."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, StrictBool, model_validator
from pydantic_core import PydanticCustomError

from kpirules.models.base import SpecModel, Text, YearLabel
from kpirules.spc.xmr import MINIMUM_POINTS, STABLE_POINTS

__all__ = ["SpcBaseline", "SpcRebase", "SpcRules", "SpcSpec"]


class SpcBaseline(SpecModel):
    """The points the limits come from: the first n of each phase, or a range of periods."""

    first: Annotated[int, Field(ge=2, le=1000)] | None = None
    """The first n points of each phase set its limits; later points are judged
    against them."""
    start: YearLabel | None = None
    """The first period of a baseline range, e.g. `2019-04` (with `end`)."""
    end: YearLabel | None = None
    """The last period of a baseline range, inclusive."""

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        ranged = self.start is not None or self.end is not None
        if (self.first is not None) == ranged or (ranged and (self.start is None
                                                              or self.end is None)):
            raise PydanticCustomError(
                "spc_baseline", "a baseline gives either first (a number of points) or "
                "start and end (periods)")
        return self


class SpcRebase(SpecModel):
    """A new phase, with its own limits, from this period on."""

    period: YearLabel
    """The first period of the new phase, e.g. `2021/22 Q1` or `2021-04`."""
    reason: Text
    """Why the process changed here: a new service, a changed definition. Recorded like
    a judgement, and shown wherever the chart is."""


class SpcRules(SpecModel):
    """How long a run or a trend must be to signal special cause."""

    run: Annotated[int, Field(ge=2, le=50)] = 7
    """Consecutive points on one side of the mean (7 in Making Data Count)."""
    trend: Annotated[int, Field(ge=2, le=50)] = 7
    """Consecutive points each higher, or each lower, than the one before (7)."""


class SpcSpec(SpecModel):
    """Read the measure as an XmR chart: limits, special causes, variation, assurance."""

    baseline: SpcBaseline | None = None
    """Where the limits come from; all the points of each phase when not given."""
    rebase: tuple[SpcRebase, ...] = ()
    """Periods where the process changed, each starting a phase with its own limits."""
    rules: SpcRules = SpcRules()
    minimum_points: Annotated[int, Field(ge=MINIMUM_POINTS, le=STABLE_POINTS)] = MINIMUM_POINTS
    """The fewest baseline points that give limits (12 to 20); fewer give none, with the
    reason. 13 is the Making Data Count tool's threshold."""
    screen_outliers: StrictBool = True
    """Drop moving ranges at or above 3.267 times their mean before setting the limits,
    as NHSRplotthedots does; `false` gives the Making Data Count Excel tool's limits."""
    note: Text | None = None
