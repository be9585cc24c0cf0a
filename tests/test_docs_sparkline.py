"""Sparklines: valid, accessible SVG with a dot per figure, and nothing that runs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from kpirules.render.sparkline import sparkline
from strategies_docs import present, sparkline_values

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@given(sparkline_values, st.text(max_size=60))
def test_sparkline_is_valid_accessible_svg(values: list[Fraction | None], label: str) -> None:
    """Any series and any label give well-formed SVG with role img, an aria-label and a
    title saying the same, one dot per figure, and no script or event handler."""
    svg = sparkline(values, label=label)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None
    assert root.get("aria-label") == title.text or (not root.get("aria-label")
                                                    and not title.text)
    assert len(root.findall(f"{SVG}circle")) == present(values)
    for element in root.iter():
        assert "script" not in element.tag.lower()
        assert not any(name.lower().startswith("on") for name in element.attrib)
        assert not any("href" in name for name in element.attrib)
    assert "<script" not in svg.lower()


@given(sparkline_values)
def test_sparkline_is_deterministic(values: list[Fraction | None]) -> None:
    """The same figures draw the same bytes."""
    assert sparkline(values, label="x") == sparkline(list(values), label="x")


def test_gap_breaks_the_line_and_last_dot_stands_out() -> None:
    """A missing figure splits the line in two; the latest figure's dot is larger."""
    root = parse(sparkline([Fraction(1), Fraction(2), None, Fraction(3), Fraction(5)],
                           label="Calls to the police: 1, 2, not published, 3, 5"))
    lines = root.findall(f"{SVG}polyline")
    assert [len(line.get("points", "").split()) for line in lines] == [2, 2]
    radii = [circle.get("r") for circle in root.findall(f"{SVG}circle")]
    assert radii == ["2.5", "2.5", "2.5", "3.5"]


def test_highest_figure_is_drawn_highest() -> None:
    """The largest value has the smallest y (SVG's y grows downwards); equal values sit
    on one level."""
    root = parse(sparkline([Fraction(10), Fraction(30), Fraction(20)], label="t"))
    ys = [float(c.get("cy", "nan")) for c in root.findall(f"{SVG}circle")]
    assert ys[1] < ys[2] < ys[0]
    flat = parse(sparkline([Fraction(7)] * 3, label="t"))
    assert len({c.get("cy") for c in flat.findall(f"{SVG}circle")}) == 1
