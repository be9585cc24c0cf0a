"""Opening a CSV data file: read bounded, decoded, its header row taken.

Observation files and benchmark files open the same way; what differs is the rows.
Every way a file can fail to open is one issue with a location (code KPI100, or KPI101
for a file with no header row), so each reader reports it and moves on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpirules.issues import Issue, Location, Severity
from kpirules.paths import LARGEST_READ, FileRefused, read_bounded

__all__ = ["MAX_CSV_BYTES", "OpenedCsv", "open_csv", "read_csv_bytes", "syntax_issue"]

MAX_CSV_BYTES = LARGEST_READ
"""The size limit of a CSV data file."""


def _issue(code: str, message: str, location: Location) -> Issue:
    return Issue(code, Severity.ERROR, message, location)


def read_csv_bytes(path: Path, max_bytes: int = MAX_CSV_BYTES) -> bytes | Issue:
    """The file's bytes, or the issue saying why it was not read (size checked first)."""
    try:
        return read_bounded(path, max_bytes)
    except FileRefused as exc:
        return _issue("KPI100", f"file not read: {exc}", Location(str(path)))
    except OSError as exc:
        return _issue("KPI100", f"cannot read file: {exc.strerror or exc}",
                      Location(str(path)))


@dataclass(frozen=True)
class OpenedCsv:
    """A CSV text past its header row: the header's column names, stripped, and the
    `csv.reader` positioned at the first row (its `line_num` locates a row, or a
    `csv.Error` its iteration raises, for `syntax_issue`)."""

    columns: list[str]
    reader: Any

    def records(self, path: str, issues: list[Issue]) -> Iterator[tuple[int, list[str]]]:
        """Each row that is not blank, with the line it starts on. A row with more or
        fewer fields than the header is an issue in `issues`, and is not yielded. May
        raise `csv.Error`, to be reported at `reader.line_num` (`syntax_issue`)."""
        width = len(self.columns)
        line = self.reader.line_num
        for record in self.reader:
            start = line + 1
            line = self.reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue
            if len(record) != width:
                issues.append(_issue("KPI100", f"row has {len(record)} fields but the header "
                                     f"has {width}", Location(path, start)))
                continue
            yield start, record


def open_csv(data: bytes | str, path: str, max_bytes: int = MAX_CSV_BYTES
             ) -> OpenedCsv | Issue:
    """The CSV text of `data` (UTF-8, a byte-order mark allowed) past its header row, or
    the issue that stops it being read: too large, not UTF-8, empty, or a syntax error
    in the header."""
    if isinstance(data, bytes):
        if len(data) > max_bytes:
            return _issue("KPI100", f"file is larger than {max_bytes:,} bytes", Location(path))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            return _issue("KPI100", f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                          Location(path, line))
    else:
        text = data
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return syntax_issue(exc, path, reader.line_num)
    if header is None:
        return _issue("KPI101", "empty file: expected a header row", Location(path, 1))
    return OpenedCsv([name.strip() for name in header], reader)


def syntax_issue(exc: csv.Error, path: str, line: int) -> Issue:
    """A CSV syntax error, at the line the reader had reached."""
    return _issue("KPI100", f"CSV syntax error: {exc}", Location(path, line))
