"""Documents carry no field their maker may not see, are marked when they carry personal data,
and download only to those allowed it, with a purpose, audited (issue 15, High 2; Low 11).

The finding: the practice write-up (page, API and PDF) showed the offender notes (special
category) and victim notes (restricted) to a partner whose organisation is not named for them,
unaudited; the consultation log (PDF and CSV) and the evidence bundle, made by a partner with no
personal data chosen, held households' restricted reasons and replies, were marked
``personal_data=false`` and downloaded through the API with no purpose. Reproduced by seeding
canaries in personal fields and generating each document as a voluntary partner.

What must hold: every document is built through the one read model from what its maker may
see. The canaries are generated from ``authz.DECLARED`` (every string field of a declared model
that is restricted or special category gets ``Canary-{model}-{field}``), so a field declared
tomorrow is covered tomorrow; every registered kind and every format it has is made. A partner
without personal-data rights (even giving a purpose) gets a document without any canary, marked
``personal_data=False``; the lead's manager with a purpose gets the canaries the kind prints,
the document is marked (``personal_data=True`` and the printed marking), the reads are audited,
and the download is refused (403) to the partner, asks the maker for a purpose, and is audited,
on the web and through the API.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditEntry
from clearhold.authz import DECLARED, DataClass, field_class
from clearhold.documents.docx_render import docx_text
from clearhold.documents.kinds import PERSONAL_MARKING, kind_get, kinds
from clearhold.documents.models import ConsultationResponse
from clearhold.documents.selectors import subjects_of
from clearhold.documents.services import document_generate
from clearhold.documents.writeup import writeup_save
from clearhold.law import UK, add_months
from clearhold.places.models import Site, Unit
from clearhold.powers.breaches import breach_record
from clearhold.powers.models import (
    Appeal,
    ClosureCost,
    ClosureNotice,
    ClosureOrder,
    CostKind,
    OrderExtension,
    StepKind,
)
from clearhold.powers.people import person_add, step_record
from clearhold.problems.models import VulnerablePerson
from clearhold.problems.reviews import review_complete
from clearhold.problems.services import partner_add
from clearhold.surveys.services import survey_create, wave_create, wave_open
from tests.api.conftest import call, token_of  # noqa: F401  (the API's own test client)
from tests.documents.conftest import (  # noqa: F401  (the documents tests' world)
    closure,
    details,
    docx_xml,
    inspector,
    media,
    notice,
    order,
    prepared,
    served,
    stored,
    superintendent,
)

pytestmark = pytest.mark.django_db

PURPOSE = "court_preparation"
#: Declared models whose rows no document reads or that a canary would break (the audit log is
#: append-only, a document's file is what is being checked, a token's digest is a credential).
# A household code's only restricted field is its digest, which the survey letters check the
# re-derived code against: a canary there would block the letters, not reveal a leak.
NOT_CANARIED = {
    "audit.auditentry", "documents.generateddocument", "api.apitoken", "surveys.householdcode",
}  # fmt: skip
NOT_TEXT = {"password"}  # a hash: changing it proves nothing and no document prints it
USER = "Canary-accounts.user-last_name"
SAID = (
    "Canary-documents.consultationresponse-reason",
    "Canary-documents.consultationresponse-reply",
)
#: What each kind prints of the canaried fields, for a maker allowed them with a purpose.
PRINTS = {
    "closure_notice": (USER,),
    "extension_notice": (USER,),
    "cancellation_notice": (USER,),
    "variation_notice": (USER,),
    "court_application": (USER,),
    "extension_application": (USER,),
    "licensing_notification": (USER,),
    "draft_order": (),  # the applicant is the force or council, not an officer
    "service_certificate": (USER,),  # who served each act, and the officer who signs
    "door_sign": (),  # fixed to a door: nobody named
    "discharge_application": (),  # the applicant is typed in, nobody else named
    "access_application": (),
    "evidence_bundle": (
        USER,
        *SAID,
        "Canary-powers.person-name",
        "Canary-powers.person-description",
        "Canary-powers.enforcementstep-details",
        "Canary-powers.breach-person_description",
    ),
    "resident_letter": (),  # to "The Occupier": nobody named
    "survey_letter": (),  # to "The Occupier", with the home's code: nobody named
    "consultation_log": SAID,
    "consultation_record": (USER,),  # who recorded each act of informing or consulting
    "review_report": (USER,),
    "practice_write_up": (USER,),
    # the witness's name; the video of a breach is an exhibit (restricted: who was seen)
    "witness_statement": (USER, "Canary-powers.breach-video_reference"),
    "costs_schedule": (USER,),
    "reimbursement_application": (USER,),
    # the officer who prepares it; the people under enforcement are compared, never printed
    "compensation_response": (USER,),
}


def canaried_fields() -> dict[str, list[str]]:
    """From the declaration: each declared model's restricted or special-category text fields."""
    found: dict[str, list[str]] = {}
    for declared in DECLARED:
        if declared.model in NOT_CANARIED:
            continue
        model = apps.get_model(declared.model)
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and f.name not in NOT_TEXT
            and field_class(declared.model, f.name) != DataClass.PUBLIC
        ]
        if names:
            found[declared.model] = names
    return found


