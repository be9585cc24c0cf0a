"""A fuzzing harness: hostile catalogues, specs, data and expressions against kpirules.

Each case starts from a small real catalogue (two themes of the seed, with their data
and report files; the statistics example, with benchmark files; the SPC example; or the
areas test catalogue, with its areas file) copied into a fresh folder that is a
repository of its own, applies a few mutations drawn from a seeded random generator,
and runs the command line entry point in-process (`validate`, `validate --data`,
`evaluate` in every format, `audit`, `docs --out`, `report --out`, and one of them
again with standard output or standard error on a full disk) and the Python API
(`load_catalogue`, `read_observations`, `evaluate`, `audit`). Expression cases compile
random token soup and evaluate it with hostile inputs. Every run is checked for:

- no internal error: exit status 3, "internal error" or a traceback in the output;
- no exception from the API that is not a `KpiRulesError`;
- no hang: each run is bounded by an alarm (`RUN_SECONDS`, far above any real run, so a
  slow machine or build never trips it);
- no write outside `--out`: every file of the case's folder outside the output folder,
  and a canary file outside the repository, are the same bytes after the run, and
  nothing appears or disappears outside the output folder;
- no leak: the canary's secret (a file outside the repository that hostile data paths
  and symbolic links point at) never appears in any output.

`run_campaign(seed, cases=..., seconds=...)` returns the figures and the findings;
`tests/test_fuzz.py` runs a small seeded campaign in CI and a long one when
`KPIRULES_FUZZ=long`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import math
import os
import random
import re
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
THEMES = ("public-realm", "enforcement-and-community-safety")
SECRET = "kpirules-canary-7f3a9c"
RUN_SECONDS = 120
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e"
                         "\u2066-\u2069]|\r(?!\n)")
"""What no output may hold raw, on a terminal or in a CI log: control characters (an
escape sequence, a lone carriage return) and bidirectional or line-separator marks.
Line breaks and tabs are text; a CSV line ends in a carriage return and a line feed."""
FORGED = re.compile(r"^(::error file=forged|x?forged\.csv:1:1: error: KPI999)", re.MULTILINE)
"""A line the hostile inputs try to forge: a GitHub annotation or a GCC-style error."""
KEEP_BYTES = "surrogateescape"
"""How mutations read and write text: a file an earlier mutation gave invalid UTF-8
keeps its bytes through the next one."""
"""An alarm per run: a hang, not a slow run (a run of the small catalogue takes well
under a second)."""

# Hostile values, each a class of input a careless or hostile author could write.
HOSTILE_NUMBERS = (
    "1e100000000", "-1e100000000", "1e999999999999999999", "9" * 5000, "0." + "1" * 60,
    "1e-400", "1e15", "999999999999999", "0.000000000000001", ".inf", "-.inf", ".nan",
    "0x1F", "0o17", "1_000", "1:30", "+7", "-0", "0", "1e-15", "12.50", "1e14", "!!float 1e400",
    "!!int " + "9" * 4400, "2019", "-1",
)
HOSTILE_TEXT = (
    "\x1b[2J\x1b[31mred", "=HYPERLINK(\"http://x\",\"y\")", "+1", "-1+2", "@SUM(A1)",
    "../../../../../../etc/passwd", "/etc/passwd", "a" * 20000, "2019-00", "Q5 2019/20",
    "99999999999999999999/20 Q1", "\u202eevil", "{", "[", "*alias", "&anchor x",
    "!!python/object/apply:os.system ['true']", "null", "[]", "{}", "yes", "~", "'", '"',
    "x\ny: z", "\"a\\x00b\"", "\"\\e[2J\"", "\"\\u0085\"", "::error::forged", "%0A", "é" * 50,
    "x\n::error file=forged.yaml::forged", '"x\\n::error file=forged.yaml::forged"',
    "日本語のタイトル", "\t", "- - -", "? ", "<<: *a", "|\n  block", "2019/20 Q2", "n/a",
)
HOSTILE_PATHS = (
    "/", "/etc", "/etc/passwd", "../../..", "../../../../../../../../etc/shadow", "..",
    "../data/../../outside", "{outside}", "{outside}/secret.csv", "nowhere/at/all.csv",
    ".git/config", "../.git/config", "", "\x00", "a\nb.csv", "data\\..\\..\\x.csv",
)
HOSTILE_CELLS = (
    *HOSTILE_NUMBERS, *HOSTILE_TEXT, "", " ", "1,234", "£5", "5%", "−3", "٣", "1e5", "NaN",
    "inf", "final", "provisional", "not_yet_published", "not_applicable", "garbage",
    "2019/20 Q1", "2019/20 Q9", "2019-07", "July 2019", "2019/20", "year_to_date",
    "rolling_12_months", "numerator", "denominator", "commentary", "history",
)
EXPRESSION_TOKENS = (
    "value", "target", "low", "high", "comparator", "a", "b", "xs", "1", "0", "2.5",
    "1e15", "1e16", "1e1000000000000000000", "0.0000000000000001", "10**30", "+", "-", "*",
    "/", "//", "%", "**", "(", ")", ",", "<", "<=", ">", ">=", "==", "!=", "and", "or",
    "not", "if", "else", "abs(", "min(", "max(", "round(", "sum(", "mean(", "len(", "[",
    "]", "lambda", "__import__", ".", "'x'", "True", "None", ":=", "@", "~", "<<", "9" * 40,
)


@dataclass
class Figures:
    """What a campaign did and found."""

    seed: int
    cases: int = 0
    runs: int = 0
    inputs: int = 0
    """Distinct inputs tried: mutated catalogues and expression cases."""
    mutations: int = 0
    expressions: int = 0
    expression_calls: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def summary(self) -> str:
        shown = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        return (f"fuzz seed {self.seed}: {self.cases} catalogue cases, {self.mutations} "
                f"mutations, {self.runs} command and API runs; {self.expressions} "
                f"expressions, {self.expression_calls} evaluations; {self.inputs} inputs in "
                f"{self.seconds:.0f} s; outcomes: {shown}; findings: {len(self.findings)}")


class Hang(BaseException):
    """Raised by the alarm; a BaseException so no `except Exception` in the code swallows it."""


@contextlib.contextmanager
def bounded(seconds: int) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# The base catalogue --------------------------------------------------------------------


def _base_catalogue(folder: Path) -> None:
    """Two themes of the seed, as a repository of its own: specs, data, reports, `.git`."""
    from kpirules.yamlsource import read_yaml  # noqa: PLC0415
    from strategies import dump_yaml  # noqa: PLC0415

    data = read_yaml(REPO / "specs/catalogue.yaml").to_python()
    data["themes"] = [theme for theme in data["themes"] if theme["id"] in THEMES]
    specs = folder / "specs"
    specs.mkdir(parents=True)
    (specs / "catalogue.yaml").write_text(dump_yaml(data).text, encoding="utf-8")
    for theme in THEMES:
        shutil.copytree(REPO / "specs" / theme, specs / theme)
        shutil.copytree(REPO / "data/observations" / theme, folder / "data/observations" / theme)
        reports = folder / "data/reports/2019-20-q2"
        reports.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "data/reports/2019-20-q2" / f"{theme}.yaml", reports)
        if (REPO / "data/benchmarks" / theme).is_dir():
            shutil.copytree(REPO / "data/benchmarks" / theme, folder / "data/benchmarks" / theme)
    (folder / ".git").mkdir()


def _example_catalogue(name: str) -> Callable[[Path], None]:
    """An example of the repository (`statistics`: benchmark files and statistics;
    `spc`: control charts), as a repository of its own."""
    def build(folder: Path) -> None:
        shutil.copytree(REPO / "examples" / name, folder)
        (folder / ".git").mkdir()
    return build


def _areas_catalogue(folder: Path) -> None:
    """The areas test catalogue: an areas file beside the specs and an area column."""
    from areas_fixture import write_area_catalogue  # noqa: PLC0415

    write_area_catalogue(folder / "specs")
    (folder / ".git").mkdir()


BASES: dict[str, Callable[[Path], None]] = {
    "seed": _base_catalogue,
    "statistics": _example_catalogue("statistics"),
    "spc": _example_catalogue("spc"),
    "areas": _areas_catalogue,
}
"""The catalogues a case starts from; each case picks one."""


# Mutations -----------------------------------------------------------------------------


def _files(root: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in suffixes and p.is_file()
                  and not p.is_symlink() and ".git" not in p.parts)


def _replace_scalar(rng: random.Random, text: str, values: tuple[str, ...],
                    numeric: bool) -> str:
    """Replace a value after `key: ` or `- ` on a random line (a number, if `numeric`)."""
    lines = text.splitlines()
    candidates = []
    for i, line in enumerate(lines):
        head, sep, tail = line.partition(": ")
        if not sep:
            head, sep, tail = line.partition("- ")
        value = tail.strip()
        if sep and value and (not numeric or value.lstrip("-").replace(".", "", 1).isdigit()):
            candidates.append((i, head + sep))
    if not candidates:
        return text
    i, prefix = rng.choice(candidates)
    lines[i] = prefix + rng.choice(values)
    return "\n".join(lines) + "\n"


def _mutate_yaml(rng: random.Random, path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors=KEEP_BYTES)
    kind = rng.choice(("number", "number", "text", "line", "bytes", "expression", "bomb",
                       "truncate"))
    if kind == "number":
        text = _replace_scalar(rng, text, HOSTILE_NUMBERS, numeric=True)
    elif kind == "text":
        text = _replace_scalar(rng, text, HOSTILE_TEXT, numeric=False)
    elif kind == "line":
        lines = text.splitlines()
        if lines:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            how = rng.choice(("delete", "duplicate", "swap", "indent"))
            if how == "delete":
                del lines[i]
            elif how == "duplicate":
                lines.insert(i, lines[j])
            elif how == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines[i] = " " * rng.choice((1, 2, 3)) + lines[i]
        text = "\n".join(lines) + "\n"
    elif kind == "expression":
        text += "rag:\n  rules:\n    - when: " + _bool_expr(rng, 3) + "\n      rating: Red\n" \
            "    - otherwise: Green\n"
    elif kind == "bomb":
        text += "bomb: &a [x, x, x, x, x, x, x, x]\nb2: &b [*a, *a, *a, *a, *a, *a]\n"
    else:
        text = text[: rng.randrange(len(text) + 1)]
    path.write_text(text, encoding="utf-8", errors=KEEP_BYTES)
    if kind == "bytes":
        raw = bytearray(path.read_bytes())
        at = rng.randrange(len(raw) + 1)
        raw[at:at] = rng.choice((b"\x00", b"\xff\xfe", b"\x1b[2J", b"\xe2\x80\xae", b"\r",
                                 b"\xef\xbb\xbf"))
        path.write_bytes(bytes(raw))
    return f"yaml {kind} {path.name}"


def _mutate_csv(rng: random.Random, path: Path) -> str:
    lines = path.read_text(encoding="utf-8", errors=KEEP_BYTES).splitlines()
    kind = rng.choice(("cell", "cell", "cell", "row", "header", "bytes", "huge"))
    if kind == "cell" and len(lines) > 1:
        i = rng.randrange(1, len(lines))
        cells = lines[i].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(HOSTILE_CELLS).replace(",", ";")
        lines[i] = ",".join(cells)
    elif kind == "row" and len(lines) > 1:
        i = rng.randrange(1, len(lines))
        how = rng.choice(("duplicate", "delete", "short", "long"))
        if how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "delete":
            del lines[i]
        elif how == "short":
            lines[i] = lines[i].rsplit(",", 1)[0]
        else:
            lines[i] += ",extra"
    elif kind == "header":
        cells = lines[0].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(("figure", "indicatr", "", "period",
                                                       "\x1b[2J"))
        lines[0] = ",".join(cells)
    elif kind == "huge":
        lines.append("x" * rng.choice((1000, 200_000)) + ',"unterminated')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors=KEEP_BYTES)
    if kind == "bytes":
        raw = bytearray(path.read_bytes())
        at = rng.randrange(len(raw) + 1)
        raw[at:at] = rng.choice((b"\x00", b"\xff", b'"', b"\r", b"\x1b]0;x\x07"))
        path.write_bytes(bytes(raw))
    return f"csv {kind} {path.name}"


def _mutate_paths(rng: random.Random, root: Path, outside: Path) -> str:
    """Hostile file system entries: data paths outside, links, FIFOs, odd names."""
    folder = rng.choice(sorted({path.parent for path in _files(root, ".csv")}))
    kind = rng.choice(("data-path", "link-out", "dangling", "fifo", "folder", "link-folder",
                       "newline-name", "unreadable", "big"))
    if kind == "data-path":
        catalogue = root / "specs/catalogue.yaml"
        text = catalogue.read_text(encoding="utf-8", errors=KEEP_BYTES)
        target = rng.choice(HOSTILE_PATHS).replace("{outside}", str(outside))
        quoted = target.replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace("../data/observations", target if rng.random() < 0.5 else
                            f"../data/observations\n    - {target}", 1)
        # The other bases name their data in other words: every kind of data path.
        text = text.replace("[data]", f'["{quoted}"]', 1)
        for named in ("../data/reports/2019-20-q2", "../data/benchmarks", "[areas.yaml]"):
            if rng.random() < 0.3:
                text = text.replace(named, f'["{quoted}"]' if named[0] == "[" else target, 1)
        if rng.random() < 0.2 and "areas:" not in text:
            text = text.replace("data:\n", f'data:\n  areas: ["{quoted}"]\n', 1)
        catalogue.write_text(text, encoding="utf-8", errors=KEEP_BYTES)
    elif kind == "link-out":
        _fresh(folder, "leak.csv").symlink_to(outside / "secret.csv")
    elif kind == "dangling":
        _fresh(folder, "gone.csv").symlink_to(root / "nothing-here.csv")
    elif kind == "fifo":
        os.mkfifo(_fresh(folder, "pipe.csv"))
    elif kind == "folder":
        _fresh(folder, "folder.csv").mkdir()
    elif kind == "link-folder":
        _fresh(folder, "linked").symlink_to(outside)
    elif kind == "newline-name":
        _fresh(folder, "x\nforged.csv:1:1: error: KPI999 forged.csv").write_text(
            "indicator\n", encoding="utf-8")
    elif kind == "unreadable":
        victim = rng.choice(_files(folder, ".csv"))
        victim.chmod(0)
    else:
        with _fresh(folder, "big.csv").open("wb") as handle:
            handle.truncate(rng.choice((20_000_001, 2**30)))
    return f"path {kind}"


def _fresh(folder: Path, name: str) -> Path:
    """`name` in `folder`, or a numbered variant when a mutation already made it."""
    path, number = folder / name, 1
    while os.path.lexists(path):
        number += 1
        path = folder / f"{number}-{name}"
    return path


def _expression(rng: random.Random) -> str:
    """Mostly well-formed expressions from the grammar, sometimes token soup."""
    if rng.random() < 0.25:
        return " ".join(rng.choice(EXPRESSION_TOKENS) for _ in range(rng.randint(1, 12)))
    return _number_expr(rng, rng.randint(1, 5))


_LITERALS = ("0", "1", "2", "0.5", "100", "1e15", "1e16", "0.000000000000001", "2.675",
             "999999999999999", "1e-15", "0.1", "3")
_NUMBER_NAMES = ("value", "target", "low", "high", "comparator", "a", "b")


def _number_expr(rng: random.Random, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.25:
        return rng.choice((*_LITERALS, *_NUMBER_NAMES, *_NUMBER_NAMES))
    form = rng.randrange(8)
    inner = depth - 1
    if form == 0:
        return f"-{_number_expr(rng, inner)}"
    if form <= 2:
        op = rng.choice(("+", "-", "*", "/", "//", "%", "*"))
        return f"({_number_expr(rng, inner)} {op} {_number_expr(rng, inner)})"
    if form == 3:
        return f"({_number_expr(rng, inner)} ** {rng.choice(('2', '0', '-1', '3', '-2'))})"
    if form == 4:
        return (f"({_number_expr(rng, inner)} if {_bool_expr(rng, inner)} "
                f"else {_number_expr(rng, inner)})")
    if form == 5:
        function = rng.choice(("sum", "mean", "len", "min", "max"))
        return f"{function}(xs)"
    if form == 6:
        function = rng.choice(("abs", "min", "max"))
        arguments = [_number_expr(rng, inner) for _ in range(1 if function == "abs" else 2)]
        return f"{function}({', '.join(arguments)})"
    return f"round({_number_expr(rng, inner)}, {rng.choice(('0', '1', '2', '15'))})"


def _bool_expr(rng: random.Random, depth: int) -> str:
    form = rng.randrange(4) if depth > 0 else 0
    inner = max(depth - 1, 0)
    if form == 0:
        ops = rng.choice(("<", "<=", ">", ">=", "==", "!="))
        chain = f"{_number_expr(rng, inner)} {ops} {_number_expr(rng, inner)}"
        if rng.random() < 0.3:
            chain += f" {rng.choice(('<', '<='))} {_number_expr(rng, inner)}"
        return chain
    if form == 1:
        return f"({_bool_expr(rng, inner)} {rng.choice(('and', 'or'))} {_bool_expr(rng, inner)})"
    if form == 2:
        return f"not {_bool_expr(rng, inner)}"
    return f"({_bool_expr(rng, inner)} if {_bool_expr(rng, inner)} else {_bool_expr(rng, inner)})"


# Runs ----------------------------------------------------------------------------------


def _snapshot(root: Path, skip: Path) -> dict[str, str]:
    """Every entry under `root` outside `skip`: its kind and content hash (links by target)."""
    found: dict[str, str] = {}
    for top, folders, names in os.walk(root):
        top_path = Path(top)
        if top_path == skip or skip in top_path.parents:
            folders[:] = []
            continue
        for name in folders + names:
            path = top_path / name
            if path == skip:
                continue
            if path.is_symlink():
                found[str(path)] = "link:" + os.readlink(path)
            elif path.is_file():
                info = path.stat()
                if info.st_size > 1_000_000:  # a sparse giant: never read it whole
                    found[str(path)] = f"size {info.st_size} at {info.st_mtime_ns}"
                    continue
                try:
                    found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    found[str(path)] = f"unreadable {info.st_size} at {info.st_mtime_ns}"
            elif path.is_dir():
                found[str(path)] = "folder"
            else:
                found[str(path)] = "special"
    return found


class _Full(io.StringIO):
    """A stream on a full disk: every write fails as `/dev/full` makes it fail."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _cli(argv: list[str], full: str | None = None) -> tuple[int, str]:
    """Run the command line in-process; `full` ("stdout" or "stderr") puts that stream on
    a full disk."""
    from kpirules._cli import main  # noqa: PLC0415

    out = _Full() if full == "stdout" else io.StringIO()
    err = _Full() if full == "stderr" else io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit_:
            status = int(exit_.code) if isinstance(exit_.code, int) else 2
    return status, out.getvalue() + err.getvalue()


