"""Charts: deterministic, accessible SVG whose lines, targets and marks follow the data.

The seed's figures are pinned from the report (anti-social behaviour calls, a
year-to-date count whose April figure restarts from zero).
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpirules
from kpirules.catalogue import Catalogue, load_catalogue
from kpirules.evaluation.series import Series, build_series
from kpirules.observations import ObservationSet, read_observations
from kpirules.render.charts import (
    RATING_STYLES,
    Datum,
    Line,
    Mark,
    PeriodChartData,
    Role,
    SlotScale,
    TargetStep,
    card_chart,
    element,
    nice_ticks,
    period_chart,
    style,
    trend_chart,
    xml_text,
)
from kpirules.results import IndicatorResult

SVG = "{http://www.w3.org/2000/svg}"
SPECS = Path(__file__).resolve().parents[1] / "specs"

figures = st.fractions(min_value=-10**9, max_value=10**9, max_denominator=1000)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


# Escaping -------------------------------------------------------------------------------


def _xml_char(ch: str) -> bool:
    code = ord(ch)
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD \
        or code >= 0x10000


@given(st.text(max_size=80))
def test_any_text_is_inert_in_content_and_attributes(text: str) -> None:
    """Any string, markup included, comes back as the same text (white space runs made
    one space, characters XML cannot carry replaced), never as elements."""
    root = parse(element("text", {"data-x": text}, xml_text(text)))
    flat = " ".join(text.split())
    expected = "".join(ch if _xml_char(ch) and ch not in "\t\n\r" else "\ufffd"
                       for ch in flat)
    assert list(root) == []
    assert (root.text or "") == expected
    assert root.get("data-x") == expected


# Ticks ----------------------------------------------------------------------------------


@given(st.lists(figures, min_size=1, max_size=20))
def test_ticks_are_round_evenly_spaced_and_cover_the_data(values: list[Fraction]) -> None:
    ticks = nice_ticks(values)
    steps = {b - a for a, b in zip(ticks.values, ticks.values[1:], strict=False)}
    assert len(steps) == 1
    (step,) = steps
    power = Fraction(1)
    while power > step:
        power /= 10
    while power * 10 <= step:
        power *= 10
    assert step / power in {1, 2, Fraction(5, 2), 5}
    assert ticks.low <= min(values) and ticks.high >= max(values)
    assert 2 <= len(ticks.values) <= 12
    assert all((t * 10**ticks.decimals).denominator == 1 for t in ticks.values)


def test_ticks_pinned() -> None:
    """The seed's ASB figures, 1,358 to 5,227, get 1,000 to 6,000 in thousands."""
    ticks = nice_ticks([Fraction(1358), Fraction(5227)])
    assert ticks.values == tuple(Fraction(n) for n in range(1000, 7000, 1000))
    assert ticks.decimals == 0
    # 62.1% to 65%: a quarter of the range is 0.725, so the step is 1 (not 0.5).
    pct = nice_ticks([Fraction(621, 10), Fraction(65)])
    assert pct.values == (Fraction(62), Fraction(63), Fraction(64), Fraction(65))
    assert pct.decimals == 0
    small = nice_ticks([Fraction(1, 10), Fraction(3, 10)])
    assert small.values == (Fraction(1, 10), Fraction(3, 20), Fraction(2, 10),
                            Fraction(5, 20), Fraction(3, 10))
    assert small.decimals == 2


# The period chart -----------------------------------------------------------------------

marks = st.sampled_from(list(Mark))


@st.composite
def chart_data(draw: st.DrawFn) -> PeriodChartData:
    slots = draw(st.integers(1, 14))
    lines = []
    for role in draw(st.lists(st.sampled_from(list(Role)), min_size=1, max_size=3)):
        values = draw(st.lists(st.one_of(figures, st.none()), min_size=slots,
                               max_size=slots))
        data = tuple(Datum(v, "" if v is None else str(v), "x", draw(marks)) for v in values)
        breaks = frozenset(draw(st.sets(st.integers(0, slots - 1))))
        lines.append(Line(draw(st.text(max_size=12)), data, role, breaks))
    targets: tuple[TargetStep | None, ...] = ()
    if draw(st.booleans()):
        steps: list[TargetStep | None] = []
        for _ in range(slots):
            low = draw(st.one_of(st.none(), figures))
            high = draw(st.one_of(st.just(low), figures)) if low is not None else None
            steps.append(None if low is None or high is None
                         else TargetStep(min(low, high), max(low, high), "t"))
        targets = tuple(steps)
    return PeriodChartData(
        title=draw(st.text(max_size=40)), description=draw(st.text(max_size=40)),
        slots=tuple(f"S{i}" for i in range(slots)),
        slot_names=tuple(f"Slot {i}" for i in range(slots)), lines=tuple(lines),
        targets=targets, tick_label=lambda value, places: f"{float(value):.{places}f}")


