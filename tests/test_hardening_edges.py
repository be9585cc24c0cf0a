"""Hardening at the edges: data paths every command reads, folders `validate` walks,
and standard streams that cannot be written.

- Every command that reads data (`validate --data`, `evaluate`, `report`, `audit`,
  `docs`) reports a data path it does not read as an issue at the path's `data:` entry
  in catalogue.yaml, and exits 1 (specs or data refused), never falling back quietly.
- `validate PATH` refuses a folder that is not a specs folder before walking it, and
  walks a specs folder within bounds (entries, depth, bytes).
- A standard output or standard error that is closed or on a full disk ends every
  command with exit status 2, no traceback and no internal error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import kpirules.paths
from kpirules._cli import main
from kpirules.paths import WalkLimits, expand
from kpirules.validation import validate
from repositories import copy_repository, fresh_copy

REPO = Path(__file__).resolve().parents[1]
STATS = REPO / "examples/statistics"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The statistics example (benchmarks, a comparison rating) as a repository."""
    return copy_repository(STATS, tmp_path_factory.mktemp("stats") / "repo")


@pytest.fixture
def repo(pristine: Path, tmp_path: Path) -> Path:
    return fresh_copy(pristine, tmp_path / "repo")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def name_data_path(repo: Path, kind: str, path: str) -> str:
    """Point the catalogue's first `data: kind:` entry at `path` (adding the kind when the
    catalogue has none); returns the entry's `file:line:col`, counted from the text."""
    catalogue = repo / "specs/catalogue.yaml"
    lines = catalogue.read_text(encoding="utf-8").splitlines()
    heading = lines.index("data:")
    if f"  {kind}:" in lines:
        at = lines.index(f"  {kind}:") + 1
        lines[at] = f"    - {path}"
    else:
        at = heading + 2
        lines[heading + 1:heading + 1] = [f"  {kind}:", f"    - {path}"]
    catalogue.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"{catalogue}:{at + 1}:7"


COMMANDS = {
    "validate": ["validate", "--data"],
    "evaluate": ["evaluate"],
    "report": ["report", "--out", "{tmp}/report.html"],
    "audit": ["audit"],
    "docs": ["docs", "--out", "{tmp}/pages"],
}
CODES = {"observations": "KPI100", "reports": "KPI112", "benchmarks": "KPI100",
         "areas": "KPI009"}


def command(name: str, repo: Path, tmp_path: Path) -> list[str]:
    head, *rest = COMMANDS[name]
    return [head, str(repo / "specs"), *(part.format(tmp=tmp_path) for part in rest)]


# Data paths: every command, every kind -----------------------------------------------


@pytest.mark.parametrize("kind", sorted(CODES))
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_missing_data_path_is_located_by_every_command(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
        kind: str) -> None:
    """A `data:` entry naming nothing is an issue at that entry, with the kind's code,
    and the command exits 1 (nothing written, no pages of the specs alone)."""
    where = name_data_path(repo, kind, "../data/nothing-here")
    status, text = run(capsys, *command(name, repo, tmp_path))
    assert status == 1, text
    assert f"{where}: error: {CODES[kind]}" in text
    assert not (tmp_path / "pages").exists() and not (tmp_path / "report.html").exists()


@pytest.mark.parametrize(("path", "code", "words"), [
    ("/etc", "KPI190", "is outside the repository root"),
    ("../../outside.csv", "KPI190", "is outside the repository root"),
    ("../data/fifo.csv", "KPI100", "a FIFO (named pipe), not a regular file"),
    ("../data/link.csv", "KPI100", "a symbolic link to nothing (dangling)"),
    ("../specs/health/breastfeeding.yaml", "KPI100", "not a .csv file"),
])
def test_docs_locates_every_refused_data_path(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str, code: str,
        words: str) -> None:
    """`docs` used to render the specs alone when a data path was not read; it now
    reports the path as every other command does."""
    os.mkfifo(repo / "data/fifo.csv")
    (repo / "data/link.csv").symlink_to(repo / "data/gone.csv")
    (tmp_path / "outside.csv").write_text("secret\n", encoding="utf-8")
    where = name_data_path(repo, "benchmarks", path)
    status, text = run(capsys, *command("docs", repo, tmp_path))
    assert status == 1
    assert f"{where}: error: {code}" in text and words in text
    assert "secret" not in text


