"""The adversarial corpus: every item refused, or evaluated, within 50 MB.

One subprocess runs the whole corpus, so that the measurements see a fresh interpreter
rather than whatever the test session has allocated. Memory is the peak of Python
allocations during the item, traced by tracemalloc; it measures the work an item
needs and does not change with the speed of the machine or of the build (a mutated or
instrumented build runs slower, never bigger). Time is not asserted here: a timed test
fails on a slow or shared machine for no fault of the code. The time of every item is
measured by `benchmarks/bench_adversarial.py`, against a plain expression in the same
run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import expressions_corpus

MEMORY_LIMIT = 50 * 2**20

_RUNNER = r"""
import importlib.util, json, sys, tracemalloc

spec = importlib.util.spec_from_file_location("expressions_corpus", sys.argv[1])
corpus = importlib.util.module_from_spec(spec)
spec.loader.exec_module(corpus)

from kpirules.errors import ExpressionError
from kpirules.expressions import compile_expression


def outcome(action):
    try:
        action()
        return "accepted"
    except ExpressionError as exc:
        return type(exc).__name__
    except BaseException as exc:
        return "crashed: " + type(exc).__name__ + ": " + str(exc)[:200]


def measure(action):
    outcome(action)  # once untraced, so caches and imports are not counted
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = outcome(action)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"outcome": result, "peak_bytes": peak}


report = {"refused": [], "heavy": []}
for kind, source in corpus.REFUSED:
    item = measure(lambda: compile_expression(source, names=corpus.NAMES))
    report["refused"].append({"kind": kind, **item})
for kind, source, names, make_inputs in corpus.HEAVY:
    compiled = measure(lambda: compile_expression(source, names=names))
    if compiled["outcome"] == "accepted":
        expression = compile_expression(source, names=names)
        inputs = make_inputs()
        evaluated = measure(lambda: expression(**inputs))
    else:
        evaluated = compiled
    report["heavy"].append({"kind": kind, "compile": compiled, "evaluate": evaluated})
json.dump(report, sys.stdout)
"""


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    corpus = Path(expressions_corpus.__file__)
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(corpus)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_the_corpus_is_large_enough() -> None:
    """The corpus holds at least 60 hostile expressions, each naming its kind of attack."""
    assert len(expressions_corpus.REFUSED) >= 60
    assert all(kind and isinstance(source, str) for kind, source in expressions_corpus.REFUSED)


def test_every_hostile_expression_is_refused_with_an_expression_error(
    report: dict[str, Any],
) -> None:
    """Each item of the corpus is refused at compile time with an ExpressionError subclass."""
    refused = {"ExpressionSyntaxError", "ExpressionNameError", "ExpressionTypeError"}
    wrong = [(item["kind"], item["outcome"]) for item in report["refused"]
             if item["outcome"] not in refused]
    assert wrong == []
    assert len(report["refused"]) == len(expressions_corpus.REFUSED)


def test_every_refusal_is_small(report: dict[str, Any]) -> None:
    """Refusing any item allocates under 50 MB."""
    large = [(item["kind"], item["peak_bytes"]) for item in report["refused"]
             if item["peak_bytes"] >= MEMORY_LIMIT]
    assert large == []


def test_heavy_accepted_expressions_compile_and_evaluate_within_memory(
    report: dict[str, Any],
) -> None:
    """Expressions at the edge of the limits, with the slowest exact inputs, are accepted
    and stay within 50 MB to compile and to evaluate."""
    assert len(report["heavy"]) == len(expressions_corpus.HEAVY)
    over = []
    for item in report["heavy"]:
        for stage in ("compile", "evaluate"):
            measured = item[stage]
            if measured["outcome"] != "accepted" or measured["peak_bytes"] >= MEMORY_LIMIT:
                over.append((item["kind"], stage, measured))
    assert over == []
