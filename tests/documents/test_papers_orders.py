"""The papers of a closure order (issue 16, item 12): the draft order for the court (s.80), the
certificate of service (s.79), the sign for the door, and the applications to discharge the
order (s.83) and for access to another part of the building (s.87).

For the Wisbech closure (a partial order with its allow-list) and for a full closure of a flat
(barring everyone), each paper generates as PDF and DOCX and its text (pdftotext) holds the
statutory contents; a paper that needs an order is refused, naming why, before one exists, and
nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from clearhold.documents.kinds import kind_get
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import DocumentBlocked, document_generate
from clearhold.powers.models import ClosureOrder
from clearhold.powers.services import service_record
from clearhold.powers.services_order import order_record
from tests.documents.conftest import pdf_pages, stored, text_of
from tests.powers.conftest import (
    SERVED,
    flat_order_made,  # noqa: F401  (fixture)
    wisbech_exemptions,
)

pytestmark = pytest.mark.django_db

PURPOSE = "court_preparation"
PLAN = "Plan 1, annexed"


def _flat(text: str) -> str:
    """One line, with a citation a line break split after "s." joined again."""
    return re.sub(r"\bs\. (?=\d)", "s.", " ".join(text.split()))


def _make(user, key, closure, fmt="pdf", inputs=None, purpose=PURPOSE):
    return document_generate(
        user=user, kind=kind_get(key), subject=closure, fmt=fmt, inputs=inputs or {},
        purpose=purpose,
    )  # fmt: skip


@pytest.fixture
def flat_order(flat_order_made, inspector):  # noqa: F811
    """A full closure of a flat: the order bars all persons (s.80(7)(a))."""
    closure, made_on = flat_order_made
    from clearhold.law import add_months

    return order_record(
        user=inspector, closure=closure, made_on=made_on, ends_on=add_months(made_on, 3),
        court="Cambridge Magistrates' Court", partial=False, exemptions=[],
    )[0]  # fmt: skip


# 1. The draft closure order ------------------------------------------------------------------


def _draft_inputs(**overrides):
    inputs = {
        "extent": "partial",
        "part_description": "The open space, not the footpath along its east side",
        "exemptions": wisbech_exemptions(),
        "ends_on": dt.date(2025, 8, 7),
        "plan_reference": PLAN,
    }
    return inputs | overrides


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_draft_order_for_wisbech_holds_its_statutory_contents(served, inspector, fmt, tmp_path):
    document = _make(inspector, "draft_order", served.closure, fmt, _draft_inputs())
    text = _flat(text_of(document, tmp_path))
    assert "Closure order (draft)" in text
    assert "In Cambridge Magistrates' Court" in text
    assert "The open space off West Street, Wisbech, bounded by its fence" in text
    assert f"as shown on {PLAN}" in text
    assert "part of the premises only (s.80(8)(a)): The open space, not the footpath" in text
    assert "from 7 May 2025 until the end of 7 August 2025 (s.80(6))" in text
    assert "all persons except those listed below (s.80(7)(a))" in text
    assert "Staff of Clarion Housing" in text
    assert "The emergency services" in text
    assert (
        "may enter the premises and do anything necessary to secure them against entry "
        "(s.85(1)), using reasonable force (s.85(3))" in text
    )
    assert "a constable, or a person authorised by the chief officer of police" in text
    assert "commits an offence (s.86(2))" in text
    assert "Up to 6 months in prison, a fine (no statutory maximum), or both" in text
    assert "The Act says 51 weeks (s.86(5))" in text
    assert "obstructs a person acting under s.85(1) commits an offence (s.86(3))" in text
    assert "Up to 3 months in prison" in text


def test_the_draft_full_order_of_a_flat_bars_everyone(flat_order_made, inspector, tmp_path):  # noqa: F811
    closure, made_on = flat_order_made
    from clearhold.law import add_months

    inputs = _draft_inputs(extent="full", part_description="", exemptions=[],
                           ends_on=add_months(made_on, 3))  # fmt: skip
    text = _flat(text_of(_make(inspector, "draft_order", closure, "pdf", inputs), tmp_path))
    assert "Flat 4, Onyx Court, Wisbech" in text
    assert "the whole of the premises (s.80(8)(a))" in text
    assert (
        "prohibited to all persons, at all times and in all circumstances, including people "
        "who live on the premises and the owner (s.80(7)(a))" in text
    )
    assert "commits an offence (s.86(2))" in text


def test_the_draft_order_repeats_a_recorded_order(flat_order, inspector, tmp_path):
    inputs = {"plan_reference": PLAN}
    text = _flat(text_of(_make(inspector, "draft_order", flat_order.closure, "pdf", inputs),
                         tmp_path))  # fmt: skip
    assert "prohibited to all persons, at all times" in text
    assert f"until the end of {flat_order.ends_on:%-d %B %Y}" in text


@pytest.mark.parametrize(
    ("inputs", "says"),
    [
        (_draft_inputs(ends_on=dt.date(2025, 8, 20)), "3 months"),
        (_draft_inputs(plan_reference=""), "Give the reference of the plan"),
        (_draft_inputs(part_description=""), "Describe the part of the premises"),
        ({"plan_reference": PLAN}, "Give the end of the order"),
    ],
)
def test_a_draft_order_missing_a_term_is_refused_and_nothing_stored(
    served, inspector, inputs, says
):
    with pytest.raises(DocumentBlocked) as refused:
        _make(inspector, "draft_order", served.closure, "pdf", inputs)
    assert any(says in message for message in refused.value.messages), refused.value.messages
    assert not GeneratedDocument.objects.exists()


# 2. The certificate of service ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_certificate_lists_each_act_of_service(served, constable, manager, fmt, tmp_path):
    service_record(
        user=constable, notice=served, act="e", served_at=SERVED + dt.timedelta(minutes=20),
        detail="Handed to the residents of Onyx Court",
    )  # fmt: skip
    text = _flat(text_of(_make(manager, "service_certificate", served.closure, fmt), tmp_path))
    assert "Certificate of service" in text
    assert "section 79" in text
    assert (
        "served by a constable, the notice having been issued by a police officer "
        "(s.79(1)(a))" in text
    )
    assert "Fixed to a prominent place on the premises (s.79(2)(a))" in text
    assert "Given to the people who live there and those informed (s.79(2)(e))" in text
    assert "3:30pm BST on Monday 5 May 2025" in text
    assert "3:50pm BST on Monday 5 May 2025" in text
    assert "Gate" in text
    assert "Handed to the residents of Onyx Court" in text
    assert "Constable Tester" in text  # by whom, with a purpose
    assert "None taken" in text  # no photograph
    assert "Fixed to each normal means of access (s.79(2)(b))" in text  # not recorded: said
    assert "Manager Tester" in text  # signed by the officer who makes it
    assert "I believe the facts stated in this certificate are true." in text


def test_the_certificate_names_nobody_without_a_purpose(served, inspector, tmp_path):
    document = _make(inspector, "service_certificate", served.closure, purpose="")
    text = _flat(text_of(document, tmp_path))
    assert "Fixed to a prominent place" in text
    assert "Tester" not in text
    assert document.personal_data is False


def test_the_certificate_of_the_flat_with_no_service_is_refused(flat_order_made, inspector):  # noqa: F811
    closure, _ = flat_order_made
    closure.notice.service.all().delete()
    with pytest.raises(DocumentBlocked, match="No act of service is recorded"):
        _make(inspector, "service_certificate", closure)
    assert not GeneratedDocument.objects.exists()


# 3. The sign for the door --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_sign_for_wisbech_gives_dates_allow_list_offence_and_number(
    order, details, inspector, fmt, tmp_path
):
    document = _make(inspector, "door_sign", order.closure, fmt)
    text = _flat(text_of(document, tmp_path))
    assert "closed by order of the court" in text.lower()
    assert "The open space off West Street, Wisbech, bounded by its fence" in text
    assert "Cambridge Magistrates' Court made a closure order on 7 May 2025" in text
    assert "from 7 May 2025 until the end of 7 August 2025" in text
    assert "Staff of Clarion Housing" in text
    assert "People who usually live there" in text  # plain words (s.76(4)(a))
    assert "criminal offence (s.86(2)" in text
    assert "up to 6 months in prison, a fine, or both" in text
    assert "01354 654321" in text
    assert document.personal_data is False
    assert "Tester" not in text
    if fmt == "pdf":
        assert pdf_pages(stored(document), tmp_path) == 1


def test_the_sign_for_the_flat_says_no_one_may_enter(flat_order, details, inspector, tmp_path):
    text = _flat(text_of(_make(inspector, "door_sign", flat_order.closure), tmp_path))
    assert "Flat 4, Onyx Court, Wisbech" in text
    assert "No one. The order bars everyone, including people who live here and the owner." in text


def test_the_sign_without_a_number_to_call_is_refused(order, inspector):
    with pytest.raises(DocumentBlocked, match="number to call"):
        _make(inspector, "door_sign", order.closure)
    assert not GeneratedDocument.objects.exists()


# 4. The application to discharge the order (s.83) -----------------------------------------

DISCHARGE = {
    "applicant": "Clarion Housing",
    "standing": "d",
    "interest": "The landlord of Onyx Court",
    "grounds": "The dealers have been arrested and remanded; no incident since the order.",
}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_discharge_application_for_wisbech(live_order, inspector, fmt, tmp_path):
    made = live_order
    text = _flat(
        text_of(_make(inspector, "discharge_application", made.closure, fmt, DISCHARGE), tmp_path)
    )
    assert "Application to discharge a closure order" in text
    assert "section 83" in text
    assert (
        "Clarion Housing, who applies as a person with an interest in the premises on whom "
        "the closure notice was not served (s.83(2)(d))" in text
    )
    assert "The landlord of Onyx Court" in text
    assert "no incident since the order" in text
    assert "no longer necessary" in text
    assert "(s.83(7))" in text
    assert f"{made.made_on:%-d %B %Y}" in text
    assert f"until the end of {made.ends_on:%-d %B %Y}" in text
    assert "Staff of Clarion Housing" in text
    assert "summon a constable to respond (s.83(3))" in text


def test_the_discharge_application_for_the_flat(flat_order, inspector, tmp_path):
    inputs = DISCHARGE | {"applicant": "Ms A Tenant", "standing": "c"}
    document = _make(inspector, "discharge_application", flat_order.closure, "pdf", inputs)
    text = _flat(text_of(document, tmp_path))
    assert "Flat 4, Onyx Court, Wisbech" in text
    assert "Ms A Tenant, who applies as a person on whom the closure notice was served" in text
    assert "(s.83(2)(c))" in text
    assert "No one (s.80(7)(a))" in text


def test_a_discharge_application_after_the_order_ended_is_refused(order, inspector):
    with pytest.raises(DocumentBlocked, match=r"before the order expires \(s.83\(1\)\)"):
        _make(inspector, "discharge_application", order.closure, inputs=DISCHARGE)
    assert not GeneratedDocument.objects.exists()


def test_a_discharge_application_without_grounds_is_refused(live_order, inspector):
    inputs = DISCHARGE | {"grounds": " "}
    with pytest.raises(DocumentBlocked, match="Give the grounds"):
        _make(inspector, "discharge_application", live_order.closure, inputs=inputs)
    assert not GeneratedDocument.objects.exists()


# 5. The application for access (s.87) -------------------------------------------------------

ACCESS = {
    "applicant": "Mr B Neighbour",
    "capacity": "occupier",
    "part": "Flat 5, Onyx Court, Wisbech",
    "access": "Through the communal stairwell past Flat 4, at all times.",
}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_access_application_for_the_flat(flat_order, inspector, fmt, tmp_path):
    document = _make(inspector, "access_application", flat_order.closure, fmt, ACCESS)
    text = _flat(text_of(document, tmp_path))
    assert "Application for an order about access" in text
    assert "section 87" in text
    assert "To Cambridge Magistrates' Court (s.87(2)(a))" in text
    assert "Mr B Neighbour, an occupier of Flat 5, Onyx Court, Wisbech" in text
    assert "not subject to the closure order (s.87(1)(c))" in text
    assert "whatever order it thinks appropriate in relation to access" in text
    assert "Through the communal stairwell past Flat 4" in text
    assert "whatever constable the court thinks appropriate (s.87(3)(a))" in text
    assert "the local authority (s.87(3)(b))" in text
    assert "No one (s.80(7)(a))" in text


def test_the_access_application_for_wisbech_generates_with_a_warning(
    live_order, inspector, tmp_path
):
    from clearhold.documents.content.access_application import access_application
    from clearhold.readmodel import Reader

    with Reader(inspector) as reader:
        content = access_application(subject=live_order.closure, reader=reader, inputs=ACCESS)
    assert content.blocking == []
    assert "part of a building or structure (s.87(1)(b))" in content.warnings[0]
    text = _flat(text_of(_make(inspector, "access_application", live_order.closure, "pdf",
                               ACCESS), tmp_path))  # fmt: skip
    assert "Staff of Clarion Housing" in text


def test_an_access_application_not_naming_the_part_is_refused(flat_order, inspector):
    with pytest.raises(DocumentBlocked, match=r"\(s.87\(1\)\(c\)\)"):
        _make(inspector, "access_application", flat_order.closure, inputs=ACCESS | {"part": ""})
    assert not GeneratedDocument.objects.exists()


# Papers that need an order -------------------------------------------------------------------

ORDER_INPUTS: dict[str, dict] = {"discharge_application": DISCHARGE, "access_application": ACCESS}


@pytest.mark.parametrize("key", [*sorted(ORDER_INPUTS), "door_sign"])
def test_a_paper_needing_an_order_is_refused_before_one_exists(served, details, inspector, key):
    assert not ClosureOrder.objects.exists()
    with pytest.raises(DocumentBlocked, match="No closure order has been made"):
        _make(inspector, key, served.closure, inputs=ORDER_INPUTS.get(key, {}))
    assert not GeneratedDocument.objects.exists()
