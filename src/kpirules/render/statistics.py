"""Statistics in a few words for tables: the interval, the comparison and the trend.

`95% CI 20.2–42.8; worse than England (20.0); trend increasing, getting worse`. Results
without statistics give None, so tables of catalogues that declare none are unchanged.
"""

from __future__ import annotations

from fractions import Fraction

from kpirules.evaluation.statistics import ComparisonAnalysis, IntervalAnalysis, TrendAnalysis
from kpirules.numbers import format_number
from kpirules.results import MeasureResult
from kpirules.stats import Outcome, TrendDirection

__all__ = ["statistics_line"]


def statistics_line(result: MeasureResult) -> str | None:
    """The measure's statistics in one short line, or None when it has none."""
    parts = []
    interval = result.analysis("interval")
    if isinstance(interval, IntervalAnalysis):
        first = interval.first
        low = format_number(Fraction(first.lower), result.decimals)
        high = format_number(Fraction(first.upper), result.decimals)
        parts.append(f"{first.level} CI {low}–{high}")
    comparison = result.analysis("comparison")
    if isinstance(comparison, ComparisonAnalysis):
        c = comparison.comparison
        if c.outcome is Outcome.NOT_COMPARED:
            parts.append(f"not compared with {comparison.label}")
        else:
            assert c.benchmark is not None
            against = format_number(c.benchmark, result.decimals)
            words = "similar to" if c.outcome is Outcome.SIMILAR else f"{c.outcome} than"
            parts.append(f"{words} {comparison.label} ({against})")
    trend = result.analysis("trend")
    if isinstance(trend, TrendAnalysis):
        t = trend.trend
        if t.direction is TrendDirection.CANNOT_BE_CALCULATED:
            parts.append("trend cannot be calculated")
        else:
            parts.append(f"trend {t.direction}" + (f", {t.reading}" if t.reading else ""))
    return "; ".join(parts) if parts else None
