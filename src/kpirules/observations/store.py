"""An indexed, immutable collection of observations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from types import MappingProxyType

from kpirules.observations.model import Observation

__all__ = ["ObservationSet"]

SINGLE_MEASURE = "value"


class ObservationSet:
    """Observations indexed by indicator and measure, in the order they were read."""

    __slots__ = ("_by_measure", "_rows")

    def __init__(self, rows: Iterable[Observation]) -> None:
        self._rows = tuple(rows)
        index: dict[tuple[str, str], list[Observation]] = defaultdict(list)
        for row in self._rows:
            index[(row.indicator, row.measure or SINGLE_MEASURE)].append(row)
        self._by_measure = MappingProxyType({k: tuple(v) for k, v in index.items()})

    def __iter__(self) -> Iterator[Observation]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def for_measure(self, indicator: str, measure: str) -> tuple[Observation, ...]:
        """Every row of one measure (breakdown rows included)."""
        return self._by_measure.get((indicator, measure), ())

    def for_indicator(self, indicator: str) -> tuple[Observation, ...]:
        return tuple(row for row in self._rows if row.indicator == indicator)
