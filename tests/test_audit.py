"""The audit: each check flags a constructed inconsistency and passes consistent figures."""

from __future__ import annotations

import tempfile
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import write_catalogue
from kpirules.audit import AuditReport, FindingSeverity, audit
from kpirules.catalogue import Catalogue, load_catalogue
from kpirules.observations import COLUMNS, ObservationSet, parse_observations_csv
from kpirules.reports import parse_report_files

CATALOGUE = """\
id: audited
title: Audited catalogue
latest_report: 2019/20 Q2
defaults:
  rag:
    tolerance: {relative: 5, points: 5}
  population_tolerance: 3
themes:
  - {id: things, title: Things}
populations:
  people:
    title: People
    figures:
      - {year: 2019/20, value: 20000, source: test}
      - {year: 2018/19, value: 19800, source: test}
"""

SPECS = {
    "calls": """\
id: calls
title: Calls
theme: things
card: {definition: Calls received.}
polarity: lower_is_better
unit: count
aggregation: cumulative
targets:
  2019/20: {profile: [100, 200, 300, 400]}
""",
    "fines": """\
id: fines
title: Fines issued
theme: things
card: {definition: Fines issued.}
polarity: higher_is_better
unit: count
aggregation: discrete
targets:
  2019/20: {none: not_set}
""",
    "share": """\
id: share
title: Share done in time
theme: things
card: {definition: A share.}
polarity: higher_is_better
unit: percentage
decimals: 1
aggregation: {kind: ratio, numerator: done in time, denominator: done, span: year_to_date}
targets:
  2019/20: {value: 80}
breakdowns:
  - {id: by-team, title: By team, dimensions: [team, outcome], unit: count,
     total: {share: {outcome: in-time}}}
""",
    "paid": """\
id: paid
title: Share paid
theme: things
card: {definition: Paid.}
polarity: higher_is_better
unit: percentage
decimals: 1
aggregation: {kind: ratio, numerator: paid, denominator: issued, year_to_date: unweighted}
targets:
  2019/20: {value: 75}
""",
    "admissions": """\
id: admissions
title: Admissions per 100,000
theme: things
card: {definition: Admissions.}
polarity: lower_is_better
unit: {kind: rate, per: 100000, population: people}
decimals: 1
aggregation: {kind: rate, numerator: admissions, span: year_to_date}
targets:
  2019/20: {profile: [n/a, 500, 750, 1000]}
""",
}


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    return load_catalogue(write_catalogue(tmp_path_factory.mktemp("audited"), CATALOGUE, SPECS))


def _rows(*lines: str) -> str:
    return "\n".join((",".join(COLUMNS), *lines)) + "\n"


def run(catalogue: Catalogue, csv_text: str, report: str | None = None) -> AuditReport:
    rows, issues = parse_observations_csv(csv_text, "obs.csv", catalogue)
    assert [i.format() for i in issues if i.blocking] == []
    reports = {}
    if report is not None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.yaml"
            path.write_text("report: 2019/20 Q2\ntitle: Test report\nassessments:\n" + report)
            reports, problems = parse_report_files(catalogue, [path])
            assert [i.format() for i in problems] == []
    return audit(catalogue, ObservationSet(rows), reports)


def codes(report: AuditReport, *severities: FindingSeverity) -> list[str]:
    wanted = severities or tuple(FindingSeverity)
    return sorted(f.code for f in report.findings if f.severity in wanted)


# --- AUD001: a ratio from its numerator and denominator ---------------------------------


def test_a_ratio_that_its_parts_do_not_give_is_flagged(catalogue):
    """18% printed for 28/145 (19.3%) is an error located at the printed figure."""
    report = run(catalogue, _rows("share,,2019/20 Q2,,,,value,18,,table,,",
                                  "share,,2019/20 Q2,,,,numerator,28,,commentary,,",
                                  "share,,2019/20 Q2,,,,denominator,145,,commentary,,"))
    assert codes(report) == ["AUD001"]
    finding = report.findings[0]
    assert finding.severity is FindingSeverity.ERROR
    assert finding.location.line == 2
    assert finding.published == "18"
    assert "28 / 145 * 100 = 19.31" in (finding.computation or "")


def test_a_ratio_within_its_published_rounding_is_not_flagged(catalogue):
    """94% printed for 263/279 (94.27%) agrees to the published rounding."""
    report = run(catalogue, _rows("share,,2019/20 Q2,,,,value,94,,table,,",
                                  "share,,2019/20 Q2,,,,numerator,263,,commentary,,",
                                  "share,,2019/20 Q2,,,,denominator,279,,commentary,,"))
    assert codes(report) == []


