"""Statistics over plain numbers: confidence intervals, benchmark comparison, recent trend.

Pure functions, standard library only, knowing nothing of specs or periods, so a notebook
can call them on its own numbers:

    from kpirules import stats
    stats.rate_interval(30, 100_000)                  # exact Poisson (under 10: exact)
    stats.wilson(81, 263, confidence=(0.95, 0.998))   # two intervals
    stats.compare(stats.rate_interval(30, 100_000), 20, "lower_is_better").outcome

Bad arguments raise `StatisticsError` (a `KpiRulesError`) naming the argument; no method
returns a NaN. See docs/statistics.md for each method's formula and source.
"""

from kpirules.errors import StatisticsError
from kpirules.stats.compare import Comparison, Outcome, Significance, compare
from kpirules.stats.dsr import ESP2013, dsr
from kpirules.stats.intervals import (
    EXACT_BELOW,
    Interval,
    IntervalMethod,
    byars,
    exact_poisson,
    level_words,
    proportion_interval,
    rate_interval,
    wilson,
)
from kpirules.stats.trend import Reading, Trend, TrendDirection, recent_trend

__all__ = [
    "ESP2013",
    "EXACT_BELOW",
    "Comparison",
    "Interval",
    "IntervalMethod",
    "Outcome",
    "Reading",
    "Significance",
    "StatisticsError",
    "Trend",
    "TrendDirection",
    "byars",
    "compare",
    "dsr",
    "exact_poisson",
    "level_words",
    "proportion_interval",
    "rate_interval",
    "recent_trend",
    "wilson",
]