def _api(specs: Path) -> str:
    import kpirules  # noqa: PLC0415
    from kpirules.audit import audit  # noqa: PLC0415
    from kpirules.render import render_csv, render_table  # noqa: PLC0415

    catalogue = kpirules.load_catalogue(specs)
    observations = kpirules.read_observations(catalogue)
    results = kpirules.evaluate(catalogue, observations)
    report = audit(catalogue)
    return render_table(results) + render_csv(results) + str(len(report.findings))


def _check_run(figures: Figures, label: str, action: Callable[[], tuple[int, str]],
               guard: tuple[Path, Path, Path]) -> None:
    """Run `action` under the alarm and check what it did; findings go to `figures`."""
    root, out_dir, outside = guard
    before = _snapshot(root, out_dir)
    outside_before = _snapshot(outside, outside / "none")
    figures.runs += 1
    try:
        with bounded(RUN_SECONDS):
            status, text = action()
    except Hang:
        figures.findings.append(f"{label}: hang (over {RUN_SECONDS} s)")
        return
    except Exception:
        from kpirules.errors import KpiRulesError  # noqa: PLC0415

        error = traceback.format_exc()
        status, text = -1, error
        import sys  # noqa: PLC0415

        exc = sys.exc_info()[1]
        if isinstance(exc, KpiRulesError):
            status, text = 1, str(exc)
        else:
            figures.findings.append(f"{label}: non-library exception\n{error[-2000:]}")
            return
    figures.count(f"exit {status}")
    if status == 3 or "internal error" in text or "Traceback (most recent call last)" in text:
        figures.findings.append(f"{label}: internal error (exit {status})\n{text[-2000:]}")
    if SECRET in text:
        figures.findings.append(f"{label}: the canary's secret appears in the output")
    if FORGED.search(text):
        figures.findings.append(f"{label}: a line of the output starts a forged annotation")
    raw = RAW_CONTROL.search(text)
    if raw is not None:
        figures.findings.append(f"{label}: a raw control character {raw.group()!r} in the "
                                f"output: {text[max(raw.start() - 80, 0):raw.end() + 40]!r}")
    after = _snapshot(root, out_dir)
    if after != before:
        changed = sorted(set(before.items()) ^ set(after.items()))[:5]
        figures.findings.append(f"{label}: wrote outside --out: {changed}")
    if _snapshot(outside, outside / "none") != outside_before:
        figures.findings.append(f"{label}: changed the canary folder outside the repository")


