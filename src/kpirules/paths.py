"""The files kpirules reads: expanding what is named, confining it, reading it bounded.

A catalogue from a stranger's pull request names its own data files, so every path is
treated as hostile:

- a path named in a catalogue must resolve (symbolic links followed) inside the
  catalogue's repository root (`repository_root`), unless the user widens the root on
  the command line; a path outside is an issue and is never opened, let alone walked;
- a file named directly must have one of the suffixes of its kind, so a catalogue
  cannot make kpirules parse (and quote, in its error messages) an arbitrary file;
- every path that is not read is an issue with a location: a missing path, a dangling
  symbolic link, a FIFO or device, a file that cannot be opened. Nothing is skipped
  silently;
- a file is checked to be a regular file and within its size limit before any of it is
  read, and never more than the limit plus one byte is read;
- a folder is walked within bounds (`WALK_LIMITS`): so many entries, so deep, so many
  bytes of wanted files. A folder past a bound is one issue (KPI191) and none of its
  files is read, so a hostile or mistaken tree (a whole disk, a generated forest) costs
  a bounded time and is never half read.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kpirules.issues import Issue, Location, Severity

__all__ = ["LARGEST_READ", "WALK_LIMITS", "FileRefused", "WalkLimits", "expand", "inside",
           "read_bounded", "repository_root"]


@dataclass(frozen=True)
class WalkLimits:
    """How far a folder named as specs or data is walked before it is refused."""

    entries: int = 100_000
    """Files and folders seen below it, of any kind."""
    depth: int = 32
    """Levels of folders below it."""
    total_bytes: int = 200_000_000
    """The summed size of the files of a wanted suffix found below it."""


LARGEST_READ = 20_000_000
"""The most any reader reads of one file (an observation or benchmark CSV)."""
WALK_LIMITS = WalkLimits()
"""The bounds every walk uses: far beyond a council's specs and data (the seed has 60
files, two levels deep, 1 MB), and small enough that a walk ends in seconds."""


class FileRefused(OSError):
    """A file that is not read: not a regular file, or larger than its limit.

    An `OSError`, so readers report it as they report any file that cannot be read.
    """


def repository_root(catalogue_file: str | Path) -> Path:
    """The folder a catalogue's data paths must stay inside, resolved.

    The nearest folder at or above the catalogue file's folder that holds `.git`;
    without one, the folder above the catalogue's folder (a `specs/` folder beside a
    `data/` folder), or the catalogue's folder itself when that is a file system root.
    """
    folder = Path(os.path.realpath(Path(catalogue_file).parent))
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    parent = folder.parent
    return folder if parent == parent.parent else parent


def inside(path: str | Path, root: str | Path) -> bool:
    """Whether `path`, with every symbolic link resolved, is `root` or below it."""
    real = os.path.realpath(path)
    base = os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def expand(
    paths: Iterable[str | Path],
    suffixes: Sequence[str],
    *,
    code: str,
    what: str,
    root: str | Path | None = None,
    origins: Sequence[Location] | None = None,
    folders: bool = True,
) -> tuple[list[Path], list[Issue]]:
    """Files as given, and every file below a folder with one of `suffixes`, in order.

    Each path that cannot be used is an issue with `code`, located at the path itself
    or, when `origins` is given (one per path), where the path is written (a catalogue's
    `data:` entry). With `root`, paths whose real location is outside it are refused
    (code KPI190) before they are opened or walked. Without `folders`, a folder is an
    issue too: the path must name a file.
    """
    files: list[Path] = []
    issues: list[Issue] = []
    for index, given in enumerate(paths):
        path = Path(given)
        where = origins[index] if origins is not None else Location(str(path))
        if root is not None and not inside(path, root):
            issues.append(Issue(
                "KPI190", Severity.ERROR,
                f"{_quoted(path)} is outside the repository root {_quoted(Path(root))}; "
                "data paths must stay inside it (the command line's --data-root widens it)",
                where))
            continue
        if folders and path.is_dir():
            found, problems = _walk(path, suffixes, code=code, root=root)
            files.extend(found)
            issues.extend(problems)
        elif os.path.lexists(path):
            problem = _not_usable(path, suffixes)
            if problem is None:
                files.append(path)
            else:
                issues.append(Issue(code, Severity.ERROR, f"{_quoted(path)}: {problem}", where))
        else:
            issues.append(Issue(code, Severity.ERROR, f"no such {what}", where))
    return files, issues


def _walk(folder: Path, suffixes: Sequence[str], *, code: str, root: str | Path | None
          ) -> tuple[list[Path], list[Issue]]:
    """The usable files below `folder`; every entry of a wanted suffix not used is an issue.

    Past any of `WALK_LIMITS` the walk stops: the folder is one KPI191 issue and none of
    its files is returned.
    """
    files: list[Path] = []
    issues: list[Issue] = []
    limits = WALK_LIMITS
    seen = 0
    size = 0

    def unreadable(error: OSError) -> None:
        issues.append(Issue(code, Severity.ERROR,
                            f"folder not read: {error.strerror or error}",
                            Location(str(error.filename or folder))))

    def too_large(reason: str) -> tuple[list[Path], list[Issue]]:
        return [], [Issue("KPI191", Severity.ERROR,
                          f"folder not read: {reason}; name a smaller folder (a specs or "
                          "data folder, not a whole tree)", Location(str(folder)))]

    # os.walk does not follow symbolic links to folders, so a link cannot loop the walk
    # or lead it outside; such a link is reported, not followed. A linked file is
    # followed, and confined like any other.
    base = len(folder.parts)
    for top, folders, names in os.walk(folder, onerror=unreadable):
        seen += len(folders) + len(names)
        if seen > limits.entries:
            return too_large(f"it holds more than {limits.entries:,} files and folders")
        if folders and len(Path(top).parts) - base >= limits.depth:
            return too_large(f"its folders nest more than {limits.depth} levels deep")
        for name in folders:
            path = Path(top) / name
            if os.path.islink(path):
                issues.append(Issue(code, Severity.ERROR, "not read: a symbolic link to a "
                                    "folder is not followed; name the folder itself",
                                    Location(str(path))))
        for name in names:
            path = Path(top) / name
            if path.suffix not in suffixes:
                continue
            if root is not None and os.path.exists(path) and not inside(path, root):
                issues.append(Issue(
                    "KPI190", Severity.ERROR,
                    f"not read: a symbolic link to {_quoted(Path(os.path.realpath(path)))}, "
                    f"outside the repository root {_quoted(Path(root))}", Location(str(path))))
                continue
            problem = _not_usable(path, suffixes)
            if problem is None:
                files.append(path)
                # A file over its reader's limit is refused unread (a sparse giant, say),
                # so it counts only as much as the largest file any reader reads.
                size += min(_size(path), LARGEST_READ)
                if size > limits.total_bytes:
                    return too_large(f"its {', '.join(suffixes)} files come to more than "
                                     f"{limits.total_bytes:,} bytes")
            else:
                issues.append(Issue(code, Severity.ERROR, f"not read: {problem}",
                                    Location(str(path))))
    return sorted(files), issues


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _not_usable(path: Path, suffixes: Sequence[str]) -> str | None:
    """Why `path` (which exists as a directory entry) is not read, or None."""
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a loop of symbolic links"
        if os.path.islink(path):
            return "a symbolic link to nothing (dangling)"
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(info.st_mode):
        return "a folder where a file is expected"
    if not stat.S_ISREG(info.st_mode):
        return f"{_kind(info.st_mode)}, not a regular file"
    if path.suffix not in suffixes:
        return f"not a {', '.join(suffixes)} file"
    if not os.access(path, os.R_OK):
        return "cannot be read: permission denied"
    return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _quoted(path: Path) -> str:
    from kpirules.text import escape_controls  # noqa: PLC0415

    return f"'{escape_controls(str(path))}'"


def read_bounded(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes` bytes.

    Raises `FileRefused` for anything but a regular file and for a file over the limit,
    checked on the open file before reading (a FIFO is opened without blocking, so it
    cannot stall the read), and `OSError` when it cannot be opened.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else _kind(info.st_mode)
            raise FileRefused(f"{kind}, not a regular file")
        if info.st_size > max_bytes:
            raise FileRefused(f"the file is {info.st_size:,} bytes, over the "
                              f"{max_bytes:,}-byte limit")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRefused(f"the file is over the {max_bytes:,}-byte limit")
    return data