def test_a_rate_from_count_and_population(catalogue):
    """A rate per 100,000 is checked against its count over the catalogue's population."""
    good = run(catalogue, _rows("admissions,,2019/20 Q2,,,,value,550.0,,table,,",
                                "admissions,,2019/20 Q2,,,,numerator,110,,commentary,,"))
    assert codes(good) == []
    bad = run(catalogue, _rows("admissions,,2019/20 Q2,,,,value,556.8,,table,,",
                               "admissions,,2019/20 Q2,,,,numerator,110,,commentary,,"))
    assert codes(bad) == ["AUD001"]


# --- AUD002 / AUD003: year to date --------------------------------------------------------


def test_a_year_to_date_that_is_not_the_sum_is_flagged(catalogue):
    """A YTD of 659 for quarters of 344 and 314 is an error; 658 is not."""
    bad = run(catalogue, _rows("fines,,2019/20 Q1,,,,value,344,,table,,",
                               "fines,,2019/20 Q2,,,,value,314,,table,,",
                               "fines,,2019/20 Q2,year_to_date,,,value,659,,table,,"))
    assert codes(bad) == ["AUD002"]
    assert bad.findings[0].expected == "658"
    good = run(catalogue, _rows("fines,,2019/20 Q1,,,,value,344,,table,,",
                                "fines,,2019/20 Q2,,,,value,314,,table,,",
                                "fines,,2019/20 Q2,year_to_date,,,value,658,,table,,"))
    assert codes(good) == []


def test_an_unweighted_year_to_date_outside_its_quarters_is_flagged(catalogue):
    """A year to date above every quarter cannot be their mean: AUD002 and AUD003."""
    lines = ["paid,,2019/20 Q1,,,,value,67.5,,table,,", "paid,,2019/20 Q2,,,,value,78.4,,table,,",
             "paid,,2019/20 Q2,year_to_date,,,value,83.2,,table,,"]
    assert codes(run(catalogue, _rows(*lines))) == ["AUD002", "AUD003"]


def test_a_mean_of_rounded_quarters_printed_half_even_is_rounding_level(catalogue):
    """72.9 printed for the mean 72.95 of 67.5 and 78.4 is a rounding finding only."""
    report = run(catalogue, _rows("paid,,2019/20 Q1,,,,value,67.5,,table,,",
                                  "paid,,2019/20 Q2,,,,value,78.4,,table,,",
                                  "paid,,2019/20 Q2,year_to_date,,,value,72.9,,table,,"))
    assert codes(report) == ["AUD002"]
    assert report.findings[0].severity is FindingSeverity.ROUNDING


# --- AUD004 / AUD005 / AUD007: parts and restatements ----------------------------------


def test_monthly_figures_that_do_not_add_up_to_the_quarter_are_flagged(catalogue):
    """July, August and September must add up to the quarter the table implies."""
    lines = ["calls,,2019/20 Q1,,,,value,220,,table,,", "calls,,2019/20 Q2,,,,value,417,,table,,",
             "calls,,2019-07,period,,,value,85,,commentary,,",
             "calls,,2019-08,period,,,value,59,,commentary,,"]
    good = run(catalogue, _rows(*lines, "calls,,2019-09,period,,,value,53,,commentary,,"))
    assert codes(good) == []
    bad = run(catalogue, _rows(*lines, "calls,,2019-09,period,,,value,54,,commentary,,"))
    assert codes(bad) == ["AUD004"]
    assert "85 + 59 + 54 = 198" in (bad.findings[0].computation or "")


def test_a_figure_restated_differently_in_the_commentary_is_flagged(catalogue):
    """The table's 118 and the commentary's 117 for the same period disagree."""
    report = run(catalogue, _rows("calls,,2018/19 Q2,,,,value,118,,table,,",
                                  "calls,,2018/19 Q2,,,,value,117,,commentary,,"))
    assert codes(report) == ["AUD005"]
    same = run(catalogue, _rows("calls,,2018/19 Q2,,,,value,118,,table,,",
                                "calls,,2018/19 Q2,,,,value,118,,commentary,,"))
    assert codes(same) == []


