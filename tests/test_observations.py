"""The observation reader: every bad row reported with file, row and column; nothing dropped."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import write_catalogue
from kpirules.catalogue import Catalogue, load_catalogue
from kpirules.errors import DataError
from kpirules.observations import (
    COLUMNS,
    Status,
    parse_observation_files,
    parse_observations_csv,
    read_observations,
)

HEADER = ",".join(COLUMNS)

CATALOGUE = """\
id: tiny
title: Tiny catalogue
latest_report: 2019/20 Q2
defaults:
  rag:
    tolerance: {relative: 5, points: 5}
themes:
  - {id: things, title: Things}
populations:
  people:
    title: People
    figures:
      - {year: 2019/20, value: 1000, source: test}
"""

CALLS = """\
id: calls
title: Calls
theme: things
card: {definition: Calls received.}
polarity: lower_is_better
unit: count
aggregation: cumulative
targets:
  2019/20: {value: 100}
"""

SHARE = """\
id: share
title: Share
theme: things
card: {definition: A share.}
polarity: higher_is_better
unit: percentage
aggregation: {kind: ratio, numerator: yes-answers, denominator: answers}
breakdowns:
  - {id: by-team, title: By team, dimensions: [team, answer], unit: count}
"""

PAY = """\
id: pay
title: Pay gap
theme: things
card: {definition: The gap.}
polarity: closest_to
unit: money
aggregation: snapshot
measures:
  - {id: mean, title: Mean}
  - {id: median, title: Median}
"""


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    specs = {"calls": CALLS, "share": SHARE, "pay": PAY}
    return load_catalogue(write_catalogue(tmp_path_factory.mktemp("tiny"), CATALOGUE, specs))


def _read(catalogue: Catalogue, *lines: str):
    text = "\n".join((HEADER, *lines)) + "\n"
    return parse_observations_csv(text, "obs.csv", catalogue)


def _only_issue(catalogue: Catalogue, line: str):
    rows, issues = _read(catalogue, line)
    assert rows == []
    assert len(issues) == 1, [i.format() for i in issues]
    return issues[0]


def test_a_good_row_keeps_its_published_precision(catalogue):
    """A figure is kept exactly as written: 72.0 stays one decimal place."""
    rows, issues = _read(catalogue, "calls,,2019/20 Q1,,,,value,72.0,,table,,")
    assert issues == []
    assert rows[0].figure == Decimal("72.0")
    assert str(rows[0].figure) == "72.0"
    assert rows[0].status is Status.FINAL


@pytest.mark.parametrize(
    ("line", "code", "column", "words"),
    [
        ("calls,,2019/20 Q1,,,,value,12a,,table,,", "KPI103", 8, "12a"),
        ("calls,,2019/20 Q1,,,,value,\"1,402\",,table,,", "KPI103", 8, "separator"),
        ("call,,2019/20 Q1,,,,value,1,,table,,", "KPI104", 1, "did you mean 'calls'"),
        ("calls,,2019 Q5,,,,value,1,,table,,", "KPI105", 3, "2019 Q5"),
        ("calls,,2019,,,,value,1,,table,,", "KPI105", 3, "financial"),
        ("calls,,2019/20 Q1,,,,value,-3,,table,,", "KPI107", 8, "negative"),
        ("share,,2019/20 Q1,,,,denominator,0,,table,,", "KPI108", 8, "positive"),
        ("calls,,2019/20 Q1,,,,value,,,table,,", "KPI109", 0, "status"),
        ("calls,,2019/20 Q1,,,,value,3,not_available,table,,", "KPI109", 9, "no figure"),
        ("calls,,2019/20 Q1,,,,value,3,finall,table,,", "KPI110", 9, "did you mean 'final'"),
        ("calls,,2019/20 Q1,,,,value,3,,tabel,,", "KPI111", 10, "did you mean 'table'"),
        ("calls,,2019/20 Q1,quarterly,,,value,3,,table,,", "KPI111", 4, "span"),
        ("calls,,2019/20 Q1,,,,numerator,3,,table,,", "KPI111", 7, "quantity"),
        ("pay,,2019/20 Q1,,,,value,3,,table,,", "KPI111", 1, "mean, median"),
        ("pay,mode,2019/20 Q1,,,,value,3,,table,,", "KPI111", 2, "unknown measure"),
        ("calls,mean,2019/20 Q1,,,,value,3,,table,,", "KPI111", 2, "single measure"),
        ("share,,2019/20 Q1,,by-teem,A; yes,value,3,,table,,", "KPI111", 5, "by-team"),
        ("share,,2019/20 Q1,,by-team,A,value,3,,table,,", "KPI111", 6, "2 members"),
        ("share,,2019/20 Q1,,by-team,A; yes,value,-1,,table,,", "KPI107", 8, "negative"),
    ],
)
def test_each_bad_row_is_reported_at_its_column(catalogue, line, code, column, words):
    """A bad row yields one issue with the right code, row and column, and no row."""
    issue = _only_issue(catalogue, line)
    assert issue.code == code
    assert issue.location.path == "obs.csv"
    assert issue.location.line == 2
    assert issue.location.column == column
    assert words in issue.message


def test_duplicate_rows_name_the_first(catalogue):
    """Two rows with the same key are an error naming the first row's place."""
    found, problems = _read(catalogue, "calls,,2019/20 Q1,,,,value,1,,table,,",
                            "calls,,2019/20 Q1,,,,value,2,,table,,")
    assert len(found) == 1
    assert [i.code for i in problems] == ["KPI106"]
    assert problems[0].location.line == 3
    assert "obs.csv:2" in problems[0].message


