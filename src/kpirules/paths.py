"""Expanding the files and folders a user names into the files to read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from kpirules.issues import Issue, Location, Severity

__all__ = ["expand"]


def expand(paths: Iterable[str | Path], suffixes: Sequence[str], *, code: str, what: str
           ) -> tuple[list[Path], list[Issue]]:
    """Files as given, and every file below a folder with one of `suffixes`, in order.

    A path that is neither is an issue with `code` ("no such `what`"), never skipped.
    """
    files: list[Path] = []
    issues: list[Issue] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in suffixes
                                and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            issues.append(Issue(code, Severity.ERROR, f"no such {what}", Location(str(path))))
    return files, issues
