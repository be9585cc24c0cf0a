"""DataFrames in and out: observations from, and results to, pandas or polars.

The core library needs neither. These functions go through narwhals, so one code path
serves both; they are in the `frames` extra (`pip install 'kpirules[frames]'`) and raise
`MissingExtraError` naming that command when it is missing.
"""

from __future__ import annotations

from typing import Any

from kpirules.errors import MissingExtraError

__all__ = ["Frame", "narwhals"]

Frame = Any
"""A pandas or polars DataFrame (typed loosely: neither library is a dependency)."""


def narwhals(feature: str = "DataFrame support") -> Any:
    """The narwhals module, or `MissingExtraError` naming the install command."""
    try:
        import narwhals.stable.v1 as nw  # noqa: PLC0415
    except ImportError:
        raise MissingExtraError(feature, "frames", needs="narwhals") from None
    return nw
