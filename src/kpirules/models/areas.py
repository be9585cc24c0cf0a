"""Areas and comparator groups: where figures are for, and whom they are ranked among.

A catalogue with no areas is one organisation and says nothing here. A catalogue whose
figures cover many places (every local authority, the wards of a borough) declares
them, in `catalogue.yaml` under `areas:` or in an areas file listed under
`data: areas:`, with the same shape:

    types: {region: Region, local-authority: Local authority}
    areas:
      - {code: E12000007, name: London, type: region}
      - {code: E09000002, name: Barking and Dagenham, type: local-authority,
         parent: E12000007}
    groups:
      - {id: london-boroughs, title: London boroughs, type: local-authority,
         parent: E12000007, benchmark: E12000007}
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from kpirules.models.base import Id, SpecModel, Text

__all__ = ["AreaCode", "AreaGroupSpec", "AreaSpec", "AreasSpec"]



def _code(value: Any) -> Any:
    # `1234:` would be read by YAML as a number; a code is text, so say so.
    if not isinstance(value, str):
        raise PydanticCustomError("code_type", "an area code is text; quote it")
    return value


AreaCode = Annotated[
    str,
    BeforeValidator(_code),
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=40),
    Field(examples=["E09000002"]),
]
"""An area's code as its publisher writes it: `E09000002`, `ward-12`."""


class AreaSpec(SpecModel):
    """One area: a place figures are published for."""

    code: AreaCode
    """The code observations name the area by (the `area` column)."""
    name: Text
    type: Id
    """One of the declared area `types`."""
    parent: AreaCode | None = None
    """The area this one lies within (a local authority's region)."""


class AreaGroupSpec(SpecModel):
    """A comparator group: the areas an area is ranked among and compared with.

    Members are the areas listed in `members`, or else every area of `type`
    (within `parent`, when given).
    """

    id: Id
    title: Text
    members: tuple[AreaCode, ...] = ()
    """The members' codes, for a group chosen by hand (statistical neighbours)."""
    type: Id | None = None
    """Every declared area of this type is a member (with `parent`, those within it)."""
    parent: AreaCode | None = None
    """With `type`: only the areas of that type within this one."""
    benchmark: AreaCode | None = None
    """The area whose figure stands for the group as a whole (England, the region)."""


class AreasSpec(SpecModel):
    """Area types, areas and comparator groups, in the catalogue or an areas file."""

    types: dict[Id, Text] = Field(default_factory=dict)
    """Area types by id, with their names: `local-authority: Local authority`."""
    areas: tuple[AreaSpec, ...] = ()
    """Every area figures may be given for, each with a code unique across all sources."""
    groups: tuple[AreaGroupSpec, ...] = ()
    """Comparator groups: areas are ranked within each group they belong to."""
    home: AreaCode | None = None
    """The organisation's own area: what `evaluate` shows unless told otherwise, and
    the area a report file's published ratings are for."""
