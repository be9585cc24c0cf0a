"""The batch path against a hand-written pandas computation of the same ratings and arrows.

Generates the synthetic catalogue (`benchmarks/synthetic.py`) with `--indicators`
indicators, and in memory, as plain Python lists, a figure for every area × indicator ×
quarter of five financial years (300 areas × 50 indicators × 20 quarters = 300,000
figures by default; one in twelve exactly on an amber boundary). Then times, taking
turns, end to end from the spec files and the same lists:

  (a) kpirules: `load_catalogue` (validation included) and `kpirules.batch.rate_columns`;
  (b) pandas: the spec files read with PyYAML's C loader, the lists made into a
      DataFrame, and the rating against the period's target (5% or 5 points) and the
      arrow against the same quarter a year before, computed column-wise in floats.

It prints each one's best CPU time, the ratio, the cost per figure, how many rows the
batch path decided exactly (too near a boundary for floats), how many ratings differ
(floats misrate values on the boundary), and peak RSS of each alone in a fresh process.

    python benchmarks/bench_batch.py
    python benchmarks/bench_batch.py --areas 30 --quick    # a quick run
    python benchmarks/bench_batch.py --sizes 100,200,300   # peak RSS as areas grow

Nothing is asserted: the figures are for reading.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import best_of, is_percentage, rss_mb, spec_documents, target_frame
from harness import peak_rss as harness_peak_rss
from synthetic import FIRST_YEAR, YEARS, Synthetic, generate, year_label

Columns = dict[str, list[Any]]


def columns(synthetic: Synthetic, areas: int) -> Columns:
    """A figure for every area, indicator and quarter, near each year's target."""
    rng = random.Random(13)
    found: Columns = {"area": [], "indicator": [], "period": [], "value": []}
    for spec in spec_documents(synthetic.spec_files):
        percentage = is_percentage(spec)
        higher = spec["polarity"] == "higher_is_better"
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            target = spec["targets"].get(year_label(year), {})
            for quarter in range(1, 5):
                if "value" in target:
                    aim = Decimal(str(target["value"]))
                elif "profile" in target:
                    aim = Decimal(str(target["profile"][quarter - 1]))
                else:
                    aim = Decimal(50)
                period = f"{year_label(year)} Q{quarter}"
                for area in range(areas):
                    if rng.random() < 1 / 12:
                        slack = Decimal(5) if percentage else aim * Decimal("0.05")
                        value = aim - slack if higher else aim + slack
                    else:
                        value = (aim * Decimal(rng.uniform(0.85, 1.15))).quantize(
                            Decimal("0.01"))
                    found["area"].append(f"E{area:08d}")
                    found["indicator"].append(spec["id"])
                    found["period"].append(period)
                    found["value"].append(value)
    return found


def run_kpirules(synthetic: Synthetic, data: Columns) -> tuple[list[Any], list[Any], int]:
    from kpirules import load_catalogue  # noqa: PLC0415
    from kpirules.batch import rate_columns  # noqa: PLC0415

    catalogue = load_catalogue(synthetic.specs)
    found = rate_columns(catalogue, indicator=data["indicator"], period=data["period"],
                         value=data["value"], area=data["area"])
    return ([r.value if r else None for r in found.rating], [d.value for d in found.dot],
            found.rechecked)


