"""Hostile specs and data: bounded numbers, confined reads, safe writes, safe output.

Each test names the class of attack or accident it guards against (issue 15). Exit
statuses: 0 clean, 1 issues, 2 usage or unusable input or output, 3 internal error.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import kpirules
from kpirules._cli import main
from kpirules.catalogue import load_catalogue
from kpirules.errors import (
    DataError,
    ExpressionInputError,
    ExpressionSyntaxError,
    OutputError,
    SpecValidationError,
)
from kpirules.expressions import compile_expression
from kpirules.models import CatalogueSpec
from kpirules.observations import (
    parse_observation_files,
    parse_observations_csv,
    read_observations,
)
from kpirules.paths import FileRefused, read_bounded, repository_root
from kpirules.render import render_csv, render_table
from kpirules.results import IndicatorResult
from kpirules.validation import validate
from kpirules.writers import ensure_folder, write_file
from kpirules.yamlsource import parse_yaml
from repositories import copy_repository, fresh_copy

REPO = Path(__file__).resolve().parents[1]
HEADER = "indicator,measure,period,span,breakdown,category,quantity,figure,status,source,ref,note"
ASB = "specs/enforcement-and-community-safety/asb-incidents.yaml"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed repository's specs and data, with a `.git` marking its root."""
    return copy_repository(REPO, tmp_path_factory.mktemp("seed") / "repo")


@pytest.fixture
def repo(pristine: Path, tmp_path: Path) -> Path:
    return fresh_copy(pristine, tmp_path / "repo")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Numbers: magnitude and precision --------------------------------------------------


@pytest.mark.parametrize("text", [
    "1e100000000", "-1e100000000", "1e15", "1" * 5000, "1" * 16, "0." + "1" * 16,
    "1e-100000000", "1.5e-15", "!!float 1e400", "!!int " + "9" * 4400,
])
def test_out_of_range_numbers_are_refused_where_written(text: str) -> None:
    """A number too large or too precise is KPI015 at its line and column, quickly, never
    an int-conversion error or a hundred-million-digit integer."""
    document = parse_yaml(f"figure:\n  value: {text}\n", "f.yaml")
    assert [(i.code, i.location.line, i.location.column) for i in document.issues] == [
        ("KPI015", 2, 10)]
    assert document.root is None


@pytest.mark.parametrize(("text", "value"), [
    ("999999999999999", 999999999999999), ("-999999999999999.5", Decimal("-999999999999999.5")),
    ("0.000000000000001", Decimal("1E-15")), ("1e14", Decimal("1E+14")),
    ("72.000000000000000", Decimal("72.000000000000000")),
])
def test_numbers_at_the_bounds_are_read_exactly(text: str, value: object) -> None:
    """Fifteen digits before the point and fifteen after it are within the bounds."""
    document = parse_yaml(f"v: {text}\n", "f.yaml")
    assert document.issues == ()
    assert document.to_python() == {"v": value}


@pytest.mark.parametrize(("field", "old", "new"), [
    ("a target", "profile: [1357, 2757, 4005, 5226]", "profile: [1357, 2757, 4005, 1e100000000]"),
    ("decimals", "polarity: lower_is_better", "polarity: lower_is_better\ndecimals: 1e100000000"),
    ("a huge integer", "profile: [1357, 2757, 4005, 5226]", "profile: [1357, 2757, 4005, "
     + "9" * 4400 + "]"),
])
def test_validate_refuses_huge_numbers_in_a_spec(
        repo: Path, capsys: pytest.CaptureFixture[str], field: str, old: str, new: str) -> None:
    """`validate` reports KPI015 at the number (and exits 1) for each field kind."""
    edit(repo / ASB, old, new)
    status, out, _ = run(capsys, "validate", str(repo / "specs"))
    assert status == 1, field
    assert "asb-incidents.yaml:" in out and "KPI015" in out


