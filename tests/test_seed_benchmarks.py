"""The seed's benchmark figures, kept in data/benchmarks, and what the cards show of them.

The expected figures are the seed report's own, typed in from the cards' Benchmarking
lines (`../shared/seeds/000_9e737b950769a325.txt`), not values computed by kpirules.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from kpirules.benchmarks import BenchmarkSet, read_benchmarks
from kpirules.periods import Calendar, Period
from kpirules.render.report import render_html
from report_helpers import parse_page, seed, seed_report


@cache
def figures() -> BenchmarkSet:
    return read_benchmarks(seed())


def rows(indicator: str) -> list[tuple[str, str, str, str]]:
    """A card's benchmark rows: label, figure, period, rank."""
    for theme in seed_report().view.themes:
        for card in theme.cards:
            if card.indicator == indicator:
                return [(b.label, b.figure, b.period, b.rank) for b in card.benchmarks]
    raise AssertionError(f"no card for {indicator}")


# Each card's benchmark figures as the seed prints them: label, figure, period, rank.
PRINTED = {
    "a-level-points": [("London", "33.09", "2018", ""), ("National", "32.5", "2018", ""),
                       ("National (as given in the card's history)", "32.49", "2018", ""),
                       ("London", "not yet published", "2019", ""),
                       ("National", "not yet published", "2019", "")],
    "good-outstanding-schools": [("National", "85%", "March 2019", ""),
                                 ("London", "92%", "March 2019", "")],
    "marac-repeat-referrals": [("Metropolitan Police Force average", "22%", "", ""),
                               ("National", "28%", "", ""), ("Most Similar Force", "29%", "", "")],
    "delayed-transfers-of-care": [("Redbridge", "26.4 per 100,000", "2019/20 Q1", ""),
                                  ("Havering", "78.4 per 100,000", "2019/20 Q1", ""),
                                  ("England", "257.4 per 100,000", "2019/20 Q1", "")],
    "care-home-admissions": [("ASCOF England average", "585.6 per 100,000", "2017/18", ""),
                             ("London average", "406.2 per 100,000", "2017/18", "")],
    "asb-incidents": [
        ("London, change in ASB calls to police for the same period", "14.5%", "", ""),
        ("B&D", "25.2 per 1,000", "", ""), ("London", "29.5 per 1,000", "", ""),
        ("B&D RANK", "–", "", "19 of 32 (1 = highest)")],
    "fly-tipping-tonnes": [
        ("London Fly-tipping average incidents", "8,884", "2017/18", ""),
        ("LBBDD", "2,628", "2017/18", ""),
        ("LBBDD ranked within London's 33 boroughs (including City of London)", "–", "2017/18",
         "5 of 33 (1 = lowest)")],
    "waste-per-household": [
        ("London Residual was per household", "536.6 kg", "2017/18", ""),
        ("LBBD", "850.8 kg", "2017/18", ""),
        ("LBBD ranked out of the 33 London boroughs (inc City of London)", "–", "2017/18",
         "2 of 33 (1 = highest)")],
    "repeat-cp-plans": [("London average", "15%", "", ""), ("National average", "20%", "", ""),
                        ("Statistical neighbours", "21%", "", "")],
}


@pytest.mark.parametrize("indicator", sorted(PRINTED))
def test_a_card_shows_the_seed_benchmark_figures(indicator: str) -> None:
    assert rows(indicator) == PRINTED[indicator]


def test_the_ranks_the_seed_prints() -> None:
    """Every "N of M" of the seed's Benchmarking lines, and the one it words as '27 th
    within London's 33 boroughs'."""
    ranks = {(f.indicator, f.rank, f.of, f.first) for f in figures().figures
             if f.rank is not None}
    assert ranks == {
        ("asb-incidents", 19, 32, "highest"), ("violence-with-injury", 15, 32, "highest"),
        ("serious-youth-violence", 2, 32, "highest"), ("fly-tipping-tonnes", 5, 33, "lowest"),
        ("recycling-per-household", 27, 33, None), ("waste-per-household", 2, 33, "highest")}


