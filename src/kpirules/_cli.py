"""The `kpirules` command: the only place that prints or sets an exit code.

Every command exits with one of the codes of `ExitCode` (documented in the README and
docs/ci.md), and `exit_code` is the one place that turns an exception into a code.
Imports of the library happen inside each command, so `kpirules --help` starts fast.
No traceback is printed unless `--debug` is given: errors of the library are reported
as messages, and an unexpected failure as an internal error with a request to report it.
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import functools
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO, cast

if TYPE_CHECKING:
    from kpirules.benchmarks import BenchmarkSet
    from kpirules.catalogue import Catalogue
    from kpirules.issues import Issue
    from kpirules.observations import ObservationSet
    from kpirules.periods import Period
    from kpirules.reports import Report
    from kpirules.results import IndicatorResult, Results

__all__ = ["ExitCode", "UsageError", "exit_code", "main"]


class ExitCode(enum.IntEnum):
    """The exit status of every command."""

    OK = 0
    """Success: nothing at or above the failure threshold."""
    FINDINGS = 1
    """Findings: validation or audit errors, ratings at or worse than --fail-on, stale files."""
    USAGE = 2
    """A usage error or input that cannot be read: a bad option or --period, a missing folder."""
    INTERNAL = 3
    """A bug in kpirules: a short message and a request to report it."""


# Short names for the command handlers below.
EXIT_OK, EXIT_ISSUES, EXIT_USAGE, EXIT_INTERNAL = (
    ExitCode.OK, ExitCode.FINDINGS, ExitCode.USAGE, ExitCode.INTERNAL)

_REPORT_BUG = ("This is a bug in kpirules; please report it with the command you ran "
               "(--debug prints the traceback).")


class UsageError(Exception):
    """A command was asked for something that is not there: exit 2 with this message."""


def exit_code(exc: BaseException) -> ExitCode:
    """The exit status for an exception that ended a command: the one mapping.

    What the user asked for (a period, an indicator, a path) that is not there, or
    input and output the system refuses, is a usage error; specs and data the library
    refuses are findings, reported at their locations; anything else is a bug.
    """
    from kpirules.errors import (  # noqa: PLC0415
        EvaluationError,
        KpiRulesError,
        MissingExtraError,
        OutputError,
        PeriodError,
        TemplateError,
    )

    if isinstance(exc, UsageError | EvaluationError | PeriodError | OutputError | OSError
                  | MissingExtraError | TemplateError):
        return ExitCode.USAGE
    if isinstance(exc, KpiRulesError):
        return ExitCode.FINDINGS
    return ExitCode.INTERNAL

_DESCRIPTION = """\
kpirules: performance indicators as YAML specs, evaluated exactly and explained.

Run at the root of a catalogue repository (a specs/ folder with catalogue.yaml and one
YAML file per indicator), e.g.:

  kpirules validate                 check every spec; file:line:col for every issue
  kpirules evaluate                 the report as at the catalogue's latest period
  kpirules evaluate --format json   the same, as JSON for other tools
  kpirules report --out report.html the report: summary, theme tables, a card each
  kpirules audit                    what the published report gets wrong
  kpirules schema --kind indicator  the JSON Schema editors use for completion
  kpirules docs --out docs/indicators          methodology pages, one per indicator
  kpirules docs --out docs/indicators --check  fail when the committed pages are stale
  kpirules reference --out docs/reference/spec.md   the spec reference for authors

Exit status, for every command:
  0  success: nothing at or above the failure threshold
  1  findings: validation or audit errors, ratings at or worse than --fail-on,
     generated files out of date, a catalogue's data path not read
  2  usage error, or input or output that cannot be used: a bad option or --period,
     a missing folder or one that is not a catalogue, standard output or error full
  3  internal error: a bug in kpirules (--debug prints the traceback)
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


_DEBUG_HELP = "on an internal error, print the traceback (for a bug report)"
_OUTPUT_HELP = ("write the output in --format to FILE (replaced whole, never half-written), "
                "and print the text summary to standard output as without --output")