def _xs(polyline: ET.Element) -> list[float]:
    return [float(p.split(",")[0]) for p in (polyline.get("points") or "").split()]


@given(chart_data())
def test_period_chart_is_accessible_and_follows_its_lines(data: PeriodChartData) -> None:
    """Well-formed SVG named by its title and described by its desc; one marker per
    figure; a line joins only consecutive slots with figures, never across a break; a
    non-final figure is hollow; nothing that runs or fetches."""
    chart = period_chart(data, id_prefix="c1")
    root = parse(chart.svg)
    assert root.get("role") == "img"
    title_id, desc_id = (root.get("aria-labelledby") or "").split()
    assert root.find(f"{SVG}title").get("id") == title_id  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").get("id") == desc_id  # type: ignore[union-attr]
    assert chart.title == data.title
    for element_ in root.iter():
        assert "script" not in element_.tag
        assert not any(n.startswith("on") or "href" in n for n in element_.attrib)
    groups = [g for g in root.iter(f"{SVG}g") if "series" in (g.get("class") or "")]
    assert len(groups) == len(data.lines)
    slots = None
    for group, line in zip(groups, data.lines, strict=True):
        markers = [e for e in group if not e.tag.endswith(("polyline", "path"))]
        present = [d for d in line.data if d.value is not None]
        assert len(markers) == len(present)
        hollow = [m.get("fill") == "#ffffff" for m in markers]
        assert hollow == [d.mark is not Mark.FINAL for d in present]
        centres = [float(m.get("cx") or 0) if m.get("cx") else
                   _marker_x(m) for m in markers]
        slots = dict(zip([round(c, 1) for c in centres],
                         [i for i, d in enumerate(line.data) if d.value is not None],
                         strict=True))
        for polyline in group.iter(f"{SVG}polyline"):
            indexes = [slots[round(x, 1)] for x in _xs(polyline)]
            assert len(indexes) >= 2
            for a, b in itertools.pairwise(indexes):
                assert b == a + 1 and b not in line.breaks
    assert chart.header[0] == "Period"
    assert len(chart.rows) == len(data.slots)


def _marker_x(marker: ET.Element) -> float:
    if marker.get("width"):
        return float(marker.get("x") or 0) + float(marker.get("width") or 0) / 2
    xs = [float(p.split(",")[0]) for p in (marker.get("points") or "").split()]
    return (min(xs) + max(xs)) / 2


@given(chart_data())
def test_period_chart_is_deterministic(data: PeriodChartData) -> None:
    assert period_chart(data, id_prefix="a").svg == period_chart(data, id_prefix="a").svg


def test_forecast_segment_is_dashed_and_provisional_hollow() -> None:
    data = PeriodChartData(
        title="t", description="d", slots=("Q1", "Q2", "Q3"), slot_names=("Q1", "Q2", "Q3"),
        lines=(Line("2019/20", (Datum(Fraction(1), "1", "1"),
                                Datum(Fraction(2), "2", "2 (provisional)", Mark.PROVISIONAL),
                                Datum(Fraction(3), "3", "3 (forecast)", Mark.FORECAST))),),
        targets=(), tick_label=lambda v, p: str(v))
    root = parse(period_chart(data, id_prefix="f").svg)
    polylines = list(root.iter(f"{SVG}polyline"))
    assert [(len(p.get("points", "").split()), p.get("stroke-dasharray"))
            for p in polylines] == [(2, None), (2, "3 3")]
    circles = [c for g in root.iter(f"{SVG}g") for c in g if c.tag == f"{SVG}circle"]
    assert [c.get("fill") for c in circles] == ["#1d4f91", "#ffffff", "#ffffff"]
    legend = [t.text for t in root.iter(f"{SVG}text")]
    assert "Provisional" in legend and "Forecast" in legend


