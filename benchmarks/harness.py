"""What the benchmarks share: timing by turns, peak memory in a fresh process, and the
pandas side's reading of the synthetic specs.

Imported by `bench_evaluate.py`, `bench_batch.py` and `bench_validate.py` (each puts
this folder on `sys.path`). Nothing here is kpirules: it is the measuring and the
hand-written pandas computation kpirules is measured against.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

__all__ = ["best_of", "is_percentage", "peak_rss", "rss_mb", "spec_documents", "target_frame"]


def best_of(repeats: int, *runs: Callable[[], object],
            clock: Callable[[], float] = time.process_time) -> list[float]:
    """Each run's minimum time over `repeats` rounds, the runs taking turns.

    Taking turns spreads the noise of a shared machine over every measurement. The
    clock is CPU time unless a benchmark asks for another (wall time, say).
    """
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for run, spent in zip(runs, times, strict=True):
            start = clock()
            run()
            spent.append(clock() - start)
    return [min(spent) for spent in times]


def rss_mb() -> float:
    """This process's peak RSS in MB. Linux keeps `ru_maxrss` across `exec` (so a child
    would report its parent's peak); its VmHWM belongs to the new address space alone."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kilobytes / 1024 if sys.platform != "darwin" else kilobytes / 1024 / 1024


def peak_rss(script: str, engine: str, folder: Path, options: Sequence[str]) -> float:
    """Peak RSS in MB of a fresh process that runs `script --child engine` once (imports
    included); the child prints `{"rss_mb": ...}`."""
    out = subprocess.run(
        [sys.executable, script, "--child", engine, "--folder", str(folder), *options],
        check=True, capture_output=True, text=True)
    return float(json.loads(out.stdout)["rss_mb"])


def spec_documents(spec_files: Sequence[Path]) -> Iterator[dict[str, Any]]:
    """Each indicator spec as plain data, read with PyYAML's C loader where there is one
    (what an analyst's script would do)."""
    import yaml  # noqa: PLC0415

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in spec_files:
        yield yaml.load(path.read_bytes(), Loader=loader)


def is_percentage(spec: dict[str, Any]) -> bool:
    unit = spec["unit"]
    return (unit["kind"] if isinstance(unit, dict) else unit) == "percentage"


def target_frame(spec_files: Sequence[Path], *,
                 without_target: Literal["skip", "nan"]) -> Any:
    """A pandas frame of each indicator's quarterly targets: indicator, ordinal (year × 4
    + quarter index), sign (+1 when higher is better), percentage, target.

    A year whose target is neither a value nor a profile is left out (`"skip"`), or
    kept as four NaN targets (`"nan"`), so the indicator's sign and unit are still in
    the frame for its rows. Each benchmark says which its own computation needs.
    """
    import numpy as np  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415

    records = []
    for spec in spec_documents(spec_files):
        percentage = is_percentage(spec)
        sign = 1.0 if spec["polarity"] == "higher_is_better" else -1.0
        for label, target in spec["targets"].items():
            year = int(str(label)[:4])
            if "value" in target:
                quarters = [float(target["value"])] * 4
            elif "profile" in target:
                quarters = [float(x) for x in target["profile"]]
            elif without_target == "skip":
                continue
            else:
                quarters = [np.nan] * 4
            records += [(spec["id"], year * 4 + q, sign, percentage, quarters[q])
                        for q in range(4)]
    return pd.DataFrame(records,
                        columns=["indicator", "ordinal", "sign", "percentage", "target"])
