"""kpirules: performance indicators as YAML specs, evaluated exactly and explained."""

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
from kpirules.issues import Issue, Location, Severity

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "EvaluationError",
    "ExpressionArithmeticError",
    "ExpressionError",
    "ExpressionInputError",
    "ExpressionNameError",
    "ExpressionSyntaxError",
    "ExpressionTypeError",
    "Issue",
    "KpiRulesError",
    "Location",
    "PeriodError",
    "Severity",
    "SpecError",
    "SpecValidationError",
    "YamlError",
]
