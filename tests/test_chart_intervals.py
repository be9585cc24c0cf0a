"""Confidence intervals drawn as error bars, and the benchmark line, on indicator charts.

Properties over any chart: every whisker's ends are the interval's limits through the
same scale as the figures' markers (read back from the axis's own gridlines and labels),
bars are drawn for exactly the figures with an interval, the axis covers every limit,
levels differ by weight and dash, and the words say every interval. Examples are pinned
to the statistics example (examples/statistics), each limit recomputed here with
scipy/statsmodels as oracles: 30 admissions in 100,000 residents give 20.24–42.83 (95%,
Byars); 520 of 1,000 infants 48.9–55.1% (95%, Wilson).
"""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from fractions import Fraction
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from kpirules import load_catalogue
from kpirules._cli import main
from kpirules.benchmarks import read_benchmarks
from kpirules.catalogue import Catalogue
from kpirules.evaluation.evaluate import as_at_period, evaluate_measure
from kpirules.evaluation.series import build_series
from kpirules.observations import COLUMNS, ObservationSet, parse_observations_csv, read_observations
from kpirules.periods import Calendar, Period
from kpirules.render.charts import (
    BenchmarkLine,
    Chart,
    Datum,
    IntervalBar,
    Line,
    Mark,
    PeriodChartData,
    Role,
    TargetStep,
    card_chart,
    period_chart,
    style,
)
from kpirules.render.pages import chart_name
from kpirules.render.report import ReportData, build_report, render_html
from kpirules.render.site import build_site
from kpirules.reports import read_reports
from report_helpers import parse_page, seed_report

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "statistics" / "specs"
YEAR = Period.parse("2023", Calendar.CALENDAR)
TOLERANCE = 0.11
"""Coordinates print to 0.1: a position and the gridlines it is read against each round by
at most 0.05."""

Scale = Callable[[float], float]


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _tag(element: ET.Element) -> str:
    return element.tag.removeprefix(SVG)


def _number(label: str) -> float:
    found = re.search(r"-?[\d,]+(?:\.\d+)?(?:/\d+)?", label)
    assert found is not None, label
    return float(Fraction(found.group(0).replace(",", "")))


def _axis(root: ET.Element) -> tuple[Scale, float, float]:
    """The value scale as the chart's own gridlines and tick labels state it, and the
    lowest and highest tick."""
    children = list(root)
    ticks = [(float(line.get("y1") or 0), _number(text.text or ""))
             for line, text in itertools.pairwise(children)
             if _tag(line) == "line" and line.get("y1") == line.get("y2")
             and _tag(text) == "text" and text.get("text-anchor") == "end"]
    assert len(ticks) >= 2
    (y0, v0), (y1, v1) = ticks[0], ticks[-1]

    def scale(value: float) -> float:
        return y0 + (value - v0) * (y1 - y0) / (v1 - v0)
    return scale, min(v for _, v in ticks), max(v for _, v in ticks)


def _whisker(path: ET.Element) -> tuple[float, float, float]:
    """(x, top, bottom) of an error bar's path."""
    found = re.fullmatch(r"M([\d.-]+),([\d.-]+) H([\d.-]+) M([\d.-]+),([\d.-]+) "
                         r"V([\d.-]+) M([\d.-]+),([\d.-]+) H([\d.-]+)", path.get("d") or "")
    assert found is not None, path.get("d")
    x, top, bottom = float(found.group(4)), float(found.group(5)), float(found.group(6))
    assert float(found.group(2)) == top and float(found.group(8)) == bottom
    left, right = float(found.group(1)), float(found.group(3))
    assert math.isclose(x - left, right - x, abs_tol=0.11)  # caps centred on the whisker
    return x, top, bottom