def _debug_parent() -> _Parser:
    """`--debug` for every command; SUPPRESS keeps `kpirules --debug CMD` working too."""
    parent = _Parser(add_help=False)
    parent.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help=_DEBUG_HELP)
    return parent


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kpirules", description=_DESCRIPTION,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--debug", action="store_true", help=_DEBUG_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    add_command = functools.partial(commands.add_parser, parents=[_debug_parent()])

    validate = add_command(
        "validate", help="check spec files; print every issue with file:line:col",
        description="Validate a catalogue's spec files (and, with --data, its observation "
        "and report files). Prints every issue as 'path:line:col: severity: CODE message'. "
        "Exit status: 0 clean, 1 issues found (errors, or any issue under --strict), "
        "2 usage error or a path that does not exist, 3 internal error.")
    validate.add_argument("paths", nargs="*", metavar="PATH", default=None,
                          help="spec files or folders (default: specs/)")
    validate.add_argument("--format", choices=("text", "json", "github", "junit", "sarif"),
                          default="text",
                          help="text (GCC style, default), json, github (GitHub Actions "
                          "annotations), junit (JUnit XML: a test case per file) or sarif "
                          "(SARIF 2.1.0, for code-scanning annotations)")
    validate.add_argument("--strict", action="store_true",
                          help="fail on warnings as well as errors, and make 'future' issues "
                          "(checks that will become errors) errors now")
    validate.add_argument("--output", metavar="FILE", help=_OUTPUT_HELP)
    validate.add_argument("--data", action="store_true",
                          help="also read the observation and report files the catalogue "
                          "names, and report their issues")
    _data_root_option(validate)

    schema = add_command(
        "schema", help="print the JSON Schema of spec files, or of evaluate's JSON",
        description="Print the JSON Schema generated from the spec models, for editors "
        "(yaml-language-server) and other tools; --kind results describes the output of "
        "evaluate --format json.")
    schema.add_argument("--kind", choices=("indicator", "catalogue", "report", "areas",
                                           "results"),
                        default="indicator", help="which file's schema (default: indicator)")
    schema.add_argument("--output", metavar="FILE",
                        help="write the schema to FILE instead of standard output")

    evaluate = add_command(
        "evaluate", help="evaluate the catalogue: value, target, RAG, DOT, explanation",
        description="Evaluate every indicator of a catalogue as at a report period: each "
        "indicator shows its latest available period. With no arguments, evaluates the "
        "catalogue in specs/ as at its latest report.")
    _catalogue_argument(evaluate)
    _period_option(evaluate, "the report period")
    evaluate.add_argument("--indicator", metavar="ID", help="evaluate one indicator only")
    places = evaluate.add_mutually_exclusive_group()
    places.add_argument("--area", metavar="CODE",
                        help="evaluate one area (in a catalogue that declares areas)")
    places.add_argument("--all-areas", action="store_true",
                        help="evaluate every area with figures, not only the home area")
    evaluate.add_argument("--format", choices=("table", "csv", "json", "markdown", "parquet"),
                          default="table", help="output format (default: table)")
    evaluate.add_argument("--colour", "--color", choices=("auto", "always", "never"),
                          default="auto", help="colour the RAG column of the table")
    evaluate.add_argument("--output", metavar="FILE", help=_OUTPUT_HELP)
    evaluate.add_argument("--fail-on", choices=("red", "amber"), metavar="RATING",
                          help="exit 1 when any indicator or measure is rated RATING or worse: "
                          "red, or amber (amber or red); for pipelines that gate on ratings")
    _data_root_option(evaluate)

    docs = add_command(
        "docs", help="generate methodology pages from the specs (Markdown, one per indicator)",
        description="Generate a Markdown page per indicator, and an index by theme, into DIR: "
        "the card's words, the benchmarks, and the methodology in plain English generated "
        "from the spec. When the catalogue names observation or report files (each must "
        "be read: one that is not is an error at its data: entry), each page also shows the "
        "latest figures as at the catalogue's latest report, the "
        "two years' table, the report's commentary and a trend chart (an SVG file beside the "
        "page, which code hosts and MkDocs both show). The same specs and data always give "
        "the same bytes. With --check nothing is written: the files in DIR that differ from "
        "what would be generated are listed (changed, missing, or generated pages that are "
        "no longer wanted) and the exit status is 1. Hand-written files in DIR are left "
        "alone. Exit status: 0 written or up to date, 1 out of date or an error in the specs "
        "or data, 2 usage error or input that cannot be read, 3 internal error.")
    _catalogue_argument(docs)
    docs.add_argument("--out", metavar="DIR", required=True,
                      help="the folder the pages go in, e.g. docs/indicators")
    docs.add_argument("--check", action="store_true",
                      help="write nothing; exit 1 listing the files in DIR that are not "
                      "what would be generated")
    docs.add_argument("--no-data", action="store_true",
                      help="render the specs alone, without figures and without reading "
                      "the catalogue's data files")
    _data_root_option(docs)

    audit = add_command(
        "audit", help="check what a report publishes: sums, ratios, arrows, ratings",
        description="Recompute what a report publishes and list every inconsistency: "
        "percentages and rates their own numerator and denominator do not give, "
        "year-to-date figures that are not the sum (or declared combination) of their "
        "periods, parts stated in the commentary that do not add up, populations implied "
        "by rates that jump, history figures that disagree with the table, arrows the values "
        "contradict, ratings without a target or without a rule or judgement behind them, "
        "and breakdown tables that repeat rows or do not total to the headline. Each finding "
        "points at the data row (file:line) it comes from. Differences within the published "
        "rounding are listed apart. Exit status: 0 no errors (warnings and rounding-level "
        "findings allowed, unless --strict), 1 errors found, 2 usage error or input "
        "that cannot be read, 3 internal error.")
    _catalogue_argument(audit)
    _period_option(audit, "the report to audit")
    audit.add_argument("--format", choices=("text", "json", "junit", "sarif"),
                       default="text",
                       help="text (default), json, junit (JUnit XML: a test case per "
                       "indicator) or sarif (SARIF 2.1.0, for code-scanning annotations)")
    audit.add_argument("--strict", action="store_true",
                       help="exit 1 on warnings as well as errors")
    audit.add_argument("--output", metavar="FILE", help=_OUTPUT_HELP)
    _data_root_option(audit)

    report = add_command(
        "report", help="the published report: one HTML file with charts, or an Excel workbook",
        description="Write the report as at a period: a summary of ratings (counts and "
        "shares, by rule and by judgement, and changes since the quarter before), a table "
        "per theme and a card per indicator (definition, chart, two years' figures, RAG with "
        "its basis, direction of travel, commentary, benchmarks and any statistics). HTML is "
        "one self-contained file (inline CSS and SVG, no script, nothing fetched), rendered "
        "from templates a council may override with --templates; xlsx is a workbook (needs "
        "the excel extra: pip install 'kpirules[excel]'). The same input gives the same "
        "bytes. Exit status: 0 written, 1 an error in the specs or data, 2 usage error or "
        "input that cannot be read, 3 internal error.")
    _catalogue_argument(report)
    _period_option(report, "the report period")
    report.add_argument("--out", metavar="FILE", required=True,
                        help="the file to write, e.g. report.html or report.xlsx")
    report.add_argument("--format", choices=("html", "xlsx"), default=None,
                        help="html or xlsx (default: from the --out file's suffix, else html)")
    report.add_argument("--templates", metavar="DIR",
                        help="a folder of templates that replace kpirules' own by name "
                        "(report.html.j2, card.html.j2, summary.html.j2, themes.html.j2, "
                        "macros.html.j2, report.css)")
    _data_root_option(report)

    reference = add_command(
        "reference", help="generate the spec reference (every field of every spec file)",
        description="Generate the spec reference from the models that validate spec files: "
        "for every field of every model, its type and allowed values, its default, what it "
        "means and an example. Printed to standard output, or written to --out. With "
        "--check nothing is written, and the exit status is 1 when the file at --out is not "
        "what would be generated. Exit status: 0 written or up to date, 1 out of date, "
        "2 usage error, 3 internal error.")
    reference.add_argument("--out", metavar="FILE",
                           help="the file to write, e.g. docs/reference/spec.md (default: "
                           "standard output)")
    reference.add_argument("--check", action="store_true",
                           help="write nothing; exit 1 when FILE is out of date (needs --out)")
    return parser


