"""Writing output files safely: never through a symbolic link, never half a file.

Every file kpirules writes (methodology pages, the spec reference, `--output` files,
reports) goes through `write_file` or `remove_file`:

- the text is written to a new temporary file in the target's own folder (created
  exclusively, so an existing file or link there is never opened), then renamed over
  the target. A rename replaces a symbolic link at the target rather than following
  it, so a link planted in an output folder cannot make kpirules write outside it, and
  a reader never sees a half-written file. A link at the target itself is refused, or,
  for files kpirules owns (generated pages in their folder), replaced;
- the target's folder must be a real folder reached without symbolic links: for a
  relative path (inside the checkout a pull request controls) no step may be a link;
  for an absolute path, the folder itself may not be one (links higher up, such as a
  system's `/tmp`, are the user's own choice);
- every failure (a read-only place, a full disk, a target that is a folder) raises
  `OutputError` naming the path, which the command line reports with exit status 2.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from kpirules.errors import OutputError
from kpirules.text import escape_controls

__all__ = ["ensure_folder", "remove_file", "write_bytes", "write_file"]


def _shown(path: Path) -> str:
    return escape_controls(str(path))


def _failure(path: Path, action: str, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return OutputError(f"cannot {action} {_shown(path)}: {reason}", path=str(path))


def _linked_step(folder: Path) -> Path | None:
    """The first step of `folder` that is a symbolic link, among those checked (module)."""
    steps = [folder] if folder.is_absolute() else [
        Path(*folder.parts[: i + 1]) for i in range(len(folder.parts))]
    for step in steps:
        if str(step) not in ("", ".", "..") and os.path.islink(step):
            return step
    return None


def _entry(path: Path, folder: Path, linked: Callable[[Path], str], action: str
           ) -> os.stat_result | None:
    """What is at `path` itself (a link not followed), or None when nothing is there.

    First refuses a symbolic link among the checked steps of `folder` (`_linked_step`),
    with the message `linked` gives for that step; a failure to look is `action`'s.
    """
    step = _linked_step(folder)
    if step is not None:
        raise OutputError(linked(step), path=str(path))
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _failure(path, action, exc) from None


def _not_a_real_folder(step: Path) -> str:
    return f"{_shown(step)} is a symbolic link; give the real folder to write into"


def ensure_folder(folder: str | Path) -> Path:
    """Make `folder` (and its parents) if missing; refuse a file or a link in its place."""
    path = Path(folder)
    info = _entry(path, path, _not_a_real_folder, "use the folder")
    if info is None:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _failure(path, "create the folder", exc) from None
        return path
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(_not_a_real_folder(path), path=str(path))
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{_shown(path)} exists and is not a folder", path=str(path))
    return path


def write_bytes(target: str | Path, data: bytes, *, replace_link: bool = False) -> None:
    """Write `data` to `target` atomically (see the module).

    A symbolic link at `target` is never followed: it is refused, or with
    `replace_link` (for files kpirules owns, such as generated pages in their folder)
    replaced by the new file.
    """
    path = Path(target)
    folder = path.parent
    existing = _entry(path, folder, lambda step: f"cannot write {_shown(path)}: "
                      f"{_shown(step)} is a symbolic link", "write")
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OutputError(f"cannot write {_shown(path)}: it is a folder", path=str(path))
    if existing is not None and stat.S_ISLNK(existing.st_mode) and not replace_link:
        raise OutputError(f"cannot write {_shown(path)}: it is a symbolic link, and kpirules "
                          "does not write through one", path=str(path))
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                                 dir=folder)
    except OSError as exc:
        raise _failure(path, "write", exc) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if existing is not None and stat.S_ISREG(existing.st_mode):
            # Keep the permissions of the file being replaced; a new file gets the
            # umask's, as any file the user creates.
            os.chmod(temporary, stat.S_IMODE(existing.st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise _failure(path, "write", exc) from None


def write_file(target: str | Path, text: str, *, replace_link: bool = False) -> None:
    """Write `text` as UTF-8 to `target`, atomically (see `write_bytes`)."""
    write_bytes(target, text.encode("utf-8"), replace_link=replace_link)


def remove_file(target: str | Path) -> None:
    """Remove `target`; a symbolic link is removed itself, never what it points to."""
    path = Path(target)
    try:
        os.unlink(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _failure(path, "remove", exc) from None
