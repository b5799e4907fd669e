"""Court applications for a closure order (s.80) and its extension (s.82), read from their PDF
(pdftotext) and DOCX text: the complaint, its parties, the order sought with its allow-list, the
grounds with their evidence, Article 8 and vulnerable occupiers, the consultation done before
the hearing, the exhibits, and for an extension the s.82(3) test, the evidence from the period of
the order, those the justice may summon (s.82(5)) and no decision claimed before one is
recorded. For the Wisbech partial order and for a new full closure of a flat."""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.documents.content.court import OrderApplicationForm
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import DocumentBlocked, document_generate
from clearhold.law import UK
from clearhold.powers.breaches import breach_record
from clearhold.powers.models import Closure, Engagement, EngagementKind
from clearhold.powers.services import engagement_record, service_record
from clearhold.powers.services_order import extension_apply, extension_decide
from clearhold.problems.models import Member, MemberRole, VulnerablePerson
from tests.api.test_records import share_with
from tests.documents.conftest import add_incidents, text_of
from tests.powers.conftest import HEARD, ISSUED, SERVED, issue

pytestmark = pytest.mark.django_db

STATEMENT = "Residents report drug dealing in the stairwell every night.\n\nPC 123 saw it."
VULNERABLE = "Mrs A, 84, lives alone at Flat 2 and relies on carers visiting twice a day"
WISBECH = {
    "grounds": ["a", "c"],
    "evidence_a": "PC 123 saw cannabis sold at the gate on 12 April 2025.",
    "statement": STATEMENT,
    "proposed_ends_on": dt.date(2025, 8, 7),
    "order_sought": "partial",
    "exempt": ["residents", "residents_visitors", "emergency_services", "housing_staff",
               "council_staff"],
    "housing_staff_organisation": "Clarion Housing",
    "council_staff_organisation": "Fenland District Council",
}  # fmt: skip


def _flat(text: str) -> str:
    return " ".join(text.split())


def _make(user, closure, inputs, fmt="pdf", kind="court_application", purpose=""):
    return document_generate(
        user=user, kind=kind_get(kind), subject=closure, fmt=fmt, inputs=inputs, purpose=purpose
    )


@pytest.fixture
def wisbech(served, site, inspector):
    """The Wisbech closure at its hearing, with the landlord recorded for the site, incidents
    at the open space, a vulnerable resident, and engagement after the hearing (which the
    application must leave out)."""
    site.managing_landlord = "Clarion Housing"
    site.save()
    add_incidents(site, [dt.date(2025, 3, 1)] * 3, category="drugs")
    add_incidents(site, [dt.date(2025, 4, 1)] * 2)
    add_incidents(site, [dt.date(2023, 1, 1)])  # more than a year before the notice
    VulnerablePerson.objects.create(
        problem=served.closure.problem, description=VULNERABLE, added_by=inspector
    )
    Engagement.objects.create(
        closure=served.closure, kind=EngagementKind.CONSULT, who="Wisbech Town Council",
        at=HEARD + dt.timedelta(days=2), how="Told after the hearing", recorded_by=inspector,
    )  # fmt: skip
    return Closure.objects.get(pk=served.closure.pk)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_wisbech_application_is_a_complaint_with_every_statutory_content(
    wisbech, inspector, fmt, tmp_path
):
    text = _flat(text_of(_make(inspector, wisbech, WISBECH, fmt), tmp_path))
    # A complaint under s.80, with its parties.
    assert "Complaint under section 80 of the Anti-social Behaviour" in text
    assert "Magistrates' Courts Act 1980" in text
    assert "Residents of Onyx Court" in text  # the occupiers informed (s.76(6)(a))
    assert "Landlord or owner, as recorded for the site" in text
    assert text.count("Clarion Housing") >= 2  # the landlord, and the allow-list's staff
    # The order sought: partial, with the allow-list as drafted.
    assert "a partial closure order over the premises" in text
    assert "by all persons except those listed below (s.80(7)(a))" in text
    for clause in ("People who habitually live on the premises", "Visitors invited by a resident",
                   "The emergency services", "Staff of Clarion Housing",
                   "Staff of Fenland District Council"):  # fmt: skip
        assert clause in text
    assert "The owner of the premises" not in text  # not drafted into this order
    assert "until 7 August 2025" in text
    # The s.80(5) grounds, in the Act's words, with the evidence for each.
    assert "s.80(5)(a)" in text
    assert "s.80(5)(c)" in text
    assert "s.80(5)(b)" not in text
    assert "disorderly, offensive or criminal behaviour on the premises" in text
    assert "disorder near those premises associated with the use of those premises" in text
    assert "necessary to prevent the behaviour, nuisance or disorder from continuing" in text
    assert "PC 123 saw cannabis sold at the gate" in text
    assert "3 recorded incidents can support it (3 of Drugs)" in text  # ground (a)
    assert "2 recorded incidents can support it (2 of ASB" in text  # ground (c)
    assert "drug dealing in the stairwell" in text
    # Incidents as police.uk describes them, within the year before the notice.
    assert "5 incidents were recorded at the premises" in text
    assert "On or near West Street" in text
    assert "January 2023" not in text
    # Article 8, and vulnerable occupiers without their details for this maker.
    assert "Article 8" in text
    assert "Vulnerable occupiers are recorded on the case and were considered" in text
    assert "Mrs A" not in text
    assert "carers" not in text
    # Only the consultation done before the hearing.
    assert "Fenland District Council" in text
    assert "Wisbech Town Council" not in text
    assert "Fixed to a prominent place" in text  # the service log
    # The exhibits.
    assert "Exhibits" in text
    assert "EX/1" in text
    assert "EX/3" in text
    assert "Draft closure order" in text


