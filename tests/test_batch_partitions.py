"""Evaluation partitions by area: parts rated apart, put back together, equal the whole.

This is what lets a distributed engine (Dask, Spark) rate each partition of areas on
its own worker (see "Beyond one machine" in docs/design.md): a row's rating, arrow,
target and comparator depend only on its own area's rows.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kpirules.batch import rate_columns
from test_batch_differential import _Catalogue, cases


def _rate(measure, rows):
    return rate_columns(
        _Catalogue(measure), indicator=["test-indicator"] * len(rows),
        period=[str(period) for _, period, _ in rows], value=[v for _, _, v in rows],
        area=[area for area, _, _ in rows])


@given(cases(), st.data())
def test_rating_areas_in_parts_equals_rating_them_together(case, data):
    """Areas dealt at random into parts, each part rated alone: every row's rating, arrow,
    target and comparator are those of rating all the rows at once."""
    measure, rows = case
    areas = sorted({area for area, _, _ in rows})
    part_of = {area: data.draw(st.integers(0, 2), label=area) for area in areas}
    whole = _rate(measure, rows)
    for part in set(part_of.values()):
        chosen = [i for i, (area, _, _) in enumerate(rows) if part_of[area] == part]
        alone = _rate(measure, [rows[i] for i in chosen])
        for k, i in enumerate(chosen):
            assert alone.rating[k] == whole.rating[i]
            assert alone.dot[k] == whole.dot[i]
            assert alone.target[k] == whole.target[i]
            assert alone.comparator[k] == whole.comparator[i]