def canary_everything() -> None:
    """Put ``Canary-{model}-{field}-{pk}`` in every canaried field of every row held."""
    for label, names in canaried_fields().items():
        model = apps.get_model(label)
        for pk in model.objects.values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(
                **{name: f"Canary-{label}-{name}-{pk}" for name in names}
            )


@pytest.fixture
def world(order, details, manager, inspector, superintendent, constable, site, charity):  # noqa: F811
    """The Wisbech closure through every paper: licensed premises, notice extended, varied and
    cancelled, an order with an application to extend it, a household's objection, a person
    under enforcement with a step, an unnamed breach, an appeal, a vulnerable person, a
    completed review and a saved write-up; then every personal field canaried."""
    problem = order.closure.problem
    issued = order.closure.notice
    moment = issued.issued_at + dt.timedelta(hours=30)
    ClosureNotice.objects.filter(pk=issued.pk).update(
        extension_hours=24, extension_issued_by=superintendent, extension_issued_at=moment,
        cancelled_at=moment, cancelled_by=superintendent, cancellation_reason="Order made",
        varied_at=moment, varied_by=superintendent, part_removed="The car park",
    )  # fmt: skip
    OrderExtension.objects.create(
        order=order, applied_on=dt.date(2025, 7, 20), applied_by=inspector,
        applicant_role="supervisor", consultee="", new_ends_on=dt.date(2025, 11, 7),
    )  # fmt: skip
    Appeal.objects.create(
        closure=order.closure, lodged_on=dt.date(2025, 5, 20), decision_on=dt.date(2025, 5, 7),
        appellant="x", recorded_by=manager,
    )  # fmt: skip
    unit = Unit.objects.create(site=site, name="Flat 1", address="Flat 1, Onyx Court, PE13 1AB")
    survey = survey_create(user=manager, problem=problem, site=site)
    wave_open(
        user=manager,
        wave=wave_create(
            user=manager, survey=survey, label="baseline",
            opens_on=dt.date(2025, 4, 1), closes_on=dt.date(2025, 4, 30),
        ),
    )  # fmt: skip
    ConsultationResponse.objects.create(
        problem=problem, unit=unit, received_on=dt.date(2025, 4, 20), stance="objection",
        reason="x", reply_sent_on=dt.date(2025, 4, 25), reply="x", recorded_by=manager,
    )  # fmt: skip
    person = person_add(
        user=manager, problem=problem, name="x", date_of_birth=dt.date(1990, 3, 14),
        description="x",
    )  # fmt: skip
    step_record(
        user=manager, person=person, kind=StepKind.CPW, on=dt.date(2025, 4, 2),
        compliance_days=7, details="x",
    )  # fmt: skip
    breach_record(
        user=constable, closure=order.closure, occurred_at=issued.issued_at + dt.timedelta(hours=3),
        seen="Two people climbing the fence", person_description="x",
    )  # fmt: skip
    VulnerablePerson.objects.create(problem=problem, description="x", added_by=manager)
    problem.victim_notes, problem.offender_notes = "x", "x"
    problem.save()
    review_complete(
        user=manager, review=problem.reviews.get(months=3), narrative="Fence up.",
        decision="continue", today=dt.date(2025, 8, 10),
    )  # fmt: skip
    writeup_save(
        user=manager, problem=problem, organisation="Fenland District Council",
        partners="Cambridgeshire Constabulary", start_date=dt.date(2025, 5, 7), end_date=None,
        scale="One open space", target_group="Young adults", aim="Stop the gatherings.",
        intended_outcome="Fewer incidents.", description="A fence.", overall_impact="Fewer.",
        went_well="", challenges="", recommendations="",
    )  # fmt: skip
    ClosureCost.objects.create(
        closure=order.closure, kind=CostKind.SECURING, on=dt.date(2025, 5, 8),
        amount=Decimal("2800"), description="Lockable gate", recorded_by=inspector,
    )  # fmt: skip
    partner_add(user=manager, problem=problem, organisation=charity, sees_personal_data=False)
    Site.objects.filter(pk=site.pk).update(
        licence_number="FDC/PL/0412", licensing_authority="Fenland District Council",
        licensing_authority_address="Fenland Hall, County Road, March PE15 8NQ",
    )  # fmt: skip
    canary_everything()
    return problem


