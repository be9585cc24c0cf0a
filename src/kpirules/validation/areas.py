"""Checks of declared areas and comparator groups, across the catalogue and areas files.

Codes are unique across every source; types, parents, members, benchmarks and the home
area name declared things; a group is given by members or by type, never both, and is
not empty.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kpirules.areas import Area, group_members
from kpirules.issues import Issue, Location, Severity
from kpirules.models import AreasSpec
from kpirules.specfiles import SpecSet
from kpirules.yamlsource import YamlDocument

__all__ = ["area_sources", "check_area_specs"]


@dataclass(frozen=True)
class AreaSource:
    """One place areas are declared: the catalogue's `areas:` or an areas file."""

    spec: AreasSpec
    document: YamlDocument
    prefix: tuple[str | int, ...]

    def locate(self, *path: str | int) -> Location:
        return self.document.locate((*self.prefix, *path))


def area_sources(specs: SpecSet) -> tuple[AreaSource, ...]:
    found = []
    catalogue = specs.catalogue
    if catalogue is not None and catalogue.model is not None and catalogue.model.areas:
        found.append(AreaSource(catalogue.model.areas, catalogue.document, ("areas",)))
    found.extend(AreaSource(file.model, file.document, ()) for file in specs.areas
                 if file.model is not None)
    return tuple(found)


def _issue(code: str, message: str, location: Location, *, warning: bool = False) -> Issue:
    return Issue(code, Severity.WARNING if warning else Severity.ERROR, message, location)


def _suggest(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_area_specs(specs: SpecSet) -> Iterator[Issue]:
    """Every area, group and reference to an area is declared once and resolves."""
    sources = area_sources(specs)
    types = {name for source in sources for name in source.spec.types}
    areas: dict[str, Area] = {}
    first: dict[str, Location] = {}
    for source in sources:
        for i, item in enumerate(source.spec.areas):
            where = source.locate("areas", i, "code")
            if item.code in first:
                yield _issue("KPI070", f"area code '{item.code}' is already declared at "
                             f"{first[item.code]}", where)
                continue
            first[item.code] = where
            areas[item.code] = Area(item.code, item.name, item.type, item.parent)
            if item.type not in types:
                yield _issue("KPI071", f"area type '{item.type}' is not declared under 'types'"
                             f"{_suggest(item.type, types)}", source.locate("areas", i, "type"))
    yield from _references(sources, areas, types)
    yield from _groups(sources, areas, types)


def _unknown(code: str, areas: dict[str, Area], what: str, where: Location) -> Issue:
    return _issue("KPI072", f"{what} '{code}' is not a declared area{_suggest(code, areas)}",
                  where)


def _references(sources: tuple[AreaSource, ...], areas: dict[str, Area],
                types: set[str]) -> Iterator[Issue]:
    home: Location | None = None
    for source in sources:
        for i, item in enumerate(source.spec.areas):
            if item.parent is not None and item.parent not in areas:
                yield _unknown(item.parent, areas, "parent", source.locate("areas", i, "parent"))
        if source.spec.home is not None:
            where = source.locate("home")
            if home is not None:
                yield _issue("KPI070", f"the home area is already given at {home}", where)
            elif source.spec.home not in areas:
                yield _unknown(source.spec.home, areas, "home area", where)
            home = home or where


def _groups(sources: tuple[AreaSource, ...], areas: dict[str, Area],
            types: set[str]) -> Iterator[Issue]:
    seen: dict[str, Location] = {}
    for source in sources:
        for i, group in enumerate(source.spec.groups):
            where = source.locate("groups", i, "id")
            if group.id in seen:
                yield _issue("KPI070", f"group id '{group.id}' is already declared at "
                             f"{seen[group.id]}", where)
                continue
            seen[group.id] = where
            if group.members and (group.type is not None or group.parent is not None):
                yield _issue("KPI073", f"group '{group.id}' lists its members and also gives a "
                             "type or parent; give one or the other", where)
                continue
            if not group.members and group.type is None:
                yield _issue("KPI073", f"group '{group.id}' needs 'members', or a 'type' whose "
                             "areas are its members", where)
                continue
            if group.type is not None and group.type not in types:
                yield _issue("KPI071", f"area type '{group.type}' is not declared under "
                             f"'types'{_suggest(group.type, types)}",
                             source.locate("groups", i, "type"))
                continue
            for j, code in enumerate(group.members):
                if code not in areas:
                    yield _unknown(code, areas, "member", source.locate("groups", i, "members", j))
            for name in ("parent", "benchmark"):
                code = getattr(group, name)
                if code is not None and code not in areas:
                    yield _unknown(code, areas, name, source.locate("groups", i, name))
            members = [areas[code] for code in group_members(group, areas.values())
                       if code in areas]
            if not members and group.type is not None:
                yield _issue("KPI073", f"group '{group.id}' has no members: no declared area "
                             f"is of type '{group.type}'"
                             + (f" within '{group.parent}'" if group.parent else ""), where)
            kinds = sorted({area.type for area in members})
            if len(kinds) > 1:
                yield _issue("KPI073", f"group '{group.id}' mixes area types "
                             f"({', '.join(kinds)}); ranks among them may mislead", where,
                             warning=True)