@pytest.mark.parametrize("path", ["/etc/hostname", "../../areas.yaml", "../data"])
def test_an_areas_file_outside_or_not_a_file_is_never_read(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str) -> None:
    """Areas files are data paths too: confined to the repository, files with a YAML
    suffix, refused at their entry before anything is read or quoted."""
    (tmp_path / "areas.yaml").write_text("secret: [1\n", encoding="utf-8")
    where = name_data_path(repo, "areas", path)
    status, text = run(capsys, "validate", str(repo / "specs"))
    assert status == 1
    code = "KPI009" if path == "../data" else "KPI190"
    assert f"{where}: error: {code}" in text
    assert "secret" not in text and "hostname:" not in text
    status, _ = run(capsys, "validate", str(repo / "specs"), "--data-root", str(tmp_path))
    assert status == 1 if path == "/etc/hostname" else True


def test_docs_and_report_rate_by_benchmark_as_evaluate_does(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The pages and the report read the benchmark files evaluate reads: the example's
    breastfeeding measure is rated Green by comparison with London (52.0% against 48.0%,
    its interval clear of it), not shown without a rating."""
    status, text = run(capsys, *command("evaluate", repo, tmp_path))
    assert status == 0 and "better than London (48.0)" in text
    status, _ = run(capsys, *command("docs", repo, tmp_path))
    assert status == 0
    page = (tmp_path / "pages/breastfeeding.md").read_text(encoding="utf-8")
    assert "- **RAG**: Green, by the rule: significantly above London" in page
    status, _ = run(capsys, *command("report", repo, tmp_path))
    assert status == 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "significantly above London" in html


def test_docs_without_data_paths_shows_the_specs_alone(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A catalogue that names no data is not an error: the pages are the specs alone."""
    catalogue = repo / "specs/catalogue.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text[:text.index("data:\n")], encoding="utf-8")
    status, out = run(capsys, *command("docs", repo, tmp_path))
    assert status == 0 and "names no observation or report files" in out
    assert "**RAG**" not in (tmp_path / "pages/breastfeeding.md").read_text(encoding="utf-8")


def test_validate_data_reads_the_areas_files_as_evaluate_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`validate --data` checked figures against a catalogue without its areas files, so
    every area code in the data was called unknown (KPI115) while `evaluate` read them."""
    from areas_fixture import write_area_catalogue  # noqa: PLC0415

    specs = write_area_catalogue(tmp_path / "specs")
    status, text = run(capsys, "validate", "--data", str(specs))
    assert status == 0, text
    assert "KPI115" not in text
    status, text = run(capsys, "evaluate", str(specs))
    assert status == 0, text


# Folders validate walks ------------------------------------------------------------


@pytest.mark.parametrize("folder", ["/", "{tmp}", "{tmp}/repo"])
def test_validate_refuses_a_folder_that_is_not_a_specs_folder(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], folder: str) -> None:
    """`validate /`, or a repository's root, is refused before anything below it is read:
    a folder below that cannot be listed, and the catalogue deeper down, draw no word."""
    target = folder.format(tmp=tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        status, text = run(capsys, "validate", target)
    finally:
        locked.chmod(0o700)
    assert status == 2
    assert f"kpirules: error: {target}: not a specs folder" in text
    assert "locked" not in text and "KPI0" not in text
    assert ("did you mean" in text) == target.endswith("repo")
    assert [i.code for i in validate([target]).issues] == ["KPI024"]


def test_a_theme_folder_inside_a_specs_folder_is_still_validated(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, text = run(capsys, "validate", str(repo / "specs/health"))
    assert "not a specs folder" not in text
    assert status in (0, 1)


@pytest.mark.parametrize(("limits", "words"), [
    (WalkLimits(entries=20), "more than 20 files and folders"),
    (WalkLimits(depth=3), "nest more than 3 levels deep"),
    (WalkLimits(total_bytes=10_000), "come to more than 10,000 bytes"),
])
def test_a_walk_past_its_bounds_is_one_issue_and_reads_nothing(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        limits: WalkLimits, words: str) -> None:
    """A huge tree in the specs folder (many files, deep folders, many bytes) stops the
    walk with one KPI191 at the folder; none of its files is validated. The bounds are
    lowered here so the tree stays small; the real ones are far above any catalogue."""
    deep = repo / "specs/generated"
    for depth in range(5):
        deep = deep / f"level{depth}"
    deep.mkdir(parents=True)
    for i in range(25):
        (deep / f"x{i}.yaml").write_text("id: [" + "1, " * 200 + "]\n", encoding="utf-8")
    monkeypatch.setattr(kpirules.paths, "WALK_LIMITS", limits)
    status, text = run(capsys, "validate", str(repo / "specs"))
    assert status == 1
    assert f"{repo / 'specs'}: error: KPI191 folder not read: it" in text
    assert words in text
    assert "x0.yaml" not in text  # none of the generated files was read


def test_a_sparse_giant_is_refused_alone_not_its_folder(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 4 GB sparse CSV among the observations is one file over its limit (KPI100, at
    the file); it counts towards the walk's byte bound only as the largest file read,
    so the rest of its folder is still checked."""
    big = repo / "data/observations/big.csv"
    with big.open("wb") as handle:
        handle.truncate(2**32)
    status, text = run(capsys, "validate", "--data", str(repo / "specs"))
    assert status == 1
    assert f"{big}: error: KPI100 file not read: the file is 4,294,967,296 bytes" in text
    assert "KPI191" not in text


def test_the_real_bounds_let_the_seed_through_unchanged() -> None:
    files, issues = expand([REPO / "specs", REPO / "data"], (".yaml", ".yml", ".csv"),
                           code="KPI009", what="folder")
    assert issues == [] and len(files) > 100


def test_a_symbolic_link_loop_in_the_specs_is_reported_not_followed(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A link to its own folder, and two links to each other, end the walk at once."""
    (repo / "specs/health/again").symlink_to(repo / "specs/health")
    (repo / "specs/a.yaml").symlink_to(repo / "specs/b.yaml")
    (repo / "specs/b.yaml").symlink_to(repo / "specs/a.yaml")
    status, text = run(capsys, "validate", str(repo / "specs"))
    assert status == 1
    assert f"{repo / 'specs/health/again'}: error: KPI009 not read: a symbolic link to a " \
        "folder is not followed" in text
    assert f"{repo / 'specs/a.yaml'}: error: KPI009 not read: a loop of symbolic " \
        "links" in text


def test_validate_slash_in_a_subprocess_is_refused_not_walked() -> None:
    """The real `/`, from the command line: exit 2 with the reason, nothing else."""
    done = subprocess.run([sys.executable, "-m", "kpirules", "validate", "/"],
                          capture_output=True, text=True, cwd=REPO, timeout=300, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("kpirules: error: /: not a specs folder: no catalogue.yaml")


# Standard streams ---------------------------------------------------------------------


STREAM_COMMANDS = [
    ["validate"], ["validate", "--data"], ["validate", "/"], ["evaluate"],
    ["evaluate", "--period", "nope"], ["audit"], ["docs", "--out", "{tmp}/pages"],
    ["report", "--out", "{tmp}/report.html"], ["schema"], ["reference"], ["--version"],
    ["--help"], [], ["evaluate", "--no-such-option"],
]


def _spawn(argv: list[str], tmp_path: Path, *, stdout: object, stderr: object,
           close: int | None = None) -> subprocess.CompletedProcess[str]:
    """kpirules in a subprocess, in the statistics example (small, so each run is quick)."""
    args = [part.format(tmp=tmp_path) for part in argv]
    return subprocess.run(
        [sys.executable, "-m", "kpirules", *args], stdout=stdout, stderr=stderr, text=True,
        cwd=STATS, timeout=300, check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        preexec_fn=(lambda: os.close(close)) if close is not None else None)


@pytest.mark.parametrize("argv", STREAM_COMMANDS, ids=" ".join)
def test_full_or_closed_standard_streams_are_clean_exits(tmp_path: Path,
                                                         argv: list[str]) -> None:
    """Each command with each stream on a full disk (`/dev/full`) or closed. The run with
    working streams is the reference:

    - standard error failing: a command that has something to say there exits 2 (its
      messages were lost), one with nothing to say keeps its status;
    - standard output full: a command that prints there exits 2 with one message on
      standard error, one that prints nothing there is unaffected.

    No run ends as an internal error (3), a traceback, or Python's failed flush at exit
    (120)."""
    normal = _spawn(argv, tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert normal.returncode in (0, 1, 2) and "Traceback" not in normal.stderr
    expected = 2 if normal.stderr else normal.returncode
    with open("/dev/full", "w", encoding="utf-8") as full:
        err_full = _spawn(argv, tmp_path, stdout=subprocess.DEVNULL, stderr=full)
        out_full = _spawn(argv, tmp_path, stdout=full, stderr=subprocess.PIPE)
    err_closed = _spawn(argv, tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                        close=2)
    assert (err_full.returncode, err_closed.returncode) == (expected, expected)
    assert "Traceback" not in out_full.stderr and "internal error" not in out_full.stderr
    if normal.stdout:
        assert out_full.returncode == 2
        assert out_full.stderr.endswith(
            "kpirules: error: cannot write to standard output: No space left on device\n")
    else:
        assert out_full.returncode == normal.returncode
        assert "standard output" not in out_full.stderr


def test_both_streams_full_is_still_exit_2(tmp_path: Path) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = _spawn(["evaluate"], tmp_path, stdout=full, stderr=full)
    assert done.returncode == 2


# Lines a hostile spec could forge in a CI log ------------------------------------------


@pytest.mark.parametrize("format", ["text", "github", "junit", "sarif", "json"])
def test_a_key_with_a_line_break_cannot_forge_an_annotation(
        repo: Path, capsys: pytest.CaptureFixture[str], format: str) -> None:
    """An unknown field is quoted in its message; a key holding a line break followed by
    `::error` must not start a line of its own in any format printed to a CI log (the
    JUnit body printed it raw)."""
    spec = repo / "specs/health/breastfeeding.yaml"
    with spec.open("a", encoding="utf-8") as handle:
        handle.write('"bad\\n::error file=forged.yaml,line=1::forged": 1\n')
    status, text = run(capsys, "validate", str(repo / "specs"), "--format", format)
    assert status == 1
    assert "forged.yaml" in text
    assert not any(line.startswith("::error file=forged") for line in text.splitlines())


def test_reference_check_reads_a_huge_file_bounded(tmp_path: Path) -> None:
    """`reference --check` against a sparse 4 GB file says it changed, reading no more
    than the page limit: in a process limited to 1 GB of memory, reading it whole would
    fail."""
    import resource  # noqa: PLC0415

    big = tmp_path / "spec.md"
    with big.open("wb") as handle:
        handle.truncate(2**32)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    done = subprocess.run([sys.executable, "-m", "kpirules", "reference", "--out", str(big),
                           "--check"], capture_output=True, text=True, cwd=REPO, timeout=300,
                          check=False, env={**os.environ, "PYTHONPATH": str(REPO / "src")},
                          preexec_fn=limit)
    assert done.returncode == 1, done.stderr
    assert done.stdout == f"changed: {big}\n"


@pytest.mark.parametrize("format", ["text", "github", "junit", "sarif", "json"])
def test_bidirectional_and_c1_controls_are_escaped_in_every_format(
        repo: Path, capsys: pytest.CaptureFixture[str], format: str) -> None:
    """A key holding a right-to-left override (U+202E) and NEL (U+0085) is quoted in an
    issue's message; no format prints either raw (JSON and SARIF kept them raw, as
    `json.dumps(ensure_ascii=False)` does, and JUnit in its attribute). JSON readers get
    the key back exactly."""
    spec = repo / "specs/health/breastfeeding.yaml"
    with spec.open("a", encoding="utf-8") as handle:
        handle.write('"t\\u202eargets\\u0085": 1\n')
    status, text = run(capsys, "validate", str(repo / "specs"), "--format", format)
    assert status == 1
    assert "\u202e" not in text and "\x85" not in text
    assert "argets" in text
    if format == "json":
        import json  # noqa: PLC0415

        payload = json.loads(text[:text.rindex("}") + 1])
        assert "unknown field 't\u202eargets\x85'" in json.dumps(payload, ensure_ascii=False)


def test_csv_output_is_one_line_per_result(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A title holding a line break and `::error ...` (spec text may hold line breaks)
    comes out of `--format csv` as one line with a space: no line of the file starts
    with it, so printed in a CI log it forges nothing."""
    spec = repo / "specs/health/breastfeeding.yaml"
    text = spec.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    spec.write_text(text.replace(title, 'title: "Fed\\n::error file=forged.yaml::forged"'),
                    encoding="utf-8")
    status, out = run(capsys, "evaluate", str(repo / "specs"), "--format", "csv")
    assert status == 0
    lines = out.splitlines()
    assert not any(line.startswith("::") for line in lines)
    assert sum("Fed ::error file=forged.yaml::forged" in line for line in lines) == 1
    assert len(lines) == 1 + 4  # the header, and the example's four indicators