def _catalogue_case(rng: random.Random, figures: Figures, bases: dict[str, Path],
                    work: Path) -> None:
    case = work / f"case{figures.cases}"
    root = case / "repo"
    outside = case / "outside"
    outside.mkdir(parents=True)
    (outside / "secret.csv").write_text(
        f"indicator,period,figure\n{SECRET},2019/20 Q1,1\n", encoding="utf-8")
    (outside / "secret.yaml").write_text(f"{SECRET}: [1\n", encoding="utf-8")
    base_name = rng.choice(sorted(bases))
    shutil.copytree(bases[base_name], root, symlinks=True)
    out_dir = root / "pages"
    out_dir.mkdir()
    # Planted links where pages go: to a canary outside, and dangling.
    (out_dir / "asb-incidents.md").symlink_to(outside / "secret.csv")
    (out_dir / "fpn-issued.md").symlink_to(outside / "created-by-kpirules.md")
    labels = []
    for _ in range(rng.randint(1, 3)):
        chooser = rng.random()
        reports = _files(root / "data/reports", ".yaml")
        if chooser < 0.35:
            labels.append(_mutate_yaml(rng, rng.choice(_files(root / "specs", ".yaml"))))
        elif chooser < 0.6:
            labels.append(_mutate_csv(rng, rng.choice(_files(root, ".csv"))))
        elif chooser < 0.75 and reports:
            labels.append(_mutate_yaml(rng, rng.choice(reports)))
        else:
            labels.append(_mutate_paths(rng, root, outside))
        figures.mutations += 1
    figures.cases += 1
    figures.inputs += 1
    specs = str(root / "specs")
    label = f"case {figures.cases - 1} of {base_name} ({'; '.join(labels)})"
    commands: list[list[str]] = [
        ["validate", specs, "--format", rng.choice(("text", "github", "junit", "sarif", "json"))],
        ["validate", "--data", specs],
        ["evaluate", specs, "--format", rng.choice(("table", "csv", "json", "markdown"))],
        ["audit", specs], ["docs", specs, "--out", str(out_dir)],
        ["report", specs, "--out", str(out_dir / "report.html")],
    ]
    with _cwd(root):
        for argv in commands:
            _check_run(figures, f"{label}: kpirules {' '.join(argv[:1])}",
                       lambda a=argv: _cli(a), (root, out_dir, outside))  # type: ignore[misc]
        # One command again with a standard stream on a full disk: a clean exit status.
        argv, full = rng.choice(commands), rng.choice(("stdout", "stderr"))
        _check_run(figures, f"{label}: kpirules {argv[0]} with a full {full}",
                   lambda: _cli(argv, full), (root, out_dir, outside))
        _check_run(figures, f"{label}: API", lambda: (0, _api(root / "specs")),
                   (root, out_dir, outside))
    with contextlib.suppress(OSError):
        for path in root.rglob("*"):
            if not path.is_symlink():
                path.chmod(0o700 if path.is_dir() else 0o600)


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