def test_a_maker_allowed_special_category_data_sees_the_vulnerable_occupiers(
    wisbech, manager, tmp_path
):
    Member.objects.update_or_create(
        problem=wisbech.problem, user=manager,
        defaults={"role": MemberRole.LEAD, "sees_special_category": True},
    )  # fmt: skip
    document = _make(manager, wisbech, WISBECH, "pdf", purpose="court_preparation")
    text = _flat(text_of(document, tmp_path))
    assert "Mrs A, 84, lives alone" in text
    assert document.personal_data
    # The same maker with no purpose: the occupier is withheld, only said to be recorded.
    text = _flat(text_of(_make(manager, wisbech, WISBECH, "pdf"), tmp_path))
    assert "Mrs A" not in text
    assert "Vulnerable occupiers are recorded on the case" in text


@pytest.fixture
def flat_notice(closure, inspector, constable):
    """A new cuckooed flat: informed, consulted, notice issued and served, hearing booked."""
    closure.premises_description = "Flat 4, Onyx Court, Wisbech PE13 1AB"
    closure.premises_kind = "dwelling"
    closure.dwelling = True
    closure.save()
    for kind, who in (
        (EngagementKind.INFORM_OCCUPIERS, "The tenant of Flat 4"),
        (EngagementKind.INFORM_INTERESTED, "Clarion Housing (landlord)"),
        (EngagementKind.CONSULT, "Fenland District Council"),
    ):
        engagement_record(
            user=inspector, closure=closure, kind=kind, who=who, at=ISSUED - dt.timedelta(hours=3)
        )
    notice, _ = issue(closure, inspector)
    service_record(
        user=constable, notice=notice, act="e", served_at=SERVED, detail="The tenant of Flat 4"
    )
    return closure


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_full_closure_of_a_flat_bars_everyone(flat_notice, inspector, fmt, tmp_path):
    inputs = {"grounds": ["a"], "statement": STATEMENT, "proposed_ends_on": dt.date(2025, 8, 7),
              "order_sought": "full"}  # fmt: skip
    text = _flat(text_of(_make(inspector, flat_notice, inputs, fmt), tmp_path))
    assert "Flat 4, Onyx Court, Wisbech PE13 1AB" in text
    assert "a full closure order over the premises" in text
    assert "by all persons, at all times and in all circumstances (s.80(7)(a)–(c))" in text
    assert "No one is exempted" in text
    assert "including the people who live there and the owner (s.80(7)(a))" in text
    assert "The tenant of Flat 4" in text  # the respondent occupier
    assert "Clarion Housing (landlord)" in text  # a person with an interest
    assert "No vulnerable occupier is recorded" in text
    assert "People who habitually live" not in text


