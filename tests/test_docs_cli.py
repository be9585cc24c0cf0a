"""`kpirules docs` and `kpirules reference`: writing, checking, and the committed pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kpirules._cli import main

REPO = Path(__file__).resolve().parents[1]
SPECS = REPO / "specs"


def test_committed_indicator_pages_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/indicators is exactly what `kpirules docs specs` generates from the seed's
    specs and data; regenerate it with `kpirules docs specs --out docs/indicators`."""
    status = main(["docs", str(SPECS), "--out", str(REPO / "docs" / "indicators"), "--check"])
    assert (status, capsys.readouterr().out) == (0, "")


def test_committed_spec_reference_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/reference/spec.md is exactly what the models generate; regenerate it with
    `kpirules reference --out docs/reference/spec.md`."""
    status = main(["reference", "--out", str(REPO / "docs" / "reference" / "spec.md"),
                   "--check"])
    assert (status, capsys.readouterr().out) == (0, "")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's pages (specs only) written to a fresh folder, kept as a pristine copy."""
    folder = tmp_path_factory.mktemp("pages")
    assert main(["docs", str(SPECS), "--out", str(folder), "--no-data"]) == 0
    return folder


@pytest.fixture
def pages(written: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    shutil.copytree(written, folder)
    return folder


def test_identical_pages_check_clean(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Checking the folder just written exits 0 and lists nothing."""
    assert main(["docs", str(SPECS), "--out", str(pages), "--no-data", "--check"]) == 0
    assert capsys.readouterr().out == ""


def test_changed_missing_and_extra_pages_are_listed(
        pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A changed page, a deleted page and a stale generated page are each listed, and the
    check exits 1; a hand-written file in the folder is not listed."""
    changed = pages / "asb-incidents.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    (pages / "fpn-issued.md").unlink()
    shutil.copy(pages / "fpn-paid.md", pages / "retired-indicator.md")
    (pages / "README.md").write_text("# Our notes\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["docs", str(SPECS), "--out", str(pages), "--no-data", "--check"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"changed: {pages / 'asb-incidents.md'}",
        f"missing: {pages / 'fpn-issued.md'}",
        f"extra: {pages / 'retired-indicator.md'}",
    ]
    assert "out of date" in captured.err


def test_writing_repairs_and_keeps_hand_written_files(
        pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Writing again restores changed and missing pages, removes the stale generated one,
    leaves a hand-written file alone, and then the check is clean."""
    (pages / "asb-incidents.md").write_text("stale\n", encoding="utf-8")
    shutil.copy(pages / "fpn-paid.md", pages / "retired-indicator.md")
    (pages / "README.md").write_text("# Our notes\n", encoding="utf-8")
    assert main(["docs", str(SPECS), "--out", str(pages), "--no-data"]) == 0
    assert not (pages / "retired-indicator.md").exists()
    assert (pages / "README.md").read_text(encoding="utf-8") == "# Our notes\n"
    capsys.readouterr()
    assert main(["docs", str(SPECS), "--out", str(pages), "--no-data", "--check"]) == 0


def test_pages_without_data_have_no_figures(written: Path) -> None:
    """--no-data renders the specs alone: no figures section and no trend charts."""
    assert not list(written.glob("*.svg"))
    page = (written / "asb-incidents.md").read_text(encoding="utf-8")
    assert "## Methodology" in page
    assert "## Figures" not in page


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No --out, no such catalogue, or reference --check without --out is a usage error."""
    with pytest.raises(SystemExit) as exited:
        main(["docs", str(SPECS)])
    assert exited.value.code == 2
    assert main(["docs", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 2
    assert main(["reference", "--check"]) == 2
    capsys.readouterr()


def test_reference_check_lists_a_stale_file(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The reference written to a file checks clean; edited, it is listed and exits 1."""
    target = tmp_path / "reference" / "spec.md"
    assert main(["reference", "--out", str(target)]) == 0
    assert main(["reference", "--out", str(target), "--check"]) == 0
    target.write_text(target.read_text(encoding="utf-8") + "x\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["reference", "--out", str(target), "--check"]) == 1
    assert capsys.readouterr().out == f"changed: {target}\n"
