"""Mutation testing of the expression engine and of evaluation, with mutmut 3.

Too slow for CI, so it is run by hand: it tells whether the tests notice when the code
is changed in small ways (an operator flipped, a constant shifted, a string altered, an
argument dropped). Each mutant is a copy of one function with one such change; it is
*killed* when a test fails against it and *survives* when every test still passes.

    PYTHONPATH=src /work/venv/bin/python benchmarks/run_mutation.py expressions
    PYTHONPATH=src /work/venv/bin/python benchmarks/run_mutation.py evaluation --sample 300
    ... expressions --all               # every mutant (about 3,000: hours on two cores)
    ... expressions --focus-only        # only the functions in the target's focus
    ... expressions --survivors         # re-test the survivors of the previous run
    ... expressions --show              # print the diff of every surviving mutant

What it does, per target:

1. Builds a scratch copy of the repository in `.mutation/<target>/` (git-ignored):
   `src/`, `tests/`, the data the tests read, and `pyproject.toml` with a
   `[tool.mutmut]` section that mutates only the target's package and runs only the
   target's tests (`TARGETS` below), under the hypothesis profile `mutation`
   (derandomized, so two runs of the same mutants agree), each hypothesis test capped
   at `--examples` examples.
2. Lists every mutant mutmut generates for the package, then picks a seeded random
   sample (`--sample`, default 400, `--seed`, default 15) plus every mutant of the
   functions in the target's `focus` (the places issue 15 named).
3. Runs `mutmut run --max-children 2` on those mutants. mutmut runs, for each mutant,
   only the tests that call the mutated function, and stops at the first failure.
4. Prints killed/total for the sample, for the focus functions and per module,
   discounting the equivalent mutants listed in `EQUIVALENT` (a change that no input
   can observe), and lists the survivors (`--show` adds their diffs).

Timing: generating the mutants and mapping tests to functions takes 2 to 5 minutes; a
killed mutant then costs about a second, a survivor 10 to 30 seconds (every test that
calls its function). On the shared, heavily loaded two-core machine the scores were
measured on, 600 mutants took over an hour with two workers. Timeouts come from the
CPU-time limits mutmut sets per mutant, never from wall-clock assertions in tests.

Mutants that time out count as killed (the tests noticed: they did not finish);
mutants with no covering test count as survivors.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.mutation.file_mutation import mutate_file_contents
from mutmut.utils.format_utils import get_mutant_name

REPO = Path(__file__).resolve().parents[1]
SCRATCH = REPO / ".mutation"


@dataclass(frozen=True)
class Target:
    """One package to mutate, the tests that guard it, and the functions to test in full."""

    package: str
    tests: tuple[str, ...]
    focus: tuple[str, ...]
    #: Test files that run the library in a subprocess, which never imports the mutants.
    exclude: tuple[str, ...] = ()
    #: Single tests that cannot pass in mutmut's copy (which imports its own machinery).
    deselect: tuple[str, ...] = ()


TARGETS = {
    "expressions": Target(
        package="src/kpirules/expressions",
        tests=("tests/test_expressions_*.py",),
        exclude=("tests/test_expressions_adversarial.py",),
        focus=(
            # the replay that locates a failing sub-expression
            "kpirules.expressions._diagnose.xǁ_Replayǁvalue__mutmut_*",
            "kpirules.expressions._diagnose.xǁ_Replayǁarith__mutmut_*",
            "kpirules.expressions._diagnose.xǁ_Replayǁpower__mutmut_*",
            "kpirules.expressions._diagnose.xǁ_Replayǁcall__mutmut_*",
            # the scanner's operand counting and nesting estimate
            "kpirules.expressions._scan.x__scan_tokens__mutmut_*",
            "kpirules.expressions._scan.xǁ_Nestingǁ*",
            # the parser's depth accounting
            "kpirules.expressions._parse.xǁ_Readerǁcheck_shape__mutmut_*",
        ),
    ),
    "evaluation": Target(
        package="src/kpirules/evaluation",
        # Evaluation is what every output, audit and analysis reads, so every test that
        # imports the library guards it; mutmut runs only those that call the mutant.
        tests=("tests/test_*.py",),
        exclude=("tests/test_report_browser.py", "tests/test_expressions_adversarial.py",
                 "tests/test_fuzz.py", "tests/test_hardening.py",
                 # polars starts a thread pool on import, and mutmut forks a worker per
                 # mutant after its first in-process run: those workers deadlock
                 "tests/test_frames.py", "tests/test_read_frame.py"),
        deselect=("tests/test_cli_validate.py::test_cli_import_does_not_load_pydantic",),
        focus=(
            # the direction of travel, including its improvement threshold
            "kpirules.evaluation.dot.x_direction__mutmut_*",
            # the inputs of RAG rules (a band's low and high)
            "kpirules.evaluation.rag.x__by_rules__mutmut_*",
            # a rolling twelve months from year-to-date figures
            "kpirules.evaluation.series.xǁ_Builderǁ_rolling_from_ytd__mutmut_*",
            # a target or a band in words
            "kpirules.evaluation.explain.x_format_target__mutmut_*",
            "kpirules.evaluation.explain.x_target_figures__mutmut_*",
            # the fields of a result (judgement, published)
            "kpirules.evaluation.evaluate.x_evaluate_measure__mutmut_*",
        ),
    ),
    # The methods behind the analyses: pure functions, guarded by their own tests and by
    # the published worked examples they are pinned to.
    "spc": Target(
        package="src/kpirules/spc",
        tests=("tests/test_spc_*.py",),
        focus=(),
    ),
    "stats": Target(
        package="src/kpirules/stats",
        tests=("tests/test_stats_*.py", "tests/test_statistics_*.py"),
        focus=(),
    ),
}

_E = "kpirules.expressions."
_REPLAY = _E + "_diagnose.xǁ_Replayǁ"
_UNREACHABLE_OVERFLOW = (
    "no operator of the language raises OverflowError: float + - * / // % give an "
    "infinity (checked after) and exact arithmetic never overflows"
)
_FINITE_CALL = "abs, min, max and round of finite numbers are finite and never overflow"
_FINITE_RESULT = "unreachable: the operation on finite numbers either raised or is finite"
_FALSY = "None is as false as False, and the flag is only ever tested for truth"


def _variants(function: str, removed: str, added: list[str], reason: str
              ) -> dict[tuple[str, str, str], str]:
    return {(function, removed, new): reason for new in added}


#: Mutants no test can kill, because no input can tell them from the original. Keyed by
#: the mutated function and the source lines the mutant removes and adds (so the entry
#: survives renumbering); the value is why the change cannot be observed.
EQUIVALENT: dict[tuple[str, str, str], str] = {
    **_variants(
        _REPLAY + "arith",
        "raise self.too_large(node.start, step.operand.end, step.position) from None",
        ["raise self.too_large(None, step.operand.end, step.position) from None",
         "raise self.too_large(node.start, None, step.position) from None",
         "raise self.too_large(node.start, step.operand.end, None) from None",
         "raise self.too_large(step.operand.end, step.position) from None",
         "raise self.too_large(node.start, step.position) from None",
         "raise self.too_large(node.start, step.operand.end, ) from None"],
        _UNREACHABLE_OVERFLOW),
    **_variants(
        _REPLAY + "call",
        "raise self.too_large(node.start, node.end, node.start) from None",
        ["raise self.too_large(None, node.end, node.start) from None",
         "raise self.too_large(node.start, None, node.start) from None",
         "raise self.too_large(node.start, node.end, None) from None",
         "raise self.too_large(node.end, node.start) from None",
         "raise self.too_large(node.start, node.start) from None",
         "raise self.too_large(node.start, node.end, ) from None"],
        _FINITE_CALL),
    **_variants(
        _REPLAY + "call",
        "return self.finite(result, node.start, node.end, node.start)",
        ["return self.finite(result, None, node.end, node.start)",
         "return self.finite(result, node.start, None, node.start)",
         "return self.finite(result, node.start, node.end, None)"],
        _FINITE_CALL),
    **_variants(
        _REPLAY + "call",
        "_runtime.round_float if self.floating else _runtime.round_exact",
        ["_runtime.round_float if (self.floating) and False else _runtime.round_exact"],
        "round_exact's Fraction meets only floats afterwards, which convert it to the "
        "float round_float gives"),
    **_variants(
        _REPLAY + "call",
        "args = args[:1] if places is None else [args[0], places]",
        ["args = args[:1] if (places is None) and False else [args[0], places]",
         "args = args[:2] if places is None else [args[0], places]"],
        "round(x) has one argument, and round(x, None) is round(x)"),
    **_variants(
        _REPLAY + "value",
        "return node.literal if self.floating else node.exact",
        ["return node.literal if (self.floating) and False else node.exact"],
        "in float arithmetic an exact literal is converted to the float of the literal"),
    **_variants(
        _REPLAY + "value",
        "return self.finite(result, node.start, node.end, node.start)",
        ["return self.finite(result, None, node.end, node.start)",
         "return self.finite(result, node.start, None, node.start)",
         "return self.finite(result, node.start, node.end, None)"],
        "a sign of a finite number is finite"),
    **_variants(
        _REPLAY + "power",
        "if self.floating or node.exponent >= 0:",
        ["if self.floating or node.exponent > 0:",
         "if self.floating or node.exponent >= 1:"],
        "x ** 0 and 1 / x ** 0 are both exactly 1"),
    **_variants(
        _REPLAY + "power",
        "return self.finite(result, node.start, node.end, node.position)",
        ["return self.finite(result, None, node.end, node.position)",
         "return self.finite(result, node.start, None, node.position)",
         "return self.finite(result, node.start, node.end, None)"],
        "a float power that overflows raises OverflowError (handled above), never inf"),
    **_variants(
        _REPLAY + "aggregate",
        "return self.finite(result, node.start, node.end, node.start)",
        ["return self.finite(result, node.start, node.end, None)",
         "return self.finite(result, None, node.end, node.start)",
         "return self.finite(result, node.start, None, node.start)"],
        _FINITE_RESULT),
    **_variants(
        _E + "_expression.xǁ_Generalǁmap",
        "return [*(self.row(*values) for values in zip(*read, strict=True)), *failed]",
        ["return [*(self.row(*values) for values in zip(*read, )), *failed]",
         "return [*(self.row(*values) for values in zip(*read, strict=False)), *failed]",
         "return [*(self.row(*values) for values in zip(*read, strict=None)), *failed]"],
        "columns() returns the columns read cut to one length"),
    **_variants(
        _E + "_inputs.xǁ_ExactConverterǁdecimal",
        "while significant > 1 and digits[significant - 1] == 0:",
        ["while significant >= 1 and digits[significant - 1] == 0:"],
        "a non-zero Decimal's first digit is not 0, so the loop stops there anyway"),
    **_variants(
        _E + "_inputs.xǁ_ExactConverterǁdecimal",
        "significant -= 1",
        ["significant = 1"],
        "an early check only: a longer number passing it is refused by the bound in "
        "convert() with the same message"),
    **_variants(
        _E + "_parse.x__syntax_message",
        'message = (exc.msg or "invalid syntax").split(". Perhaps")[0]',
        ['message = (exc.msg or "INVALID SYNTAX").split(". Perhaps")[0]',
         'message = (exc.msg or "XXinvalid syntaxXX").split(". Perhaps")[0]'],
        "CPython's SyntaxError always has a message"),
    **_variants(
        _E + "_parse.xǁ_Readerǁclamp",
        "return min(max(position, 0), max(len(self.source) - 1, 0))",
        ["return min(max(position, 0), max(len(self.source) + 1, 0))"],
        "every position clamped from above is the end of an operand that something follows"),
    **_variants(
        _E + "_scan.x__scan_tokens",
        "after_operand = False",
        ["after_operand = None"],
        _FALSY),
    **_variants(
        _E + "_scan.xǁ_Nestingǁ__init__",
        "self.frames: list[list[int]] = [[0, 0]]",
        ["self.frames: list[list[int]] = [[1, 0]]"],
        "the outermost frame is never closed, so its count of conditionals is never read"),
    **_variants(
        _E + "_parse.xǁ_Readerǁconvert",
        "for op, (a, b) in zip(node.ops, pairwise(operands), strict=True)",
        ["for op, (a, b) in zip(node.ops, pairwise(operands), strict=None)",
         "for op, (a, b) in zip(node.ops, pairwise(operands), strict=False)",
         "for op, (a, b) in zip(node.ops, pairwise(operands), )"],
        "a comparison has exactly one operator per pair of operands"),
    **_variants(
        _E + "_parse.xǁ_Readerǁspan",
        "if start < 0 or end > len(self.source):",
        ["if start < 0 and end > len(self.source):"],
        "only a node taking in the brackets wrapped around the source reaches outside it, "
        "and it reaches out at both ends"),
    **_variants(
        _E + "_parse.xǁ_Readerǁbetween",
        r'if source[position] not in " \t\n()":',
        [r'if source[position] not in "XX \t\n()XX":'],
        "between two operands there are only spaces, brackets and the operator, never an X"),
    **_variants(
        _E + "_codegen.x__fast_functions",
        "names = sorted(declared) if len(declared) <= 2 * _INLINE_INPUTS else list(used)",
        ["names = sorted(declared) if (len(declared) <= 2 * _INLINE_INPUTS) or True "
         "else list(used)"],
        "which declared names are parameters decides only whether a call takes the fast "
        "path; the general path gives the same result"),
    **_variants(
        _E + "_expression.xǁExpressionǁ_compiled",
        "10**limits.max_exact_digits,",
        ["10 * limits.max_exact_digits,"],
        "a smaller bound only sends more exact calls to the general path, which checks the "
        "real bound and computes the same"),
    **_variants(
        _E + "_parse.xǁ_Readerǁcall",
        "raise self.refusal(node)",
        ["raise self.refusal(None)"],
        "unreachable: the allow-list has already refused a call of anything but a name"),
    **_variants(
        _E + "_parse.xǁ_Readerǁconvert",
        "raise self.refusal(node)",
        ["raise self.refusal(None)"],
        "unreachable: every node the allow-list admits is converted above"),
    **_variants(
        _E + "_parse.xǁ_Readerǁconvert",
        "positions = tuple(self.between(a, b) for a, b in pairwise(node.values))",
        ["positions = tuple(self.between(None, b) for a, b in pairwise(node.values))",
         "positions = tuple(self.between(a, None) for a, b in pairwise(node.values))"],
        "the positions of 'and' and 'or' are recorded, but no later stage reads them"),
    **_variants(
        _E + "_parse.xǁ_Readerǁcheck_shape",
        "refused.append((self.span(node)[0], depth, node))",
        ["refused.append((self.span(node)[1], depth, node))"],
        "refused parts never overlap (the inside of one is not walked), so they order the "
        "same by end as by start"),
    **_variants(
        _E + "_parse.xǁ_Readerǁcheck_shape",
        "_, _, node = min(refused, key=lambda item: (item[0], item[1]))",
        ["_, _, node = min(refused, key=None)", "_, _, node = min(refused, )"],
        "refused parts have distinct starts, so the tuples order by their first item, as "
        "the key does"),
    **_variants(
        _E + "_expression.xǁ_Generalǁcolumns",
        "None, / )",
        [")"],
        "the position argument of an ExpressionInputError defaults to None"),
    **_variants(
        _E + "_parse.xǁ_Readerǁrefusal",
        'description = _REFUSED_NODES.get(type(node), "this is not allowed in an expression")',
        ['description = _REFUSED_NODES.get(type(node), "THIS IS NOT ALLOWED IN AN '
         'EXPRESSION")',
         'description = _REFUSED_NODES.get(type(node), "XXthis is not allowed in an '
         'expressionXX")'],
        "unreachable default: every expression node Python has is named in _REFUSED_NODES "
        "or handled above"),
    **_variants(
        "kpirules.evaluation.dot.x_direction",
        "if change > 0:",
        ["if change >= 0:"],
        "a change of 0 is within unchanged_within (never negative) and returned above"),
    **_variants(
        "kpirules.evaluation.dot.x_direction",
        "if now is None or then is None:",
        ["if now is None and then is None:"],
        "the merit of either value is None exactly when the band or target is missing, so "
        "both are None or neither"),
    **_variants(
        "kpirules.evaluation.dot.x_direction",
        "if (now is None or then is None) and abs(value - comparator) <= "
        "unchanged_within(measure):",
        ["if (now is None and then is None) and abs(value - comparator) <= "
         "unchanged_within(measure):"],
        "the merit of either value is None exactly when the band or target is missing, so "
        "both are None or neither"),
    **_variants(
        "kpirules.evaluation.evaluate.x_evaluate_indicator",
        "own = report.assessment(indicator.id, None)",
        ["own = report.assessment(indicator.id, )"],
        "the measure argument of Report.assessment defaults to None"),
    **_variants(
        "kpirules.evaluation.control.x_control",
        'result = replace(make(chart, rebases, reading, assured, why, ""), '
        "floor_assurance=floored)",
        ['result = replace(make(chart, rebases, reading, assured, why, None), '
         "floor_assurance=floored)",
         'result = replace(make(chart, rebases, reading, assured, why, "XXXX"), '
         "floor_assurance=floored)"],
        "a placeholder: the summary replaces the text on the next line"),
    **_variants(
        "kpirules.evaluation.control.x__assurance",
        'return None, target.reason or "no target"',
        ['return None, target.reason or "NO TARGET"',
         'return None, target.reason or "XXno targetXX"'],
        "a target that does not exist always carries its reason (Measure.target_for)"),
    **_variants(
        "kpirules.evaluation.control.x_spc_direction",
        'evidence = result.text.split(";")[0].rstrip(".")',
        ['evidence = result.text.split(";")[0].rstrip(None)',
         'evidence = result.text.split(";")[0].rstrip("XX.XX")'],
        "a summary with a variation always has a second part after ';', so the first "
        "part never ends in a full stop"),
    **_variants(
        "kpirules.evaluation.rag.x__reference",
        "assert target.low is not None and target.high is not None",
        ["assert target.low is not None or target.high is not None"],
        "a band target always has both ends, so neither assertion can fail"),
    **_variants(
        "kpirules.evaluation.series.xǁSeriesǁlatest_available",
        "if period.start > cutoff:",
        ["if period.start >= cutoff:"],
        "cutoff is the last day of a month, quarter or year, on which no month, quarter "
        "or year starts"),
    **_variants(
        _E + "_codegen.xǁ_Emitterǁarith",
        "for count, step in enumerate(node.steps, start=1):",
        ["for count, step in enumerate(node.steps, start=2):"],
        "where a long chain is cut into temporaries changes the code's shape, not a value"),
    **_variants(
        _E + "_codegen.xǁ_Emitterǁcall",
        'if node.func in ("sum", "mean"):',
        ['if node.func in ("sum", "XXmeanXX"):'],
        "mean of a list then takes the one-argument branch, which picks the same helper"),
    **_variants(
        _E + "_codegen.xǁ_Emitterǁcall",
        'if node.func == "abs":',
        ['if node.func == "XXabsXX":'],
        "abs then takes the one-argument branch, which writes the same _abs(x)"),
    **_variants(
        _E + "_runtime.x_round_float",
        "if places >= 0:",
        ["if places >= 1:"],
        "for 0 places both branches divide or multiply the quotient by 1"),
}

#: Data the tests read relative to the repository root.
_ALSO_COPY = ("specs", "data", "schema", "docs", "examples", ".pre-commit-hooks.yaml",
              "README.md")
_KILLED = {1, 3, -24, 24, 152, 255, 36}  # failed, pytest internal error, CPU timeouts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--sample", type=int, default=400, help="random mutants (default 400)")
    parser.add_argument("--seed", type=int, default=15, help="seed of the sample (default 15)")
    parser.add_argument("--all", action="store_true", help="every mutant instead of a sample")
    parser.add_argument("--focus-only", action="store_true", help="only the FOCUS functions")
    parser.add_argument("--no-focus", action="store_true",
                        help="only the random sample, without the FOCUS functions")
    parser.add_argument("--survivors", action="store_true",
                        help="re-test the previous run's survivors in the same scratch copy")
    parser.add_argument("--only", nargs="*", default=(), help="mutant name patterns to run")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--examples", type=int, default=25,
                        help="most examples per hypothesis test (default 25)")
    parser.add_argument("--show", action="store_true", help="print survivors' diffs")
    parser.add_argument("--report-only", action="store_true",
                        help="report the previous run without running anything")
    args = parser.parse_args(argv)
    target = TARGETS[args.target]
    work = SCRATCH / args.target
    selection_file = work / "selection.json"

    if args.report_only or args.survivors:
        if not selection_file.exists():
            parser.error(f"no previous run in {work}")
        selection = json.loads(selection_file.read_text())
    else:
        _prepare(work, target, args.examples)
        names = _mutant_names(work, target)
        focus = [] if args.no_focus else sorted(
            n for n in names if any(fnmatch.fnmatchcase(n, p) for p in target.focus))
        if args.only:
            picked = sorted(n for n in names if any(fnmatch.fnmatchcase(n, p) for p in args.only))
            sample: list[str] = []
            focus = picked
        elif args.all:
            sample = names
        elif args.focus_only:
            sample = []
        else:
            sample = sorted(random.Random(args.seed).sample(names, min(args.sample, len(names))))
        selection = {"all": len(names), "sample": sample, "focus": focus,
                     "seed": args.seed, "sample_size": len(sample)}
        selection_file.write_text(json.dumps(selection, indent=1))

    if not args.report_only:
        _refresh_tests(work, target, args.examples)
        chosen = sorted(set(selection["sample"]) | set(selection["focus"]))
        if args.survivors:
            chosen = [n for n in chosen if _status(work, target).get(n) not in _KILLED]
        if chosen:
            _run_mutmut(work, chosen, args.max_children)
    return _report(work, target, selection, show=args.show)


def _prepare(work: Path, target: Target, examples: int) -> None:
    """A fresh scratch copy with the mutmut configuration for `target`."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    shutil.copytree(REPO / "src", work / "src", ignore=shutil.ignore_patterns("__pycache__"))
    for name in _ALSO_COPY:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, work / name)
        elif (REPO / name).is_file():
            shutil.copy2(REPO / name, work / name)
    _refresh_tests(work, target, examples)


