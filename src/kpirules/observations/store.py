"""An indexed, immutable collection of observations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from types import MappingProxyType

from kpirules.observations.model import Observation

__all__ = ["ObservationSet"]

SINGLE_MEASURE = "value"


class ObservationSet:
    """Observations indexed by indicator, measure and area, in the order they were read."""

    __slots__ = ("_areas", "_by_measure", "_rows")

    def __init__(self, rows: Iterable[Observation]) -> None:
        self._rows = tuple(rows)
        index: dict[tuple[str, str, str | None], list[Observation]] = defaultdict(list)
        areas: dict[str, dict[str | None, None]] = defaultdict(dict)
        for row in self._rows:
            index[(row.indicator, row.measure or SINGLE_MEASURE, row.area)].append(row)
            areas[row.indicator][row.area] = None
        self._by_measure = MappingProxyType({k: tuple(v) for k, v in index.items()})
        self._areas = MappingProxyType({k: tuple(v) for k, v in areas.items()})

    def __iter__(self) -> Iterator[Observation]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def for_measure(self, indicator: str, measure: str, area: str | None = None
                    ) -> tuple[Observation, ...]:
        """Every row of one measure for one area (breakdown rows included)."""
        return self._by_measure.get((indicator, measure, area), ())

    def areas(self, indicator: str) -> tuple[str | None, ...]:
        """The area codes an indicator's rows are for, in the order first read (None: no
        area)."""
        return self._areas.get(indicator, ())

    def for_indicator(self, indicator: str) -> tuple[Observation, ...]:
        return tuple(row for row in self._rows if row.indicator == indicator)