def _centre(marker: ET.Element) -> tuple[float, float]:
    if _tag(marker) == "circle":
        return float(marker.get("cx") or 0), float(marker.get("cy") or 0)
    if _tag(marker) == "rect":
        return (float(marker.get("x") or 0) + float(marker.get("width") or 0) / 2,
                float(marker.get("y") or 0) + float(marker.get("height") or 0) / 2)
    points = [tuple(map(float, p.split(","))) for p in (marker.get("points") or "").split()]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _series_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "series" in (g.get("class") or "")] or \
        [g for g in root.iter("g") if "series" in (g.get("class") or "")]


# Any chart ------------------------------------------------------------------------------

values = st.fractions(min_value=-10**6, max_value=10**6, max_denominator=100)
spreads = st.fractions(min_value=0, max_value=10**5, max_denominator=100)
LEVELS = (0.8, 0.9, 0.95, 0.99, 0.998)


@st.composite
def interval_charts(draw: st.DrawFn) -> PeriodChartData:
    slots = draw(st.integers(1, 10))
    levels = draw(st.lists(st.sampled_from(LEVELS), min_size=1, max_size=3, unique=True))
    lines = []
    roles = draw(st.lists(st.sampled_from(list(Role)), min_size=1, max_size=2))
    for n, role in enumerate(roles):
        data = []
        for i in range(slots):
            value = draw(st.one_of(st.none(), values))
            bars: list[IntervalBar] = []
            if value is not None:
                for level in draw(st.lists(st.sampled_from(levels), unique=True)):
                    low, high = value - draw(spreads), value + draw(spreads)
                    bars.append(IntervalBar(low, high, level, f"<w{n}.{i}.{level}>"))
            data.append(Datum(value, "" if value is None else str(value), f"v{n}.{i}",
                              draw(st.sampled_from(list(Mark))), tuple(bars)))
        lines.append(Line(f"L{n}", tuple(data), role))
    benchmark = None
    if draw(st.booleans()):
        levels_b = tuple(draw(st.one_of(st.none(), values)) for _ in range(slots))
        benchmark = BenchmarkLine("Elsewhere", levels_b,
                                  tuple(f"b{i}" for i in range(slots)))
    targets: tuple[TargetStep | None, ...] = ()
    if draw(st.booleans()):
        targets = tuple(None if (t := draw(st.one_of(st.none(), values))) is None
                        else TargetStep(t, t, "t") for _ in range(slots))
    return PeriodChartData(
        title="t", description="d", slots=tuple(f"S{i}" for i in range(slots)),
        slot_names=tuple(f"Slot {i}" for i in range(slots)), lines=tuple(lines),
        targets=targets, tick_label=lambda value, places: str(value), benchmark=benchmark)


@given(interval_charts())
def test_whiskers_end_at_the_limits_through_the_points_scale(data: PeriodChartData) -> None:
    """Each bar stands at its figure's marker, from y(upper) to y(lower) on the scale the
    marker is placed by; bars for exactly the figures with intervals, widest first; the
    axis covers every limit."""
    chart = period_chart(data, id_prefix="p")
    root = _root(chart.svg)
    scale, lowest, highest = _axis(root)
    for group, line in zip(_series_groups(root), data.lines, strict=True):
        bars = [e for e in group if _tag(e) == "path" and e.get("class") == "ci"]
        markers = [e for e in group if _tag(e) in ("circle", "rect", "polygon")]
        present = [(i, d) for i, d in enumerate(line.data) if d.value is not None]
        assert len(markers) == len(present)
        expected = []
        for marker, (_, datum) in zip(markers, present, strict=True):
            assert datum.value is not None
            x, y = _centre(marker)
            assert math.isclose(y, scale(float(datum.value)), abs_tol=0.16)
            for bar in sorted(datum.intervals, key=lambda b: -b.confidence):
                expected.append((x, float(bar.upper), float(bar.lower)))
        assert len(bars) == len(expected)
        for path, (x, upper, lower) in zip(bars, expected, strict=True):
            bx, top, bottom = _whisker(path)
            assert math.isclose(bx, x, abs_tol=0.11)
            assert math.isclose(top, scale(upper), abs_tol=TOLERANCE)
            assert math.isclose(bottom, scale(lower), abs_tol=TOLERANCE)
    limits = [float(limit) for line in data.lines for d in line.data for b in d.intervals
              for limit in (b.lower, b.upper)]
    if limits:
        assert lowest <= min(limits) and highest >= max(limits)


