"""The SPC chart and icons: deterministic, well-formed, accessible SVG that marks special
causes by colour and shape and separates phases."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import kpirules
from kpirules.evaluation.control import SpcResult
from kpirules.render.charts.spc import VARIATION_STYLES, spc_chart
from kpirules.render.charts.spc_icons import assurance_icon, variation_icon
from kpirules.render.site import build_site
from kpirules.render.spc_words import spc_dot_sentences, spc_sentences
from kpirules.spc import AssuranceType, Side, VariationType

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "spc" / "specs"
NS = "{http://www.w3.org/2000/svg}"


def _claims() -> SpcResult:
    catalogue = kpirules.load_catalogue(EXAMPLE)
    result = kpirules.evaluate(catalogue, indicator="benefit-claim-days")
    assert result.headline is not None
    found = result.headline.analysis("spc")
    assert isinstance(found, SpcResult)
    return found


def test_the_chart_is_accessible_deterministic_and_marks_special_causes() -> None:
    found = _claims()
    chart = spc_chart(found, "Days to decide a claim", id_prefix="claims")
    again = spc_chart(_claims(), "Days to decide a claim", id_prefix="claims")
    assert chart is not None and again is not None and chart.svg == again.svg
    root = ET.fromstring(chart.svg)
    assert root.get("role") == "img"
    assert root.findtext(f"{NS}title") == ("SPC chart of “Days to decide a claim”, 2019-04 to "
                                           "2023-03")
    assert root.findtext(f"{NS}desc") == found.summary()
    # April 2020 is concerning (an orange square), the last seven months improving (blue
    # diamonds): colour and shape both differ from the grey circles of common cause.
    concerning = VARIATION_STYLES[VariationType.CONCERNING]
    improving = VARIATION_STYLES[VariationType.IMPROVING]
    assert concerning.shape != improving.shape != VARIATION_STYLES[
        VariationType.COMMON_CAUSE].shape
    squares = [e for e in root.iter(f"{NS}rect") if e.get("fill") == concerning.colour]
    diamonds = [e for e in root.iter(f"{NS}polygon") if e.get("fill") == improving.colour]
    assert (len(squares), len(diamonds)) == (1 + 1, 7 + 1)  # each kind also in the legend
    # Two phases: a dashed rule between them and each named under the axis.
    texts = [e.text for e in root.iter(f"{NS}text")]
    assert "Phase 1" in texts and "Phase 2" in texts
    assert any(e.get("stroke-dasharray") == "2 3" for e in root.iter(f"{NS}line"))
    # The text equivalent has every point, with its rules.
    assert len(chart.rows) == 48
    assert chart.rows[12][0] == "2020-04" and chart.rows[12][6] == "outside_limits (high)"


def test_icons_are_small_accessible_svgs() -> None:
    for kind in VariationType:
        for side in (None, Side.HIGH, Side.LOW):
            root = ET.fromstring(variation_icon(kind, side))
            assert (root.get("width"), root.get("height")) == ("40", "40")
            assert root.findtext(f"{NS}title")
    words = {kind: ET.fromstring(assurance_icon(kind)).findtext(f"{NS}title")
             for kind in AssuranceType}
    assert words[AssuranceType.HIT_AND_MISS] == ("Assurance: hit and miss: the target is "
                                                 "met only some of the time")
    assert len(set(words.values())) == 3


def test_methodology_pages_show_the_chart_where_a_measure_declares_spc() -> None:
    catalogue = kpirules.load_catalogue(EXAMPLE)
    files = build_site(catalogue, kpirules.read_observations(catalogue), {})
    page = files["benefit-claim-days.md"]
    assert "![SPC chart of Average days to decide a new housing benefit claim]" \
        "(benefit-claim-days.spc.svg)" in page
    assert "(spc-special_cause_improving-low.svg)" in page and "(spc-hit_and_miss.svg)" in page
    assert "- Rebased at 2021-04: The online claim form" in page
    assert {"benefit-claim-days.spc.svg", "spc-hit_and_miss.svg",
            "spc-consistently_passing.svg", "spc-consistently_failing.svg"} <= set(files)
    # The seed declares no SPC, so its pages have no SPC chart.
    seed = kpirules.load_catalogue(REPO / "specs")
    assert not any(name.endswith(".spc.svg") for name in build_site(seed))


def test_methodology_words_state_the_current_rules() -> None:
    # The page says the two-of-three rule as Making Data Count now applies it, and how a
    # point flagged both ways is read.
    catalogue = kpirules.load_catalogue(EXAMPLE)
    measure = next(i for i in catalogue.indicators if i.id == "benefit-claim-days").measures[0]
    words = " ".join(spc_sentences(measure))
    assert ("two of three consecutive points beyond two sigma, all three on the same side "
            "of the mean") in words
    assert "improvement is shown" in " ".join(spc_dot_sentences(measure))