def _catalogue_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("catalogue", nargs="?", default="specs", metavar="CATALOGUE",
                        help="the specs folder or its catalogue.yaml (default: specs)")


def _period_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--period", metavar="P",
                        help=f"{what}, e.g. '2019/20 Q2' (default: the catalogue's "
                        "latest_report)")


def _data_root_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-root", metavar="DIR",
        help="the folder the catalogue's data paths must stay inside (default: the "
        "repository holding the catalogue: the nearest folder with .git, else the folder "
        "above the specs folder). Only the command line can widen it, never a spec")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (an `ExitCode`).

    Standard output and standard error are both guarded for the whole run, argument
    parsing and help included: a stream that is closed or on a full disk is never a
    traceback. Output that cannot be written is a usage error (exit 2) with a message on
    standard error; a standard error that cannot be written makes a run that would
    have succeeded, or found issues, exit 2 too, since its messages were lost.
    """
    closed_out, closed_err = _usable_streams()
    out = _Output(sys.stdout, "standard output", closed=closed_out)
    err = _Output(sys.stderr, "standard error", closed=closed_err, quiet=True)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = cast("TextIO", out), cast("TextIO", err)
    try:
        status = _run(argv, out, err)
        err.flush()
    finally:
        sys.stdout, sys.stderr = streams
    if err.failed and status in (EXIT_OK, EXIT_ISSUES):
        return EXIT_USAGE
    return status


def _run(argv: Sequence[str] | None, out: _Output, err: _Output) -> int:
    debug = False
    try:
        parser = _parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit:  # --help, or a usage error argparse has printed: as argparse
            out.flush()
            raise
        debug = bool(getattr(args, "debug", False))
        if args.version:
            from kpirules import __version__  # noqa: PLC0415

            out.write(f"kpirules {__version__}\n")
            out.flush()
            return EXIT_OK
        if args.command is None:
            parser.print_help()
            out.flush()
            return EXIT_USAGE
        handler = {"validate": _validate, "schema": _schema, "evaluate": _evaluate,
                   "audit": _audit, "docs": _docs, "reference": _reference,
                   "report": _report}
        status = handler[args.command](args, cast("TextIO", out))
        out.flush()
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped reading (`| head`): nothing is wrong
        out.discard()
        err.discard()
        return EXIT_OK
    except Exception as exc:  # a library error, or a bug: a traceback only with --debug
        code = exit_code(exc)
        if debug:
            import traceback  # noqa: PLC0415

            traceback.print_exc(file=sys.stderr)
        from kpirules.text import escape_controls  # noqa: PLC0415

        if code is ExitCode.INTERNAL:
            print(f"kpirules: internal error: {type(exc).__name__}: "
                  f"{escape_controls(str(exc))}\n{_REPORT_BUG}", file=sys.stderr)
        else:
            # Messages name paths and quote specs: no control character reaches the
            # terminal, and only the line breaks between listed issues survive.
            print(f"kpirules: error: {escape_controls(_message(exc), allowed=chr(10))}",
                  file=sys.stderr)
        return code


def _usable_streams() -> tuple[bool, bool]:
    """Standard streams that cannot make printing crash; whether stdout and stderr were
    closed.

    A closed stream (`>&-`) is None in Python: it becomes the null device, so printing
    cannot crash (`_Output` then refuses to write to it). Text the stream's encoding
    cannot hold (`PYTHONIOENCODING=ascii`) is written as backslash escapes.
    """
    closed = sys.stdout is None, sys.stderr is None
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        elif isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            with contextlib.suppress(Exception):
                stream.reconfigure(errors="backslashreplace")
    return closed


class _Output:
    """A standard stream for a command, whose failures are the user's situation, not bugs.

    A stream that is closed, on a full disk (`/dev/full`) or closed under us fails
    once; after that whatever is buffered and anything later goes to the null device,
    so Python's own flush at exit does not fail again. On standard output the failure
    is an `OutputError` (exit 2, with a message on standard error); on standard error
    (`quiet`) nothing can be said, so the failure is only recorded in `failed`, and
    `main` exits 2.
    """

    def __init__(self, stream: TextIO, name: str, *, closed: bool = False,
                 quiet: bool = False) -> None:
        self._stream = stream
        self._name = name
        self._closed = closed
        self._quiet = quiet
        self.failed = False

    def write(self, text: str) -> int:
        if self.failed or not text:
            return len(text)
        if self._closed:
            return self._failed("it is closed")
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            return self._failed(exc.strerror or str(exc))

    def flush(self) -> None:
        if self.failed:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            self._failed(exc.strerror or str(exc))

    def isatty(self) -> bool:
        try:
            return self._stream.isatty()
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str) -> object:
        # What else a caller may ask of a stream (encoding, fileno...) is the stream's.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._stream, name)

    def discard(self) -> None:
        """Send whatever is still buffered, and anything later, to the null device."""
        if self._stream is not sys.__stdout__ and self._stream is not sys.__stderr__:
            return
        with contextlib.suppress(OSError, ValueError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())
            os.close(null)

    def _failed(self, reason: str) -> int:
        self.failed = True
        self.discard()
        if self._quiet:
            return 0
        from kpirules.errors import OutputError  # noqa: PLC0415

        raise OutputError(f"cannot write to {self._name}: {reason}")


def _message(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return str(exc)


# --- validate ---------------------------------------------------------------------------


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from kpirules import __version__  # noqa: PLC0415
    from kpirules.issues import Issue, has_blocking, promote_future  # noqa: PLC0415
    from kpirules.render.validation import render_issues, validation_summary  # noqa: PLC0415
    from kpirules.specfiles import not_a_spec_folder  # noqa: PLC0415
    from kpirules.text import escape_controls  # noqa: PLC0415
    from kpirules.validation import validate  # noqa: PLC0415

    paths = args.paths or ["specs"]
    for path in paths:
        if not Path(path).exists():
            raise UsageError(f"no such file or folder: {escape_controls(path)}")
        refused = not_a_spec_folder(path)
        if refused is not None:
            raise UsageError(f"{escape_controls(path)}: {refused}")
    report = validate(paths, data_root=args.data_root)
    issues: list[Issue] = list(report.issues)
    files = _spec_paths(report)
    if args.data:
        from kpirules.validation.data import check_data  # noqa: PLC0415

        data = check_data(report, data_root=args.data_root)
        issues.extend(data.issues)
        files.extend(data.files)
    if args.strict:
        issues = promote_future(issues)
    issues.sort(key=Issue.sort_key)

    def render(format: str) -> str:
        return render_issues(issues, format, files=files, version=__version__,
                             strict=args.strict)

    _emit(args, out, render, "text")
    if args.format == "text" or args.output:
        print(f"kpirules validate: {validation_summary(issues, len(files))}", file=sys.stderr)
    return EXIT_ISSUES if has_blocking(issues, strict=args.strict) else EXIT_OK


def _spec_paths(report: object) -> list[str]:
    """Every spec file validation read, catalogue first."""
    specs = report.specs  # type: ignore[attr-defined]
    files = [specs.catalogue.path] if specs.catalogue is not None else []
    return files + [spec.path for spec in specs.indicators]


def _emit(args: argparse.Namespace, out: TextIO, render: Callable[[str], str],
          summary: str) -> None:
    """The output in --format: to standard output, or with --output to FILE while the
    `summary` format (the human one) goes to standard output."""
    if not args.output:
        out.write(render(args.format))
        return
    _write_file(Path(args.output), render(args.format))
    out.write(render(summary))


def _write_file(path: Path, text: str) -> None:
    """Write `text` whole or not at all, never through a symbolic link (`kpirules.writers`)."""
    from kpirules.writers import write_file  # noqa: PLC0415

    write_file(path, text)


def _catalogue(args: argparse.Namespace) -> Catalogue:
    """The catalogue the CATALOGUE argument names; a usage error if there is none."""
    from kpirules.catalogue import load_catalogue  # noqa: PLC0415
    from kpirules.specfiles import CATALOGUE_FILE  # noqa: PLC0415
    from kpirules.text import escape_controls  # noqa: PLC0415

    path = Path(args.catalogue)
    folder = path.parent if path.name == CATALOGUE_FILE else path
    if not (folder / CATALOGUE_FILE).is_file():
        # Refused at once: a folder that is not a catalogue is never walked.
        raise UsageError(f"no catalogue at {escape_controls(str(path))} (expected a specs "
                         f"folder holding {CATALOGUE_FILE}, or that file)")
    return load_catalogue(path, data_root=args.data_root)


# --- schema -----------------------------------------------------------------------------


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    from kpirules.schema import schema_json  # noqa: PLC0415

    text = schema_json(args.kind)
    if args.output:
        _write_file(Path(args.output), text)
        print(f"kpirules schema: wrote {args.output}", file=sys.stderr)
    else:
        out.write(text)
    return EXIT_OK


# --- report -----------------------------------------------------------------------------


def _report(args: argparse.Namespace, out: TextIO) -> int:
    from kpirules import __version__  # noqa: PLC0415
    from kpirules.api import parse_report_period  # noqa: PLC0415
    from kpirules.evaluation.evaluate import as_at_period  # noqa: PLC0415
    from kpirules.observations import read_observations  # noqa: PLC0415
    from kpirules.render.report import build_report, render_html, render_xlsx  # noqa: PLC0415
    from kpirules.reports import read_reports  # noqa: PLC0415
    from kpirules.writers import write_bytes  # noqa: PLC0415

    path = Path(args.out)
    format = args.format or ("xlsx" if path.suffix.lower() == ".xlsx" else "html")
    if format == "xlsx" and args.templates:
        raise UsageError("--templates applies to the HTML report, not to --format xlsx")
    if format == "xlsx":
        from kpirules.render.report.xlsx import _writer  # noqa: PLC0415

        _writer()  # refuse at once, before evaluating, when the extra is missing
    catalogue = _catalogue(args)
    observations = read_observations(catalogue)
    as_at = as_at_period(catalogue, observations, parse_report_period(catalogue, args.period))
    data = build_report(catalogue, observations, as_at, read_reports(catalogue),
                        generator=f"kpirules {__version__}", benchmarks=_benchmarks(catalogue))
    if format == "xlsx":
        write_bytes(path, render_xlsx(data))
    else:
        write_bytes(path, render_html(data.view, args.templates).encode("utf-8"))
    print(f"kpirules report: wrote {args.out} ({format}, {data.view.summary.total} "
          f"indicators as at {as_at})", file=sys.stderr)
    return EXIT_OK


# --- evaluate ---------------------------------------------------------------------------


def _evaluate(args: argparse.Namespace, out: TextIO) -> int:
    from kpirules.api import evaluate, parse_report_period  # noqa: PLC0415
    from kpirules.evaluation.evaluate import as_at_period  # noqa: PLC0415
    from kpirules.observations import read_observations  # noqa: PLC0415
    from kpirules.render import (  # noqa: PLC0415
        render_csv,
        render_json,
        render_markdown,
        render_table,
    )

    catalogue = _catalogue(args)
    if args.format == "parquet" and not args.output:
        raise UsageError("--format parquet writes a binary file: give --output FILE")
    observations = read_observations(catalogue)
    as_at = as_at_period(catalogue, observations, parse_report_period(catalogue, args.period))
    results = evaluate(catalogue, observations, period=as_at, area=args.area,
                       all_areas=args.all_areas)
    if args.indicator:
        catalogue.indicator(args.indicator)  # an unknown id is a usage error
        results = results.for_indicator(args.indicator)
    if args.format == "parquet":
        _write_parquet(Path(args.output), results)
        args.output = None
        args.format = "table"

    def render(format: str) -> str:
        if format == "json":
            return render_json(results)
        if format == "csv":
            return render_csv(results)
        if format == "markdown":
            return render_markdown(results, title=catalogue.spec.title, as_at=as_at)
        to_file = bool(args.output) and format == args.format
        colour = args.colour == "always" or (
            args.colour == "auto" and not to_file and out.isatty()
            and "NO_COLOR" not in os.environ)
        return render_table(results, title=catalogue.spec.title, as_at=as_at, colour=colour)

    _emit(args, out, render, "table")
    if args.fail_on is None:
        return EXIT_OK
    failing = _rated_at_or_worse(results, args.fail_on)
    if failing:
        print(f"kpirules evaluate: {len(failing)} rating(s) {args.fail_on} or worse: "
              f"{', '.join(failing)}", file=sys.stderr)
        return EXIT_ISSUES
    return EXIT_OK


def _write_parquet(path: Path, results: Results) -> None:
    """The results frame as Parquet (the frames extra, and pyarrow), written whole."""
    from kpirules.errors import MissingExtraError  # noqa: PLC0415
    from kpirules.writers import write_bytes  # noqa: PLC0415

    frame = results.to_frame("pandas")
    buffer = io.BytesIO()
    try:
        frame.to_parquet(buffer, index=False)
    except ImportError:
        raise MissingExtraError("--format parquet", "frames",
                                needs="and pyarrow: pip install pyarrow") from None
    write_bytes(path, buffer.getvalue())


def _rated_at_or_worse(results: Sequence[IndicatorResult], threshold: str) -> list[str]:
    """The indicators (and `indicator/measure`s) whose reported rating meets `threshold`."""
    from kpirules.models.rating import Rating  # noqa: PLC0415

    failing = {Rating.RED} if threshold == "red" else {Rating.RED, Rating.AMBER}
    found: list[str] = []
    for result in results:
        if result.rating in failing:
            found.append(result.indicator)
        found.extend(f"{result.indicator}/{m.measure}" for m in result.measures
                     if m is not result.headline and m.rating in failing)
    return found


# --- audit ------------------------------------------------------------------------------


def _audit(args: argparse.Namespace, out: TextIO) -> int:
    from kpirules import __version__  # noqa: PLC0415
    from kpirules.audit import FindingSeverity, audit  # noqa: PLC0415
    from kpirules.render.audit import render_audit  # noqa: PLC0415

    catalogue = _catalogue(args)
    report = audit(catalogue, period=args.period)

    def render(format: str) -> str:
        return render_audit(report, format, title=catalogue.spec.title,
                            indicators=[i.id for i in catalogue.indicators],
                            version=__version__, strict=args.strict)

    _emit(args, out, render, "text")
    failing = report.count(FindingSeverity.ERROR)
    if args.strict:
        failing += report.count(FindingSeverity.WARNING)
    return EXIT_ISSUES if failing else EXIT_OK


# --- docs and reference -----------------------------------------------------------------


def _docs(args: argparse.Namespace, out: TextIO) -> int:
    from kpirules.render.site import build_site, compare_site  # noqa: PLC0415

    catalogue = _catalogue(args)
    observations, reports = (None, None) if args.no_data else _docs_data(catalogue)
    files = build_site(catalogue, observations, reports,
                       _benchmarks(catalogue) if observations is not None else None)
    folder = Path(args.out)
    found = _site_folder(folder)
    diff = compare_site(files, found)
    if args.check:
        for label, names in (("changed", diff.changed), ("missing", diff.missing),
                             ("extra", diff.extra)):
            for name in names:
                out.write(f"{label}: {folder / name}\n")
        if diff.clean:
            print(f"kpirules docs: {folder} is up to date ({len(files)} files)",
                  file=sys.stderr)
            return EXIT_OK
        again = f"kpirules docs {args.catalogue} --out {args.out}"
        again += " --no-data" if args.no_data else ""
        count = len(diff.changed) + len(diff.missing) + len(diff.extra)
        print(f"kpirules docs: {count} file(s) in {folder} are out of date; run "
              f"'{again}' and commit the result", file=sys.stderr)
        return EXIT_ISSUES
    from kpirules.writers import ensure_folder, remove_file, write_file  # noqa: PLC0415

    ensure_folder(folder)
    for name in (*diff.changed, *diff.missing):
        # The pages are kpirules's own: a link planted in their place is replaced.
        write_file(folder / name, files[name], replace_link=True)
    for name in diff.extra:
        remove_file(folder / name)
    written = len(diff.changed) + len(diff.missing)
    print(f"kpirules docs: {folder}: {written} file(s) written, {len(diff.extra)} removed, "
          f"{len(files) - written} unchanged", file=sys.stderr)
    return EXIT_OK


def _benchmarks(catalogue: Catalogue) -> BenchmarkSet:
    """The catalogue's benchmark figures (none when it names no benchmark files), read as
    `evaluate` reads them: a path that is not read is an issue at its `data:` entry."""
    from kpirules.benchmarks import BenchmarkSet, read_benchmarks  # noqa: PLC0415

    return read_benchmarks(catalogue) if catalogue.benchmark_paths else BenchmarkSet()


def _docs_data(catalogue: Catalogue) -> tuple[ObservationSet | None, dict[Period, Report] | None]:
    """The catalogue's observations and reports, or none when it names no data files.

    A data path the catalogue names is read like every other command reads it: one that
    is missing, outside the repository or not a readable data file is an issue at its
    `data:` entry (a `DataError`, exit 1), never a quiet fall back to the specs alone.
    """
    from kpirules.observations import read_observations  # noqa: PLC0415
    from kpirules.reports import read_reports  # noqa: PLC0415

    if not catalogue.observation_paths and not catalogue.report_paths:
        print("kpirules docs: the catalogue names no observation or report files; the "
              "pages show the specs alone", file=sys.stderr)
        return None, None
    observations = read_observations(catalogue)
    return observations, read_reports(catalogue) if catalogue.report_paths else {}


def _site_folder(folder: Path) -> dict[str, str]:
    """The files of the kinds `kpirules docs` writes that are in `folder` (name -> text)."""
    from kpirules.render.site import site_files  # noqa: PLC0415

    if not folder.is_dir():
        return {}
    # A symbolic link is never read as a page: it counts as missing, and writing the
    # page replaces the link itself. A page is read bounded: one too large to be ours
    # counts as changed, and is replaced.
    found: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if site_files(path.name) and (page := _read_page(path)) is not None:
            found[path.name] = page
    return found


def _read_page(path: Path) -> str | None:
    """A generated file as it is on disk, for --check; None when there is no file to
    compare (nothing there, or a symbolic link, which is never read as a page). A file
    too large to be ours, or unreadable, is read as empty: it differs, and is replaced."""
    from kpirules.paths import read_bounded  # noqa: PLC0415

    if path.is_symlink() or not path.is_file():
        return None
    try:
        return read_bounded(path, _MAX_PAGE_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""


_MAX_PAGE_BYTES = 10_000_000


def _reference(args: argparse.Namespace, out: TextIO) -> int:
    from kpirules.render.reference import render_reference  # noqa: PLC0415

    text = render_reference()
    if args.check:
        if not args.out:
            raise UsageError("--check needs --out FILE")
        target = Path(args.out)
        current = _read_page(target)
        if current == text:
            print(f"kpirules reference: {target} is up to date", file=sys.stderr)
            return EXIT_OK
        out.write(f"{'missing' if current is None else 'changed'}: {target}\n")
        print(f"kpirules reference: {target} is out of date; run 'kpirules reference --out "
              f"{args.out}' and commit the result", file=sys.stderr)
        return EXIT_ISSUES
    if not args.out:
        out.write(text)
        return EXIT_OK
    from kpirules.writers import ensure_folder, write_file  # noqa: PLC0415

    target = Path(args.out)
    ensure_folder(target.parent)
    write_file(target, text)
    print(f"kpirules reference: wrote {target}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
