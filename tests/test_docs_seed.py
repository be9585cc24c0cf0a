"""The generated pages of the seed catalogue, pinned for indicators of different kinds.

The expected words are written from each spec and the seed report's card, not copied
from the renderer: they say what the card's rule is, and the test checks the page says
it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kpirules.catalogue import Catalogue, load_catalogue
from kpirules.observations import read_observations
from kpirules.render.methodology import methodology
from kpirules.render.site import build_site
from kpirules.reports import read_reports

SPECS = Path(__file__).resolve().parents[1] / "specs"


@pytest.fixture(scope="module")
def seed() -> Catalogue:
    return load_catalogue(SPECS)


@pytest.fixture(scope="module")
def site(seed: Catalogue) -> dict[str, str]:
    return build_site(seed, read_observations(seed), read_reports(seed))


def words(seed: Catalogue, indicator: str) -> str:
    return methodology(seed.indicator(indicator), seed)


def test_cumulative_count_reads_as_the_card_states_it(seed: Catalogue) -> None:
    """ASB calls: lower is better, a year-to-date total, a quarterly profile, the 5% rule."""
    assert (
        "Lower is better. Reported as a cumulative financial-year-to-date total of calls to "
        "the police. Target 2019/20: 1,357 / 2,757 / 4,005 / 5,226 by quarter. Target "
        "2018/19: not stated. Green when at or below target; Amber when no more than 5% "
        "above; Red otherwise. Direction of travel compares with the same quarter of the "
        "previous year.\n"
    ) in words(seed, "asb-incidents")


def test_band_percentage_says_band_ratio_and_points(seed: Catalogue) -> None:
    """MARAC repeat referrals: a 28-40% band, a quarterly ratio, a tolerance in points."""
    text = words(seed, "marac-repeat-referrals")
    assert "Better within the target band: too low and too high are both worse." in text
    assert ("Reported as a percentage: repeat cases of domestic abuse within the last 12 "
            "months referred to the MARAC divided by cases discussed at the MARAC, times "
            "100; each figure is for the quarter alone.") in text
    assert ("A year-to-date or whole-year figure adds up the quarters' numerators and "
            "denominators before dividing, so each quarter is weighted by its "
            "denominator.") in text
    assert "Target 2019/20: between 28% and 40% in every quarter, both included." in text
    assert ("Green when within the target band; Amber when outside it by no more than 5 "
            "percentage points; Red otherwise.") in text


def test_unweighted_year_to_date_is_said(seed: Catalogue) -> None:
    """FPNs paid: the year to date is the plain mean of the quarters, and says so."""
    assert ("A year-to-date or whole-year figure is the unweighted mean of the quarters' "
            "figures.") in words(seed, "fpn-paid")


def test_rate_names_population_per_and_year_with_its_figures(seed: Catalogue) -> None:
    """Care home admissions: per 100,000 people aged 65+, for the same year, with the
    implied population figures and where they come from."""
    text = words(seed, "care-home-admissions")
    assert ("Reported as a rate per 100,000 residents aged 65 and over: permanent "
            "admissions of people aged 65+ to residential and nursing care homes, divided "
            "by the population for the same financial year, times 100,000; each figure is "
            "for the financial year to date.") in text
    assert "Target 2019/20: 189.8 / 379.7 / 569.5 / 759.3 per 100,000 by quarter." in text
    assert ("The population, Residents aged 65 and over (`people-65-plus`), is 19,755 for "
            "2019/20 (implied, not stated; source: Implied: 110 admissions = 556.8 and a "
            "target of 150 admissions = 759.3 per 100,000), 19,795 for 2018/19") in text
    assert "Green when at or below target; Amber when no more than 5% above" in text


def test_population_without_figures_says_rates_are_used_as_published(
        seed: Catalogue) -> None:
    """First time entrants: the catalogue gives no population, and the page says so."""
    assert ("The catalogue declares no figure for Residents aged 10 to 17 "
            "(`young-people-10-17`), so a published figure is used as it was published "
            "and is not recalculated.") in words(seed, "first-time-entrants")


def test_annual_survey_reads_by_calendar_year(seed: Catalogue) -> None:
    """Council listens: a survey of 1,101, one figure a year, compared with last year."""
    text = words(seed, "council-listens")
    assert (
        "Higher is better. Reported as the result of a survey of 1,101 respondents: the "
        "percentage of residents who say the Council listens to their concerns. A survey "
        "result stands alone: results are not added up or averaged across periods. Target "
        "2018: 58%. Target 2017: not stated. Green when at or above target; Amber when no "
        "more than 5 percentage points below; Red otherwise. Direction of travel compares "
        "with the previous year.\n"
    ) in text
    assert ("Figures are annual, for calendar years (January to December), and shown as "
            "whole numbers.") in text


def test_contextual_measure_without_target_has_no_rule_words(seed: Catalogue) -> None:
    """FPNs issued: no polarity and no target, so no RAG rule and no direction."""
    text = words(seed, "fpn-issued")
    assert (
        "A contextual measure: neither higher nor lower is better, so it has no RAG rating "
        "and no direction of travel. Reported as the number of fixed penalty notices issued "
        "in each quarter alone, not a running total. Target 2019/20: not set. Target "
        "2018/19: not set.\n"
    ) in text
    assert "Green when" not in text
    assert "Direction of travel compares" not in text


def test_targets_in_words(seed: Catalogue) -> None:
    """To be agreed, n/a for one quarter, and an annual target are said in words."""
    assert "Target 2019: to be agreed." in words(seed, "green-flag-parks")
    assert ("Target 2019/20: 4.0% / n/a / 3.5% / 3.5% by quarter, with no target (n/a) for "
            "Q2, so that quarter is not rated.") in words(seed, "neet-or-unknown")
    assert "Target 2019/20: 1,236." in words(seed, "new-homes")


def test_comparator_lag_and_measures(seed: Catalogue) -> None:
    """A previous-quarter comparator, a lag, and an indicator of several measures."""
    assert "Direction of travel compares with the previous quarter." in words(
        seed, "healthy-lifestyles-completion")
    assert "Figures are reported 1 month in arrears" in words(seed, "delayed-transfers-of-care")
    pay_gap = words(seed, "gender-pay-gap")
    assert "This indicator reports 2 measures" in pay_gap
    assert "### Median gender pay gap (£ per hour, men minus women)" in pay_gap
    assert ("Against a target of zero, 5% of the target is nothing, so only the target "
            "itself is Green and any other figure is Red.") in pay_gap


def test_breakdowns_and_encoding_notes_are_shown(seed: Catalogue) -> None:
    """A breakdown that gives the headline's share, and the spec's encoding notes."""
    text = words(seed, "bme-employees")
    assert ("by service block and ethnicity, in counts of employees (whole numbers); the "
            "headline is the share of the breakdown's total that is BAME by ethnicity.") in text
    assert "### Encoding notes" in text
    assert "- The title and the overview's wording mix 'BME' and 'BAME'" in text


def test_judgement_is_said_with_its_reason(site: dict[str, str]) -> None:
    """Newsletter subscribers: Amber by judgement where the 5% rule gives Red."""
    assert (
        "The rating published for 2019/20 Q2 is a judgement: Amber where the rule gives "
        "Red, because: \"subscriber numbers have stayed the same and are below the Q2 "
        "16,000 target as we haven't carried out targeted comms activity to drive up "
        "subscribers\" (Performance Overview)."
    ) in site["newsletter-subscribers.md"]


def test_page_with_data_has_latest_figures_table_and_trend(site: dict[str, str]) -> None:
    """ASB calls as at 2019/20 Q2: the figures, the two years' table and the trend chart."""
    page = site["asb-incidents.md"]
    assert "## Figures as at 2019/20 Q2" in page
    assert "- **Value**: 2,939" in page
    assert "- **Target**: 2,757" in page
    assert ("- **RAG**: Red, by the rule: 6.6% worse than target, beyond the amber "
            "tolerance of 5% of the target") in page
    assert "- **Direction of travel**: worsened from 2,758 in 2018/19 Q2" in page
    assert "| 2019/20 | 1,402 | 2,939 | not yet published | not yet published |" in page
    assert "| Target 2019/20 | 1,357 | 2,757 | 4,005 | 5,226 |" in page
    assert "| 2018/19 | 1,358 | 2,758 | 4,006 | 5,227 |" in page
    assert "](asb-incidents.svg)" in page
    assert "asb-incidents.svg" in site
    assert "**Performance overview.** FYTD at September 2019 there were 2939" in page


def test_index_lists_every_indicator_by_theme(seed: Catalogue, site: dict[str, str]) -> None:
    """The index has each theme in order and a linked row per indicator."""
    index = site["index.md"]
    headings = [line[3:] for line in index.splitlines() if line.startswith("## ")]
    assert headings == [theme.title for theme in seed.themes()]
    for indicator in seed.indicators:
        assert f"]({indicator.id}.md)" in index
    assert ("| [The number of anti-social behaviour incidents reported in the borough]"
            "(asb-incidents.md) | count | lower is better | quarterly (financial year) | "
            "1,357 / 2,757 / 4,005 / 5,226 (2019/20) | Red, 2019/20 Q2 |") in index
