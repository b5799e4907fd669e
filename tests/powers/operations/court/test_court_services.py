"""The operation at court through the services: each premises checked as its own closure; a
refused premises stores nothing and is named with why; the others kept only on ``proceed``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from clearhold.law import UK
from clearhold.powers.models import (
    ClosureOrder,
    Engagement,
    EngagementKind,
    Hearing,
    HearingOutcome,
    OrderExtension,
    ServiceEvent,
)
from clearhold.powers.selectors_operation_court import (
    awaiting_court,
    next_stop,
    operation_orders,
    service_walk,
)
from clearhold.powers.services_operation_court import (
    HeardRow,
    earliest_expiry,
    extension_apply_batch,
    extension_consult_batch,
    extension_decide_batch,
    listing_hear,
    service_batch,
)
from clearhold.powers.services_order import extension_apply, extension_decide
from tests.powers.conftest import HEARD, SERVED, wisbech_exemptions
from tests.powers.operations.conftest import COMMUNAL

APPLIED = dt.date(2025, 7, 20)


def test_the_walk_runs_in_street_order_and_moves_to_the_next_unserved(issued, estate_constable):
    stops = service_walk(issued[0].operation)
    assert [s.closure.site.name for s in stops] == [f"Block {c}" for c in "ABCDEFGHIJ"]
    assert not any(s.served for s in stops)
    service_batch(
        user=estate_constable,
        operation=issued[0].operation,
        closures=[issued[1]],
        act="b",
        served_at=SERVED,
    )
    stops = service_walk(issued[0].operation)
    assert stops[1].acts == ("b",)
    assert next_stop(stops, issued[0]).closure == issued[2]  # Block B is served: skip it
    assert next_stop(stops, issued[9]) is None


def test_the_same_act_for_several_premises_is_one_event_each(issued, estate_constable):
    result = service_batch(
        user=estate_constable,
        operation=issued[0].operation,
        closures=issued[:3],
        act="a",
        served_at=SERVED,
        detail="Main entrance door",
    )
    assert result.stored
    assert [o.premises for o in result.outcomes] == [
        "Block A",
        "Block B",
        "Block C",
    ]
    events = ServiceEvent.objects.filter(act="a", detail="Main entrance door")
    assert {e.notice.closure_id for e in events} == {c.pk for c in issued[:3]}


def test_a_council_officer_cannot_serve_a_police_notice(issued, manager):
    result = service_batch(
        user=manager,
        operation=issued[0].operation,
        closures=issued[:2],
        act="a",
        served_at=SERVED,
        proceed=True,
    )
    assert not result.stored
    assert [o.premises for o in result.refused] == ["Block A", "Block B"]
    assert all("s.79(1)" in o.refused[0] for o in result.refused)
    assert not ServiceEvent.objects.exists()


def test_service_before_issue_is_refused_per_premises_and_nothing_kept(issued, estate_constable):
    early = SERVED - dt.timedelta(hours=5)
    later = issued[1].notice
    later.issued_at = early + dt.timedelta(hours=2)
    later.save()
    # Block A's notice was issued at 14:00: service at 10:30 that day precedes it
    result = service_batch(
        user=estate_constable,
        operation=issued[0].operation,
        closures=issued[:2],
        act="a",
        served_at=early + dt.timedelta(hours=3),
    )
    assert not result.stored
    assert [o.premises for o in result.refused] == ["Block A"]
    assert "before it is issued" in result.refused[0].refused[0]
    assert not ServiceEvent.objects.exists()
    kept = service_batch(
        user=estate_constable,
        operation=issued[0].operation,
        closures=issued[:2],
        act="a",
        served_at=early + dt.timedelta(hours=3),
        proceed=True,
    )
    assert kept.stored
    assert list(ServiceEvent.objects.values_list("notice__closure", flat=True)) == [issued[1].pk]


def test_the_listing_records_each_order_as_applied_for(ordered, listing):
    order = ordered[0]
    assert (order.made_on, order.starts_on, order.ends_on) == (
        dt.date(2025, 5, 7),
        dt.date(2025, 5, 7),
        dt.date(2025, 8, 7),
    )
    assert order.scope == "communal"
    assert order.part_description == COMMUNAL
    assert order.partial
    assert [e["clause"] for e in order.exemptions] == [e["clause"] for e in wisbech_exemptions()]
    assert order.court == listing.court
    assert Hearing.objects.filter(listing=listing).count() == 10


def test_mixed_outcomes_and_a_varied_end(served, listing, estate_inspector):
    rows = [
        HeardRow(closure=served[0]),
        HeardRow(closure=served[1], ends_on=dt.date(2025, 7, 7)),
        HeardRow(closure=served[2], outcome=HearingOutcome.REFUSED),
        HeardRow(
            closure=served[3],
            outcome=HearingOutcome.ADJOURNED,
            adjourned_to=HEARD + dt.timedelta(days=7),
        ),
    ]
    result = listing_hear(user=estate_inspector, listing=listing, heard_at=HEARD, rows=rows)
    assert result.stored
    assert not result.refused
    ends = dict(ClosureOrder.objects.values_list("closure__site__name", "ends_on"))
    assert ends == {"Block A": dt.date(2025, 8, 7), "Block B": dt.date(2025, 7, 7)}
    outcomes = dict(Hearing.objects.values_list("closure__site__name", "outcome"))
    assert outcomes["Block C"] == "refused"
    assert outcomes["Block D"] == "adjourned"
    assert awaiting_court(listing.operation)[0] == served[3]  # adjourned: still to decide


def test_an_order_months_over_the_law_is_capped_at_three(served, listing, estate_inspector):
    served[0].terms = {"order_months": 6}
    served[0].save()
    listing_hear(
        user=estate_inspector, listing=listing, heard_at=HEARD, rows=[HeardRow(closure=served[0])]
    )
    assert served[0].order.ends_on == dt.date(2025, 8, 7)  # s.80(6)


def test_a_premises_not_served_or_heard_too_late_is_refused_and_named(
    issued, listing, estate_constable, estate_inspector
):
    early = SERVED - dt.timedelta(hours=1)
    service_record_at(issued[0], estate_constable, early.replace(hour=14, minute=30))
    service_record_at(issued[2], estate_constable, SERVED)
    rows = [HeardRow(closure=c) for c in issued[:3]]
    late = dt.datetime(2025, 5, 7, 15, 0, tzinfo=UK)  # 48h from 14:30 on 5 May passed
    result = listing_hear(user=estate_inspector, listing=listing, heard_at=late, rows=rows)
    assert not result.stored
    refused = {o.premises: " ".join(o.refused) for o in result.refused}
    assert set(refused) == {"Block A", "Block B"}
    assert "s.80(3)" in refused["Block A"]
    assert "service" in refused["Block B"]
    assert not Hearing.objects.exists()
    assert not ClosureOrder.objects.exists()
    kept = listing_hear(
        user=estate_inspector, listing=listing, heard_at=late, rows=rows, proceed=True
    )
    assert kept.stored
    assert list(ClosureOrder.objects.values_list("closure", flat=True)) == [issued[2].pk]


def service_record_at(closure, user, at):
    from clearhold.powers.services import service_record

    return service_record(user=user, notice=closure.notice, act="a", served_at=at)


def test_a_partner_viewer_cannot_record_the_listing(served, listing, estate, partner_viewer):
    with pytest.raises(PermissionDenied):
        listing_hear(
            user=partner_viewer, listing=listing, heard_at=HEARD, rows=[HeardRow(served[0])]
        )
    assert not Hearing.objects.exists()


def _consult(operation, orders, user):
    at = dt.datetime(2025, 7, 18, 11, 0, tzinfo=UK)
    return extension_consult_batch(
        user=user, operation=operation, orders=orders, who="London Borough of Barnet", at=at
    )


def test_extensions_together_each_consulted_applied_and_granted(ordered, estate_inspector):
    operation = ordered[0].closure.operation
    assert earliest_expiry(ordered) == dt.date(2025, 8, 7)
    assert _consult(operation, ordered, estate_inspector).stored
    assert Engagement.objects.filter(kind=EngagementKind.CONSULT_EXTENSION).count() == 10
    applied = extension_apply_batch(
        user=estate_inspector, operation=operation, orders=ordered, applied_on=APPLIED
    )
    assert applied.stored
    assert not applied.refused
    extensions = [o.done for o in applied.outcomes]
    assert {e.new_ends_on for e in extensions} == {dt.date(2025, 11, 7)}
    decided = extension_decide_batch(
        user=estate_inspector,
        operation=operation,
        extensions=extensions,
        granted=True,
        on=dt.date(2025, 8, 1),
    )
    assert decided.stored
    assert {o.current_ends_on() for o in operation_orders(operation)} == {dt.date(2025, 11, 7)}


def test_an_order_already_at_six_months_is_refused_and_named(ordered, estate_inspector):
    operation = ordered[0].closure.operation
    _consult(operation, ordered[:1], estate_inspector)
    first, _ = extension_apply(
        user=estate_inspector,
        order=ordered[0],
        applied_on=APPLIED,
        new_ends_on=dt.date(2025, 11, 7),
    )
    extension_decide(user=estate_inspector, extension=first, granted=True, on=APPLIED)
    consulted = _consult(operation, ordered[:3], estate_inspector)
    assert consulted.stored
    again = APPLIED  # the same day Block A was extended to its sixth month
    result = extension_apply_batch(
        user=estate_inspector, operation=operation, orders=ordered[:3], applied_on=again
    )
    assert not result.stored
    assert [o.premises for o in result.refused] == ["Block A"]
    assert "s.82(8)" in " ".join(result.refused[0].refused)
    assert OrderExtension.objects.count() == 1
    kept = extension_apply_batch(
        user=estate_inspector,
        operation=operation,
        orders=ordered[:3],
        applied_on=again,
        proceed=True,
    )
    assert kept.stored
    assert OrderExtension.objects.count() == 3


def test_an_extension_without_consulting_is_refused(ordered, estate_inspector):
    operation = ordered[0].closure.operation
    result = extension_apply_batch(
        user=estate_inspector, operation=operation, orders=ordered[:2], applied_on=APPLIED
    )
    assert len(result.refused) == 2
    assert all("s.82(3),(4)" in " ".join(o.refused) for o in result.refused)
    assert not OrderExtension.objects.exists()