# Expressions ---------------------------------------------------------------------------


class _Raising:
    def __iter__(self) -> Iterator[float]:
        yield 1.0
        raise OSError("the source went away")

    def __len__(self) -> int:
        return 2


def _hostile_input(rng: random.Random) -> Any:
    return rng.choice((
        1, 0, -1, 2.5, 0.0, math.nan, math.inf, -math.inf, 10**40, -(10**40), 1e308,
        Fraction(1, 3), Fraction(10**31, 7), Decimal("1e100000000"), Decimal("1e-100000000"),
        Decimal("NaN"), Decimal("12.5"), Decimal("sNaN"), True, None, "7", [1, 2], [],
        [1.0, math.nan], _Raising(), [Decimal("1e999999")], object(),
    ))


def _expression_case(rng: random.Random, figures: Figures) -> None:
    from kpirules.errors import KpiRulesError  # noqa: PLC0415
    from kpirules.expressions import compile_expression  # noqa: PLC0415

    names = {"value": "number", "target": "number", "low": "number", "high": "number",
             "comparator": "number", "a": "number", "b": "number", "xs": "numbers"}
    source = _bool_expr(rng, rng.randint(1, 4)) if rng.random() < 0.3 else _expression(rng)
    figures.expressions += 1
    figures.inputs += 1
    try:
        with bounded(RUN_SECONDS):
            try:
                expression = compile_expression(source, names=names)
            except KpiRulesError:
                figures.count("expression refused")
                return
            figures.count("expression compiled")
            for _ in range(8):
                inputs = {name: _hostile_input(rng) for name in expression.names_used}
                for call in (lambda i=inputs: expression(**i),
                             lambda i=inputs: expression.evaluate(**i),
                             lambda i=inputs: expression.map(**{k: [v, v] for k, v in i.items()})):
                    figures.expression_calls += 1
                    try:
                        call()
                    except KpiRulesError:
                        pass
                    except TypeError as exc:
                        # evaluate is documented to raise Python's TypeError for a
                        # positional or undeclared argument only; none is passed here.
                        figures.findings.append(f"expression {source!r}: TypeError {exc}")
    except Hang:
        figures.findings.append(f"expression {source!r}: hang")
    except Exception as exc:
        figures.findings.append(f"expression {source!r}: {type(exc).__name__}: {exc}"[:500])