@given(interval_charts())
def test_two_lines_bars_stand_apart(data: PeriodChartData) -> None:
    """Where two lines (this year and last) both carry intervals, each line is set a
    little apart, so at any slot no bar of one line touches a bar of the other."""
    root = _root(period_chart(data, id_prefix="p").svg)
    with_bars = sum(any(d.intervals for d in line.data) for line in data.lines)
    extents: dict[int, list[tuple[int, float, float]]] = {}
    groups = _series_groups(root)
    for number, (group, line) in enumerate(zip(groups, data.lines, strict=True)):
        paths = iter(p for p in group if p.get("class") == "ci")
        for index, datum in enumerate(line.data):
            for _ in datum.intervals:
                path = next(paths)
                left = float(re.findall(r"M([\d.-]+),", path.get("d") or "")[0])
                x, _, _ = _whisker(path)
                extents.setdefault(index, []).append((number, left, 2 * x - left))
    for found in extents.values():
        for (a, left_a, right_a), (b, left_b, right_b) in itertools.combinations(found, 2):
            if a != b:
                assert with_bars >= 2
                assert right_a < left_b or right_b < left_a


@given(interval_charts())
def test_levels_are_told_apart_and_said_in_words(data: PeriodChartData) -> None:
    """One style per level, each a different weight and dash, the narrowest level never
    the thinner; the legend names each level; the description and the table state every
    interval and benchmark figure."""
    chart = period_chart(data, id_prefix="p")
    root = _root(chart.svg)
    drawn = [b for line in data.lines for d in line.data for b in d.intervals]
    levels = sorted({b.confidence for b in drawn})
    looks: dict[float, set[tuple[str | None, str | None]]] = {}
    paths = [p for g in _series_groups(root) for p in g if p.get("class") == "ci"]
    ordered = [b for line in data.lines for d in line.data
               for b in sorted(d.intervals, key=lambda b: -b.confidence)]
    for path, bar in zip(paths, ordered, strict=True):
        looks.setdefault(bar.confidence, set()).add(
            (path.get("stroke-width"), path.get("stroke-dasharray")))
    assert all(len(found) == 1 for found in looks.values())
    assert len({next(iter(found)) for found in looks.values()}) == len(looks)
    widths = [float(next(iter(looks[level]))[0] or 0) for level in levels]
    assert widths == sorted(widths, reverse=True)
    legend = {t.text for t in root.iter(f"{SVG}text")}
    for level in levels:
        name = f"{IntervalBar(Fraction(0), Fraction(0), level, '').level} confidence interval"
        assert name in legend
    for bar in drawn:
        assert f"CI {bar.words}" in chart.description
        assert any(bar.words in row for row in chart.rows)
    benchmark = data.benchmark
    if benchmark is not None:
        assert f"{benchmark.name} (benchmark)" in chart.header
        assert f"{benchmark.name} (benchmark)" in legend
        for level, words in zip(benchmark.levels, benchmark.words, strict=True):
            if level is not None:
                assert words in chart.description


