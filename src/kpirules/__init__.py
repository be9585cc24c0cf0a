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

from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Names are imported on first use (PEP 562), so that `kpirules --help` and other light
# uses do not pay for pydantic and the whole library; type checkers see real imports.
_EXPORTS: dict[str, str] = {
    "Analysis": "kpirules.evaluation.analyses",
    "Area": "kpirules.areas",
    "Areas": "kpirules.areas",
    "Basis": "kpirules.results",
    "Calendar": "kpirules.periods",
    "Catalogue": "kpirules.catalogue",
    "DataError": "kpirules.errors",
    "Direction": "kpirules.results",
    "EvaluationError": "kpirules.errors",
    "Expression": "kpirules.expressions",
    "ExpressionArithmeticError": "kpirules.errors",
    "ExpressionError": "kpirules.errors",
    "ExpressionInputError": "kpirules.errors",
    "ExpressionNameError": "kpirules.errors",
    "ExpressionSyntaxError": "kpirules.errors",
    "ExpressionTypeError": "kpirules.errors",
    "FingertipsData": "kpirules.fingertips",
    "FingertipsIndicator": "kpirules.fingertips",
    "Grain": "kpirules.periods",
    "Indicator": "kpirules.catalogue",
    "IndicatorResult": "kpirules.results",
    "Issue": "kpirules.issues",
    "KpiRulesError": "kpirules.errors",
    "OutputError": "kpirules.errors",
    "Limits": "kpirules.expressions",
    "Location": "kpirules.issues",
    "Measure": "kpirules.catalogue",
    "MeasureResult": "kpirules.results",
    "MissingExtraError": "kpirules.errors",
    "Observation": "kpirules.observations",
    "ObservationSet": "kpirules.observations",
    "Period": "kpirules.periods",
    "PeriodError": "kpirules.errors",
    "Report": "kpirules.reports",
    "Results": "kpirules.results",
    "Series": "kpirules.evaluation.series",
    "Severity": "kpirules.issues",
    "Source": "kpirules.observations",
    "SpecError": "kpirules.errors",
    "SpecValidationError": "kpirules.errors",
    "StatisticsError": "kpirules.errors",
    "Status": "kpirules.observations",
    "Target": "kpirules.target",
    "ValidationReport": "kpirules.validation",
    "YamlError": "kpirules.errors",
    "build_catalogue": "kpirules.catalogue",
    "build_series": "kpirules.evaluation.series",
    "compile_expression": "kpirules.expressions",
    "evaluate": "kpirules.api",
    "load_catalogue": "kpirules.catalogue",
    "read_fingertips": "kpirules.fingertips",
    "read_frame": "kpirules.frames.read",
    "read_observations": "kpirules.observations",
    "read_reports": "kpirules.reports",
    "validate": "kpirules.validation",
}

__all__ = [
    "Analysis",
    "Area",
    "Areas",
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
    "FingertipsData",
    "FingertipsIndicator",
    "Grain",
    "Indicator",
    "IndicatorResult",
    "Issue",
    "KpiRulesError",
    "Limits",
    "Location",
    "Measure",
    "MeasureResult",
    "MissingExtraError",
    "Observation",
    "ObservationSet",
    "OutputError",
    "Period",
    "PeriodError",
    "Report",
    "Results",
    "Series",
    "Severity",
    "Source",
    "SpecError",
    "SpecValidationError",
    "StatisticsError",
    "Status",
    "Target",
    "ValidationReport",
    "YamlError",
    "build_catalogue",
    "build_series",
    "compile_expression",
    "evaluate",
    "load_catalogue",
    "read_fingertips",
    "read_frame",
    "read_observations",
    "read_reports",
    "validate",
]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kpirules' has no attribute {name!r}")
    from importlib import import_module  # noqa: PLC0415

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


if TYPE_CHECKING:
    from kpirules.api import (
        evaluate,
    )
    from kpirules.areas import (
        Area,
        Areas,
    )
    from kpirules.catalogue import (
        Catalogue,
        Indicator,
        Measure,
        build_catalogue,
        load_catalogue,
    )
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
        MissingExtraError,
        OutputError,
        PeriodError,
        SpecError,
        SpecValidationError,
        StatisticsError,
        YamlError,
    )
    from kpirules.evaluation.analyses import (
        Analysis,
    )
    from kpirules.evaluation.series import (
        Series,
        build_series,
    )
    from kpirules.expressions import (
        Expression,
        Limits,
        compile_expression,
    )
    from kpirules.fingertips import (
        FingertipsData,
        FingertipsIndicator,
        read_fingertips,
    )
    from kpirules.frames.read import (
        read_frame,
    )
    from kpirules.issues import (
        Issue,
        Location,
        Severity,
    )
    from kpirules.observations import (
        Observation,
        ObservationSet,
        Source,
        Status,
        read_observations,
    )
    from kpirules.periods import (
        Calendar,
        Grain,
        Period,
    )
    from kpirules.reports import (
        Report,
        read_reports,
    )
    from kpirules.results import (
        Basis,
        Direction,
        IndicatorResult,
        MeasureResult,
        Results,
    )
    from kpirules.target import (
        Target,
    )
    from kpirules.validation import (
        ValidationReport,
        validate,
    )