# The campaign --------------------------------------------------------------------------


def run_campaign(seed: int, *, cases: int, expressions: int, seconds: float | None = None,
                 work: Path | None = None) -> Figures:
    """Run `cases` catalogue cases and `expressions` expression cases, interleaved, from
    `seed`; with `seconds`, keep going (in the same proportion) until they have passed."""
    rng = random.Random(seed)
    figures = Figures(seed)
    start = time.monotonic()
    per_case = max(1, expressions // max(cases, 1))
    with tempfile.TemporaryDirectory(prefix="kpirules-fuzz-", dir=work) as temporary:
        folder = Path(temporary)
        bases = {name: folder / f"base-{name}" for name in BASES}
        for name, build in BASES.items():
            build(bases[name])
        while True:
            if seconds is None and figures.cases >= cases and figures.expressions >= expressions:
                break
            if seconds is not None and time.monotonic() - start > seconds:
                break
            if seconds is not None or figures.cases < cases:
                _catalogue_case(rng, figures, bases, folder)
                shutil.rmtree(folder / f"case{figures.cases - 1}", ignore_errors=True)
            for _ in range(per_case):
                if seconds is None and figures.expressions >= expressions:
                    break
                _expression_case(rng, figures)
    figures.seconds = time.monotonic() - start
    return figures


if __name__ == "__main__":  # pragma: no cover - the long mode, run by hand
    import sys

    result = run_campaign(int(sys.argv[1]) if len(sys.argv) > 1 else 1, cases=1,
                          expressions=50,
                          seconds=float(sys.argv[2]) if len(sys.argv) > 2 else 600)
    print(result.summary())
    for finding in result.findings:
        print("FINDING:", finding)
