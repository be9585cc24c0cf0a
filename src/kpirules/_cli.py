"""The `kpirules` command: the only place that prints or sets an exit code.

Exit codes: 0 clean; 1 issues found (or an error in the input); 2 usage error.
Imports of the library happen inside each command, so `kpirules --help` starts fast.
No traceback is ever printed: errors of the library are reported as messages, and an
unexpected failure is reported as an internal error with a request to report it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

if TYPE_CHECKING:
    from kpirules.issues import Issue

__all__ = ["main"]

EXIT_OK, EXIT_ISSUES, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

_DESCRIPTION = """\
kpirules: performance indicators as YAML specs, evaluated exactly and explained.

Run at the root of a catalogue repository (a specs/ folder with catalogue.yaml and one
YAML file per indicator), e.g.:

  kpirules validate                 check every spec; file:line:col for every issue
  kpirules evaluate                 the report as at the catalogue's latest period
  kpirules evaluate --format json   the same, as JSON for other tools
  kpirules schema --kind indicator  the JSON Schema editors use for completion
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kpirules", description=_DESCRIPTION,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    validate = commands.add_parser(
        "validate", help="check spec files; print every issue with file:line:col",
        description="Validate a catalogue's spec files (and, with --data, its observation "
        "and report files). Prints every issue as 'path:line:col: severity: CODE message'. "
        "Exit status: 0 clean, 1 issues found (errors, or any issue under --strict), "
        "2 usage error.")
    validate.add_argument("paths", nargs="*", metavar="PATH", default=None,
                          help="spec files or folders (default: specs/)")
    validate.add_argument("--format", choices=("text", "json", "github"), default="text",
                          help="text (GCC style, default), json, or github (GitHub Actions "
                          "annotations)")
    validate.add_argument("--strict", action="store_true",
                          help="fail on warnings as well as errors")
    validate.add_argument("--data", action="store_true",
                          help="also read the observation and report files the catalogue "
                          "names, and report their issues")

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of spec files",
        description="Print the JSON Schema generated from the spec models, for editors "
        "(yaml-language-server) and other tools.")
    schema.add_argument("--kind", choices=("indicator", "catalogue", "report"),
                        default="indicator", help="which file's schema (default: indicator)")

    evaluate = commands.add_parser(
        "evaluate", help="evaluate the catalogue: value, target, RAG, DOT, explanation",
        description="Evaluate every indicator of a catalogue as at a report period: each "
        "indicator shows its latest available period. With no arguments, evaluates the "
        "catalogue in specs/ as at its latest report.")
    evaluate.add_argument("catalogue", nargs="?", default="specs", metavar="CATALOGUE",
                          help="the specs folder or its catalogue.yaml (default: specs)")
    evaluate.add_argument("--period", metavar="P",
                          help="the report period, e.g. '2019/20 Q2' (default: the "
                          "catalogue's latest_report)")
    evaluate.add_argument("--indicator", metavar="ID", help="evaluate one indicator only")
    evaluate.add_argument("--format", choices=("table", "csv", "json", "markdown"),
                          default="table", help="output format (default: table)")
    evaluate.add_argument("--colour", "--color", choices=("auto", "always", "never"),
                          default="auto", help="colour the RAG column of the table")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.version:
            from kpirules import __version__  # noqa: PLC0415

            print(f"kpirules {__version__}")
            return EXIT_OK
        if args.command is None:
            parser.print_help()
            return EXIT_USAGE
        handler = {"validate": _validate, "schema": _schema, "evaluate": _evaluate}
        return handler[args.command](args, sys.stdout)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a library error, or a bug: never a traceback
        from kpirules.errors import KpiRulesError  # noqa: PLC0415

        if isinstance(exc, KpiRulesError):
            print(f"kpirules: error: {exc}", file=sys.stderr)
            return EXIT_ISSUES
        print(f"kpirules: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in kpirules; please report it with the command you ran.",
              file=sys.stderr)
        return EXIT_INTERNAL


# --- validate ---------------------------------------------------------------------------


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from kpirules.issues import Issue, Severity, has_blocking  # noqa: PLC0415
    from kpirules.validation import validate  # noqa: PLC0415

    paths = args.paths or ["specs"]
    report = validate(paths)
    issues: list[Issue] = list(report.issues)
    if args.data and not has_blocking(issues):
        issues.extend(_data_issues(report))
    issues.sort(key=Issue.sort_key)
    errors = sum(i.severity is Severity.ERROR for i in issues)
    warnings = len(issues) - errors
    if args.format == "json":
        payload = {
            "files": report.files,
            "errors": errors,
            "warnings": warnings,
            "issues": [
                {"path": i.location.path, "line": i.location.line, "column": i.location.column,
                 "severity": str(i.severity), "code": i.code, "message": i.message}
                for i in issues
            ],
        }
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "github":
        for i in issues:
            level = "error" if i.blocking else "warning"
            message = i.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            place = f"file={i.location.path}"
            if i.location.line:
                place += f",line={i.location.line}"
            if i.location.column:
                place += f",col={i.location.column}"
            out.write(f"::{level} {place},title={i.code}::{message}\n")
    else:
        for i in issues:
            out.write(i.format() + "\n")
        verdict = "ok" if not issues else f"{errors} error(s), {warnings} warning(s)"
        print(f"kpirules validate: {report.files} file(s) checked: {verdict}", file=sys.stderr)
    return EXIT_ISSUES if has_blocking(issues, strict=args.strict) else EXIT_OK


def _data_issues(report: object) -> list[Issue]:
    from kpirules.catalogue import build_catalogue  # noqa: PLC0415
    from kpirules.observations import parse_observation_files  # noqa: PLC0415
    from kpirules.reports import parse_report_files  # noqa: PLC0415

    catalogue = build_catalogue(report.specs)  # type: ignore[attr-defined]
    _, issues = parse_observation_files(catalogue)
    _, more = parse_report_files(catalogue)
    return [*issues, *more]


# --- schema -----------------------------------------------------------------------------


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    from kpirules.schema import schema_json  # noqa: PLC0415

    out.write(schema_json(args.kind))
    return EXIT_OK


# --- evaluate ---------------------------------------------------------------------------


def _evaluate(args: argparse.Namespace, out: TextIO) -> int:
    from kpirules.api import evaluate, parse_report_period  # noqa: PLC0415
    from kpirules.catalogue import load_catalogue  # noqa: PLC0415
    from kpirules.evaluation.evaluate import as_at_period  # noqa: PLC0415
    from kpirules.observations import read_observations  # noqa: PLC0415
    from kpirules.render import (  # noqa: PLC0415
        render_csv,
        render_json,
        render_markdown,
        render_table,
    )

    path = Path(args.catalogue)
    if not path.exists():
        print(f"kpirules: error: no catalogue at {path}", file=sys.stderr)
        return EXIT_USAGE
    catalogue = load_catalogue(path)
    observations = read_observations(catalogue)
    as_at = as_at_period(catalogue, observations, parse_report_period(catalogue, args.period))
    if args.indicator:
        results = (evaluate(catalogue, observations, period=as_at, indicator=args.indicator),)
    else:
        results = evaluate(catalogue, observations, period=as_at)
    if args.format == "json":
        out.write(render_json(results))
    elif args.format == "csv":
        out.write(render_csv(results))
    elif args.format == "markdown":
        out.write(render_markdown(results, title=catalogue.spec.title, as_at=as_at))
    else:
        colour = args.colour == "always" or (
            args.colour == "auto" and out.isatty() and "NO_COLOR" not in os.environ)
        out.write(render_table(results, title=catalogue.spec.title, as_at=as_at,
                               colour=colour))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
