"""Validation benchmark: `kpirules.validation.validate` against a bare C-loader `yaml.load`.

Generates a catalogue and 1,000 indicator spec files (deterministically, from a fixed
seed, shaped like the seed catalogue's: card texts, benchmarking, targets, notes, some
measures, breakdowns and expression rules) into a temporary folder, then times, in the
same run and over the same files:

  (a) reading every file and `yaml.load` with `yaml.CSafeLoader` (the pure-Python
      `SafeLoader` where the C extension is missing);
  (b) `kpirules.validation.validate([folder])`: located YAML, models, cross-file checks.

Prints the minimum of several repeats of each and the ratio (target: at most 3x).
Run from the repository root:

    python benchmarks/bench_validate.py [--files 1000] [--repeats 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from kpirules.validation import validate

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import best_of

SEED = 2019
THEMES = ("community-leadership", "public-realm", "community-safety", "social-care",
          "education", "housing", "finance")
WORDS = ("the", "council", "residents", "performance", "quarter", "target", "borough",
         "service", "number", "percentage", "reported", "compared", "London", "average",
         "improvement", "households", "children", "assessments", "completed", "within",
         "days", "year", "previous", "benchmark", "data", "source", "monthly", "figures")
POLARITIES = ("higher_is_better", "lower_is_better", "higher_is_better", "lower_is_better",
              "within_band", "closest_to", "none")
YEARS = ("2019/20", "2018/19", "2017/18")


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing Decimals as plain numbers."""


_Dumper.add_representer(
    Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value))
)


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def number(rng: random.Random, low: int = 0, high: int = 1000) -> Decimal:
    """A decimal with one or two places (always written with a point, like a figure)."""
    return Decimal(rng.randint(low * 100, high * 100)).scaleb(-2).quantize(
        Decimal("0.1") if rng.random() < 0.5 else Decimal("0.01"))