def run_pandas(synthetic: Synthetic, data: Columns) -> tuple[list[Any], list[Any]]:
    """The same ratings and arrows, as an analyst would write them in pandas."""
    import numpy as np  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415

    # A year without a target keeps rows with a NaN target (rated None, as kpirules
    # does), because the sign each row's arrow needs comes from the same merge.
    targets = target_frame(synthetic.spec_files, without_target="nan")
    frame = pd.DataFrame({"area": data["area"], "indicator": data["indicator"],
                          "period": data["period"],
                          "value": np.array(data["value"], dtype="float64")})
    codes, periods = pd.factorize(frame["period"])
    ordinals = np.array([int(p[:4]) * 4 + int(p[-1]) - 1 for p in periods])
    frame["ordinal"] = ordinals[codes]
    frame = frame.merge(targets, on=["indicator", "ordinal"], how="left")
    before = frame[["area", "indicator", "ordinal", "value"]].rename(
        columns={"value": "comparator"})
    before["ordinal"] += 4
    frame = frame.merge(before, on=["area", "indicator", "ordinal"], how="left")
    shortfall = (frame["target"] - frame["value"]) * frame["sign"]
    allowed = np.where(frame["percentage"].to_numpy(dtype=bool), 5.0,
                       0.05 * frame["target"].abs())
    rating = np.where(frame["target"].isna(), None,
                      np.where(shortfall <= 0, "G", np.where(shortfall <= allowed, "A", "R")))
    change = (frame["value"] - frame["comparator"]) * frame["sign"]
    arrow = np.where(frame["comparator"].isna(), "n/a",
                     np.where(change > 0, "improved",
                              np.where(change < 0, "worsened", "unchanged")))
    return list(rating), list(arrow)


def child(engine: str, folder: Path, indicators: int, areas: int) -> None:
    synthetic = generate(folder, indicators, "per-theme")
    data = columns(synthetic, areas)
    (run_kpirules if engine == "kpirules" else run_pandas)(synthetic, data)
    print(json.dumps({"rss_mb": rss_mb()}))


def peak_rss(engine: str, folder: Path, indicators: int, areas: int) -> float:
    return harness_peak_rss(__file__, engine, folder,
                            ["--indicators", str(indicators), "--areas", str(areas)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--areas", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5, help="repeats; the minimum counts")
    parser.add_argument("--sizes", default="", help="comma-separated area counts at which "
                        "to measure peak RSS alone")
    parser.add_argument("--child", choices=("kpirules", "pandas"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.folder, args.indicators, args.areas)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        synthetic = generate(Path(tmp) / "main", args.indicators, "per-theme")
        data = columns(synthetic, args.areas)
        figures = len(data["value"])
        ours, arrows, rechecked = run_kpirules(synthetic, data)
        theirs, their_arrows = run_pandas(synthetic, data)
        kpirules_time, pandas_time = best_of(args.repeats, lambda: run_kpirules(synthetic, data),
                                             lambda: run_pandas(synthetic, data))
        print(f"{args.areas:,} areas × {args.indicators:,} indicators × {YEARS * 4} quarters = "
              f"{figures:,} figures; best of {args.repeats} (CPU time)")
        print(f"  kpirules.batch end to end: {kpirules_time:6.2f} s   "
              f"({kpirules_time / figures * 1e6:.2f} µs per figure; {rechecked:,} rows "
              "decided exactly, too near a boundary for floats)")
        print(f"  pandas end to end:         {pandas_time:6.2f} s   "
              f"({pandas_time / figures * 1e6:.2f} µs per figure)")
        print(f"  kpirules / pandas:         {kpirules_time / pandas_time:6.2f}x "
              "(aim: within 3x)")
        ratings = sum(a != b for a, b in zip(ours, theirs, strict=True))
        moved = sum(a != b for a, b in zip(arrows, their_arrows, strict=True))
        print(f"  differences: {ratings:,} rating(s), {moved:,} arrow(s) "
              "(floats misrate values on the boundary)")
        sizes = [int(s) for s in args.sizes.split(",") if s] or [args.areas]
        print("  peak RSS, each alone in a fresh process (imports and the lists included):")
        for size in sizes:
            where = Path(tmp) / f"rss-{size}"
            mine = peak_rss("kpirules", where, args.indicators, size)
            theirs_mb = peak_rss("pandas", where, args.indicators, size)
            count = size * args.indicators * YEARS * 4
            print(f"    {count:9,} figures: kpirules {mine:7.1f} MB, pandas {theirs_mb:7.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