def _inputs(kind_key: str, subject, personal: bool) -> dict:
    if kind_key == "court_application":
        heard = subject.notice.hearing_at.astimezone(UK).date()
        return {"grounds": ["a"], "statement": "Seen by patrols.", "order_sought": "full",
                "proposed_ends_on": add_months(heard, 3)}  # fmt: skip
    if kind_key == "extension_application":
        return {"grounds": ["a"], "statement": "Seen by patrols."}
    if kind_key == "resident_letter":
        return {"description": "People gather at night."}
    if kind_key == "evidence_bundle":
        return {"personal_data": personal}
    if kind_key == "reimbursement_application":
        return {"respondent": "Onyx Court Estates Ltd", "capacity": "owner"}
    if kind_key == "draft_order":
        return {"plan_reference": "Plan 1, annexed"}  # the terms of the recorded order
    if kind_key == "discharge_application":
        # Applied for while the order is in force (s.83(1)): the world's 2025 order runs on.
        ClosureOrder.objects.filter(closure=subject).update(
            ends_on=timezone.localdate() + dt.timedelta(days=30)
        )
        return {"applicant": "Clarion Housing", "standing": "d", "grounds": "No incidents."}
    if kind_key == "compensation_response":
        return {"claimant": "Fenland Fish Bar Ltd", "capacity": "other", "amount": "1250.00",
                "lodged_on": "2025-09-15"}  # fmt: skip
    if kind_key == "access_application":
        return {"applicant": "x", "capacity": "owner", "part": "Flat 5", "access": "Stairs."}
    return {}


def _text(document, tmp_path) -> str:
    """Everything a reader of the file could find in it, squeezed (so a canary wrapped across
    lines is still one string)."""
    data = stored(document)
    if document.format == "pdf":
        path = tmp_path / "document.pdf"
        path.write_bytes(data)
        found = subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    elif document.format == "docx":
        found = docx_xml(data) + docx_text(data)
    else:
        found = "\n".join(
            ",".join(row) for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))
        )
    return _squeezed(found)


def _squeezed(text: str) -> str:
    """Whitespace and hyphens removed: a PDF may break a long canary at a hyphen."""
    return re.sub(r"[\s\-]+", "", text)


@pytest.fixture(autouse=True)
def within_the_s88_period(monkeypatch):
    """The world's order ended on 7 August 2025: its costs are claimed within s.88(3)."""
    from clearhold.documents.content import costs

    monkeypatch.setattr(costs, "today", lambda: dt.date(2025, 9, 1))


def _make(user, kind_key: str, fmt: str, problem, personal: bool, purpose: str):
    kind = kind_get(kind_key)
    subject = subjects_of(problem, kind)[0]
    return document_generate(
        user=user, kind=kind, subject=subject, fmt=fmt,
        inputs=_inputs(kind_key, subject, personal), purpose=purpose,
    )  # fmt: skip


EVERY_FORMAT = [(kind.key, fmt) for kind in kinds() for fmt in kind.formats]


def test_every_kind_is_covered_and_every_declared_personal_field_is_canaried():
    assert {key for key, _ in EVERY_FORMAT} == set(PRINTS)
    fields = canaried_fields()
    assert "reason" in fields["documents.consultationresponse"]
    assert {"victim_notes", "offender_notes"} <= set(fields["problems.problem"])
    assert "last_name" in fields["accounts.user"]