def _write_config(work: Path, target: Target) -> None:
    """pyproject.toml with a `[tool.mutmut]` section naming the target's current tests."""
    tests = sorted({str(p.relative_to(REPO)) for pattern in target.tests
                    for p in REPO.glob(pattern)} - set(target.exclude))
    config = {
        "source_paths": ["src"],
        "only_mutate": [f"{target.package}/*"],
        "also_copy": [name for name in _ALSO_COPY if (REPO / name).exists()],
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning",
                                *(f"--deselect={test}" for test in target.deselect)],
        "pytest_add_cli_args_test_selection": tests,
        "use_git_change_detection": False,
    }
    lines = ["", "[tool.mutmut]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in config.items()]
    text = (REPO / "pyproject.toml").read_text()
    (work / "pyproject.toml").write_text(text + "\n".join(lines) + "\n")


#: Appended to the scratch copy of tests/conftest.py (never to the repository's): every
#: hypothesis test runs at most this many examples, even one whose own settings ask for
#: more, so that a surviving mutant costs seconds rather than a minute.
_EXAMPLES_CAP = """

# Added by benchmarks/run_mutation.py to its scratch copy.
from hypothesis import settings as _mutation_settings


def pytest_collection_modifyitems(items):
    for item in items:
        test = getattr(item, "obj", None)
        current = getattr(test, "_hypothesis_internal_use_settings", None)
        if current is not None and current.max_examples > {cap}:
            test._hypothesis_internal_use_settings = _mutation_settings(
                current, max_examples={cap}
            )
"""


def _refresh_tests(work: Path, target: Target, examples: int) -> None:
    _write_config(work, target)
    shutil.copytree(REPO / "tests", work / "tests", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
    conftest = work / "tests" / "conftest.py"
    conftest.write_text(conftest.read_text() + _EXAMPLES_CAP.format(cap=examples))


def _mutant_names(work: Path, target: Target) -> list[str]:
    """Every mutant mutmut will generate for the package, by its mutmut name."""
    names: list[str] = []
    cwd = Path.cwd()
    os.chdir(work)
    try:
        for path in sorted(Path(target.package).glob("*.py")):
            mutated = mutate_file_contents(str(path), path.read_text())
            names += [get_mutant_name(path, name) for name in mutated.mutant_names]
    finally:
        os.chdir(cwd)
    return sorted(names)


def _run_mutmut(work: Path, names: list[str], max_children: int) -> None:
    mutmut = Path(sys.executable).with_name("mutmut")
    command = [str(mutmut) if mutmut.exists() else "mutmut", "run",
               "--max-children", str(max_children), *names]
    env = {**os.environ, "HYPOTHESIS_PROFILE": "mutation"}
    env.pop("PYTHONPATH", None)  # the mutated copy must be the one imported
    log = work / "mutmut.log"
    print(f"running {len(names)} mutants in {work}; progress in {log}", flush=True)
    with log.open("w") as out:
        subprocess.run(command, cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT,
                       check=False)


def _status(work: Path, target: Target) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for meta in sorted((work / "mutants" / target.package).glob("*.py.meta")):
        found.update(json.loads(meta.read_text())["exit_code_by_key"])
    return found


def _changed_lines(work: Path, name: str) -> tuple[str, str]:
    """The lines a mutant removes and adds, each stripped and joined by ' / '."""
    path = Path(*_module(name).split(".")).with_suffix(".py")
    cwd = Path.cwd()
    os.chdir(work)
    try:
        diff = get_diff_for_mutant(name, path=Path("src") / path)
    finally:
        os.chdir(cwd)
    lines = diff.splitlines()[2:]
    removed = " / ".join(x[1:].strip() for x in lines if x.startswith("-"))
    added = " / ".join(x[1:].strip() for x in lines if x.startswith("+"))
    return removed, added


def _module(name: str) -> str:
    """`kpirules.spc.xmr` of `kpirules.spc.xmr.x_xmr__mutmut_1` (a module may start with x)."""
    found = re.match(r"(.*?)\.x[_ǁ]", name)
    assert found is not None, name
    return found.group(1)


def _function(name: str) -> str:
    return name.partition("__mutmut_")[0]


def _report(work: Path, target: Target, selection: dict[str, object], *, show: bool) -> int:
    status = _status(work, target)
    equivalent: dict[str, str] = {}
    survivors: list[str] = []
    for name in sorted(set(selection["sample"]) | set(selection["focus"])):  # type: ignore[call-overload]
        if status.get(name) in _KILLED or status.get(name) is None:
            continue
        removed, added = _changed_lines(work, name)
        reason = EQUIVALENT.get((_function(name), removed, added))
        if reason is not None:
            equivalent[name] = reason
        else:
            survivors.append(name)

    def score(label: str, names: list[str]) -> None:
        if not names:
            return
        # A mutant not run yet (an interrupted run) counts neither way.
        run = [n for n in names if status.get(n) is not None]
        killed = sum(status.get(n) in _KILLED for n in run)
        same = sum(n in equivalent for n in run)
        counted = len(run) - same
        untested = len(names) - len(run)
        note = f", {untested} not run" if untested else ""
        print(f"{label:<48} {killed:>5}/{counted:<5} {100 * killed / max(counted, 1):5.1f}%"
              f"  ({same} equivalent{note})")

    sample = list(selection["sample"])  # type: ignore[call-overload]
    focus = list(selection["focus"])  # type: ignore[call-overload]
    print(f"\n{target.package}: {selection['all']} mutants; sample of {len(sample)} "
          f"(seed {selection['seed']}), {len(focus)} in focus functions\n")
    score("random sample", sample)
    score("focus functions", focus)
    by_module: dict[str, list[str]] = {}
    for name in sorted(set(sample) | set(focus)):
        by_module.setdefault(_module(name), []).append(name)
    for module, names in by_module.items():
        score(f"  {module}", names)
    survivors = [n for n in survivors if status.get(n) is not None]
    counts = Counter(status.get(n) for n in survivors)
    print(f"\nsurvivors: {len(survivors)} (exit codes {dict(counts)})")
    for name in survivors:
        removed, added = _changed_lines(work, name)
        print(f"  {name}: {removed[:70]!r} -> {added[:70]!r}")
        if show:
            path = Path(*_module(name).split(".")).with_suffix(".py")
            cwd = Path.cwd()
            os.chdir(work)
            try:
                print(get_diff_for_mutant(name, path=Path("src") / path))
            finally:
                os.chdir(cwd)
    for name, reason in equivalent.items():
        print(f"  equivalent {name}: {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