def test_a_huge_population_is_refused_in_the_catalogue(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A population of 1e100000000 is refused by validate, so evaluate never sees it."""
    text = (repo / "specs/catalogue.yaml").read_text(encoding="utf-8")
    start = text.index("value:", text.index("populations:"))
    end = text.index("\n", start)
    (repo / "specs/catalogue.yaml").write_text(
        text[:start] + "value: 1e100000000" + text[end:], encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(repo / "specs"))
    assert status == 1 and "KPI015" in out
    status, _, err = run(capsys, "evaluate", str(repo / "specs"))
    assert status == 1 and "KPI015" in err


def test_the_models_refuse_out_of_range_numbers_from_python() -> None:
    """Models built from Python data (not YAML) apply the same bound."""
    data = {"id": "c", "title": "C", "defaults": {"rag": {"tolerance": {"relative": 5}}},
            "themes": [{"id": "t", "title": "T"}],
            "populations": {"p": {"title": "P", "figures": [
                {"year": "2019/20", "value": Decimal("1e100000000"), "source": "s"}]}}}
    with pytest.raises(Exception, match="too large"):
        CatalogueSpec.model_validate(data)


@pytest.mark.parametrize(("figure", "words"), [
    ("0." + "1" * 51, "51 decimal places"),
    ("1" * 5000, "too large"),
    ("1" + "0" * 15, "too large"),
])
def test_csv_figures_out_of_range_are_located(repo: Path, figure: str, words: str) -> None:
    """A figure with 51 places or 5,000 digits is KPI015 at its cell, not a later failure."""
    catalogue = load_catalogue(repo / "specs")
    text = f"{HEADER}\nasb-incidents,,2019/20 Q1,,,,value,{figure},,table,,\n"
    rows, issues = parse_observations_csv(text, "x.csv", catalogue)
    assert rows == []
    assert [(i.code, i.location.line, i.location.column) for i in issues] == [("KPI015", 2, 8)]
    assert words in issues[0].message


# The catalogue argument ------------------------------------------------------------


@pytest.mark.parametrize("command", ["evaluate", "audit", "docs"])
def test_a_folder_that_is_not_a_catalogue_is_refused_without_walking(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    """`kpirules evaluate /` is refused at once: the folder holds no catalogue.yaml. The
    proof that nothing is walked: a folder below it that cannot be listed draws no
    complaint, and a catalogue hidden deeper is not found."""
    (tmp_path / "deep" / "specs").mkdir(parents=True)
    shutil.copy(REPO / "specs/catalogue.yaml", tmp_path / "deep/specs/catalogue.yaml")
    argv = [command, str(tmp_path)] + (["--out", str(tmp_path / "out")] if command == "docs"
                                       else [])
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert "no catalogue at" in err and "deep" not in err
    assert not (tmp_path / "out").exists()


def test_load_catalogue_refuses_a_folder_that_is_not_a_catalogue() -> None:
    with pytest.raises(SpecValidationError, match="KPI024"):
        load_catalogue("/")


# Reading inside the repository -----------------------------------------------------


def test_the_repository_root_is_the_folder_with_git(repo: Path, tmp_path: Path) -> None:
    assert repository_root(repo / "specs/catalogue.yaml") == repo.resolve()
    bare = tmp_path / "bare" / "specs"
    bare.mkdir(parents=True)
    assert repository_root(bare / "catalogue.yaml") == (tmp_path / "bare").resolve()


@pytest.mark.parametrize("where", ["/etc", "/etc/passwd", "../../../../../../../etc/passwd",
                                   "../.."])
def test_data_paths_outside_the_repository_are_refused_at_their_line(
        repo: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    """A catalogue's data path outside its repository is KPI190 at the `data:` entry in
    catalogue.yaml; the file is never opened, so its content is never quoted."""
    edit(repo / "specs/catalogue.yaml", "    - ../data/reports/2019-20-q2",
         f"    - {where}")
    status, out, err = run(capsys, "validate", "--data", str(repo / "specs"))
    assert status == 1
    assert "catalogue.yaml:182:7: error: KPI190" in out
    assert "root:" not in out + err
    status, _, err = run(capsys, "evaluate", str(repo / "specs"))
    assert status == 1 and "KPI190" in err


def test_the_command_line_may_widen_the_data_root(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Data kept beside the repository is read when the user passes --data-root."""
    shutil.move(repo / "data", tmp_path / "shared-data")
    edit(repo / "specs/catalogue.yaml", "../data/observations", "../../shared-data/observations")
    edit(repo / "specs/catalogue.yaml", "../data/reports", "../../shared-data/reports")
    edit(repo / "specs/catalogue.yaml", "../data/benchmarks", "../../shared-data/benchmarks")
    status, _, err = run(capsys, "evaluate", str(repo / "specs"))
    assert status == 1 and "KPI190" in err
    status, out, _ = run(capsys, "evaluate", str(repo / "specs"), "--data-root", str(tmp_path))
    assert status == 0 and "2,939" in out


def test_a_symbolic_link_out_of_the_repository_is_refused(repo: Path, tmp_path: Path) -> None:
    """A data folder may not hold a link to a file outside the repository."""
    secret = tmp_path / "secret.csv"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    link = repo / "data/observations/public-realm/secret.csv"
    link.symlink_to(secret)
    catalogue = load_catalogue(repo / "specs")
    _, issues = parse_observation_files(catalogue)
    assert [(i.code, i.location.path) for i in issues] == [("KPI190", str(link))]
    assert all("root:x" not in i.message for i in issues)


def test_a_file_named_directly_must_have_a_data_suffix(repo: Path) -> None:
    """`data: observations: [.git/config]` is refused by suffix, without being parsed."""
    (repo / ".git" / "config").write_text("[core]\n\tsecret = hunter2\n", encoding="utf-8")
    edit(repo / "specs/catalogue.yaml", "    - ../data/observations", "    - ../.git/config")
    catalogue = load_catalogue(repo / "specs")
    with pytest.raises(DataError) as caught:
        read_observations(catalogue)
    messages = [i.message for i in caught.value.issues]
    assert len(messages) == 1 and "not a .csv, .yaml, .yml file" in messages[0]
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize("kind", ["dangling", "folder", "fifo", "unreadable"])
def test_every_skipped_data_path_is_a_located_issue(
        repo: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    """A dangling link, a folder named like a data file, a FIFO or an unreadable file in a
    data folder is an issue at its path, and evaluate fails rather than showing no
    figure."""
    path = repo / "data/observations/public-realm/extra.csv"
    if kind == "dangling":
        path.symlink_to(repo / "nowhere.csv")
    elif kind == "folder":
        path.mkdir()
        (path / "inner.txt").write_text("x", encoding="utf-8")
        path = repo / "data/observations/public-realm/extra.yaml"
        path.symlink_to(repo / "data/observations")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        if os.geteuid() == 0:
            pytest.skip("root reads any file")
        path.write_text(HEADER + "\n", encoding="utf-8")
        path.chmod(0)
    catalogue = load_catalogue(repo / "specs")
    _, issues = parse_observation_files(catalogue)
    assert [(i.code, i.location.path) for i in issues] == [("KPI100", str(path))]
    status, _, err = run(capsys, "evaluate", str(repo / "specs"))
    assert status == 1 and str(path) in err


def test_a_large_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A sparse 1 GB CSV is refused by its size; only the limit plus one byte is read."""
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(2**30)
    with pytest.raises(FileRefused, match="1,073,741,824 bytes"):
        read_bounded(big, 20_000_000)


# Writing only inside --out ---------------------------------------------------------


def test_docs_never_writes_through_a_symbolic_link(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Links planted in the output folder (to an existing file, and dangling) are replaced
    by the pages; the files outside are untouched and nothing new appears outside."""
    out = tmp_path / "pages"
    out.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (out / "asb-incidents.md").symlink_to(victim)
    (out / "fpn-issued.md").symlink_to(outside / "created.md")
    status, _, _ = run(capsys, "docs", str(repo / "specs"), "--out", str(out))
    assert status == 0
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in outside.iterdir()) == ["victim.txt"]
    assert not (out / "asb-incidents.md").is_symlink()
    assert "Anti-social behaviour" in (out / "asb-incidents.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["file", "link", "read-only"])
def test_bad_out_targets_are_clean_usage_errors(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    """--out at an existing file, at a link to a folder, or in a read-only folder exits 2
    with a message, never the internal-error handler."""
    target = tmp_path / "target"
    if kind == "file":
        target.write_text("x", encoding="utf-8")
    elif kind == "link":
        (tmp_path / "real").mkdir()
        target.symlink_to(tmp_path / "real")
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes anywhere")
        (tmp_path / "ro").mkdir()
        (tmp_path / "ro").chmod(0o500)
        target = tmp_path / "ro" / "pages"
    status, _, err = run(capsys, "docs", str(repo / "specs"), "--out", str(target), "--no-data")
    assert status == 2
    assert err.startswith("kpirules: error:") and "internal" not in err


def test_the_writer_replaces_a_link_instead_of_following_it(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep\n", encoding="utf-8")
    folder = ensure_folder(tmp_path / "out")
    (folder / "page.md").symlink_to(victim)
    with pytest.raises(OutputError, match="symbolic link"):
        write_file(folder / "page.md", "new\n")
    write_file(folder / "page.md", "new\n", replace_link=True)
    assert victim.read_text(encoding="utf-8") == "keep\n"
    assert (folder / "page.md").read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in folder.iterdir()) == ["page.md"]  # no temporary left
    with pytest.raises(OutputError, match="is a folder"):
        write_file(tmp_path / "out", "x")


# Output the user cannot receive ----------------------------------------------------


def _cli(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), **kwargs.pop("env", {})}  # type: ignore[dict-item]
    return subprocess.run([sys.executable, "-m", "kpirules", *args], capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=120, check=False,
                          **kwargs)  # type: ignore[call-overload]


def test_a_full_disk_on_stdout_is_a_usage_error_not_a_crash() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run([sys.executable, "-m", "kpirules", "schema"], stdout=full,
                              stderr=subprocess.PIPE, text=True, cwd=REPO, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(REPO / "src")}, check=False)
    assert done.returncode == 2
    assert done.stderr == "kpirules: error: cannot write to standard output: No space left " \
        "on device\n"


def test_a_closed_stdout_is_a_usage_error_not_a_crash() -> None:
    done = subprocess.run([sys.executable, "-m", "kpirules", "schema"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")}, check=False,
                          preexec_fn=lambda: os.close(1))
    assert done.returncode == 2
    assert "standard output: it is closed" in done.stderr


def test_an_ascii_terminal_gets_escapes_not_a_crash() -> None:
    done = _cli(["evaluate"], env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert "\\u2193" in done.stdout and done.stderr == ""


def test_validate_counts_are_unchanged_by_the_bounds() -> None:
    """The seed's own numbers are all within the bounds."""
    report = validate([REPO / "specs"])
    assert report.errors == 0


# Expression engine -----------------------------------------------------------------


@pytest.mark.parametrize(("source", "at"), [("1e1000000000000000000", 0),
                                           ("1.5e999999999999999999 + a", 0),
                                           ("a > 0e1000000000000000000", 4)])
def test_literals_beyond_any_decimal_are_expression_errors(source: str, at: int) -> None:
    """A literal whose exponent no Decimal holds is ExpressionSyntaxError at the literal,
    not decimal.InvalidOperation."""
    with pytest.raises(ExpressionSyntaxError,
                       match=r"exponent beyond any number|too large") as caught:
        compile_expression(source, names={"a": "number"})
    assert caught.value.position == at


class _Failing:
    """A sequence of three numbers whose iteration fails after `good` of them."""

    def __init__(self, good: int, error: type[Exception] = ValueError) -> None:
        self.good, self.error = good, error

    def __len__(self) -> int:
        return 3

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield from [1.0, 2.0, 3.0][: self.good]
        raise self.error("disk gone")


class _BadIter:
    def __iter__(self):  # type: ignore[no-untyped-def]
        raise RuntimeError("no")


@pytest.mark.parametrize("error", [ValueError, RuntimeError, KeyError, OSError])
def test_a_failing_list_input_is_an_input_error_on_every_path(error: type[Exception]) -> None:
    """A list input whose iteration raises is ExpressionInputError from a call, from the
    lean path and, per row, from map; so is one whose __iter__ itself raises."""
    expr = compile_expression("sum(xs) + a", names={"xs": "numbers", "a": "number"})
    for call in (lambda v: expr(xs=v, a=1), lambda v: expr.evaluate(xs=v, a=1)):
        with pytest.raises(ExpressionInputError, match="'xs' could not be read"):
            call(_Failing(1, error))
        with pytest.raises(ExpressionInputError, match="'xs' could not be read"):
            call(_BadIter())
    rows = expr.map(xs=[[1, 2], _Failing(0, error), _BadIter()], a=[1, 1, 1])
    assert rows[0] == 4
    assert [type(row) for row in rows[1:]] == [ExpressionInputError] * 2


@pytest.mark.parametrize("source", ["a + b", "a if a > 0 else b", "sum(xs) + a"])
def test_map_reports_a_failing_column_per_row(source: str) -> None:
    """A column whose iteration fails at row 2 gives row 1's result, then an
    ExpressionInputError for row 2 and row 3; map itself does not raise."""
    names = {"a": "number", "b": "number", "xs": "numbers"}
    expr = compile_expression(source, names=names)
    columns: dict[str, object] = {"a": _Failing(1), "b": [1.0, 2.0, 3.0],
                                  "xs": [[1.0], [2.0], [3.0]]}
    used = {name: columns[name] for name in expr.names_used}
    rows = expr.map(**used)
    assert len(rows) == 3
    assert not isinstance(rows[0], Exception)
    assert all(isinstance(row, ExpressionInputError) for row in rows[1:])
    assert "the column for 'a' could not be read at row 2: ValueError: disk gone" in str(rows[1])


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("source", ["a if a > 0 else b", "b if a < 0 else a",
                                    "a > 0 or b > 0", "a * 0 + 1 if a > 0 else b"])
def test_a_non_finite_input_is_refused_on_every_path(source: str, bad: float) -> None:
    """A NaN or infinite float input is refused even in a branch never taken, on the fast
    path (a call and evaluate, all floats), the general path and per row in map."""
    expr = compile_expression(source, names={"a": "number", "b": "number"})
    for call in (lambda: expr(a=1.0, b=bad), lambda: expr.evaluate(a=1.0, b=bad),
                 lambda: expr(a=1, b=bad)):
        with pytest.raises(ExpressionInputError, match="'b' is not a finite number"):
            call()
    rows = expr.map(a=[1.0, 1.0], b=[2.0, bad])
    assert not isinstance(rows[0], Exception)
    assert isinstance(rows[1], ExpressionInputError)


# Located errors --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2019-00", "2019-13", "Q5 2019/20", "2019/21", "soon"])
def test_a_bad_latest_report_is_located_by_validate(
        repo: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    """`latest_report: 2019-00` is an error at its line in validate, not a failure without
    a place in evaluate."""
    edit(repo / "specs/catalogue.yaml", "latest_report: 2019/20 Q2", f"latest_report: {text}")
    status, out, _ = run(capsys, "validate", str(repo / "specs"))
    assert status == 1
    line = next(i for i, row in enumerate((repo / "specs/catalogue.yaml").read_text(
        encoding="utf-8").splitlines(), 1) if row.startswith("latest_report:"))
    assert f"catalogue.yaml:{line}:16: error: KPI012 latest_report" in out
    status, _, err = run(capsys, "evaluate", str(repo / "specs"))
    assert status == 1 and f"catalogue.yaml:{line}:16" in err


@pytest.mark.parametrize(("text", "where"), [
    ("a: 1\nb: x\x00y\n", (2, 5)), ("\x00", (1, 1)), ("a:\n  - 1\n  - \x00\n", (3, 5)),
    ("éééé: x\x00", (1, 8)), ("a: 😀😀\x1b[2J", (1, 6)),
])
def test_a_nul_byte_is_located_at_its_line_and_column(text: str, where: tuple[int, int]) -> None:
    """A NUL (or other unprintable) character is KPI001 at file:line:col, not PyYAML's
    '<unicode string>, position N'."""
    document = parse_yaml(text, "f.yaml")
    assert [(i.code, i.location.line, i.location.column) for i in document.issues] == [
        ("KPI001", *where)]
    assert "<unicode string>" not in document.issues[0].message
    assert "position" not in document.issues[0].message


# Text that others open -------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_results() -> tuple[IndicatorResult, ...]:
    return tuple(kpirules.evaluate(load_catalogue(REPO / "specs")))


def test_csv_neutralises_formulas_and_keeps_numbers(
        seed_results: tuple[IndicatorResult, ...]) -> None:
    """Text cells starting with =, +, -, @, tab or carriage return get a leading
    apostrophe (the OWASP rule), a line break within a cell becomes a space (one result,
    one line); negative numbers stay numbers."""
    starts = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    single = [result for result in seed_results if len(result.measures) == 1]
    hostile = [dataclasses.replace(result, title=start) for result, start in
               zip(single, starts, strict=False)]
    rows = list(csv.DictReader(io.StringIO(render_csv(hostile), newline="")))
    titles = {row["indicator"]: row["title"] for row in rows}
    assert [titles[result.indicator] for result in hostile] == [
        "'" + s.replace("\r", " ") for s in starts]
    variances = [row["variance"] for row in csv.DictReader(io.StringIO(render_csv(
        seed_results))) if row["variance"]]
    negative = [v for v in variances if v.startswith("-")]
    assert negative and all(Decimal(v) < 0 for v in negative)


def test_the_table_escapes_control_characters(
        seed_results: tuple[IndicatorResult, ...]) -> None:
    """An escape sequence or newline in a title reaches the terminal as visible escapes."""
    hostile = [dataclasses.replace(seed_results[0], title="Bad\x1b[2J\x1b]0;pwned\x07\nrow")]
    table = render_table(hostile)
    assert "\x1b" not in table and "\x07" not in table
    assert "Bad\\x1b[2J\\x1b]0;pwned\\x07\\nrow" in table


@pytest.mark.parametrize("text", ['"Bad\\e[2J"', '"a\\x00b"', '"right\\u202eleft"',
                                  '"x\\u0085y"'])
def test_spec_text_fields_refuse_control_characters(
        repo: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    """A title holding a control or bidirectional character is KPI012 at the title."""
    path = repo / ASB
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[row] = f"title: {text}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(repo / "specs"))
    assert status == 1
    assert f"asb-incidents.yaml:{row + 1}:8: error: KPI012 title: text may not hold the " \
        "control character" in out


def test_a_file_name_with_a_newline_cannot_forge_an_error_line(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A spec file whose name holds a newline and a fake `path:1:1: error:` prints as
    one line with the newline escaped."""
    name = "x.yaml\nforged.yaml:1:1: error: KPI999 forged.yaml"
    (repo / "specs/public-realm" / name).write_text("id: [\n", encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(repo / "specs"))
    assert status == 1
    lines = out.splitlines()
    assert not any(line.startswith("forged.yaml") for line in lines)
    assert any("x.yaml\\nforged.yaml:1:1: error: KPI999 forged.yaml:" in line
               and "KPI001" in line for line in lines)


def test_data_cells_quoted_in_messages_are_escaped(repo: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown indicator id holding an escape sequence is quoted with escapes."""
    path = repo / "data/observations/public-realm/extra.csv"
    path.write_text(f"{HEADER}\n\x1b[2Jevil,,2019/20 Q1,,,,value,1,,table,,\n",
                    encoding="utf-8")
    status, out, err = run(capsys, "validate", "--data", str(repo / "specs"))
    assert status == 1
    assert "\x1b" not in out + err and "unknown indicator '\\x1b[2Jevil'" in out


def test_a_spec_link_out_of_the_repository_is_refused(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A symbolic link among the specs to a file outside the repository is KPI190 and is
    not read: its content never reaches a message."""
    secret = tmp_path / "credentials.yaml"
    secret.write_text("id: hunter2-token\ntitle: [\n", encoding="utf-8")
    link = repo / "specs/public-realm/credentials.yaml"
    link.symlink_to(secret)
    status, out, _ = run(capsys, "validate", str(repo / "specs"))
    assert status == 1
    assert f"{link}: error: KPI190 not read: a symbolic link to" in out
    assert "hunter2" not in out


def test_a_full_disk_while_writing_pages_is_a_usage_error(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC while writing a page exits 2 with the path and the reason; no temporary
    file is left behind (a full disk cannot be made on demand, so the write fails as
    the system would make it fail)."""
    import errno  # noqa: PLC0415

    import kpirules.writers  # noqa: PLC0415

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(kpirules.writers.os, "fsync", full)
    out = tmp_path / "pages"
    status, _, err = run(capsys, "docs", str(repo / "specs"), "--out", str(out), "--no-data")
    assert status == 2
    assert err.startswith(f"kpirules: error: cannot write {out}/") and "No space left" in err
    assert list(out.iterdir()) == []
