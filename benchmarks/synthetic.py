"""A synthetic catalogue in the seed's shapes, for the evaluation benchmarks.

`generate(folder, indicators)` writes, deterministically from a fixed seed:

- `specs/catalogue.yaml` (the seed's defaults: financial quarters, 5% / 5-point amber
  tolerance, same period last year) and one spec file per indicator under a folder per
  theme, with card texts, benchmarking, notes and five years of targets (a value, a
  quarterly profile, or none with a reason);
- the observations, one CSV file per indicator as in the seed (or one per theme with
  `layout="per-theme"`): five financial years of quarters in the table (the latest
  year's Q3 and Q4 `not_yet_published`, and one in ten indicators without a Q2 figure
  yet), the same figures restated in the commentary, the years in the history, and
  numerators and denominators for ratio measures: about 28 rows an indicator.

The figures are the data of the headline rating and arrow as at 2019/20 Q2. One value
in twelve lies exactly on the amber boundary (target less 5%, or 5 points), where
binary floating point can rate it wrongly.

Run it alone to write a catalogue for a look: `python benchmarks/synthetic.py OUT 100`.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

SEED = 2019
THEMES = ("community-leadership", "equalities", "public-realm", "community-safety",
          "social-care", "education", "housing", "finance")
WORDS = ("the", "council", "residents", "performance", "quarter", "target", "borough",
         "service", "number", "percentage", "reported", "compared", "London", "average",
         "improvement", "households", "children", "assessments", "completed", "within",
         "days", "year", "previous", "benchmark", "data", "source", "monthly", "figures")
FIRST_YEAR = 2015
YEARS = 5
AS_AT = "2019/20 Q2"
COLUMNS = "indicator,measure,period,span,breakdown,category,quantity,figure,status,source,ref,note"


@dataclass(frozen=True)
class Synthetic:
    """Where a generated catalogue is, and its size."""

    specs: Path
    spec_files: tuple[Path, ...]
    data_files: tuple[Path, ...]
    indicators: int
    rows: int


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _figure(rng: random.Random, low: int, high: int, decimals: int) -> Decimal:
    return Decimal(rng.randint(low * 10**decimals, high * 10**decimals)).scaleb(-decimals)


@dataclass(frozen=True)
class _Shape:
    polarity: str
    percentage: bool
    aggregation: str
    decimals: int
    targets: dict[int, Any]
    """Year → a Decimal (value), a list of four Decimals (profile), or a reason string."""


def _shape(rng: random.Random) -> _Shape:
    polarity = rng.choice(("higher_is_better", "lower_is_better"))
    percentage = rng.random() < 0.4
    aggregation = rng.choice(("discrete", "discrete", "cumulative", "snapshot", "ratio"))
    if percentage and aggregation == "cumulative":
        aggregation = "snapshot"
    decimals = rng.randint(0, 2)
    high = 100 if percentage else rng.choice((50, 500, 5000))
    targets: dict[int, Any] = {}
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        roll = rng.random()
        if roll < 0.12:
            targets[year] = rng.choice(("not_stated", "to_be_agreed", "not_set"))
        elif roll < 0.3 and not percentage:
            targets[year] = [_figure(rng, high // 10, high, decimals) for _ in range(4)]
        else:
            targets[year] = _figure(rng, high // 10, high, decimals)
    return _Shape(polarity, percentage, aggregation, decimals, targets)


def _target_of(shape: _Shape, year: int, quarter: int) -> Decimal | None:
    target = shape.targets[year]
    if isinstance(target, list):
        return Decimal(target[quarter - 1])
    return target if isinstance(target, Decimal) else None


def _value(rng: random.Random, shape: _Shape, year: int, quarter: int) -> Decimal:
    target = _target_of(shape, year, quarter)
    reference = target if target is not None else Decimal(50)
    if target is not None and rng.random() < 1 / 12:
        # Exactly on the amber boundary: the rule says Amber, a float may say Red.
        slack = Decimal(5) if shape.percentage else target * Decimal("0.05")
        worse = -slack if shape.polarity == "higher_is_better" else slack
        return target + worse
    spread = reference * Decimal(rng.uniform(-0.15, 0.15))
    value = (reference + spread).quantize(Decimal(1).scaleb(-shape.decimals))
    return max(value, Decimal(0))


def _spec_text(rng: random.Random, index: int, shape: _Shape) -> tuple[str, str]:
    """The spec file's theme folder and YAML text, written by hand to keep generation quick."""
    theme = THEMES[index % len(THEMES)]
    unit = (f"{{kind: percentage, of: {sentence(rng, 4)[:-1].lower()}}}" if shape.percentage
            else f"{{kind: count, of: {sentence(rng, 3)[:-1].lower()}}}")
    lines = [
        "# yaml-language-server: $schema=../../schema/indicator.schema.json",
        f"id: indicator-{index:05d}",
        f"title: {sentence(rng, 10)[:-1]}",
        f"theme: {theme}",
        "card:",
        *(f"  {name}: >-\n    {sentence(rng, words)}" for name, words in (
            ("definition", 40), ("how_it_works", 30), ("what_good_looks_like", 12),
            ("why_it_matters", 25), ("history", 20))),
        "benchmarking:",
        f"  text: >-\n    {sentence(rng, 25)}",
        "  values:",
    ]
    for _ in range(rng.randint(1, 2)):
        lines.append(f"    - label: {sentence(rng, 4)[:-1]}")
        lines.append(f"      value: {_figure(rng, 1, 100, 1)}")
        lines.append(f"      period: {year_label(FIRST_YEAR + YEARS - 2)}")
        if rng.random() < 0.3:
            lines.append(f"      rank: {{position: {rng.randint(1, 32)}, of: 32}}")
    lines += [
        f"polarity: {shape.polarity}",
        f"unit: {unit}",
        f"decimals: {shape.decimals}",
    ]
    if shape.aggregation == "ratio":
        lines += ["aggregation:", "  kind: ratio", f"  numerator: {sentence(rng, 4)[:-1]}",
                  f"  denominator: {sentence(rng, 4)[:-1]}",
                  f"  scale: {100 if shape.percentage else 1}"]
    else:
        lines.append(f"aggregation: {shape.aggregation}")
    lines.append("targets:")
    for year, target in sorted(shape.targets.items(), reverse=True):
        if isinstance(target, list):
            lines.append(f"  {year_label(year)}: {{profile: [{', '.join(map(str, target))}]}}")
        elif isinstance(target, Decimal):
            lines.append(f"  {year_label(year)}: {{value: {target}}}")
        else:
            lines.append(f"  {year_label(year)}: {{none: {target}}}")
    lines.append("notes:")
    lines += [f"  - >-\n    {sentence(rng, 25)}" for _ in range(rng.randint(1, 3))]
    return theme, "\n".join(lines) + "\n"


