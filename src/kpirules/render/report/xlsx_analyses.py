"""The workbook's analysis columns: a measure's statistics and SPC figures, flat.

`kpirules evaluate --format json` gives each analysis as a nested object (`interval`,
`benchmark`, `comparison`, `trend`, `spc`). The `Results` sheet gives the same figures
as columns after the JSON fields, one cell per figure, each equal to its JSON field:

- `ci_numerator`, `ci_denominator`, and for each confidence level the report's
  intervals use, `ci_<level>_method`, `ci_<level>_lower`, `ci_<level>_upper`
  (`ci_95_lower`, `ci_99.8_upper`);
- `benchmark_*`: the compared benchmark's id, label, area, period, value, status,
  published interval and rank;
- `comparison_*`: the benchmark compared with, the outcome, significance, confidence
  and reason;
- `trend_*`: direction, reading, slope, chi-squared, points, first and last period,
  reason;
- `spc_*`: the latest point's variation (type, period, rule, side), the assurance
  (type, target), the floor assurance, and the latest phase's number, start, mean,
  process limits (to one more decimal place than the value, as SPC words them) and
  whether they are provisional.

A float is kept to 16 significant digits, as many as the writer stores (a spreadsheet
shows 15): an interval's limits, which the JSON gives to 17, differ in the last place.

A group of columns is there when at least one measure in the report has that analysis,
so a catalogue without statistics keeps the JSON fields alone; a measure without it has
blank cells. Columns depend only on the results, so the same input gives the same
columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

__all__ = ["ANALYSES", "AnalysisColumn", "Kind", "analysis_columns", "level_label"]

ANALYSES = ("interval", "benchmark", "comparison", "trend", "spc")
"""The analyses given as columns, in column order."""

Kind = Literal["figure", "limit", "share", "number", "text", "flag"]
"""How a cell is written: `figure` in the measure's unit and display format, `limit` the
same with one more decimal place (as SPC words its mean and process limits), `share` a
proportion (a confidence) shown as a percentage, `number` a plain number, `text`, and
`flag` a true/false."""


@dataclass(frozen=True)
class AnalysisColumn:
    """One column: its header, the analysis it reads, how to write it, and how to find
    its figure in the analysis's JSON record."""

    name: str
    analysis: str
    kind: Kind
    read: Callable[[Mapping[str, Any]], Any]

    def value(self, row: Mapping[str, Any]) -> Any:
        """The figure in a `Results` row (a JSON record), or None for a blank cell."""
        found = row.get(self.analysis)
        return self.read(found) if isinstance(found, Mapping) else None


def _at(*keys: str | int) -> Callable[[Mapping[str, Any]], Any]:
    def read(found: Any) -> Any:
        for key in keys:
            if isinstance(key, int):
                # An empty list (no phases) reads as blank, like a missing key.
                found = found[key] if isinstance(found, list) and found else None
            else:
                found = found.get(key) if isinstance(found, Mapping) else None
        return found
    return read


def _in_level(confidence: float, key: str) -> Callable[[Mapping[str, Any]], Any]:
    def read(found: Mapping[str, Any]) -> Any:
        return next((level.get(key) for level in found.get("levels") or ()
                     if level.get("confidence") == confidence), None)
    return read


def level_label(confidence: float) -> str:
    """A confidence as a column label, in percent: 0.95 is `95`, 0.998 is `99.8`."""
    return f"{(Decimal(repr(confidence)) * 100).normalize():f}"


def _interval(levels: Iterable[float]) -> list[AnalysisColumn]:
    columns = [AnalysisColumn("ci_numerator", "interval", "number", _at("numerator")),
               AnalysisColumn("ci_denominator", "interval", "number", _at("denominator"))]
    for confidence in levels:
        label = level_label(confidence)
        columns += [
            AnalysisColumn(f"ci_{label}_method", "interval", "text",
                           _in_level(confidence, "method")),
            AnalysisColumn(f"ci_{label}_lower", "interval", "figure",
                           _in_level(confidence, "lower")),
            AnalysisColumn(f"ci_{label}_upper", "interval", "figure",
                           _in_level(confidence, "upper")),
        ]
    return columns


def _fixed(analysis: str, spec: Iterable[tuple[str, Kind, tuple[str | int, ...]]]
           ) -> list[AnalysisColumn]:
    return [AnalysisColumn(f"{analysis}_{name}", analysis, kind, _at(*path))
            for name, kind, path in spec]


_BENCHMARK = _fixed("benchmark", [
    ("id", "text", ("id",)), ("label", "text", ("label",)), ("area", "text", ("area",)),
    ("period", "text", ("period",)), ("value", "figure", ("value",)),
    ("status", "text", ("status",)), ("lower", "figure", ("lower",)),
    ("upper", "figure", ("upper",)), ("confidence", "share", ("confidence",)),
    ("rank", "number", ("rank",)), ("of", "number", ("of",)),
])
_COMPARISON = _fixed("comparison", [
    ("benchmark", "text", ("benchmark",)), ("outcome", "text", ("outcome",)),
    ("significance", "text", ("significance",)), ("confidence", "share", ("confidence",)),
    ("reason", "text", ("reason",)),
])
_TREND = _fixed("trend", [
    ("direction", "text", ("direction",)), ("reading", "text", ("reading",)),
    ("slope", "figure", ("slope",)), ("chi_squared", "number", ("chi_squared",)),
    ("points", "number", ("points",)), ("from", "text", ("periods", 0)),
    ("to", "text", ("periods", -1)), ("reason", "text", ("reason",)),
])
_SPC = _fixed("spc", [
    ("variation", "text", ("variation", "type")),
    ("variation_period", "text", ("variation", "period")),
    ("variation_rule", "text", ("variation", "rule")),
    ("variation_side", "text", ("variation", "side")),
    ("assurance", "text", ("assurance", "type")),
    ("assurance_target", "figure", ("assurance", "target")),
    ("floor_assurance", "text", ("floor_assurance", "type")),
    ("phase", "number", ("phases", -1, "number")),
    ("phase_from", "text", ("phases", -1, "from")),
    ("mean", "limit", ("phases", -1, "limits", "mean")),
    ("lower", "limit", ("phases", -1, "limits", "lower")),
    ("upper", "limit", ("phases", -1, "limits", "upper")),
    ("provisional", "flag", ("phases", -1, "limits", "provisional")),
])

_FIXED = {"benchmark": _BENCHMARK, "comparison": _COMPARISON, "trend": _TREND, "spc": _SPC}


def analysis_columns(rows: Iterable[Mapping[str, Any]]) -> tuple[AnalysisColumn, ...]:
    """The analysis columns for these `Results` rows: each analysis some row has, and
    each confidence level some row's interval has, lowest first."""
    present: set[str] = set()
    levels: set[float] = set()
    for row in rows:
        for name in ANALYSES:
            found = row.get(name)
            if isinstance(found, Mapping):
                present.add(name)
                if name == "interval":
                    levels.update(level["confidence"] for level in found.get("levels") or ())
    return tuple(column for name in ANALYSES if name in present
                 for column in (_interval(sorted(levels)) if name == "interval"
                                else _FIXED[name]))