@pytest.mark.parametrize(("kind_key", "fmt"), EVERY_FORMAT)
def test_a_document_holds_only_what_its_maker_may_see(
    world, kind_key, fmt, make_user, charity, manager, partner_viewer, client, give_purpose,
    call, token_of, tmp_path,  # noqa: F811
):  # fmt: skip
    outreach = make_user("outreach", charity, Role.OFFICER)
    # A voluntary partner (not named for personal data) gives a purpose: it unlocks nothing.
    theirs = _make(outreach, kind_key, fmt, world, personal=False, purpose=PURPOSE)
    assert "Canary" not in _text(theirs, tmp_path), kind_key
    assert theirs.personal_data is False
    assert not AuditEntry.objects.filter(user=outreach, action="view").exists()

    # The lead's manager, with a purpose: the canaries the kind prints, marked and audited.
    manager.refresh_from_db()  # canaried since the fixture made them
    before = AuditEntry.objects.filter(user=manager, action="view").count()
    ours = _make(manager, kind_key, fmt, world, personal=True, purpose=PURPOSE)
    text = _text(ours, tmp_path)
    for canary in PRINTS[kind_key]:
        assert _squeezed(canary) in text, (kind_key, fmt, canary)
    assert _squeezed("Canary-problems.problem-offender_notes") not in text  # not named for it
    if not PRINTS[kind_key]:
        assert ours.personal_data is False
        return
    assert ours.personal_data is True
    if fmt != "csv":
        assert _squeezed(PERSONAL_MARKING) in text
    reads = AuditEntry.objects.filter(user=manager, action="view", purpose=PURPOSE)
    assert reads.count() > before
    assert reads.filter(detail__startswith="Generated a").exists()

    # The download: refused to the partners, asks the maker why, then audited.
    url = reverse("documents:download", args=[ours.pk])
    for partner in (partner_viewer, outreach):
        client.force_login(partner)
        assert client.get(url).status_code == 403
    client.force_login(manager)
    asked = client.get(url)
    assert asked.status_code == 302
    assert "/audit/purpose/" in asked["Location"]
    give_purpose(client, world, PURPOSE)
    downloaded = client.get(url)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == stored(ours)
    assert AuditEntry.objects.filter(
        user=manager, action="view", object_id=str(ours.pk), purpose=PURPOSE
    ).exists()
    client.logout()

    api = f"/api/documents/{ours.pk}/download"
    assert call("GET", api, token=token_of(partner_viewer)).status_code == 403
    assert call("GET", api, token=token_of(outreach), purpose=PURPOSE).status_code == 403
    assert call("GET", api, token=token_of(manager)).status_code == 422  # no purpose
    before = AuditEntry.objects.filter(object_id=str(ours.pk), action="view").count()
    assert call("GET", api, token=token_of(manager), purpose=PURPOSE).status_code == 200
    assert AuditEntry.objects.filter(object_id=str(ours.pk), action="view").count() > before


def test_a_document_without_personal_data_downloads_to_any_partner_and_is_audited(
    world, partner_viewer, client, tmp_path
):
    made = _make(world.created_by, "resident_letter", "csv", world, False, "")
    client.force_login(partner_viewer)
    assert client.get(reverse("documents:download", args=[made.pk])).status_code == 200
    assert AuditEntry.objects.filter(
        user=partner_viewer, action="export", object_id=str(made.pk), detail="Downloaded"
    ).exists()
    assert timezone.now()  # the entry is the download's, not the generation's (other user)


@pytest.fixture
def drafted(problem, manager, charity):
    """A problem with notes on the people involved and no write-up saved yet (the page and the
    API then show the draft prefilled from the problem's record)."""
    partner_add(user=manager, problem=problem, organisation=charity, sees_personal_data=False)
    problem.victim_notes = "Canary-victims: residents of Onyx Court"
    problem.offender_notes = "Canary-offenders: young adults drinking"
    problem.save()
    return problem


def test_the_write_up_draft_holds_no_notes_for_a_partner_page_or_api(
    drafted, make_user, charity, client, call, token_of,  # noqa: F811
):  # fmt: skip
    outreach = make_user("outreach", charity, Role.OFFICER)
    client.force_login(outreach)
    page = client.get(reverse("documents:write-up", args=[drafted.pk]))
    assert page.status_code == 200  # no purpose asked: they could see nothing personal
    assert "Canary" not in page.content.decode()
    path = f"/api/problems/{drafted.pk}/write-up"
    draft = call("GET", path, token=token_of(outreach), purpose=PURPOSE)
    assert draft.status_code == 200
    assert "Canary" not in draft.content.decode()
    assert not AuditEntry.objects.filter(action="view").exists()


def test_the_lead_sees_the_notes_in_the_draft_with_a_purpose_and_the_read_is_audited(
    drafted, manager, client, give_purpose, call, token_of,  # noqa: F811
):  # fmt: skip
    client.force_login(manager)
    url = reverse("documents:write-up", args=[drafted.pk])
    assert client.get(url).status_code == 302  # the purpose page first
    give_purpose(client, drafted, "problem_solving")
    page = client.get(url).content.decode()
    assert "Canary-victims" in page  # restricted: the lead's organisation may see it
    assert "Canary-offenders" not in page  # special: the manager is not named for it
    read = AuditEntry.objects.get(action="view", data_class="restricted")
    assert "problem.victim_notes" in read.fields
    assert "Canary" not in read.detail + read.object_repr

    path = f"/api/problems/{drafted.pk}/write-up"
    assert "Canary" not in call("GET", path, token=token_of(manager)).content.decode()
    with_purpose = call("GET", path, token=token_of(manager), purpose="problem_solving")
    assert "Canary-victims" in with_purpose.data["target_group"]
    assert AuditEntry.objects.filter(
        action="view", data_class="restricted", detail__startswith="API read of the write-up"
    ).exists()