def _rows(rng: random.Random, index: int, shape: _Shape) -> list[str]:
    ident = f"indicator-{index:05d}"
    late = rng.random() < 0.1
    rows = []
    values: dict[tuple[int, int], Decimal] = {}
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        for quarter in range(1, 5):
            period = f"{year_label(year)} Q{quarter}"
            last_year = year == FIRST_YEAR + YEARS - 1
            if last_year and (quarter > 2 or (late and quarter == 2)):
                rows.append(f"{ident},,{period},,,,value,,not_yet_published,table,,")
                continue
            value = _value(rng, shape, year, quarter)
            values[(year, quarter)] = value
            rows.append(f"{ident},,{period},,,,value,{value},,table,,")
            if last_year or (year == FIRST_YEAR + YEARS - 2 and quarter <= 2):
                rows.append(f"{ident},,{period},,,,value,{value},,commentary,,"
                            f"{sentence(rng, 8)}")
            if shape.aggregation == "ratio" and last_year:
                scale = 100 if shape.percentage else 1
                denominator = rng.randint(200, 5000)
                numerator = value * denominator / scale
                rows.append(f"{ident},,{period},,,,denominator,{denominator},,table,,")
                rows.append(f"{ident},,{period},,,,numerator,{numerator},,table,,")
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS - 1):
        if shape.aggregation == "cumulative":
            rows.append(f"{ident},,{year_label(year)},,,,value,{values[(year, 4)]},,history,,")
    return rows


def _catalogue_text(data: str) -> str:
    themes = "\n".join(f"  - id: {theme}\n    title: {theme.replace('-', ' ').title()}"
                       for theme in THEMES)
    return f"""# yaml-language-server: $schema=../schema/catalogue.schema.json
id: synthetic
title: A synthetic catalogue in the seed's shapes
latest_report: {AS_AT}
defaults:
  calendar: financial
  frequency: quarterly
  rag:
    tolerance:
      relative: 5
      points: 5
  dot:
    comparator: same_period_last_year
    unchanged_within: 0
themes:
{themes}
data:
  observations:
    - {data}
"""


def generate(folder: Path, indicators: int, layout: str = "per-indicator") -> Synthetic:
    """Write a catalogue of `indicators` indicators and its observations under `folder`."""
    if layout not in ("per-indicator", "per-theme"):
        raise ValueError(f"layout is per-indicator or per-theme, not {layout!r}")
    rng = random.Random(SEED)
    specs = folder / "specs"
    data = folder / "data"
    for theme in THEMES:
        (specs / theme).mkdir(parents=True, exist_ok=True)
        (data / theme).mkdir(parents=True, exist_ok=True)
    (specs / "catalogue.yaml").write_text(_catalogue_text("../data"), encoding="utf-8")
    spec_files = []
    data_files: dict[Path, list[str]] = {}
    count = 0
    for index in range(indicators):
        shape = _shape(rng)
        theme, text = _spec_text(rng, index, shape)
        path = specs / theme / f"indicator-{index:05d}.yaml"
        path.write_text(text, encoding="utf-8")
        spec_files.append(path)
        rows = _rows(rng, index, shape)
        count += len(rows)
        target = (data / theme / f"indicator-{index:05d}.csv" if layout == "per-indicator"
                  else data / f"{theme}.csv")
        data_files.setdefault(target, []).extend(rows)
    for path, rows in data_files.items():
        path.write_text(COLUMNS + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return Synthetic(specs, tuple(spec_files), tuple(sorted(data_files)), indicators, count)


if __name__ == "__main__":
    made = generate(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"{made.indicators} indicators, {made.rows} rows under {sys.argv[1]}")
