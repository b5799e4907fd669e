"""The email digest lists a deadline an operation's premises share once, with how many premises,
and a single closure's deadlines as before (issue 20: 49 orders are not 49 lines)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from clearhold.notifications.selectors import digest_for
from clearhold.powers.selectors import operation_closures
from tests.powers.operations.conftest_orders import serve


def test_one_line_per_shared_deadline_of_an_operation(
    operation, estate_inspector, estate_constable
):
    now = timezone.now()
    closures = operation_closures(operation)
    issued = now - dt.timedelta(hours=3)
    for n, closure in enumerate(closures):
        served = now - dt.timedelta(hours=2) if n < 7 else now - dt.timedelta(hours=1)
        serve(closure, estate_inspector, estate_constable, issued=issued, served=served)

    digest = digest_for(estate_inspector, now)

    shared = [line for line in digest.clocks if "Operation Dakota" in line.text]
    assert len(shared) < len(closures)
    counts = sorted(
        int(line.text.split(" premises of")[0].rsplit("– ", 1)[1])
        for line in shared
        if " premises of" in line.text and "– Block" not in line.text
    )
    assert 7 in counts
    assert 3 in counts
    assert all(line.url == operation.get_absolute_url() for line in shared)
    assert len({line.key for line in shared}) == len(shared)