def test_a_partial_order_sought_on_a_home_cannot_give_two_answers_at_the_door(
    flat_notice, inspector, tmp_path
):
    """The application drafts the allow-list the order is recorded with (issue 17, item 1):
    visitors of residents the order neither exempts nor bars is refused, as the order would be;
    saying the order bars the residents, or exempting them, makes the paper."""
    inputs = {"grounds": ["a"], "statement": STATEMENT, "proposed_ends_on": dt.date(2025, 8, 7),
              "order_sought": "partial", "exempt": ["residents_visitors"]}  # fmt: skip
    with pytest.raises(DocumentBlocked) as blocked:
        _make(inspector, flat_notice, inputs)
    said = " ".join(blocked.value.messages)
    assert "The proposed allow-list:" in said
    assert "s.80(7)(a),(c)" in said
    assert not GeneratedDocument.objects.exists()
    barred = {**inputs, "exempt": ["emergency_services"], "bars_residents": True}
    text = _flat(text_of(_make(inspector, flat_notice, barred), tmp_path))
    assert "The order would bar the people who live there (s.80(7)(a))." in text
    hosted = {**inputs, "exempt": ["residents", "residents_visitors"]}
    assert _make(inspector, flat_notice, hosted).pk


def test_the_order_sought_must_be_said_and_a_partial_one_needs_its_allow_list(served, inspector):
    inputs = {"grounds": ["a"], "statement": STATEMENT, "proposed_ends_on": dt.date(2025, 8, 7)}
    with pytest.raises(DocumentBlocked) as blocked:
        _make(inspector, served.closure, inputs)
    assert any("full closure barring all persons" in m for m in blocked.value.messages)
    with pytest.raises(DocumentBlocked) as blocked:
        _make(inspector, served.closure, {**inputs, "order_sought": "partial"})
    assert "tick who may still enter" in " ".join(blocked.value.messages)
    assert not GeneratedDocument.objects.exists()


def test_a_ground_with_nothing_behind_it_is_warned_about(served, inspector):
    from clearhold.documents.content.court import order_application
    from clearhold.readmodel import Reader

    inputs = {"grounds": ["b"], "statement": STATEMENT, "order_sought": "full",
              "proposed_ends_on": dt.date(2025, 8, 7)}  # fmt: skip
    content = order_application(subject=served.closure, reader=Reader(inspector), inputs=inputs)
    assert content.warnings == [
        "Nothing in the record supports ground (b): add its evidence or drop it."
    ]
    inputs["evidence_b"] = "Residents' diaries, exhibit IT/7."
    content = order_application(subject=served.closure, reader=Reader(inspector), inputs=inputs)
    assert content.warnings == []


def test_an_order_longer_than_three_months_is_refused_on_the_form(served, inspector):
    form = OrderApplicationForm(
        {"grounds": ["a"], "statement": STATEMENT, "proposed_ends_on": "2025-08-20",
         "order_sought": "full"},
        subject=served.closure,
        user=inspector,
    )  # fmt: skip
    assert not form.is_valid()
    assert "may not exceed 3 months (s.80(6))" in str(form.errors["proposed_ends_on"])
    assert "[CO-05]" in str(form.errors["proposed_ends_on"])


def test_the_form_drafts_the_allow_list(served, inspector):
    form = OrderApplicationForm(
        {"grounds": ["a"], "statement": STATEMENT, "proposed_ends_on": "2025-08-07",
         "order_sought": "partial", "exempt": ["housing_staff"],
         "housing_staff_organisation": "Clarion Housing"},
        subject=served.closure,
        user=inspector,
    )  # fmt: skip
    assert form.is_valid(), form.errors
    assert form.cleaned_data["exempt"] == ["housing_staff"]


def test_no_grounds_blocks_the_application_and_stores_nothing(served, inspector):
    with pytest.raises(DocumentBlocked) as blocked:
        _make(inspector, served.closure, {**WISBECH, "grounds": []})
    assert "Choose at least one ground under s.80(5)." in blocked.value.messages
    assert not GeneratedDocument.objects.exists()


