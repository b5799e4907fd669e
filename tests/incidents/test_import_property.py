"""Property: whatever mix of good and malformed rows a file holds, a batch is stored whole,
or (keeping valid rows) exactly its valid rows are stored — never part of a row set."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhold.incidents.models import ImportStatus, Incident
from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
from tests.incidents.policeuk_files import row, write

_counter = itertools.count()

MALFORMED = {
    "month": lambda r: r.__setitem__(1, "2024-13"),
    "latitude": lambda r: r.__setitem__(5, "95.0"),
    "longitude": lambda r: r.__setitem__(4, "east"),
    "france": lambda r: (r.__setitem__(4, "2.3522"), r.__setitem__(5, "48.8566")),
    "crime type": lambda r: r.__setitem__(9, "Jaywalking"),
    "too few fields": lambda r: r.__delitem__(slice(8, None)),
    "too many fields": lambda r: r.append("extra"),
}

rows_strategy = st.lists(
    st.one_of(st.just(None), st.sampled_from(sorted(MALFORMED))), min_size=1, max_size=25
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kinds=rows_strategy, keep_valid=st.booleans())
def test_nothing_is_half_written(db, tmp_path_factory, kinds, keep_valid):
    folder = tmp_path_factory.mktemp("prop")
    unique = next(_counter)
    rows = []
    for i, kind in enumerate(kinds):
        r = row(unique * 1000 + i, force=f"Test Force {unique}")
        if kind is not None:
            MALFORMED[kind](r)
        rows.append(r)
    path = write(folder / f"file-{unique}.csv", rows)
    before = Incident.objects.count()
    batch = import_batch_create(
        user=None,
        source="policeuk",
        files=[IncomingFile(path, path.name)],
        keep_valid_rows=keep_valid,
    )
    batch = import_batch_run(batch=batch)
    bad = sum(kind is not None for kind in kinds)
    stored = Incident.objects.count() - before
    assert batch.rows_read == len(kinds)
    assert batch.rows_rejected == bad
    if bad == 0 or keep_valid:
        assert batch.status == ImportStatus.STORED
        assert stored == batch.rows_stored == len(kinds) - bad
    else:
        assert batch.status == ImportStatus.REJECTED
        assert stored == 0
    assert Incident.objects.filter(batch=batch).count() == stored
