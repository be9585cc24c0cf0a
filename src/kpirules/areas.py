"""Areas as evaluation sees them: each area's code, name and type, and comparator groups.

Built once from the validated `areas:` of the catalogue and its areas files. A catalogue
with none is one organisation: `Areas.NONE`, where the only area evaluated is `None`.
Groups given by type (and parent) are expanded to their members here, so that
evaluation and ranking only ever see lists of codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from kpirules.errors import EvaluationError
from kpirules.models import AreaGroupSpec, AreasSpec

__all__ = ["Area", "AreaGroup", "Areas", "build_areas", "group_members"]


@dataclass(frozen=True, slots=True)
class Area:
    """A place figures are for: `Area("E09000002", "Barking and Dagenham", "local-authority")`."""

    code: str
    name: str
    type: str
    """The area type's id, as declared under `types`."""
    parent: str | None = None

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass(frozen=True, slots=True)
class AreaGroup:
    """A comparator group: the codes of its members, in declared order."""

    id: str
    title: str
    members: tuple[str, ...]
    benchmark: str | None = None
    """The area whose figure stands for the group (England for English authorities)."""


@dataclass(frozen=True)
class Areas:
    """Every declared area by code, the area types, and the comparator groups."""

    by_code: Mapping[str, Area] = field(default_factory=lambda: MappingProxyType({}))
    types: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    groups: tuple[AreaGroup, ...] = ()
    home: str | None = None

    def __bool__(self) -> bool:
        return bool(self.by_code)

    def __len__(self) -> int:
        return len(self.by_code)

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def get(self, code: str) -> Area:
        try:
            return self.by_code[code]
        except KeyError:
            raise EvaluationError(f"no area '{code}' in the catalogue") from None

    def group(self, group_id: str) -> AreaGroup:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise EvaluationError(f"no comparator group '{group_id}' in the catalogue")

    def groups_of(self, code: str) -> tuple[AreaGroup, ...]:
        """The comparator groups an area is a member of, in declared order."""
        return tuple(group for group in self.groups if code in group.members)

    def type_name(self, type_id: str) -> str:
        return self.types.get(type_id, type_id)


def group_members(group: AreaGroupSpec, areas: Iterable[Area]) -> tuple[str, ...]:
    """A group's member codes: as listed, or every area of its type (within its parent)."""
    if group.members:
        return tuple(dict.fromkeys(group.members))
    return tuple(
        area.code for area in areas
        if area.type == group.type and (group.parent is None or area.parent == group.parent)
    )


def build_areas(specs: Iterable[AreasSpec]) -> Areas:
    """Merge the catalogue's areas and its areas files (validated: codes are unique)."""
    types: dict[str, str] = {}
    by_code: dict[str, Area] = {}
    group_specs: list[AreaGroupSpec] = []
    home = None
    for spec in specs:
        types.update(spec.types)
        for item in spec.areas:
            by_code.setdefault(item.code, Area(item.code, item.name, item.type, item.parent))
        group_specs.extend(spec.groups)
        home = home or spec.home
    groups = tuple(
        AreaGroup(group.id, group.title, group_members(group, by_code.values()),
                  group.benchmark)
        for group in group_specs
    )
    return Areas(MappingProxyType(by_code), MappingProxyType(types), groups, home)
