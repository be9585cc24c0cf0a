"""Copies of a catalogue repository for tests that change files in it."""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["copy_repository", "fresh_copy"]


def copy_repository(source: Path, root: Path) -> Path:
    """`source`'s specs/ and data/ copied to `root`, with a `.git` marking `root` as the
    repository root (the folder data paths must stay inside)."""
    shutil.copytree(source / "specs", root / "specs")
    shutil.copytree(source / "data", root / "data")
    (root / ".git").mkdir()
    return root


def fresh_copy(pristine: Path, root: Path) -> Path:
    """A test's own copy of a module's pristine repository, links kept as links."""
    shutil.copytree(pristine, root, symlinks=True)
    return root