def test_a_history_year_that_disagrees_with_the_table_is_flagged(catalogue):
    """A history figure of 275 for a year the table ends at 276 is an AUD007 error."""
    lines = ["calls,,2018/19 Q4,,,,value,276,,table,,"]
    bad = run(catalogue, _rows(*lines, "calls,,2018/19,,,,value,275,,history,,"))
    assert codes(bad) == ["AUD007"]
    good = run(catalogue, _rows(*lines, "calls,,2018/19,,,,value,276,,history,,"))
    assert codes(good) == []


def test_a_more_precise_restatement_that_rounds_to_the_table_is_not_flagged(catalogue):
    """32.17 in the history and 32.2 in the table are the same figure."""
    report = run(catalogue, _rows("paid,,2018/19 Q2,,,,value,32.2,,table,,",
                                  "paid,,2018/19 Q2,,,,value,32.17,,history,,"))
    assert codes(report) == []


# --- AUD006: implied populations --------------------------------------------------------


def test_a_jump_in_the_implied_population_is_flagged(catalogue):
    """Counts and rates implying populations 10% apart draw a warning; 1% apart do not."""
    steady = run(catalogue, _rows(
        "admissions,,2019/20 Q1,,,,value,250.0,,table,,",
        "admissions,,2019/20 Q1,,,,numerator,50,,commentary,,",
        "admissions,,2019/20 Q2,,,,value,500.0,,table,,",
        "admissions,,2019/20 Q2,,,,numerator,101,,commentary,,"))
    assert "AUD006" not in codes(steady)
    jumping = run(catalogue, _rows(
        "admissions,,2019/20 Q1,,,,value,250.0,,table,,",
        "admissions,,2019/20 Q1,,,,numerator,50,,commentary,,",
        "admissions,,2019/20 Q2,,,,value,500.0,,table,,",
        "admissions,,2019/20 Q2,,,,numerator,110,,commentary,,"))
    assert "AUD006" in codes(jumping, FindingSeverity.WARNING)


# --- AUD010-012: arrows; AUD020-023: ratings --------------------------------------------

CALLS_Q2 = ["calls,,2019/20 Q2,,,,value,190,,table,,", "calls,,2018/19 Q2,,,,value,210,,table,,"]


def _assessment(indicator: str, rag: str | None, dot: str | None, extra: str = "") -> str:
    lines = [f"  - indicator: {indicator}", "    period: 2019/20 Q2"]
    if rag is not None:
        lines.append(f"    rag: {rag}")
    if dot is not None:
        lines.append(f'    dot: "{dot}"')
    return "\n".join(lines) + "\n" + extra


def test_an_arrow_the_values_contradict_is_flagged(catalogue):
    """Fewer calls (lower is better) printed with a worsening arrow is an error."""
    good = run(catalogue, _rows(*CALLS_Q2), _assessment("calls", "G", "↑"))
    assert codes(good) == []
    bad = run(catalogue, _rows(*CALLS_Q2), _assessment("calls", "G", "↓"))
    assert codes(bad) == ["AUD010"]


def test_a_missing_arrow_and_an_arrow_without_comparison_are_flagged(catalogue):
    """No arrow where one is computable, or an arrow with no comparator, are warnings."""
    missing = run(catalogue, _rows(*CALLS_Q2), _assessment("calls", "G", None))
    assert codes(missing) == ["AUD011"]
    lonely = run(catalogue, _rows("calls,,2019/20 Q2,,,,value,190,,table,,"),
                 _assessment("calls", "G", "↑"))
    assert codes(lonely) == ["AUD012"]


def test_ratings_without_rule_or_judgement_are_flagged(catalogue):
    """A rating the rule does not give needs a judgement; without a target it is questioned."""
    unexplained = run(catalogue, _rows(*CALLS_Q2), _assessment("calls", "R", "↑"))
    assert codes(unexplained) == ["AUD021"]
    judged = run(catalogue, _rows(*CALLS_Q2), _assessment(
        "calls", "R", "↑", "    judgement: {rating: R, reason: the report's own words here}\n"))
    assert codes(judged) == []
    no_target = run(catalogue, _rows("fines,,2019/20 Q2,,,,value,9,,table,,"),
                    _assessment("fines", "G", None, "    judgement: {rating: G, reason: why}\n"))
    assert codes(no_target) == ["AUD020"]