# Colours --------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colours_meet_wcag_aa() -> None:
    """Lines, markers and edges 3:1 on white; text 4.5:1; a rating's letter 4.5:1 on its
    fill, and its outline 3:1 on white."""
    for colour in (style.CURRENT, style.COMPARISON, style.TARGET, style.BAND_EDGE,
                   style.AXIS):
        assert contrast(colour, "#ffffff") >= 3, colour
    assert contrast(style.TEXT, "#ffffff") >= 4.5
    assert contrast(style.TEXT, style.BAND_FILL) >= 4.5
    for rating in RATING_STYLES.values():
        assert contrast(rating.ink, rating.fill) >= 4.5, rating
        assert contrast(rating.edge, "#ffffff") >= 3, rating
    assert len({r.shape for r in RATING_STYLES.values()}) == len(RATING_STYLES)
    assert len({r.letter for r in RATING_STYLES.values()}) == len(RATING_STYLES)


# The seed -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Catalogue:
    return load_catalogue(SPECS)


@pytest.fixture(scope="module")
def observations(seed: Catalogue) -> ObservationSet:
    return read_observations(seed)


def _series(seed: Catalogue, observations: ObservationSet, indicator: str) -> Series:
    measure = seed.indicator(indicator).measures[0]
    return build_series(measure, observations.for_measure(indicator, measure.id), seed)


def test_year_to_date_trend_restarts_each_april(seed: Catalogue,
                                                observations: ObservationSet) -> None:
    """ASB calls are a year to date: 2018/19 Q4's 5,227 is not joined to 2019/20 Q1's
    1,402, so the April reset does not draw as a collapse; the target is a step per
    quarter of 2019/20's profile."""
    measure = seed.indicator("asb-incidents").measures[0]
    chart = trend_chart(measure, _series(seed, observations, "asb-incidents"), id_prefix="t")
    assert chart is not None
    root = parse(chart.svg)
    runs = [len(p.get("points", "").split()) for p in root.iter(f"{SVG}polyline")]
    assert runs == [4, 2]
    assert chart.rows == (
        ("2018/19 Q1", "1,358", "none"), ("2018/19 Q2", "2,758", "none"),
        ("2018/19 Q3", "4,006", "none"), ("2018/19 Q4", "5,227", "none"),
        ("2019/20 Q1", "1,402", "1,357"), ("2019/20 Q2", "2,939", "2,757"),
        ("2019/20 Q3", "not yet published", "4,005"),
        ("2019/20 Q4", "not yet published", "5,226"))
    target = root.find(f".//{SVG}g[@class='target']/{SVG}path")
    assert target is not None
    levels = re.findall(r"[ML][0-9.]+,([0-9.]+)", target.get("d") or "")
    assert len(set(levels)) == 4
    assert "starts afresh" in chart.description


def test_discrete_trend_is_one_line(seed: Catalogue, observations: ObservationSet) -> None:
    """A figure for the quarter alone is joined across the year boundary."""
    indicator = seed.indicator("fpn-issued")
    measure = indicator.measures[0]
    chart = trend_chart(measure, _series(seed, observations, "fpn-issued"), id_prefix="t")
    assert chart is not None
    runs = [len(p.get("points", "").split()) for p in parse(chart.svg).iter(f"{SVG}polyline")]
    assert len(runs) == 1


def test_card_chart_compares_the_year_with_the_last(
        seed: Catalogue, observations: ObservationSet) -> None:
    result = kpirules.evaluate(seed, observations, indicator="asb-incidents")
    assert isinstance(result, IndicatorResult) and result.headline is not None
    measure = seed.indicator("asb-incidents").measures[0]
    chart = card_chart(measure, _series(seed, observations, "asb-incidents"),
                       result.headline, id_prefix="card")
    assert chart is not None
    assert chart.header == ("Period", "2018/19", "2019/20", "Target")
    assert chart.rows == (("Q1", "1,358", "1,402", "1,357"), ("Q2", "2,758", "2,939", "2,757"),
                          ("Q3", "4,006", "not yet published", "4,005"),
                          ("Q4", "5,227", "not yet published", "5,226"))
    assert chart.description.startswith("2019/20 Q2: 2,939 against a target of 2,757; "
                                         "2018/19 Q2: 2,758.")
    root = parse(chart.svg)
    assert root.tag == "svg"  # inline in HTML: no namespace declaration needed
    classes = [g.get("class") for g in root.iter("g")]
    assert classes == ["target", "series comparison", "series current"]


def test_slot_scale_centres() -> None:
    scale = SlotScale(4, Fraction(0), Fraction(400))
    assert [scale.centre(i) for i in range(4)] == [50, 150, 250, 350]
