"""End-to-end evaluation: kpirules against a hand-written pandas script, same files, same run.

Generates the synthetic catalogue (`benchmarks/synthetic.py`: the seed's shapes, five
years of quarters, about 28 rows an indicator) and times, taking turns, over the same
files:

  (a) kpirules: `load_catalogue` (validation included), `read_observations` (every row
      checked) and `evaluate` as at the latest report;
  (b) pandas: the spec files read with PyYAML's C loader, the CSV files with
      `pandas.read_csv`, and the headline RAG and arrow computed column-wise in floats.

It prints each one's best time, their ratio, kpirules' cost per indicator split into
loading, reading and evaluating, how many ratings and arrows differ (floats get values
exactly on the amber boundary wrong), and each engine's peak RSS measured alone in a
fresh process. With several `--sizes` it prints peak RSS at each, to show memory
growing linearly with the figures.

    python benchmarks/bench_evaluate.py                    # 5,000 indicators
    python benchmarks/bench_evaluate.py --indicators 500   # a quick run
    python benchmarks/bench_evaluate.py --sizes 1000,2500,5000 --repeats 1
    python benchmarks/bench_evaluate.py --profile          # where kpirules' time goes

Nothing is asserted: the figures are for reading.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import best_of, rss_mb, target_frame
from harness import peak_rss as harness_peak_rss
from synthetic import AS_AT, Synthetic, generate

Headlines = dict[str, tuple[str | None, str]]
"""Indicator id → (rating letter or None, direction word)."""


def run_kpirules(synthetic: Synthetic, timings: dict[str, float] | None = None) -> Headlines:
    from kpirules import evaluate, load_catalogue, read_observations  # noqa: PLC0415

    start = time.process_time()
    catalogue = load_catalogue(synthetic.specs)
    loaded = time.process_time()
    observations = read_observations(catalogue)
    read = time.process_time()
    results = evaluate(catalogue, observations, period=AS_AT)
    done = time.process_time()
    if timings is not None:
        timings.update(load=loaded - start, read=read - loaded, evaluate=done - read)
    return {
        result.indicator: (result.rating.value if result.rating else None,
                           result.headline.dot.value if result.headline else "n/a")
        for result in results
    }


def run_pandas(synthetic: Synthetic) -> Headlines:
    """The same headline ratings and arrows, as an analyst would write them in pandas."""
    import numpy as np  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415

    # A year without a target has no rows: the merge below leaves its target NaN (rated
    # None, as kpirules does); the sign comes from each indicator's first row instead.
    targets = target_frame(synthetic.spec_files, without_target="skip")
    signs = targets.drop_duplicates("indicator")[["indicator", "sign"]]
    frames = [pd.read_csv(path, usecols=["indicator", "period", "span", "breakdown",
                                         "quantity", "figure", "source"],
                          dtype={"figure": "float64", "span": "object",
                                 "breakdown": "object"})
              for path in synthetic.data_files]
    rows = pd.concat(frames, ignore_index=True)
    rows = rows[(rows["source"] == "table") & (rows["quantity"] == "value")
                & rows["span"].isna() & rows["breakdown"].isna() & rows["figure"].notna()]
    period = rows["period"]
    rows = rows.assign(ordinal=period.str[:4].astype(int) * 4 + period.str[-1].astype(int) - 1)
    as_at = int(AS_AT[:4]) * 4 + int(AS_AT[-1]) - 1
    shown = (rows[rows["ordinal"] <= as_at].sort_values("ordinal")
             .groupby("indicator").tail(1)[["indicator", "ordinal", "figure"]])
    before = rows[["indicator", "ordinal", "figure"]].rename(
        columns={"figure": "comparator", "ordinal": "compared"})
    shown = shown.assign(compared=shown["ordinal"] - 4)
    shown = shown.merge(before, on=["indicator", "compared"], how="left")
    shown = shown.merge(targets, on=["indicator", "ordinal"], how="left")
    shown = shown.drop(columns="sign").merge(signs, on="indicator", how="left")
    shortfall = (shown["target"] - shown["figure"]) * shown["sign"]
    allowed = np.where(shown["percentage"] == True, 5.0, 0.05 * shown["target"].abs())  # noqa: E712
    rating = np.where(shown["target"].isna(), None,
                      np.where(shortfall <= 0, "G", np.where(shortfall <= allowed, "A", "R")))
    change = (shown["figure"] - shown["comparator"]) * shown["sign"]
    arrow = np.where(shown["comparator"].isna(), "n/a",
                     np.where(change > 0, "improved",
                              np.where(change < 0, "worsened", "unchanged")))
    found: Headlines = dict(zip(shown["indicator"], zip(rating, arrow, strict=True),
                                strict=True))
    return found


def peak_rss(engine: str, folder: Path, indicators: int, layout: str) -> float:
    """Peak RSS in MB of a fresh process that runs one engine once (imports included)."""
    return harness_peak_rss(__file__, engine, folder,
                            ["--indicators", str(indicators), "--layout", layout])


def child(engine: str, folder: Path, indicators: int, layout: str) -> None:
    synthetic = generate(folder, indicators, layout) if not (folder / "specs").exists() \
        else _existing(folder, indicators)
    (run_kpirules if engine == "kpirules" else run_pandas)(synthetic)
    print(json.dumps({"rss_mb": rss_mb()}))


def _existing(folder: Path, indicators: int) -> Synthetic:
    specs = folder / "specs"
    spec_files = tuple(sorted(p for p in specs.rglob("*.yaml") if p.name != "catalogue.yaml"))
    data_files = tuple(sorted((folder / "data").rglob("*.csv")))
    return Synthetic(specs, spec_files, data_files, indicators, 0)


def compare(ours: Headlines, theirs: Headlines) -> tuple[int, int, list[str]]:
    ratings = [i for i in ours if ours[i][0] != theirs.get(i, (None, "n/a"))[0]]
    arrows = [i for i in ours if ours[i][1] != theirs.get(i, (None, "n/a"))[1]]
    return len(ratings), len(arrows), ratings[:5]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--indicators", type=int, default=5000)
    parser.add_argument("--sizes", default="",
                        help="comma-separated sizes at which to measure peak RSS alone")
    parser.add_argument("--repeats", type=int, default=3, help="repeats; the minimum counts")
    parser.add_argument("--layout", choices=("per-indicator", "per-theme"),
                        default="per-indicator", help="one CSV per indicator (as the seed) "
                        "or one per theme")
    parser.add_argument("--profile", action="store_true",
                        help="profile one kpirules run and print the top functions")
    parser.add_argument("--child", choices=("kpirules", "pandas"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.folder, args.indicators, args.layout)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "main"
        synthetic = generate(folder, args.indicators, args.layout)
        print(f"{synthetic.indicators:,} indicators, {synthetic.rows:,} rows, "
              f"{len(synthetic.data_files):,} CSV files ({args.layout}); as at {AS_AT}; "
              f"best of {args.repeats}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(run_kpirules, synthetic)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            return 0
        ours = run_kpirules(synthetic)
        theirs = run_pandas(synthetic)
        timings: dict[str, float] = {}
        best: dict[str, float] = {}

        def kpirules_run() -> None:
            found: dict[str, float] = {}
            run_kpirules(synthetic, found)
            for stage, seconds in found.items():
                best[stage] = min(best.get(stage, seconds), seconds)

        kpirules_time, pandas_time = best_of(args.repeats, kpirules_run,
                                             lambda: run_pandas(synthetic))
        timings.update(best)
        per = 1000 / synthetic.indicators
        print(f"  kpirules end to end:  {kpirules_time:7.2f} s   "
              f"({kpirules_time * per:.3f} ms per indicator)")
        for stage in ("load", "read", "evaluate"):
            print(f"    {stage:9} {timings[stage]:7.2f} s   ({timings[stage] * per:.3f} ms per "
                  "indicator)")
        print(f"  pandas end to end:    {pandas_time:7.2f} s")
        print(f"  kpirules / pandas:    {kpirules_time / pandas_time:7.2f}x "
              "(target: at most 1x)")
        ratings, arrows, examples = compare(ours, theirs)
        print(f"  differences: {ratings} rating(s), {arrows} arrow(s) of "
              f"{len(ours):,} (floats misrate values on the boundary)"
              + (f", e.g. {', '.join(examples)}" if examples else ""))
        sizes = [int(s) for s in args.sizes.split(",") if s] or [args.indicators]
        print("  peak RSS, each engine alone in a fresh process (imports included):")
        for size in sizes:
            where = folder if size == args.indicators else Path(tmp) / f"size-{size}"
            rows = synthetic.rows if size == args.indicators else None
            mine = peak_rss("kpirules", where, size, args.layout)
            theirs_mb = peak_rss("pandas", where, size, args.layout)
            shown = f"{rows:,} rows" if rows else ""
            print(f"    {size:6,} indicators {shown:>14}: kpirules {mine:7.1f} MB, "
                  f"pandas {theirs_mb:7.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
