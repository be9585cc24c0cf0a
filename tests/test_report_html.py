"""The HTML report of the seed: complete, exact, inert, self-contained and deterministic.

Figures are pinned from the seed report (the covering report's shares: 33% green, 31%
amber, 22% red, 14% not applicable) or compared with the evaluated results through the
formatter every output uses.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpirules
from kpirules._cli import main
from kpirules.errors import TemplateError
from kpirules.evaluation.explain import format_value, target_figures
from kpirules.render.report import TEMPLATES, render_html
from kpirules.render.report.view import TextBlock
from report_helpers import SPECS, parse_page, seed, seed_report


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(seed_report().view)


def test_every_indicator_has_exactly_one_card(html: str) -> None:
    """49 cards, one per indicator of the catalogue, each id once."""
    page = parse_page(html)
    cards = Counter(dict(attrs).get("data-indicator") for tag, attrs in page.tags
                    if tag == "article")
    assert sorted(cards) == sorted(i.id for i in seed().indicators)
    assert set(cards.values()) == {1}
    assert len(cards) == 49


def test_summary_states_shares_as_the_covering_report(html: str) -> None:
    """16 green, 15 amber, 11 red, 7 not rated of 49; 11 ratings are judgements."""
    assert "33% green, 31% amber, 22% red, 14% not applicable" in html
    counts = {c.rating.key: (c.count, c.by_rule, c.by_judgement)
              for c in seed_report().view.summary.counts}
    assert counts == {"G": (16, 10, 6), "A": (15, 12, 3), "R": (11, 9, 2), "n/a": (7, 0, 0)}


def test_every_card_number_is_the_evaluated_result(html: str) -> None:
    """Each measure's value and target in its card are the evaluated result, formatted as
    every output formats it (or the data status in words when there is no value)."""
    results = {r.indicator: r for r in kpirules.evaluate(seed())}
    cards = parse_page(html).cards
    checked = 0
    for indicator, measures in cards.items():
        result = results[indicator]
        by_id = {m.measure: m for m in result.measures}
        assert [m["measure"] for m in measures] == [m.measure for m in result.measures]
        for shown in measures:
            m = by_id[shown["measure"]]
            if m.value is None:
                assert m.status is None or shown["value"] == m.status.words
            else:
                assert shown["value"] == format_value(m.unit, m.value, m.decimals)
                checked += 1
            figures = target_figures(m.unit, m.target, m.decimals)
            assert shown["target"].startswith(figures[0] if figures else "none")
            assert shown["period"] == (str(m.period) if m.period else "no figure")
    assert checked >= 49


def test_pinned_card_asb(html: str) -> None:
    page = parse_page(html)
    (asb,) = page.cards["asb-incidents"]
    assert (asb["value"], asb["target"], asb["period"]) == ("2,939", "2,757", "2019/20 Q2")
    assert "worsened from 2,758 in 2018/19 Q2" in asb["dot"]


def test_a_judgement_is_visibly_a_judgement(html: str) -> None:
    """Newsletter subscribers: Amber by judgement, where the rule gives Red."""
    card = html[html.index('data-indicator="newsletter-subscribers"'):]
    card = card[:card.index("</article>")]
    assert "Rated Amber by judgement." in card
    assert "The rule gives Red" in card
    assert "judged" in card and "· judgement" in card


def test_self_contained_and_script_free(html: str) -> None:
    """No script, no external resource: nothing to fetch, nothing that runs."""
    lowered = html.lower()
    assert "<script" not in lowered
    assert not re.search(r"\s(src|srcset|href)\s*=\s*[\"']?(https?:|//)", lowered)
    assert "@import" not in lowered and "url(" not in lowered
    assert "<link" not in lowered and "<img" not in lowered and "<iframe" not in lowered
    assert not re.search(r"\son[a-z]+\s*=", lowered)


def test_headings_descend_one_level_at_a_time(html: str) -> None:
    levels = [int(tag[1]) for tag, _ in parse_page(html).tags if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1


def test_every_chart_is_named_and_every_table_has_headers(html: str) -> None:
    page = parse_page(html)
    svgs = [dict(a) for t, a in page.tags if t == "svg" and "chart" in (dict(a).get("class") or "")]
    assert len(svgs) >= 49
    ids = {dict(a).get("id") for t, a in page.tags}
    for svg in svgs:
        assert svg.get("role") == "img"
        labelled = (svg.get("aria-labelledby") or "").split()
        assert labelled and all(i in ids for i in labelled)
    assert [t for t, _ in page.tags].count("table") == [t for t, _ in page.tags].count("thead")


def test_same_input_same_bytes(html: str) -> None:
    assert render_html(seed_report().view) == html


# Inert text -----------------------------------------------------------------------------

nasty = st.text(alphabet=st.sampled_from(list("<>&\"'=/ ascriptonlda:!-+@`{}%#;\\")),
                min_size=1, max_size=40)


def _one_card_view(text: str):  # type: ignore[no-untyped-def]
    view = seed_report().view
    theme = view.themes[0]
    card = theme.cards[0]
    measure = replace(card.measures[0], explanation=text, rating_reason=text, direction=text)
    card = replace(card, title=text, texts=(TextBlock(text, text),),
                   commentary=(TextBlock("Performance overview", text),),
                   measures=(measure,), benchmark_text=text)
    row = replace(theme.rows[0], title=text)
    theme = replace(theme, title=text, rows=(row,), cards=(card,))
    return replace(view, title=text, organisation=text, themes=(theme,))


@functools.cache
def _plain_page():  # type: ignore[no-untyped-def]
    return parse_page(render_html(_one_card_view("plain words")))


@given(nasty)
def test_text_from_data_never_becomes_markup(text: str) -> None:
    """Any text in a title, card text, commentary or reason gives the same elements and
    attributes as plain text does, and reads back as itself."""
    plain = _plain_page()
    hostile = parse_page(render_html(_one_card_view(text)))
    shape = [(tag, tuple(name for name, _ in attrs)) for tag, attrs in plain.tags]
    assert [(tag, tuple(name for name, _ in attrs)) for tag, attrs in hostile.tags] == shape
    squashed = " ".join(text.split())
    assert squashed in " ".join("".join(hostile.text).split())


# Templates ------------------------------------------------------------------------------


def test_templates_override_by_name(tmp_path: Path) -> None:
    """A council's own stylesheet replaces kpirules'; the other templates stay."""
    (tmp_path / "report.css").write_text("body { font-family: 'Council Sans'; }\n",
                                         encoding="utf-8")
    branded = render_html(seed_report().view, tmp_path)
    assert "Council Sans" in branded
    assert "--brand" not in branded
    assert branded.count("<article") == 49


def test_broken_template_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "card.html.j2").write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"card\.html\.j2:1"):
        render_html(seed_report().view, tmp_path)
    with pytest.raises(TemplateError, match="no templates folder"):
        render_html(seed_report().view, tmp_path / "missing")


def test_shipped_templates_exist() -> None:
    names = {p.name for p in TEMPLATES.iterdir()}
    assert {"report.html.j2", "card.html.j2", "summary.html.j2", "themes.html.j2",
            "macros.html.j2", "report.css"} <= names


# The command ----------------------------------------------------------------------------


def test_report_command_writes_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(SPECS), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("<article") == 49
    assert "wrote" in capsys.readouterr().err
    again = tmp_path / "again.html"
    assert main(["report", str(SPECS), "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_report_command_bad_period_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["report", str(SPECS), "--period", "2019/20 Q9",
                 "--out", str(tmp_path / "r.html")]) == 2
    assert not (tmp_path / "r.html").exists()


def test_previous_quarter_report(tmp_path: Path) -> None:
    """As at 2019/20 Q1 the report compares with 2018/19 Q4."""
    out = tmp_path / "q1.html"
    assert main(["report", str(SPECS), "--period", "2019/20 Q1", "--out", str(out)]) == 0
    assert "Changes since 2018/19 Q4" in out.read_text(encoding="utf-8")


def test_analyses_render_by_name(tmp_path: Path) -> None:
    """The SPC example's cards show each measure's `spc` analysis, in its own words."""
    specs = SPECS.parent / "examples" / "spc" / "specs"
    catalogue = kpirules.load_catalogue(specs)
    results = kpirules.evaluate(catalogue)
    out = tmp_path / "spc.html"
    assert main(["report", str(specs), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    found = 0
    for result in results:
        for measure in result.measures:
            analysis = measure.analysis("spc")
            if analysis is None:
                continue
            card = text[text.index(f'data-indicator="{result.indicator}"'):]
            card = card[:card.index("</article>")]
            assert 'data-analysis="spc"' in card
            summary = " ".join(analysis.summary().split())
            assert summary in " ".join("".join(parse_page(card).text).split())
            # The process-limit chart is drawn in the card, named for screen readers.
            section = card[card.index('data-analysis="spc"'):]
            assert "<svg" in section
            assert f"{measure.title}: statistical process control chart" in section
            # ... with the reading's icons beside it, when there is a reading to show.
            if analysis.assurance is not None:
                assert '<p class="analysis-icons">' in section
                assert "<desc" in section and "SPC assurance icon" in section
            found += 1
    assert found >= 1
    # Icons and charts of several cards share the page: every element id stays unique.
    ids = re.findall(r' id="([^"]+)"', text)
    assert len(ids) == len(set(ids))


def test_theme_tables_show_the_spc_reading_as_icons(tmp_path: Path) -> None:
    """Where indicators declare SPC, the theme table has an SPC column with each one's
    variation and assurance icons (titled, so they read as words); the seed declares
    none, so its tables have no such column."""
    specs = SPECS.parent / "examples" / "spc" / "specs"
    out = tmp_path / "spc.html"
    assert main(["report", str(specs), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    table = text[text.index('class="data theme-rows"'):]
    table = table[:table.index("</table>")]
    assert '<th scope="col">SPC</th>' in table
    cells = re.findall(r'<td class="spc-icons">(.*?)</td>', table, re.S)
    titles = [re.findall(r"<title[^>]*>([^<]*)</title>", cell) for cell in cells]
    # The readings worked out in tests/test_spc_examples.py, in catalogue order.
    assert titles == [
        ["Special cause of improving variation, low",
         "Assurance: hit and miss: the target is met only some of the time"],
        ["Common cause variation", "Assurance: consistently passing the target"],
        ["Common cause variation", "Assurance: consistently failing the target"],
    ]
    ids = re.findall(r' id="([^"]+)"', text)
    assert len(ids) == len(set(ids))
    seed_html = render_html(seed_report().view)
    assert '<th scope="col">SPC</th>' not in seed_html
    assert '<td class="spc-icons">' not in seed_html