def test_a_rating_for_a_period_whose_target_is_na_is_flagged(catalogue):
    """Admissions' Q1 target is n/a; a rating for Q1 draws AUD022."""
    report = run(catalogue, _rows("admissions,,2019/20 Q1,,,,value,250.0,,table,,"),
                 "  - indicator: admissions\n    period: 2019/20 Q1\n    rag: G\n"
                 "    judgement: {rating: G, reason: better than last year}\n")
    assert "AUD022" in codes(report)


# --- AUD030 / AUD031: breakdowns --------------------------------------------------------


def test_breakdown_repeats_and_totals(catalogue):
    """A repeated printed row is an error; a share the headline does not match is an error."""
    head = ["share,,2019/20 Q2,,,,value,40.0,,table,,"]
    rows = ["share,,2019/20 Q2,,by-team,A; in-time,value,20,,table,row 1,",
            "share,,2019/20 Q2,,by-team,A; late,value,30,,table,row 1,",
            "share,,2019/20 Q2,,by-team,B; in-time,value,20,,table,row 2,",
            "share,,2019/20 Q2,,by-team,B; late,value,30,,table,row 2,"]
    assert codes(run(catalogue, _rows(*head, *rows))) == []
    repeated = [*rows,
                "share,,2019/20 Q2,,by-team,A; in-time,value,20,,table,row 3,",
                "share,,2019/20 Q2,,by-team,A; late,value,30,,table,row 3,"]
    assert codes(run(catalogue, _rows(*head, *repeated))) == ["AUD030"]
    off = run(catalogue, _rows("share,,2019/20 Q2,,,,value,45.0,,table,,", *rows))
    assert codes(off) == ["AUD031"]


# --- consistent data is never flagged ----------------------------------------------------


def _half_up(value: Fraction, places: int) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(monthly=st.lists(st.integers(0, 400), min_size=6, max_size=6),
       done=st.lists(st.tuples(st.integers(0, 300), st.integers(1, 300)), min_size=2,
                     max_size=2).map(lambda ps: [(min(a, b), b) for a, b in ps]),
       admissions=st.lists(st.integers(0, 200), min_size=2, max_size=2))
def test_consistent_figures_are_never_flagged(catalogue, monthly, done, admissions):
    """Figures derived faithfully from one random series draw no finding at all."""
    lines = []
    quarters = [sum(monthly[:3]), sum(monthly[3:])]
    months = ["2019-04", "2019-05", "2019-06", "2019-07", "2019-08", "2019-09"]
    for month, figure in zip(months, monthly, strict=True):
        lines.append(f"calls,,{month},period,,,value,{figure},,commentary,,")
    lines.append(f"calls,,2019/20 Q1,,,,value,{quarters[0]},,table,,")
    lines.append(f"calls,,2019/20 Q2,,,,value,{sum(quarters)},,table,,")
    lines.append(f"calls,,2019/20 Q2,period,,,value,{quarters[1]},,commentary,,")
    for q, figure in zip(("Q1", "Q2"), quarters, strict=True):
        lines.append(f"fines,,2019/20 {q},,,,value,{figure},,table,,")
    lines.append(f"fines,,2019/20 Q2,year_to_date,,,value,{sum(quarters)},,table,,")
    top = bottom = 0
    for q, (n, d) in zip(("Q1", "Q2"), done, strict=True):
        top, bottom = top + n, bottom + d
        lines.append(f"share,,2019/20 {q},,,,value,{_half_up(Fraction(top * 100, bottom), 1)},"
                     ",table,,")
        lines.append(f"share,,2019/20 {q},,,,numerator,{top},,commentary,,")
        lines.append(f"share,,2019/20 {q},,,,denominator,{bottom},,commentary,,")
    rates = [_half_up(Fraction(n * 100, d), 1) for n, d in done]
    for q, rate in zip(("Q1", "Q2"), rates, strict=True):
        lines.append(f"paid,,2019/20 {q},,,,value,{rate},,table,,")
    lines.append(f"paid,,2019/20 Q2,year_to_date,,,value,"
                 f"{_half_up(Fraction(sum(rates)) / 2, 1)},,table,,")
    count = 0
    for q, extra in zip(("Q1", "Q2"), admissions, strict=True):
        count += extra
        lines.append(f"admissions,,2019/20 {q},,,,value,"
                     f"{_half_up(Fraction(count * 100000, 20000), 1)},,table,,")
        lines.append(f"admissions,,2019/20 {q},,,,numerator,{count},,commentary,,")
    report = run(catalogue, _rows(*lines))
    assert [(f.code, f.message) for f in report.findings] == []
