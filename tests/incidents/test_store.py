"""The SQLite insert's shared parameters: only columns with one value in every row share one."""

from __future__ import annotations

import pyarrow as pa

from clearhold.incidents.store import _split_constants


def test_a_column_that_changes_after_the_first_thousand_rows_is_bound_per_row():
    rows = pa.table(
        {
            "batch_id": [7] * 1500,
            "description": [""] * 1500,
            "occurred": pa.array([None] * 1500, pa.string()),
            "month": ["2024-01-01"] * 1200 + ["2024-02-01"] * 300,
            "row_key": [5] * 1500,
            "row_number": list(range(1500)),
        }
    )
    values, shared, per_row = _split_constants(rows)
    assert values == (7, "", None)
    assert shared.column_names == ["batch_id", "description", "occurred"]
    assert per_row.column_names == ["month", "row_key", "row_number"]
    assert per_row.num_rows == 1500
