"""The operation pages: starting one from ticks or a CSV (a bad CSV names its line and stores
nothing), the page of premises in walking order, varying one closure's terms, and the batch
informing and notice pages, all or nothing unless the user goes on for the others."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clearhold.accounts.roles import Role
from clearhold.powers.models import Closure, ClosureNotice, Engagement, Operation
from clearhold.powers.selectors import operation_closures
from clearhold.powers.services_operation import PremisesPick, operation_create
from clearhold.powers.terms import terms_of
from clearhold.problems.models import MemberRole
from clearhold.problems.services import member_add, partner_add
from tests.powers.operations.conftest import COMMUNAL
from tests.security.test_section_read_model import raw_records_in

TERMS = {
    "premises_kind": "communal_areas",
    "scope": "communal",
    "part_description": COMMUNAL,
    "exempt": ["residents_visitors", "emergency_services", "housing_staff"],
    "housing_staff_organisation": "Barnet Homes",
    "notice_hours": "24",
    "order_months": "3",
}
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


def url(name: str, *args) -> str:
    return reverse(f"powers:{name}", args=args)


def body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def advice(estate):
    from clearhold.documents.models import DocumentDetails

    return DocumentDetails.objects.create(
        problem=estate,
        housing_advice="Barnet Homes Housing Options, 020 8359 2000",
        legal_advice="Barnet Citizens Advice, 0808 278 7808",
    )


@pytest.fixture
def three(estate, blocks, estate_inspector):
    """Three blocks under 24-hour notices, which an inspector may issue (s.77)."""
    operation, _ = operation_create(
        user=estate_inspector,
        problem=estate,
        name="Operation Dakota",
        picks=[PremisesPick(site=block) for block in blocks[:3]],
        part_description=COMMUNAL,
        notice_hours=24,
    )
    return operation


def every(operation) -> dict:
    """All the premises ticked, as the batch pages offer them."""
    return {"closures": [c.pk for c in operation_closures(operation)]}


def csv_upload(text: str | bytes) -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile("premises.csv", data, content_type="text/csv")


def test_an_operation_is_opened_from_ticks_in_the_order_given(
    client, estate, blocks, estate_inspector
):
    client.force_login(estate_inspector)
    page = body(client.get(url("operation-new", estate.pk)))
    assert "Block J" in page
    assert 'id="operation-sites"' in page
    a, b, c = blocks[:3]
    data = TERMS | {"name": "Operation Dakota", "premises": [a.pk, b.pk, c.pk]}
    data |= {f"order_{c.pk}": "1", f"order_{a.pk}": "2"}
    response = client.post(url("operation-new", estate.pk), data)
    operation = Operation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("operation", operation.pk)
    assert [x.site for x in operation_closures(operation)] == [c, a, b]
    assert operation.notice_hours == 24
    assert {e["code"]: e["organisation"] for e in operation.exemptions} == {
        "residents": None,
        "owner": None,
        "residents_visitors": None,
        "emergency_services": None,
        "housing_staff": "Barnet Homes",
    }


def test_an_operation_is_opened_from_a_csv_in_route_order(client, estate, blocks, estate_inspector):
    client.force_login(estate_inspector)
    upload = csv_upload(
        'Address,Flat,Route position\r\nblock  c,,2\r\n"1 lanacre avenue, london nw9 5fn",,1\r\n'
    )
    data = TERMS | {"name": "Operation Dakota", "addresses": upload}
    response = client.post(url("operation-new", estate.pk), data)
    assert response.status_code == 302
    operation = Operation.objects.get()
    assert [x.site for x in operation_closures(operation)] == [blocks[0], blocks[2]]


@pytest.mark.parametrize(
    ("csv", "named"),
    [
        (
            "address\nBlock A\nBlock Z\n",
            "Line 3: no site of this problem is called or at “Block Z”.",
        ),
        ("address\nBlock A\nblock a\n", "Line 3: the same premises as line 2: list each once."),
        ("", "The file is empty: give one premises a line."),
        (b"address\nBlock A\n\xa3\n", "Line 3: this is not UTF-8 text"),
        ("street,flat\nBlock A,\n", "Line 1: no column is called “address”."),
        ("name\nBlock A\n", "Line 1: the first line must name the columns"),
    ],
)
def test_a_bad_csv_names_its_line_and_stores_nothing(client, estate, estate_inspector, csv, named):
    client.force_login(estate_inspector)
    data = TERMS | {"name": "Operation Dakota", "addresses": csv_upload(csv)}
    page = body(client.post(url("operation-new", estate.pk), data))
    assert named in page
    assert not Operation.objects.exists()
    assert not Closure.objects.exists()


def test_no_premises_chosen_is_named(client, estate, estate_inspector):
    client.force_login(estate_inspector)
    page = body(client.post(url("operation-new", estate.pk), TERMS | {"name": "Op"}))
    assert "Tick at least one premises, or upload a CSV of addresses." in page
    assert not Operation.objects.exists()


def test_who_may_not_open_an_operation_is_refused_and_nothing_stored(
    client, estate, blocks, partner_viewer, outmanager, manager, charity
):
    partner_add(user=manager, problem=estate, organisation=charity)
    data = TERMS | {"name": "Operation Dakota", "premises": [blocks[0].pk]}
    for person in (partner_viewer, outmanager):
        client.force_login(person)
        assert client.get(url("operation-new", estate.pk)).status_code == 403
        assert client.post(url("operation-new", estate.pk), data).status_code == 403
    assert not Operation.objects.exists()


def test_the_operation_page_shows_each_premises_in_walking_order(
    client, three, estate_inspector, blocks
):
    client.force_login(estate_inspector)
    page = body(client.get(url("operation", three.pk)))
    assert page.index("Block A") < page.index("Block B") < page.index("Block C")
    assert page.count("Preparing the notice") == 3
    assert url("operation-notices", three.pk) in page
    assert url("operation-vary", operation_closures(three)[1].pk) in page


def test_a_viewer_sees_the_page_but_no_steps_and_an_outsider_nothing(
    client, three, partner_viewer, outmanager, manager, estate, charity
):
    partner_add(user=manager, problem=estate, organisation=charity)
    client.force_login(partner_viewer)
    page = body(client.get(url("operation", three.pk)))
    assert "Block A" in page
    assert url("operation-notices", three.pk) not in page
    assert "/terms/" not in page
    assert client.get(url("operation-engagements", three.pk)).status_code == 403
    client.force_login(outmanager)
    assert client.get(url("operation", three.pk)).status_code == 403


def test_one_closure_varies_its_terms_until_its_notice(client, three, estate_inspector):
    client.force_login(estate_inspector)
    closure = operation_closures(three)[1]
    data = TERMS | {"order_months": "2", "exempt": ["emergency_services"]}
    data["housing_staff_organisation"] = ""
    response = client.post(url("operation-vary", closure.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    closure.refresh_from_db()
    assert terms_of(closure).order_months == 2
    assert set(terms_of(closure).varied) == {"exemptions", "order_months"}
    page = body(client.get(url("operation", three.pk)))
    assert page.count('data-testid="premises-varied"') == 1
    assert "Varies who may still enter, the order’s length" in page


def test_the_batch_is_all_or_nothing_unless_the_user_goes_on(
    client, three, estate_inspector, advice
):
    client.force_login(estate_inspector)
    first, _second, third = operation_closures(three)
    engaged = ENGAGED | {"closures": [first.pk, third.pk]}
    assert client.post(url("operation-engagements", three.pk), engaged).status_code == 302
    assert Engagement.objects.count() == 6

    response = client.post(url("operation-notices", three.pk), NOTICES | every(three))
    page = body(response)
    assert "1 premises refused: nothing was stored" in page, response.context["form"].errors
    assert page.count('data-testid="refused-premises"') == 1
    assert "Block B" in page.split('data-testid="refused-premises"')[1]
    assert "s.76(6)" in page
    assert not ClosureNotice.objects.exists()
    # The refused list is names and reasons: no stored closure reaches the template.
    assert raw_records_in(response, estate_inspector) == []

    response = client.post(
        url("operation-notices", three.pk), NOTICES | every(three) | {"proceed": "on"}
    )
    assert response.status_code == 302
    assert set(ClosureNotice.objects.values_list("closure", flat=True)) == {first.pk, third.pk}
    page = body(client.get(url("operation", three.pk)))
    assert page.count("Notice issued, not yet served") == 2
    assert f"?of={first.pk}" in page
    assert f"CH-{three.problem_id}-{first.pk}" in page
    assert url("operation-vary", first.pk) not in page
    assert client.post(url("operation-vary", first.pk), TERMS).status_code == 200
    assert "its terms are fixed" in body(client.post(url("operation-vary", first.pk), TERMS))


def test_the_notice_form_names_what_the_notices_would_lack(client, three, estate_inspector):
    client.force_login(estate_inspector)
    engaged = client.post(url("operation-engagements", three.pk), ENGAGED | every(three))
    assert engaged.status_code == 302
    page = body(client.post(url("operation-notices", three.pk), NOTICES | every(three)))
    assert "No housing and legal advice contacts are recorded" in page
    assert not ClosureNotice.objects.exists()


def test_a_constable_may_not_issue_and_a_council_officer_not_for_the_police(
    client, three, estate, estate_inspector, estate_constable, make_user, council, manager, advice
):
    client.force_login(estate_inspector)
    engaged = client.post(url("operation-engagements", three.pk), ENGAGED | every(three))
    assert engaged.status_code == 302
    client.force_login(estate_constable)
    assert client.get(url("operation-notices", three.pk)).status_code == 403
    assert (
        client.post(url("operation-notices", three.pk), NOTICES | every(three)).status_code == 403
    )
    officer = make_user("council_officer", council, Role.OFFICER)
    member_add(user=manager, problem=estate, person=officer, role=MemberRole.ENFORCEMENT)
    client.force_login(officer)
    page = body(client.post(url("operation-notices", three.pk), NOTICES | every(three)))
    assert "brought by the police" in page
    assert not ClosureNotice.objects.exists()


@pytest.fixture
def flats(blocks):
    from clearhold.places.models import Unit

    return [
        Unit.objects.create(site=blocks[0], name=name, address=f"{name}, 1 Lanacre Avenue")
        for name in ("Flat 1", "Flat 2")
    ]


def test_one_unit_of_a_site_is_chosen_by_tick_or_by_csv(
    client, estate, blocks, flats, estate_inspector
):
    client.force_login(estate_inspector)
    page = body(client.get(url("operation-new", estate.pk)))
    assert "The whole of Block A" in page
    data = TERMS | {
        "name": "Op One",
        "premises": [blocks[0].pk],
        f"unit_{blocks[0].pk}": flats[1].pk,
    }
    assert client.post(url("operation-new", estate.pk), data).status_code == 302
    (closure,) = operation_closures(Operation.objects.get(name="Op One"))
    assert closure.unit == flats[1]
    assert closure.premises_description.startswith("The communal areas of Flat 2, Block A")

    upload = csv_upload('address,flat\nBlock A,flat 1\n"flat 2,  1 lanacre avenue",\n')
    data = TERMS | {"name": "Op Two", "addresses": upload}
    assert client.post(url("operation-new", estate.pk), data).status_code == 302
    closures = operation_closures(Operation.objects.get(name="Op Two"))
    assert [c.unit for c in closures] == flats

    upload = csv_upload("address,flat\nBlock A,Flat 9\n")
    page = body(
        client.post(url("operation-new", estate.pk), TERMS | {"name": "Op 3", "addresses": upload})
    )
    assert "Line 2: “Block A” has no unit called “Flat 9”." in page
    assert not Operation.objects.filter(name="Op 3").exists()


def test_the_walking_order_is_changed_by_a_number_per_premises(
    client, three, estate_inspector, partner_viewer, manager, estate, charity
):
    first, second, third = operation_closures(three)
    client.force_login(estate_inspector)
    page = body(client.get(url("operation-order", three.pk)))
    assert page.count('type="number"') == 3
    places = {f"place_{third.pk}": "1", f"place_{first.pk}": "2", f"place_{second.pk}": "2"}
    assert client.post(url("operation-order", three.pk), places).status_code == 302
    assert operation_closures(three) == [third, first, second]
    assert [c.route_position for c in operation_closures(three)] == [1, 2, 3]
    page = body(client.get(url("operation", three.pk)))
    assert page.index("Block C") < page.index("Block A") < page.index("Block B")

    partner_add(user=manager, problem=estate, organisation=charity)
    client.force_login(partner_viewer)
    reversed_places = {f"place_{c.pk}": str(9 - n) for n, c in enumerate([first, second, third])}
    assert client.post(url("operation-order", three.pk), reversed_places).status_code == 403
    assert operation_closures(three) == [third, first, second]
