"""Further analyses over a measure's series, beyond value, target, RAG and DOT.

An analysis is an object with a `name` and a `run(series, point)` method returning a
result (or None when it has nothing to say). Evaluation runs every analysis it is given
and keeps the results in `MeasureResult.analyses`, so a new analysis (confidence
intervals, control limits, benchmarks) needs no change to results or renderers that do
not show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kpirules.evaluation.series import Derivation, Point, Series
from kpirules.numbers import Agreement, compare_to_published
from kpirules.results import AnalysisResult

__all__ = ["DEFAULT_ANALYSES", "Analysis", "Consistency", "ConsistencyResult"]


class Analysis(Protocol):
    @property
    def name(self) -> str: ...

    def run(self, series: Series, point: Point) -> AnalysisResult | None: ...


@dataclass(frozen=True)
class ConsistencyResult:
    """The published value set beside each way of computing it from its parts."""

    name: str
    published: str
    checks: tuple[tuple[Derivation, Agreement], ...]

    def summary(self) -> str:
        if not self.checks:
            return "no parts to check the published figure against"
        words = []
        for derivation, agreement in self.checks:
            verdict = {Agreement.AGREES: "agrees", Agreement.ROUNDING: "agrees to rounding",
                       Agreement.DIFFERS: "DIFFERS"}[agreement]
            words.append(f"{derivation.description} ({verdict})")
        return f"published {self.published}; " + "; ".join(words)

    @property
    def consistent(self) -> bool:
        return all(agreement is not Agreement.DIFFERS for _, agreement in self.checks)


@dataclass(frozen=True)
class Consistency:
    """Checks the evaluated figure against every derivation from its parts."""

    name: str = "consistency"

    def run(self, series: Series, point: Point) -> ConsistencyResult | None:
        if point.published is None or not point.derivations:
            return None
        checks = tuple(
            (d, compare_to_published(d.value, point.published.published).agreement)
            for d in point.derivations
        )
        return ConsistencyResult(self.name, str(point.published.published), checks)


DEFAULT_ANALYSES: tuple[Analysis, ...] = (Consistency(),)