def test_a_row_printed_twice_is_kept_with_a_ref(catalogue):
    """The same figure printed twice by the source is two rows when each has a ref."""
    rows, issues = _read(catalogue, "calls,,2019/20 Q1,,,,value,1,,table,row 1,",
                         "calls,,2019/20 Q1,,,,value,1,,table,row 17,")
    assert issues == []
    assert len(rows) == 2


def test_header_problems_stop_the_file(catalogue):
    """Unknown and missing columns are reported against the header, with a suggestion."""
    rows, issues = parse_observations_csv("indicator,periode,figure\ncalls,2019/20 Q1,1\n",
                                          "obs.csv", catalogue)
    assert rows == []
    codes = sorted(i.code for i in issues)
    assert codes == ["KPI101", "KPI102"]
    unknown = next(i for i in issues if i.code == "KPI102")
    assert unknown.location.line == 1 and unknown.location.column == 2
    assert "did you mean 'period'" in unknown.message


def test_a_short_row_is_reported_not_padded(catalogue):
    """A row with too few fields is an error, not a row with empty cells."""
    rows, issues = parse_observations_csv(HEADER + "\ncalls,,2019/20 Q1\n", "obs.csv", catalogue)
    assert rows == []
    assert [i.code for i in issues] == ["KPI100"]


def test_invalid_utf8_is_located(catalogue):
    """Bytes that are not UTF-8 are reported with their line."""
    data = (HEADER + "\ncalls,,2019/20 Q1,,,,value,1,,table,,caf\xe9\n").encode("latin-1")
    rows, issues = parse_observations_csv(data, "obs.csv", catalogue)
    assert rows == []
    assert issues[0].code == "KPI100" and issues[0].location.line == 2


def test_yaml_observations_read_like_csv(catalogue, tmp_path: Path):
    """Hand-kept YAML observations are checked by the same rules, with YAML locations."""
    path = tmp_path / "calls.yaml"
    path.write_text("indicator: calls\nobservations:\n"
                    "  - {period: 2019/20 Q1, figure: 1402}\n"
                    "  - {period: 2019/20 Q2, figure: 2939, status: provisional}\n"
                    "  - {period: 2019/20 Q3, status: not_yet_published}\n"
                    "  - {period: 2019/20 Q4, figure: lots}\n")
    rows, issues = parse_observation_files(catalogue, [path])
    assert [str(r.period) for r in rows] == ["2019/20 Q1", "2019/20 Q2", "2019/20 Q3"]
    assert rows[1].status is Status.PROVISIONAL
    assert rows[2].figure is None
    assert [(i.code, i.location.line) for i in issues] == [("KPI103", 6)]


def test_read_observations_raises_with_every_issue(catalogue, tmp_path: Path):
    """The public reader refuses a file with errors and lists all of them."""
    path = tmp_path / "bad.csv"
    path.write_text("\n".join((HEADER, "calls,,2019/20 Q1,,,,value,x,,table,,",
                               "calls,,2019/20 Q2,,,,value,y,,table,,")) + "\n")
    with pytest.raises(DataError) as caught:
        read_observations(catalogue, [path])
    assert [i.location.line for i in caught.value.issues] == [2, 3]


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200)
@given(st.lists(st.lists(cells, min_size=0, max_size=14), max_size=6))
def test_arbitrary_rows_never_raise(catalogue, grid):
    """Any CSV content whatever gives rows or issues, never an exception."""
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(grid)
    rows, issues = parse_observations_csv(out.getvalue(), "any.csv", catalogue)
    records = sum(1 for r in grid if any(c.strip() for c in r))
    # Nothing is dropped silently: every record became a row or has an issue of its own.
    assert len(rows) + len({i.location.line for i in issues}) >= records
