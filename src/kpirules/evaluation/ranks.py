"""The second pass over areas: ranks and quartiles within each comparator group.

The first pass evaluates every area on its own. This pass reads only the group
summaries it needs, keyed by indicator, measure, group and period: an area is ranked
among the members of its group whose value is for the same period as its own. Because
summaries merge, the first pass may run over parts of the areas separately (see
`merge_summaries`) and still give the ranks of the whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from kpirules.areas import Areas
from kpirules.catalogue import Catalogue, Measure
from kpirules.evaluation.dot import merit
from kpirules.models import Polarity
from kpirules.periods import Period
from kpirules.ranking import GroupSummary, Placing, ordinal, place
from kpirules.results import IndicatorResult, MeasureResult

__all__ = [
    "GroupRank",
    "RankResult",
    "SummaryKey",
    "best_end",
    "merge_summaries",
    "rank_results",
    "summarise",
]

SummaryKey = tuple[str, str, str, Period]
"""Indicator, measure, group id and period."""


def best_end(polarity: Polarity) -> str:
    """How position 1 reads, for the words of a rank."""
    return {
        Polarity.HIGHER_IS_BETTER: "1 = highest, the best",
        Polarity.LOWER_IS_BETTER: "1 = lowest, the best",
        Polarity.WITHIN_BAND: "1 = nearest the band, the best",
        Polarity.CLOSEST_TO: "1 = nearest the target, the best",
        Polarity.NONE: "1 = highest; the indicator has no better end",
    }[polarity]


@dataclass(frozen=True)
class GroupRank:
    """An area's place in one comparator group, for one period."""

    group: str
    title: str
    period: Period
    placing: Placing
    best: str
    members: int
    """The group's size, members without a value included."""

    @property
    def position(self) -> int:
        return self.placing.position

    @property
    def of(self) -> int:
        return self.placing.of

    @property
    def quartile(self) -> int:
        return self.placing.quartile

    @property
    def tied(self) -> int:
        return self.placing.tied

    def words(self) -> str:
        """`joint 4th of 6 London boroughs (with 1 other) in 2019, quartile 3 (...)`."""
        placing = self.placing
        text = f"{'joint ' if placing.tied else ''}{ordinal(placing.position)} of {placing.of}"
        text += f" {self.title}"
        if placing.of < self.members:
            text += " with a value"
        if placing.tied:
            text += f" (with {placing.tied} other{'s' if placing.tied > 1 else ''})"
        return f"{text} in {self.period}, quartile {self.quartile} ({self.best})"


@dataclass(frozen=True)
class RankResult:
    """The `rank` analysis: the area's place in each group it belongs to."""

    ranks: tuple[GroupRank, ...]
    name: str = "rank"

    def summary(self) -> str:
        return "; ".join(rank.words() for rank in self.ranks)

    def record(self) -> list[dict[str, Any]]:
        return [
            {"group": r.group, "title": r.title, "period": str(r.period),
             "position": r.position, "of": r.of, "members": r.members, "tied": r.tied,
             "quartile": r.quartile, "best": r.best}
            for r in self.ranks
        ]


def _measures(catalogue: Catalogue, result: IndicatorResult) -> dict[str, Measure]:
    return {m.id: m for m in catalogue.indicator(result.indicator).measures}


def _merit_of(measure: Measure, result: MeasureResult) -> Fraction | None:
    if result.value is None or result.period is None:
        return None
    return merit(measure.polarity, result.value, result.target)


def summarise(results: Iterable[IndicatorResult], catalogue: Catalogue
              ) -> dict[SummaryKey, GroupSummary]:
    """The summary of every group, measure and period the results have values for."""
    merits: dict[SummaryKey, list[Fraction]] = defaultdict(list)
    areas = catalogue.areas
    for result in results:
        if result.area is None:
            continue
        measures = _measures(catalogue, result)
        for m in result.measures:
            found = _merit_of(measures[m.measure], m)
            if found is None:
                continue
            assert m.period is not None
            for group in areas.groups_of(result.area.code):
                merits[(result.indicator, m.measure, group.id, m.period)].append(found)
    return {key: GroupSummary.of(values) for key, values in merits.items()}


def merge_summaries(*parts: Mapping[SummaryKey, GroupSummary]
                    ) -> dict[SummaryKey, GroupSummary]:
    """The summaries of disjoint sets of areas, combined."""
    merged: dict[SummaryKey, GroupSummary] = {}
    for part in parts:
        for key, summary in part.items():
            merged[key] = merged[key].merge(summary) if key in merged else summary
    return merged


def _ranked(measure: Measure, result: MeasureResult, areas: Areas,
            summaries: Mapping[SummaryKey, GroupSummary]) -> MeasureResult:
    found = _merit_of(measure, result)
    if found is None or result.area is None:
        return result
    assert result.period is not None
    ranks = []
    for group in areas.groups_of(result.area.code):
        summary = summaries.get((result.indicator, result.measure, group.id, result.period))
        if summary is None:
            continue
        ranks.append(GroupRank(group.id, group.title, result.period, place(found, summary),
                               best_end(measure.polarity), len(group.members)))
    if not ranks:
        return result
    return replace(result, analyses=(*result.analyses, RankResult(tuple(ranks))))


def rank_results(results: Iterable[IndicatorResult], catalogue: Catalogue,
                 summaries: Mapping[SummaryKey, GroupSummary]) -> list[IndicatorResult]:
    """Each result with a `rank` analysis on every measure ranked in some group."""
    areas = catalogue.areas
    ranked = []
    for result in results:
        if result.area is None or not areas.groups_of(result.area.code):
            ranked.append(result)
            continue
        measures = _measures(catalogue, result)
        new = tuple(_ranked(measures[m.measure], m, areas, summaries) for m in result.measures)
        headline = next((m for m in new if result.headline is not None
                         and m.measure == result.headline.measure), None)
        ranked.append(replace(result, measures=new, headline=headline))
    return ranked
