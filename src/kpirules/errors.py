"""The errors kpirules raises, all under one root.

    KpiRulesError
    ├── SpecError                    a spec or catalogue cannot be used
    │   ├── YamlError                the YAML itself is refused (syntax, duplicate key, tag...)
    │   └── SpecValidationError      the spec is well-formed YAML but invalid; carries .issues
    ├── ExpressionError              an expression is refused or fails (.expression, .position)
    │   ├── ExpressionSyntaxError    not in the grammar, or over a limit
    │   ├── ExpressionNameError      a name that is not declared; carries .suggestion
    │   ├── ExpressionTypeError      a number where a condition is needed, a sequence misused...
    │   ├── ExpressionInputError     an input of the wrong kind, missing, or not finite
    │   └── ExpressionArithmeticError  division by zero, overflow, non-finite result
    ├── PeriodError                  a period that cannot be parsed or does not fit its calendar
    ├── DataError                    observations or a report file cannot be used; carries .issues
    ├── EvaluationError              an indicator cannot be evaluated as asked
    ├── OutputError                  an output file or folder cannot be written (.path)
    ├── StatisticsError              a statistical method (kpirules.stats, kpirules.spc) given
    │                                arguments it cannot use; .argument names the argument
    ├── MissingExtraError            an optional feature's extra is not installed (.install)
    └── TemplateError                a report template cannot be found or rendered

Errors that describe a place carry a `Location`; errors that collect several problems
carry `issues`, so a caller can print every one of them rather than the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kpirules.issues import Issue, Location

__all__ = [
    "DataError",
    "EvaluationError",
    "ExpressionArithmeticError",
    "ExpressionError",
    "ExpressionInputError",
    "ExpressionNameError",
    "ExpressionSyntaxError",
    "ExpressionTypeError",
    "KpiRulesError",
    "MissingExtraError",
    "OutputError",
    "PeriodError",
    "SpecError",
    "SpecValidationError",
    "StatisticsError",
    "TemplateError",
    "YamlError",
]


class KpiRulesError(Exception):
    """The root of every error kpirules raises on purpose."""


class SpecError(KpiRulesError):
    """A spec or catalogue cannot be used."""


class YamlError(SpecError):
    """A YAML document is refused before any model sees it."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class SpecValidationError(SpecError):
    """One or more blocking issues were found; `issues` lists all of them."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = tuple(issues)
        lines = [issue.format() for issue in self.issues[:20]]
        more = len(self.issues) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more")
        super().__init__("\n".join(lines) or "invalid spec")


class ExpressionError(KpiRulesError):
    """An expression is refused at compile time or fails when evaluated.

    `position` is a 0-based offset into `expression` (or None when the problem is not
    at one place); `line` and `column` are 1-based, for pointing into a spec file.
    """

    def __init__(
        self,
        message: str,
        expression: str = "",
        position: int | None = None,
        *,
        suggestion: str | None = None,
    ) -> None:
        self.message = message
        self.expression = expression
        self.position = position
        self.suggestion = suggestion
        text = message
        if suggestion:
            text += f" (did you mean '{suggestion}'?)"
        if position is not None and expression and len(expression) <= 200:
            text += f"\n  {expression}\n  {' ' * position}^"
        super().__init__(text)

    @property
    def line(self) -> int:
        if self.position is None:
            return 1
        return self.expression.count("\n", 0, self.position) + 1

    @property
    def column(self) -> int:
        if self.position is None:
            return 1
        start = self.expression.rfind("\n", 0, self.position) + 1
        return self.position - start + 1


class ExpressionSyntaxError(ExpressionError):
    """The text is not in the expression grammar, or exceeds a limit."""


class ExpressionNameError(ExpressionError):
    """A name is used that is not declared."""


class ExpressionTypeError(ExpressionError):
    """A value of the wrong kind is used: a number as a condition, a sequence in arithmetic."""


class ExpressionInputError(ExpressionError):
    """An input is missing, unexpected, of the wrong kind, or not finite."""


class ExpressionArithmeticError(ExpressionError):
    """Division by zero, overflow, or a result that is not a finite number."""


class PeriodError(KpiRulesError, ValueError):
    """A period cannot be parsed, or does not fit the calendar it is used with."""


class DataError(KpiRulesError):
    """Observations or a report file cannot be used; `issues` lists every problem."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = tuple(issues)
        lines = [issue.format() for issue in self.issues[:20]]
        more = len(self.issues) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more")
        super().__init__("\n".join(lines) or "invalid data")


class EvaluationError(KpiRulesError):
    """An indicator cannot be evaluated as asked (unknown id, period outside its calendar)."""


class OutputError(KpiRulesError):
    """An output file or folder cannot be written: a read-only place, a full disk, a
    folder where a file should go, a symbolic link in the way. `path` names it."""

    def __init__(self, message: str, *, path: str = "") -> None:
        self.path = path
        super().__init__(message)


class StatisticsError(KpiRulesError, ValueError):
    """A statistical method was given an argument it cannot use; `argument` names it.

    Raised as `StatisticsError("count", "must not be negative")` or with the message
    already led by the argument, `StatisticsError("values: needs 2 points")`; either way
    the text reads `argument: message`.
    """

    def __init__(self, argument: str, message: str | None = None) -> None:
        if message is None:
            text = argument
            argument = text.split(":", 1)[0] if ":" in text else ""
        else:
            text = f"{argument}: {message}"
        self.argument = argument
        self.message = text.split(": ", 1)[1] if ": " in text else text
        super().__init__(text)


class MissingExtraError(KpiRulesError, ImportError):
    """An optional feature needs a package that is not installed; `install` says how."""

    def __init__(self, feature: str, extra: str, *, needs: str | None = None) -> None:
        self.extra = extra
        self.install = f"pip install 'kpirules[{extra}]'"
        what = f" ({needs})" if needs else ""
        super().__init__(f"{feature} needs the '{extra}' extra{what}: {self.install}")


class TemplateError(KpiRulesError):
    """A report template (`kpirules report --templates DIR`) cannot be found or rendered."""