def test_the_html_card_prints_the_benchmark_table() -> None:
    html = render_html(seed_report().view)
    text = " ".join(" ".join(parse_page(html).text).split())
    for words in ("London 33.09 2018", "National 32.5 2018", "National 85% March 2019",
                  "London 92% March 2019", "Most Similar Force 29%", "19 of 32 (1 = highest)",
                  "15 of 32 (1 = highest)", "2 of 32 (1 = highest)", "27 of 33"):
        assert words in text, words


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(found.replace(",", "")) for found in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def test_every_figure_is_one_the_card_states() -> None:
    """Each benchmark figure, count and rank is a number printed in its card's words (the
    benchmarking text, or the history and 'what good looks like' it quotes): nothing is
    made up or worked out."""
    catalogue = seed()
    for figure in figures().figures:
        spec = catalogue.indicator(figure.indicator).spec
        card = spec.card
        words = " ".join(text for text in (
            spec.benchmarking.text if spec.benchmarking else None, card.history,
            card.what_good_looks_like) if text)
        stated = _numbers(words)
        for number in (figure.value, figure.numerator, figure.rank, figure.of):
            if number is not None:
                assert Decimal(number) in stated, (figure.indicator, number)


def test_the_seed_moved_every_figure() -> None:
    """22 cards' figures: 53 values and 6 ranks in 65 rows; no spec lists figures now."""
    found = figures().figures
    assert len({f.indicator for f in found}) == 22
    assert (len(found), sum(f.value is not None for f in found),
            sum(f.rank is not None for f in found)) == (65, 53, 6)
    for indicator in seed().indicators:
        assert "values" not in (indicator.spec.benchmarking.model_fields_set
                                if indicator.spec.benchmarking else set())


def test_free_worded_periods_stay_undated() -> None:
    """'2018/19 (Dec.- Feb. average)', 'Jan 2018 to December 2018', 'the same period' are
    not periods of the indicators' calendars: the rows are undated, the words in the
    note, and such a row is never compared."""
    for indicator, words in (("neet-or-unknown", "Dec.- Feb. average"),
                             ("marac-repeat-referrals", "Jan 2018 to December 2018"),
                             ("asb-incidents", "the same period")):
        found = [f for f in figures().figures if f.indicator == indicator
                 and f.note is not None and words in f.note]
        assert found, indicator
        assert all(f.period is None and not f.comparable for f in found)


def test_only_dated_figures_in_the_measure_unit_are_compared() -> None:
    """London's 29.5 per 1,000 is no benchmark for a count of calls; England's 585.6 per
    100,000 for 2017/18 is one for the care home admission rate."""
    found = figures()
    year = Period.parse("2017/18", Calendar.FINANCIAL)
    england = found.find("care-home-admissions", "value", "england", year)
    assert england is not None and england.value == Decimal("585.6")
    london = [f for f in found.for_indicator("asb-incidents") if f.benchmark == "london"]
    assert {f.value for f in london} == {Decimal("14.5"), Decimal("29.5")}
    assert all(not f.comparable for f in london)
    quarter = Period.parse("2019/20 Q2", Calendar.FINANCIAL)
    assert found.find("asb-incidents", "value", "london", quarter, latest=True) is None
    waste = found.find("waste-per-household", "value", "london",
                       Period.parse("2017/18", Calendar.FINANCIAL))
    assert waste is not None and waste.value == Decimal("536.6") and waste.unit is None


def test_a_figure_stated_twice_is_compared_by_its_first_statement() -> None:
    """The A level card gives National 2018 as 32.5 in its benchmarking and 32.49 in its
    history; the benchmarking's (the row without a ref) is the one compared."""
    found = figures().find("a-level-points", "value", "national",
                           Period.parse("2018", Calendar.CALENDAR))
    assert found is not None and found.value == Decimal("32.5")


def test_the_methodology_pages_print_the_seed_benchmark_figures() -> None:
    """The committed pages (kept current by test_docs_cli) show the cards' figures."""
    docs = Path(__file__).resolve().parents[1] / "docs" / "indicators"
    expected = {
        "a-level-points.md": ["| London | 33.09 | 2018 |", "| National | 32.5 | 2018 |"],
        "good-outstanding-schools.md": ["| National | 85% | March 2019 |",
                                        "| London | 92% | March 2019 |"],
        "marac-repeat-referrals.md": ["| Metropolitan Police Force average | 22% |",
                                      "| National | 28% |", "| Most Similar Force | 29% |"],
        "asb-incidents.md": ["| 19 of 32 (1 = highest) |"],
    }
    for name, lines in expected.items():
        text = (docs / name).read_text()
        for line in lines:
            assert line in text, (name, line)
