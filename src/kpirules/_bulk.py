"""Building many objects at once without the cyclic garbage collector's repeated passes.

Loading thousands of specs or reading hundreds of thousands of rows makes millions of
small objects that stay alive. CPython's collector runs a pass every few hundred new
objects and, as the survivors pile up, ever larger passes over all of them, though they
hold no cycles to free: half the time of loading a large catalogue went there. Inside
`bulk()` the collector waits; on leaving, it runs as before (and was never switched on
if the caller had switched it off).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["bulk"]


@contextmanager
def bulk() -> Iterator[None]:
    """Pause cyclic garbage collection for the duration of the block."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
