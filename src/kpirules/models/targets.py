"""Targets for one year of an indicator."""

from __future__ import annotations

import enum
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from kpirules.models.base import Number, SpecModel, Text

__all__ = ["Band", "NoTargetReason", "ProfileEntry", "TargetSpec"]


class NoTargetReason(enum.StrEnum):
    """Why a year has no target."""

    TO_BE_AGREED = "to_be_agreed"
    NOT_SET = "not_set"
    NOT_STATED = "not_stated"
    """The source does not say; used when encoding a published report."""
    NOT_APPLICABLE = "not_applicable"


class Band(SpecModel):
    """A target range, inclusive at both ends."""

    low: Number
    high: Number


ProfileEntry = Annotated[Number | Literal["n/a"], Field(union_mode="left_to_right")]


class TargetSpec(SpecModel):
    """Exactly one of `value`, `profile`, `band`, `annual` or `none`."""

    value: Number | None = None
    """The same target for every period of the year."""
    profile: tuple[ProfileEntry, ...] | None = None
    """One target per period of the year in order (4 quarters or 12 months); `n/a` for a
    period with no target. For a cumulative measure these are year-to-date targets."""
    band: Band | None = None
    """A range for every period of the year, for `within_band` polarity."""
    annual: Number | None = None
    """A target for the year as a whole (the year's figure, or the last period's
    year-to-date); other periods have none."""
    none: NoTargetReason | None = None
    """No target this year, and why."""
    floor: Number | None = None
    """A floor standard beside a `value`, `profile` or `annual` target: Green at or
    better than target, Amber between the floor and the target, Red past the floor."""
    note: Text | None = None
    """The target as the source words it, or why it is what it is."""

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [
            name
            for name in ("value", "profile", "band", "annual", "none")
            if getattr(self, name) is not None
        ]
        if len(given) != 1:
            raise PydanticCustomError(
                "target_kind",
                "a target gives exactly one of value, profile, band, annual or none; "
                "found {found}",
                {"found": ", ".join(given) or "none of them"},
            )
        if self.floor is not None and given[0] not in ("value", "profile", "annual"):
            raise PydanticCustomError(
                "target_floor",
                "a floor goes with a value, profile or annual target, not with {kind}",
                {"kind": given[0]},
            )
        return self

    @property
    def kind(self) -> str:
        for name in ("value", "profile", "band", "annual", "none"):
            if getattr(self, name) is not None:
                return name
        raise AssertionError("validated target has a kind")
