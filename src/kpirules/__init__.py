"""kpirules: performance indicators as YAML specs, evaluated exactly and explained.

    import kpirules
    catalogue = kpirules.load_catalogue("specs")      # validated specs, or SpecValidationError
    results = kpirules.evaluate(catalogue)            # as at the catalogue's latest report
    for result in results:
        print(result.indicator, result.rating, result.headline.explanation)

The data flow, one module per stage: `yamlsource` (located YAML) -> `models` (the spec
language) -> `validation` -> `catalogue` (resolved, expressions compiled) ->
`observations` and `reports` (the data) -> `evaluation` (series, RAG, DOT, analyses) ->
`results` -> `render`. The command line is `kpirules` (see `kpirules --help`).
"""

from kpirules.api import evaluate
from kpirules.catalogue import Catalogue, Indicator, Measure, build_catalogue, load_catalogue
from kpirules.errors import (
    DataError,
    EvaluationError,
    ExpressionArithmeticError,
    ExpressionError,
    ExpressionInputError,
    ExpressionNameError,
    ExpressionSyntaxError,
    ExpressionTypeError,
    KpiRulesError,
    PeriodError,
    SpecError,
    SpecValidationError,
    YamlError,
)
from kpirules.evaluation.analyses import Analysis
from kpirules.evaluation.series import Series, build_series
from kpirules.expressions import Expression, Limits, compile_expression
from kpirules.issues import Issue, Location, Severity
from kpirules.observations import Observation, ObservationSet, Source, Status, read_observations
from kpirules.periods import Calendar, Grain, Period
from kpirules.reports import Report, read_reports
from kpirules.results import Basis, Direction, IndicatorResult, MeasureResult
from kpirules.target import Target
from kpirules.validation import ValidationReport, validate

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Basis",
    "Calendar",
    "Catalogue",
    "DataError",
    "Direction",
    "EvaluationError",
    "Expression",
    "ExpressionArithmeticError",
    "ExpressionError",
    "ExpressionInputError",
    "ExpressionNameError",
    "ExpressionSyntaxError",
    "ExpressionTypeError",
    "Grain",
    "Indicator",
    "IndicatorResult",
    "Issue",
    "KpiRulesError",
    "Limits",
    "Location",
    "Measure",
    "MeasureResult",
    "Observation",
    "ObservationSet",
    "Period",
    "PeriodError",
    "Report",
    "Series",
    "Severity",
    "Source",
    "SpecError",
    "SpecValidationError",
    "Status",
    "Target",
    "ValidationReport",
    "YamlError",
    "build_catalogue",
    "build_series",
    "compile_expression",
    "evaluate",
    "load_catalogue",
    "read_observations",
    "read_reports",
    "validate",
]
