"""An operation's pages and forms, attacked from outside and from within (issue 20).

Reproduced with the Django test client as: an outsider organisation's officer, a partnership
manager of another organisation, a partner viewer, and an officer of the problem posting the
ids of premises, orders and listings of ANOTHER problem's operation into the batch forms
(engagements, notices, service, walk stop, walking order, listing, extensions), plus a CSV of
premises naming another problem's block, a binary or oversized file, and the location JSON.

What must hold: someone the problem is not shared with gets nothing (403 or 404, no block or
premises named, in HTML or JSON); a viewer may look but not write; an id from another operation
is refused with an error naming what is wrong, and nothing is stored anywhere; a form posted
without its CSRF token is refused; the operation page takes GET only.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clearhold.accounts.roles import Role
from clearhold.places.models import Unit
from clearhold.places.services import site_create
from clearhold.powers.models import (
    Closure,
    ClosureNotice,
    Engagement,
    EngagementKind,
    Listing,
    Operation,
    OrderExtension,
    ServiceEvent,
)
from clearhold.powers.selectors import operation_closures
from clearhold.powers.services import engagement_record
from clearhold.powers.services_operation import PremisesPick, operation_create
from clearhold.powers.services_order import extension_apply
from clearhold.problems.models import MemberRole
from clearhold.problems.services import member_add, partner_add, problem_create
from clearhold.readmodel import Shown
from tests.powers.conftest import issue
from tests.powers.operations.conftest import COMMUNAL, block_outline
from tests.powers.operations.conftest_orders import orders_in_force
from tests.powers.operations.court.conftest import prepare

pytestmark = pytest.mark.django_db

ENGAGED = {
    "at": "2025-05-05T11:00",
    "occupiers": "The residents of each block",
    "interested": "Barnet Homes",
    "consulted": "Barnet Council",
}
NOTICES = {
    "issued_at": "2025-05-05T14:00",
    "hearing_court": "Willesden Magistrates’ Court",
    "hearing_court_address": "448 High Road, London NW10 2DZ",
    "hearing_at": "2025-05-07T10:00",
    "advice_is_local": "on",
}
TERMS = {
    "premises_kind": "communal_areas",
    "scope": "communal",
    "part_description": COMMUNAL,
    "exempt": ["residents_visitors", "emergency_services"],
    "notice_hours": "24",
    "order_months": "3",
}


def url(name: str, *args) -> str:
    return reverse(f"powers:{name}", args=args)


@pytest.fixture
def elsewhere(manager, police, estate_inspector):
    """Another problem, on the Ferndale estate, with its own operation over one block."""
    block = site_create(
        user=manager,
        name="Ferndale House",
        kind="block",
        boundary=block_outline(40),
        address="2 Ferndale Road, London NW9 6AA",
        origin="Illustrative outline",
    )
    problem = problem_create(
        user=manager, title="Ferndale ASB", start_date=dt.date(2023, 7, 1), sites=[block]
    )
    partner_add(user=manager, problem=problem, organisation=police)
    member_add(user=manager, problem=problem, person=estate_inspector, role=MemberRole.ENFORCEMENT)
    theirs, _ = operation_create(
        user=estate_inspector,
        problem=problem,
        name="Operation Ferndale",
        picks=[PremisesPick(site=block)],
        part_description=COMMUNAL,
        notice_hours=24,
    )
    return theirs


def _stranger(elsewhere) -> Closure:
    return operation_closures(elsewhere)[0]


def test_closures_of_another_operation_posted_into_the_batch_forms_store_nothing(
    client, operation, elsewhere, estate_inspector
):
    stranger = _stranger(elsewhere)
    ours = operation_closures(operation)[0]
    client.force_login(estate_inspector)
    for page, data in (("operation-engagements", ENGAGED), ("operation-notices", NOTICES)):
        response = client.post(url(page, operation.pk), data | {"closures": [stranger.pk]})
        assert response.status_code == 200
        assert "Select premises from the list" in response.content.decode()
        mixed = client.post(url(page, operation.pk), data | {"closures": [ours.pk, stranger.pk]})
        assert mixed.status_code == 200
    assert not Engagement.objects.exists()
    assert not ClosureNotice.objects.exists()


def test_service_of_another_operations_notice_is_refused(
    client, operation, elsewhere, estate_inspector, estate_constable
):
    stranger = _stranger(elsewhere)
    prepare(stranger, estate_inspector)
    issue(stranger, estate_inspector)
    client.force_login(estate_constable)
    stop = url("operation-walk-stop", operation.pk, stranger.pk)
    assert client.post(stop, {"act": "a"}).status_code == 404
    batch = {"premises": [stranger.pk], "act": "a", "served_at": "2025-05-05T15:00"}
    response = client.post(url("operation-service", operation.pk), batch)
    assert response.status_code == 200
    assert "Select premises from the list" in response.content.decode()
    assert not ServiceEvent.objects.exists()


def test_the_walking_order_ignores_another_operations_premises(
    client, operation, elsewhere, estate_inspector
):
    stranger = _stranger(elsewhere)
    places = {f"place_{c.pk}": str(n) for n, c in enumerate(operation_closures(operation), 1)}
    client.force_login(estate_inspector)
    response = client.post(
        url("operation-order", operation.pk), places | {f"place_{stranger.pk}": "1"}
    )
    assert response.status_code == 302
    stranger.refresh_from_db()
    assert stranger.route_position == 1  # its own operation's place, untouched
    assert stranger.operation_id == elsewhere.pk


def test_a_listing_of_another_operation_hears_only_its_own_premises(
    client, operation, elsewhere, estate_inspector
):
    theirs = Listing.objects.create(
        operation=elsewhere, court="Hendon", created_by=estate_inspector,
        listed_at=dt.datetime(2025, 5, 7, 10, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    ours = operation_closures(operation)[0]
    client.force_login(estate_inspector)
    page = client.get(url("listing-hear", theirs.pk)).content.decode()
    assert "Block A" not in page
    assert "Operation Dakota" not in page
    data = {"heard_at": "2025-05-07T10:00", f"p{ours.pk}-heard": "on",
            f"p{ours.pk}-outcome": "order_made"}  # fmt: skip
    client.post(url("listing-hear", theirs.pk), data)
    assert not ours.hearings.exists()


@pytest.mark.parametrize(
    "page",
    ["operation", "operation-walk", "operation-clocks", "operation-patrol", "operation-where",
     "operation-engagements", "operation-notices", "operation-service", "operation-order",
     "operation-extensions", "listing-new"],
)  # fmt: skip
def test_someone_the_problem_is_not_shared_with_sees_nothing_of_it(
    client, operation, outsider, outmanager, page
):
    for person in (outsider, outmanager):
        client.force_login(person)
        response = client.get(url(page, operation.pk), {"lat": "51.6011", "lon": "-0.2478"})
        assert response.status_code in (403, 404), (page, person)
        text = response.content.decode()
        assert "Block A" not in text
        assert "Operation Dakota" not in text
        assert client.post(url(page, operation.pk), {}).status_code in (403, 404, 405)
    assert Operation.objects.count() == 1


def test_the_location_json_names_only_the_operations_own_blocks(
    client, operation, elsewhere, estate_inspector
):
    client.force_login(estate_inspector)
    # A point inside Ferndale House, the other problem's block: not one of this operation's.
    answer = json.loads(
        client.get(
            url("operation-where", operation.pk), {"lat": "51.6011", "lon": "-0.2157"}
        ).content
    )
    assert answer["block"] is None
    assert answer["closures"] == []
    assert "Ferndale" not in json.dumps(answer)


def test_a_partner_viewer_may_look_but_not_write(
    client, operation, partner_viewer, manager, charity, estate_inspector
):
    partner_add(user=manager, problem=operation.problem, organisation=charity)
    closures = operation_closures(operation)
    client.force_login(partner_viewer)
    assert client.get(url("operation", operation.pk)).status_code == 200
    writes = {
        url("operation-engagements", operation.pk): ENGAGED | {"closures": [closures[0].pk]},
        url("operation-notices", operation.pk): NOTICES | {"closures": [closures[0].pk]},
        url("operation-order", operation.pk): {f"place_{closures[0].pk}": "9"},
        url("operation-vary", closures[0].pk): TERMS,
        url("listing-new", operation.pk): {"court": "Hendon", "listed_at": "2025-05-07T10:00"},
        url("operation-walk-stop", operation.pk, closures[0].pk): {"act": "a"},
    }
    for where, data in writes.items():
        assert client.post(where, data).status_code == 403, where
    assert not Engagement.objects.exists()
    assert not ClosureNotice.objects.exists()
    assert not Listing.objects.exists()
    assert [c.route_position for c in operation_closures(operation)] == list(range(1, 11))


def test_a_batch_form_without_its_csrf_token_is_refused(operation, estate_inspector):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(estate_inspector)
    data = ENGAGED | {"closures": [c.pk for c in operation_closures(operation)]}
    assert strict.post(url("operation-engagements", operation.pk), data).status_code == 403
    assert not Engagement.objects.exists()


def test_the_operation_page_takes_get_only(client, operation, estate_inspector):
    client.force_login(estate_inspector)
    assert client.post(url("operation", operation.pk), {}).status_code == 405


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("premises.csv", data, content_type="text/csv")


@pytest.mark.parametrize(
    ("data", "named"),
    [
        # another problem's block, by name and by address: it is not a site of this problem
        (b"address\nFerndale House\n", "no site of this problem is called or at"),
        (b'address\n"2 Ferndale Road, London NW9 6AA"\n', "no site of this problem"),
        # a flat of the other problem's block, by its address, or named under one of ours
        (b'address\n"Flat 9, 2 Ferndale Road"\n', "no site of this problem"),
        (b"address,unit\nBlock A,Flat 9\n", "“Block A” has no unit called “Flat 9”"),
        (b"address\n../../etc/passwd\n", "no site of this problem"),
        (b'address\n"=HYPERLINK(""http://x"",""y"")"\n', "no site of this problem"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is not UTF-8 text"),
        (b"address\nBlock A\x00\n", "the file holds a NUL character"),
        (b"address\n" + b"Block A\n" * 200_000, "The file is larger than 1 MB"),
        (b'address\n"' + b"x" * 200_000 + b'"\n', "not a readable CSV"),
    ],
)
def test_a_hostile_csv_of_premises_is_refused_with_why_and_nothing_stored(
    client, estate, elsewhere, estate_inspector, data, named
):
    ferndale = operation_closures(elsewhere)[0].site
    Unit.objects.create(site=ferndale, name="Flat 9", address="Flat 9, 2 Ferndale Road")
    client.force_login(estate_inspector)
    form = TERMS | {"name": "Operation Dakota", "addresses": _upload(data)}
    response = client.post(url("operation-new", estate.pk), form)
    assert response.status_code == 200
    assert named in response.content.decode()
    assert not estate.operations.exists()
    assert Closure.objects.filter(problem=estate).count() == 0


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("operation", "operation"),
        ("operation-engagements", "operation"),
        ("operation-notices", "operation"),
        ("operation-order", "operation"),
        ("operation-walk", "operation"),
        ("operation-service", "operation"),
        ("operation-extensions", "operation"),
        ("listing-new", "operation"),
        ("operation-clocks", "operation"),
        ("operation-patrol", "operation"),
        ("operation-vary", "closure"),
        ("operation-new", "problem"),
    ],
)
def test_every_operation_page_hands_its_records_through_the_read_model(
    client, operation, estate_inspector, page, shown
):
    """The rule, not only its outcome: a page's record is the read model's (``Shown``), so a
    field declared restricted tomorrow is withheld on it tomorrow."""
    pk = {
        "closure": operation_closures(operation)[0].pk,
        "problem": operation.problem_id,
        "operation": operation.pk,
    }[shown]
    client.force_login(estate_inspector)
    response = client.get(url(page, pk))
    assert response.status_code == 200
    assert isinstance(response.context[shown], Shown), page


def test_a_council_officer_may_not_serve_a_police_operations_notices_even_going_on(
    client, operation, estate_inspector, make_user, council, manager
):
    closures = operation_closures(operation)[:2]
    for closure in closures:
        prepare(closure, estate_inspector)
        issue(closure, estate_inspector)
    officer = make_user("council_officer", council, Role.OFFICER)
    member_add(user=manager, problem=operation.problem, person=officer, role=MemberRole.ENFORCEMENT)
    client.force_login(officer)
    batch = {"premises": [c.pk for c in closures], "act": "a", "served_at": "2025-05-05T15:00"}
    for data in (batch, batch | {"proceed": "on"}):
        page = client.post(url("operation-service", operation.pk), data).content.decode()
        assert "served by a constable (s.79(1))" in page
    assert not ServiceEvent.objects.exists()


def test_varying_a_closure_outside_any_operation_or_problem_changes_nothing(
    client, closure, operation, outmanager, manager
):
    """The Wisbech closure is on its own (no operation)."""
    client.force_login(outmanager)
    assert client.post(url("operation-vary", closure.pk), TERMS).status_code in (403, 404)
    client.force_login(manager)  # on both problems
    response = client.post(url("operation-vary", closure.pk), TERMS, follow=True)
    assert "This closure is not part of an operation." in response.content.decode()
    closure.refresh_from_db()
    assert closure.terms in (None, {})
    assert closure.operation_id is None


def test_orders_and_applications_of_another_operation_are_not_extended_or_decided(
    client, operation, elsewhere, estate_inspector, estate_constable
):
    (theirs,) = orders_in_force(operation_closures(elsewhere), estate_inspector, estate_constable)
    ours = orders_in_force(operation_closures(operation)[:1], estate_inspector, estate_constable)
    today = timezone.localdate()
    engagement_record(
        user=estate_inspector, closure=theirs.closure, kind=EngagementKind.CONSULT_EXTENSION,
        who="Barnet Council", at=timezone.now() - dt.timedelta(hours=1),
    )  # fmt: skip
    pending, _ = extension_apply(
        user=estate_inspector, order=theirs, applied_on=today,
        new_ends_on=theirs.ends_on + dt.timedelta(days=30),
    )  # fmt: skip
    client.force_login(estate_inspector)
    page = url("operation-extensions", operation.pk)
    tries = {
        "consult": {"consult-orders": [theirs.pk], "consult-who": "Barnet Council",
                    "consult-at": "2025-05-05T11:00"},
        "apply": {"apply-orders": [theirs.pk, ours[0].pk], "apply-months": "3",
                  "apply-applied_on": today.isoformat()},
        "decide": {"decide-extensions": [pending.pk], "decide-granted": "yes",
                   "decide-on": today.isoformat()},
    }  # fmt: skip
    for step, data in tries.items():
        response = client.post(page, data | {"step": step})
        assert response.status_code == 200, step
        assert "from the list" in response.content.decode(), step
    assert list(OrderExtension.objects.all()) == [pending]
    pending.refresh_from_db()
    assert pending.granted_on is None
    assert theirs.closure.engagements.filter(kind=EngagementKind.CONSULT_EXTENSION).count() == 1