@given(interval_charts())
def test_benchmark_steps_sit_at_its_figures(data: PeriodChartData) -> None:
    """The benchmark's line is at its figures on the same scale, dash-dotted where the
    target is dashed."""
    root = _root(period_chart(data, id_prefix="p").svg)
    scale, _, _ = _axis(root)
    found = [g for g in root.iter(f"{SVG}g") if g.get("class") == "benchmark"]
    benchmark = data.benchmark
    if benchmark is None:
        assert found == []
        return
    present = {float(level) for level in benchmark.levels if level is not None}
    ys = [float(y) for path in found[0] for y in re.findall(r",([\d.-]+)", path.get("d") or "")]
    assert len(ys) >= 2 * bool(present)
    for y in ys:
        assert any(math.isclose(y, scale(v), abs_tol=TOLERANCE) for v in present)
    for path in found[0]:
        assert path.get("stroke-dasharray") == style.BENCHMARK_DASH != "7 3"


@settings(max_examples=25)  # each chart is drawn twice; the bytes either match or not
@given(interval_charts())
def test_interval_charts_are_deterministic(data: PeriodChartData) -> None:
    assert period_chart(data, id_prefix="a").svg == period_chart(data, id_prefix="a").svg


def test_benchmark_colour_meets_wcag_aa() -> None:
    high = 1.05
    channels = [int(style.BENCHMARK[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    assert high / (luminance + 0.05) >= 3


# The statistics example -----------------------------------------------------------------

Z = {0.95: norm.ppf(0.975), 0.998: norm.ppf(0.999)}


def _byars(events: int, level: float) -> tuple[float, float]:
    z = Z[level]
    lower = events * (1 - 1 / (9 * events) - z / (3 * math.sqrt(events))) ** 3
    upper = (events + 1) * (1 - 1 / (9 * (events + 1)) + z / (3 * math.sqrt(events + 1))) ** 3
    return lower, upper


def _wilson(successes: int, total: int, level: float) -> tuple[float, float]:
    low, high = proportion_confint(successes, total, alpha=1 - level, method="wilson")
    return 100 * low, 100 * high


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(EXAMPLE)


@cache
def _example() -> ReportData:
    catalogue = load_catalogue(EXAMPLE)
    observations = read_observations(catalogue)
    return build_report(catalogue, observations, as_at_period(catalogue, observations),
                        read_reports(catalogue), generator="kpirules test",
                        benchmarks=read_benchmarks(catalogue))


def _card_chart(indicator: str) -> Chart:
    for theme in _example().view.themes:
        for card in theme.cards:
            if card.indicator == indicator:
                chart = card.measures[0].chart
                assert chart is not None
                return chart
    raise AssertionError(indicator)


def test_oracles_give_the_documented_limits() -> None:
    """The oracles themselves agree with the figures docs/statistics.md quotes."""
    lower, upper = _byars(30, 0.95)
    assert (round(lower, 2), round(upper, 2)) == (20.24, 42.83)
    assert tuple(round(x, 1) for x in _wilson(520, 1000, 0.95)) == (48.9, 55.1)


def test_self_harm_card_draws_both_years_intervals_and_england() -> None:
    """27 and 30 admissions in 100,000 residents, 95% and 99.8% by Byars, against
    England's 19.8 and 20.0: the table states each, and each whisker ends at its limit."""
    chart = _card_chart("self-harm-admissions")
    assert chart.header == ("Period", "Figure", "95% confidence interval",
                            "99.8% confidence interval", "England (benchmark)")
    assert chart.rows == (
        ("2022", "27.0 per 100,000 (calculated from its parts)", "17.8–39.3 per 100,000",
         "13.7–47.3 per 100,000", "19.8 per 100,000"),
        ("2023", "30.0 per 100,000", "20.2–42.8 per 100,000", "15.8–51.1 per 100,000",
         "20.0 per 100,000"))
    for events, row in ((27, chart.rows[0]), (30, chart.rows[1])):
        for level, cell in ((0.95, row[2]), (0.998, row[3])):
            lower, upper = _byars(events, level)
            assert cell == f"{lower:.1f}–{upper:.1f} per 100,000"
    assert ("2023: 95% CI 20.2–42.8 per 100,000, 99.8% CI 15.8–51.1 per 100,000"
            in chart.description)
    assert "benchmark, England: 2022 19.8 per 100,000; 2023 20.0 per 100,000" \
        in chart.description
    root = _root(chart.svg)
    scale, lowest, highest = _axis(root)
    (group,) = _series_groups(root)
    bars = [_whisker(p) for p in group if p.get("class") == "ci"]
    expected = [_byars(27, 0.998), _byars(27, 0.95), _byars(30, 0.998), _byars(30, 0.95)]
    assert len(bars) == len(expected)
    for (_, top, bottom), (lower, upper) in zip(bars, expected, strict=True):
        assert math.isclose(top, scale(upper), abs_tol=TOLERANCE)
        assert math.isclose(bottom, scale(lower), abs_tol=TOLERANCE)
    assert lowest <= _byars(27, 0.998)[0] and highest >= _byars(30, 0.998)[1]
    (benchmark,) = [g for g in root.iter("g") if g.get("class") == "benchmark"]
    ys = [float(y) for y in re.findall(r",([\d.]+)", benchmark[0].get("d") or "")]
    assert math.isclose(ys[0], scale(19.8), abs_tol=TOLERANCE)
    assert math.isclose(ys[-1], scale(20.0), abs_tol=TOLERANCE)


def test_breastfeeding_card_draws_wilson_intervals_and_london() -> None:
    chart = _card_chart("breastfeeding")
    assert chart.title == "Infants totally or partially breastfed at 6 to 8 weeks: 2023"
    (row,) = chart.rows
    assert row == ("2023", "52.0%", "48.9–55.1%", "47.1–56.8%", "48.0% (95% CI 47.6–48.4%)")
    for level, cell in ((0.95, row[2]), (0.998, row[3])):
        lower, upper = _wilson(520, 1000, level)
        assert cell == f"{lower:.1f}–{upper:.1f}%"
    root = _root(chart.svg)
    scale, _, _ = _axis(root)
    (group,) = _series_groups(root)
    bars = [_whisker(p) for p in group if p.get("class") == "ci"]
    for (_, top, bottom), level in zip(bars, (0.998, 0.95), strict=True):
        lower, upper = _wilson(520, 1000, level)
        assert math.isclose(top, scale(upper), abs_tol=TOLERANCE)
        assert math.isclose(bottom, scale(lower), abs_tol=TOLERANCE)


def test_physical_activity_card_draws_five_years_at_95_per_cent() -> None:
    """One declared level: a bar a year, 2019 to 2023, from 1,000 ... 1,240 of 2,000."""
    chart = _card_chart("physically-active-adults")
    root = _root(chart.svg)
    scale, _, _ = _axis(root)
    (group,) = _series_groups(root)
    bars = [_whisker(p) for p in group if p.get("class") == "ci"]
    assert len(bars) == 5
    for (_, top, bottom), active in zip(bars, (1000, 1060, 1120, 1180, 1240), strict=True):
        lower, upper = _wilson(active, 2000, 0.95)
        assert math.isclose(top, scale(upper), abs_tol=TOLERANCE)
        assert math.isclose(bottom, scale(lower), abs_tol=TOLERANCE)
    assert "99.8%" not in chart.svg
    assert "95% confidence interval" in chart.header


def test_no_interval_declared_no_bars() -> None:
    """Decent homes declares no statistics: no bar, no interval in the key; nor has any
    chart of the seed, which declares none."""
    assert 'class="ci"' not in _card_chart("decent-homes").svg
    assert "confidence interval" not in _card_chart("decent-homes").svg
    html = render_html(seed_report().view)
    assert 'class="ci"' not in html and 'class="benchmark"' not in html


def test_report_reads_the_benchmarks(tmp_path: Path) -> None:
    """`kpirules report` reads the catalogue's benchmark files: self-harm is compared with
    England (and rated Red by it), and its card's chart draws England's line."""
    out = tmp_path / "statistics.html"
    assert main(["report", str(EXAMPLE / "catalogue.yaml"), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    page = parse_page(html)
    text = " ".join("".join(page.text).split())
    assert "significantly worse than England: 20.2–42.8 per 100,000 against 20.0" in text
    assert "significantly better than London" in text
    card = html[html.index('data-indicator="self-harm-admissions"'):]
    card = card[:card.index("</article>")]
    assert 'class="benchmark"' in card and "England (benchmark)" in card
    assert card.count('class="ci"') == 4
    assert page.cards["self-harm-admissions"][0]["rating"].startswith("R")
    again = tmp_path / "again.html"
    assert main(["report", str(EXAMPLE / "catalogue.yaml"), "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_methodology_trend_chart_draws_the_same_bars(catalogue: Catalogue) -> None:
    """The page's trend chart is the same chart: bars for each year's intervals and the
    England line."""
    files = build_site(catalogue, read_observations(catalogue), {}, read_benchmarks(catalogue))
    indicator = catalogue.indicator("self-harm-admissions")
    svg = files[chart_name(indicator, indicator.measures[0])]
    assert svg.count('class="ci"') == 4
    assert 'class="benchmark"' in svg
    assert "2023: 95% CI 20.2–42.8 per 100,000, 99.8% CI 15.8–51.1 per 100,000" in svg


def test_methodology_page_says_the_intervals_in_its_image_text(catalogue: Catalogue) -> None:
    """A page shows its chart as an image file, whose own description a screen reader
    does not hear: the image's text says the intervals and England's figures too."""
    files = build_site(catalogue, read_observations(catalogue), {}, read_benchmarks(catalogue))
    page = files["self-harm-admissions.md"]
    (alt,) = re.findall(r"!\[(Trend of[^\]]*)\]\(self-harm-admissions\.svg\)", page)
    assert "2023: 95% CI 20.2–42.8 per 100,000, 99.8% CI 15.8–51.1 per 100,000" in alt
    assert "England: 2022 19.8 per 100,000; 2023 20.0 per 100,000" in alt


def test_bars_only_where_a_period_has_counts(catalogue: Catalogue) -> None:
    """A year published as a rate alone (2021, no count of admissions) is drawn with no
    bar; the years with counts keep theirs, and the table says `none` for 2021."""
    rows = ["self-harm-admissions,,2021,,,,value,25.0,,table,,",
            "self-harm-admissions,,2022,,,,numerator,27,,table,,",
            "self-harm-admissions,,2023,,,,numerator,30,,table,,"]
    text = "\n".join([",".join(COLUMNS), *rows]) + "\n"
    found, issues = parse_observations_csv(text, "obs.csv", catalogue)
    assert issues == []
    indicator = catalogue.indicator("self-harm-admissions")
    measure = indicator.measures[0]
    series = build_series(measure, ObservationSet(found).for_measure(indicator.id, measure.id),
                          catalogue)
    result = evaluate_measure(measure, series, YEAR, populations=catalogue)
    chart = card_chart(measure, series, result, id_prefix="c")
    assert chart is not None
    assert [row[:4] for row in chart.rows] == [
        ("2021", "25.0 per 100,000", "none", "none"),
        ("2022", "27.0 per 100,000 (calculated from its parts)", "17.8–39.3 per 100,000",
         "13.7–47.3 per 100,000"),
        ("2023", "30.0 per 100,000 (calculated from its parts)", "20.2–42.8 per 100,000",
         "15.8–51.1 per 100,000")]
    root = _root(chart.svg)
    (group,) = _series_groups(root)
    markers = [_centre(e)[0] for e in group if _tag(e) == "circle"]
    bars = [_whisker(p)[0] for p in group if p.get("class") == "ci"]
    assert len(markers) == 3
    assert bars == [markers[1], markers[1], markers[2], markers[2]]
    assert "2021: " not in chart.description.split("Confidence intervals")[1]