def test_extension_application_needs_a_recorded_application(order, inspector):
    with pytest.raises(DocumentBlocked) as blocked:
        _make(inspector, order.closure, {"grounds": ["a"], "statement": STATEMENT},
              kind="extension_application")  # fmt: skip
    assert "Record the application to extend" in blocked.value.messages[0]


@pytest.fixture
def applied(order, inspector, constable, site):
    """The Wisbech order (7 May to 7 August 2025) with incidents and a breach during it, and an
    application to extend it made on 30 July 2025."""
    from tests.powers.test_workflow import _consult_council

    add_incidents(site, [dt.date(2025, 4, 1)] * 4)  # before the order: not its evidence
    add_incidents(site, [dt.date(2025, 6, 1)] * 2, category="public-order")
    add_incidents(site, [dt.date(2025, 9, 1)])  # after the application
    breach_record(
        user=constable, closure=order.closure, seen="Two men climbing the gate at night",
        occurred_at=dt.datetime(2025, 6, 10, 23, 0, tzinfo=UK), place="North gate",
    )  # fmt: skip
    _consult_council(order, inspector, dt.date(2025, 7, 28))
    extension, _ = extension_apply(
        user=inspector, order=order, applied_on=dt.date(2025, 7, 30),
        new_ends_on=dt.date(2025, 11, 7),
    )  # fmt: skip
    return extension


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_extension_application_on_the_s82_test_with_the_orders_evidence(
    applied, inspector, manager, police, fmt, tmp_path
):
    inputs = {"grounds": ["b", "c"], "statement": STATEMENT}
    # What was seen at a breach is personal data (restricted): shared with the police and made
    # for court preparation, the application prints it (tests/security/test_breach_seen.py has
    # the copy without it).
    share_with(manager, applied.order.closure.problem, police)
    text = _flat(text_of(_make(inspector, applied.order.closure, inputs, fmt,
                               kind="extension_application", purpose="court_preparation"),
                         tmp_path))  # fmt: skip
    assert "Application to extend a closure order" in text
    assert "Complaint under section 82" in text
    assert "until 7 November 2025" in text
    assert "until 7 August 2025" in text  # the order's end before this extension
    assert "more than 6 months in all (s.82(8))" in text
    # The s.82(3) test in the Act's words, and the court's power under s.82(7).
    assert (
        "necessary for the period of the order to be extended to prevent the occurrence, "
        "recurrence or continuance of" in text
    )
    assert "s.82(3)(b)" in text
    assert "s.82(3)(c)" in text
    assert text.count("s.82(3)(a)") == 1  # only in the court's test: (a) was not chosen
    assert "satisfied as mentioned in s.82(3)(a), (b) or (c)" in text
    assert "serious nuisance to members of the public resulting from the use of the premises" in (
        text
    )
    assert "s.82(7)" in text
    # The evidence from the period of the order: incidents and the breach.
    assert "2 incidents were recorded at the premises from 7 May 2025 to 30 July 2025" in text
    assert "April 2025" not in text
    assert "September 2025" not in text
    assert "Two men climbing the gate at night" in text
    assert "North gate" in text
    # Those the justice may summon (s.82(5)): served, and others with an interest.
    assert "People the justice may summon (s.82(5))" in text
    assert "Served: Fixed to a prominent place" in text
    assert "An interest, not served" in text
    assert "Clarion Housing" in text
    # Never marked granted before the decision.
    assert "awaiting the court's decision" in text
    assert "granted" not in text.lower()


def test_extension_application_says_granted_only_once_decided(applied, inspector, tmp_path):
    extension_decide(user=inspector, extension=applied, granted=True, on=dt.date(2025, 8, 5))
    inputs = {"grounds": ["a"], "statement": STATEMENT}
    document = _make(inspector, applied.order.closure, inputs, "docx",
                     kind="extension_application")  # fmt: skip
    text = _flat(text_of(document, tmp_path))
    assert "granted by the court on 5 August 2025" in text
    assert "until 7 August 2025" in text  # still the end the application was made against
    assert "awaiting" not in text
