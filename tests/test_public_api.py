"""Tests for the public API: a sorted `__all__` whose names all exist, and a typed package."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import kpirules

PUBLIC_MODULES = ("kpirules", "kpirules.models", "kpirules.issues", "kpirules.errors",
                  "kpirules.yamlsource", "kpirules.validation", "kpirules.specfiles",
                  "kpirules.schema", "kpirules.schema_issues", "kpirules.spc",
                  "kpirules.batch")


def isort_key(name: str) -> tuple[int, str]:
    """The order ruff (RUF022) keeps `__all__` in: CONSTANTS, then Classes, then functions."""
    if name.isupper() and len(name) > 1:
        return 0, name
    if name[:1].isupper():
        return 1, name
    return 2, name


def test_top_level_all_is_sorted() -> None:
    """`kpirules.__all__` is in plain sorted order (and the same in ruff's order)."""
    assert list(kpirules.__all__) == sorted(kpirules.__all__)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_unique_and_exported(name: str) -> None:
    """Each public module's `__all__` is sorted, has no repeats, and every name exists."""
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported, key=isort_key), f"{name}.__all__ is not sorted"
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"
    missing = [item for item in exported if not hasattr(module, item)]
    assert missing == [], f"{name}.__all__ names what it lacks: {missing}"


def test_error_root_is_exported() -> None:
    """`kpirules.KpiRulesError` is the root of every exported error class."""
    errors = [getattr(kpirules, name) for name in kpirules.__all__
              if isinstance(getattr(kpirules, name), type)
              and issubclass(getattr(kpirules, name), Exception)]
    assert kpirules.KpiRulesError in errors
    assert all(issubclass(error, kpirules.KpiRulesError) for error in errors)


def test_package_is_typed() -> None:
    """The package ships `py.typed`, so type checkers use its annotations."""
    assert (Path(kpirules.__file__).parent / "py.typed").is_file()
