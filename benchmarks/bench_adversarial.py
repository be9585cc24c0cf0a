"""Time of every item of the adversarial expression corpus, against a plain expression.

Run as `PYTHONPATH=src:tests python benchmarks/bench_adversarial.py`. Each item (a
hostile expression refused at compile time, or a heavy one compiled and evaluated) is
timed as the best of several repeats, beside the time to compile `value >= target`
measured in the same run, and printed with the ratio between them. The budget of 50 ms
per item is reported, not asserted: timings depend on the machine and on the build
(a mutated build runs slower), so the tests assert only outcomes and memory
(`tests/test_expressions_adversarial.py`), and this script is where time is watched.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import expressions_corpus
from kpirules.errors import ExpressionError
from kpirules.expressions import compile_expression

REPEATS = 5
BUDGET = 0.050


def best(action: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        with contextlib.suppress(ExpressionError):
            action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    plain = {"value": "number", "target": "number"}
    baseline = best(lambda: compile_expression("value >= target", names=plain))
    rows: list[tuple[str, str, float]] = []
    for kind, source in expressions_corpus.REFUSED:
        rows.append((kind, "refuse", best(
            lambda s=source: compile_expression(s, names=expressions_corpus.NAMES))))
    for kind, source, names, make_inputs in expressions_corpus.HEAVY:
        rows.append((kind, "compile", best(lambda s=source, n=names: compile_expression(
            s, names=n))))
        expression = compile_expression(source, names=names)
        inputs = make_inputs()
        rows.append((kind, "evaluate", best(lambda e=expression, i=inputs: e(**i))))
    print(f"baseline: compile 'value >= target' {baseline * 1e6:,.0f} us")
    print(f"{'item':<52} {'stage':<8} {'ms':>8} {'x base':>8}")
    for kind, stage, seconds in sorted(rows, key=lambda row: -row[2]):
        flag = "  over budget" if seconds >= BUDGET else ""
        print(f"{kind[:52]:<52} {stage:<8} {seconds * 1e3:8.2f} {seconds / baseline:8.1f}{flag}")
    over = sum(seconds >= BUDGET for _, _, seconds in rows)
    print(f"{len(rows)} items; {over} over the {BUDGET * 1e3:.0f} ms budget on this machine")


if __name__ == "__main__":
    main()