def targets(rng: random.Random, polarity: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for year in YEARS[: rng.randint(1, 3)]:
        if polarity == "none" or rng.random() < 0.2:
            result[year] = {"none": rng.choice(("not_stated", "to_be_agreed", "not_set"))}
        elif polarity == "within_band":
            low = number(rng, 0, 50)
            result[year] = {"band": {"low": low, "high": low + number(rng, 1, 20)}}
        elif rng.random() < 0.3:
            result[year] = {"profile": [number(rng) if rng.random() < 0.9 else "n/a"
                                        for _ in range(4)]}
        else:
            result[year] = {"value": number(rng), "note": sentence(rng, 8)}
    return result


def rag(rng: random.Random, polarity: str) -> dict[str, Any]:
    bound = ("low <= value <= high" if polarity == "within_band"
             else "value >= target" if polarity != "lower_is_better" else "value <= target")
    return {"rules": [
        {"when": bound, "rating": "G"},
        {"when": f"abs(value - comparator) <= {rng.randint(1, 9)}", "rating": "A"},
        {"otherwise": "R"},
    ], "note": sentence(rng, 12)}


def indicator(rng: random.Random, index: int) -> dict[str, Any]:
    """One indicator spec, shaped like the seed catalogue's."""
    polarity = rng.choice(POLARITIES)
    unit: Any = rng.choice(("count", "percentage", "days", "kg", "score"))
    spec: dict[str, Any] = {
        "id": f"indicator-{index:04d}",
        "title": sentence(rng, 10)[:-1],
        "theme": THEMES[index % len(THEMES)],
        "card": {
            "definition": sentence(rng, 45),
            "how_it_works": sentence(rng, 40),
            "what_good_looks_like": sentence(rng, 12),
            "why_it_matters": sentence(rng, 30),
            "history": sentence(rng, 25),
            "issues_to_consider": sentence(rng, 20),
        },
        "benchmarking": {
            "text": sentence(rng, 25),
            "values": [{"label": sentence(rng, 3)[:-1], "value": number(rng),
                        "period": rng.choice(YEARS),
                        **({"rank": {"position": rng.randint(1, 33), "of": 33}}
                           if rng.random() < 0.3 else {})}
                       for _ in range(rng.randint(0, 3))],
        },
        "polarity": polarity,
        "unit": {"kind": unit, "of": sentence(rng, 6)[:-1]} if rng.random() < 0.7 else unit,
        "decimals": rng.randint(0, 2),
    }
    if rng.random() < 0.4:
        spec["aggregation"] = {"kind": "ratio", "numerator": sentence(rng, 5),
                               "denominator": sentence(rng, 5),
                               "span": rng.choice(("period", "year_to_date"))}
    else:
        spec["aggregation"] = rng.choice(("discrete", "cumulative", "snapshot", "average"))
    if rng.random() < 0.3:
        spec["lag"] = {"months": rng.randint(1, 3), "note": sentence(rng, 8)}
    spec["targets"] = targets(rng, polarity)
    if rng.random() < 0.2:
        spec["rag"] = rag(rng, polarity)
    if rng.random() < 0.15:
        spec["measures"] = [{"id": name, "title": sentence(rng, 6)[:-1]}
                            for name in ("mean", "median")]
        spec["headline"] = "mean"
    if rng.random() < 0.2:
        spec["breakdowns"] = [{"id": "by-service", "title": sentence(rng, 4)[:-1],
                               "dimensions": ["service"], "unit": "count", "total": "sum"}]
    spec["notes"] = [sentence(rng, 30) for _ in range(rng.randint(0, 4))]
    return spec


def catalogue() -> dict[str, Any]:
    return {
        "id": "benchmark",
        "title": "Benchmark catalogue",
        "defaults": {"rag": {"tolerance": {"relative": Decimal(5), "points": Decimal(5)}},
                     "dot": {"comparator": "same_period_last_year",
                             "unchanged_within": Decimal(0)}},
        "themes": [{"id": theme, "title": theme.replace("-", " ").title()} for theme in THEMES],
        "populations": {"households": {"title": "Households", "figures": [
            {"year": year, "value": Decimal(77136), "source": "benchmark"} for year in YEARS]}},
    }


def write(folder: Path, name: str, data: dict[str, Any], schema: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)
    path.write_text(f"# yaml-language-server: $schema={schema}\n{text}", encoding="utf-8")


def generate(folder: Path, files: int) -> list[Path]:
    """Write the catalogue and `files` indicators; returns every file written."""
    rng = random.Random(SEED)
    write(folder, "catalogue.yaml", catalogue(), "../schema/catalogue.schema.json")
    for index in range(files):
        spec = indicator(rng, index)
        write(folder, f"{spec['theme']}/{spec['id']}.yaml", spec,
              "../../schema/indicator.schema.json")
    return sorted(folder.rglob("*.yaml"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--files", type=int, default=1000, help="indicator files (1000)")
    parser.add_argument("--repeats", type=int, default=5, help="repeats; the minimum counts")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one validation run and print the top functions")
    args = parser.parse_args(argv)
    loader: Any = getattr(yaml, "CSafeLoader", None)
    loader_name = "yaml.CSafeLoader"
    if loader is None:
        loader, loader_name = yaml.SafeLoader, "yaml.SafeLoader (no C extension)"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "specs"
        paths = generate(folder, args.files)
        size = sum(path.stat().st_size for path in paths)

        def bare() -> None:
            for path in paths:
                yaml.load(path.read_bytes(), Loader=loader)

        report = validate([folder])
        if report.errors:
            for issue in report.issues[:10]:
                print(issue.format(), file=sys.stderr)
            print(f"the generated files have {report.errors} error(s)", file=sys.stderr)
            return 1
        del report
        bare_time, validate_time = best_of(args.repeats, bare, lambda: validate([folder]),
                                             clock=time.perf_counter)
        print(f"{len(paths)} files, {size / 1e6:.2f} MB; best of {args.repeats}")
        print(f"  bare yaml.load ({loader_name}): {bare_time:8.3f} s")
        print(f"  kpirules validate:               {validate_time:8.3f} s")
        print(f"  ratio:                           {validate_time / bare_time:8.2f}x "
              "(target: at most 3x)")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(validate, [folder])
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
