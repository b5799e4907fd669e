"""The objects of one organisation's problem for the IDOR sweep (tests/web/test_idor_sweep.py).

One object of every kind a route can name, made directly (the sweep tests who may reach them,
not how they are made), with a canary in every restricted or special-category field so that a
response showing personal data can be recognised.

The canaried fields are generated from the declaration (``authz.DECLARED``): every text field
of a declared model whose class is restricted or special category gets its own canary
(``Canary7Q-<model>-<field>``), set on the first record of the model the world built. A field
declared tomorrow is canaried tomorrow; a model with personal fields the world does not build
fails ``test_the_world_canaries_every_declared_personal_field``, naming it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from clearhold.accounts.roles import OrganisationType, Role
from clearhold.accounts.services import organisation_create, user_create

CANARY = "Canary7Q"
# A generated document's file holds personal data (when marked so): its bytes carry this canary.
DOCUMENT_CANARY = f"{CANARY}-document"
# The records whose rows the database refuses to change: their canaried record is made anew.
APPEND_ONLY = {"audit.auditentry"}
# Canaried fields no swept route (one naming an object id) shows even to a member, and why: the
# sweep cannot check that these can be seen, only that nobody without the right sees them.
NOT_ON_SWEPT_ROUTES = {
    ("accounts.user", "password"): "a password hash is never shown",
    ("accounts.user", "email"): "shown only on the account pages, which name no object",
    ("accounts.user", "username"): "pages name staff by first and last name when they have one",
    ("accounts.user", "oidc_subject"): "binds a provider's sign-in, shown only in the admin",
    ("api.apitoken", "digest"): "a token's digest is a credential, never shown",
    ("accounts.recoverycode", "digest"): "a recovery code's digest is a credential, never shown",
    ("accounts.recoverycodedevice", "name"): "the recovery codes' device is never listed",
    ("documents.documentrun", "note"): "kept for the worker to read as the maker, never shown",
    ("surveys.householdcode", "digest"): "a household code's digest is a secret, never shown",
    ("resident_reports.residentreport", "sender_digest"): "kept for the rate limits, never shown",
    ("resident_reports.residentreport", "device_digest"): "kept for the rate limits, never shown",
    **{
        ("audit.auditentry", name): "the audit trail is shown only to the data protection officer"
        for name in (
            "username", "organisation", "object_type", "object_id", "object_repr", "detail",
            "path", "data_class", "purpose", "subjects",
        )
    },
}  # fmt: skip


def personal_models() -> set[str]:
    """Every declared model with a field (or a default) of the restricted or special class."""
    from clearhold.authz import DECLARED, SHARED_CLASSES

    return {
        d.model
        for d in DECLARED
        if d.default in SHARED_CLASSES or any(g.data_class in SHARED_CLASSES for g in d.groups)
    }


def canaried_fields() -> dict[str, tuple[str, ...]]:
    """Each declared model's text fields of the restricted or special class (free text only:
    a field with choices holds a code the rules read, not what someone wrote)."""
    from django.apps import apps
    from django.db import models

    from clearhold.authz import DECLARED, SHARED_CLASSES, field_class

    found = {}
    for declared in DECLARED:
        names = tuple(
            f.name
            for f in apps.get_model(declared.model)._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not f.primary_key
            and field_class(declared.model, f.name) in SHARED_CLASSES
        )
        if names:
            found[declared.model] = names
    return found


def canary(model: str, field: str) -> str:
    """The marker of ``field`` of ``model`` (a label): ``Canary7Q-<model>-<field>``, or for a
    field too short to hold it (PostgreSQL refuses a longer value) ``Canary7Q`` and a digest
    of the name, as long as the field allows."""
    from django.apps import apps

    marker = f"{CANARY}-{model.split('.')[1]}-{field.replace('_', '-')}"
    longest = apps.get_model(model)._meta.get_field(field).max_length
    if longest is None or len(marker) <= longest:
        return marker
    digest = hashlib.sha256(marker.encode()).hexdigest()
    return f"{CANARY}{digest}"[:longest]


def every_canary() -> set[str]:
    """Every canary the world holds, the document file's included."""
    found = {canary(m, f) for m, names in canaried_fields().items() for f in names}
    return found | {DOCUMENT_CANARY}


def fill_canaries() -> None:
    """Put each canary in its field, on the first record of the model the world built."""
    from django.apps import apps

    for label, names in canaried_fields().items():
        model = apps.get_model(label)
        values = {name: canary(label, name) for name in names}
        if label in APPEND_ONLY:
            model.objects.create(**values)
            continue
        first = model.objects.order_by("pk").first()
        if first is not None:  # saved, not updated: the change tracking sees each canary
            for name, value in values.items():
                setattr(first, name, value)
            first.save(update_fields=list(values))


def build_world() -> dict:
    """One organisation's problem with one object of every kind, personal fields canaried."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.backends.db import SessionStore

    from clearhold.accounts.models import RecoveryCode, RecoveryCodeDevice, SignedInSession
    from clearhold.api.models import ApiToken
    from clearhold.attachments.models import Attachment
    from clearhold.documents.models import (
        ConsultationResponse,
        DocumentRun,
        GeneratedDocument,
        PracticeWriteUp,
    )
    from clearhold.incidents.models import ImportBatch
    from clearhold.notifications.models import DigestSent, DigestSettings
    from clearhold.places.models import Site, Unit
    from clearhold.powers import models as powers
    from clearhold.problems import models as problems
    from clearhold.resident_reports import models as resident_reports
    from clearhold.surveys import models as surveys

    police = organisation_create(name="Sweep Constabulary", kind=OrganisationType.POLICE)
    charity = organisation_create(name="Sweep Outreach", kind=OrganisationType.VOLUNTARY)
    elsewhere = organisation_create(name="Other Council", kind=OrganisationType.COUNCIL)

    def person(name, organisation, role):
        return user_create(
            username=name, password="sweep-password-2026", organisation=organisation, role=role,
            first_name=name.title(), last_name="Sweep",
        )  # fmt: skip

    insider = person("insider", police, Role.SUPERVISOR)
    constable = person("constable", police, Role.OFFICER)
    viewer = person("viewer", charity, Role.PARTNER_VIEWER)
    outsider = person("outsider", elsewhere, Role.OFFICER)
    boundary = {
        "type": "Polygon",
        "coordinates": [[[0.16, 52.66], [0.161, 52.66], [0.161, 52.661], [0.16, 52.66]]],
    }
    site = Site.objects.create(
        name="Sweep site", boundary=boundary, easting=546000, northing=309000, area_m2=5000
    )
    unit = Unit.objects.create(site=site, name="Flat 1")
    problem = problems.Problem.objects.create(
        title="Sweep problem", lead_organisation=police, start_date=dt.date(2025, 1, 6),
        created_by=insider,
    )  # fmt: skip
    problem.sites.set([site])
    problems.PartnerOrganisation.objects.create(problem=problem, organisation=police)
    problems.PartnerOrganisation.objects.create(problem=problem, organisation=charity)
    problems.Member.objects.create(
        problem=problem, user=insider, role="lead", sees_special_category=True
    )
    member = problems.Member.objects.create(problem=problem, user=constable, role="enforcement")
    problems.Member.objects.create(problem=problem, user=viewer, role="observer")
    review = problems.Review.objects.create(problem=problem, months=3, due_date=dt.date(2025, 4, 6))
    action = problems.Action.objects.create(
        problem=problem, title="Fence", layer="environment", owner_organisation=police,
        due_date=dt.date(2025, 6, 1),
    )  # fmt: skip
    meeting = problems.Meeting.objects.create(problem=problem, date=dt.date(2025, 2, 1))
    objective = problems.Objective.objects.create(
        problem=problem, title="Fewer calls", categories=["asb-unclassified"], site=site,
        baseline_from=dt.date(2024, 1, 1), baseline_to=dt.date(2024, 12, 1),
        target_change_pct=-50, deadline=dt.date(2025, 12, 1),
    )  # fmt: skip
    problems.VulnerablePerson.objects.create(
        problem=problem, description="Vulnerable", added_by=insider
    )
    now = timezone.now()
    operation = powers.Operation.objects.create(
        problem=problem, name="Operation Sweep", body="police", created_by=insider
    )
    closure = powers.Closure.objects.create(
        problem=problem, site=site, premises_description="The sweep site", premises_kind="land",
        body="police", created_by=insider, operation=operation, route_position=1,
    )  # fmt: skip
    listing = powers.Listing.objects.create(
        operation=operation, court="Sweep Court", listed_at=now, created_by=insider
    )
    notice = powers.ClosureNotice.objects.create(
        closure=closure, issued_by=insider, issuer_role=Role.SUPERVISOR,
        issued_at=now - dt.timedelta(days=2), hours=48, hearing_court="Sweep Court",
        hearing_at=now - dt.timedelta(days=1),
    )  # fmt: skip
    event = powers.ServiceEvent(
        notice=notice, act="a", served_at=now - dt.timedelta(days=2), served_by=insider
    )
    event.photo.save("sweep.jpg", ContentFile(b"\xff\xd8\xff\xe0sweep"), save=False)
    event.save()
    order = powers.ClosureOrder.objects.create(
        closure=closure, made_on=now.date(), starts_on=now.date(),
        ends_on=now.date() + dt.timedelta(days=90), court="Sweep Court", recorded_by=insider,
    )  # fmt: skip
    extension = powers.OrderExtension.objects.create(
        order=order, applied_on=now.date(), applied_by=insider, applicant_role="supervisor",
        consultee="Council", new_ends_on=now.date() + dt.timedelta(days=180),
    )  # fmt: skip
    appeal = powers.Appeal.objects.create(
        closure=closure, decision_on=now.date(), lodged_on=now.date(), appellant="Landlord",
        recorded_by=insider,
    )  # fmt: skip
    subject = powers.Person.objects.create(
        problem=problem, name="Subject", description="Tall",
        date_of_birth=dt.date(1990, 1, 1), added_by=insider,
    )  # fmt: skip
    powers.EnforcementStep.objects.create(
        person=subject, kind="cpw", on=dt.date(2025, 2, 1), details="Warned",
        recorded_by=insider,
    )  # fmt: skip
    powers.Breach.objects.create(
        closure=closure, occurred_at=now - dt.timedelta(hours=1), breach_of="order",
        person=subject, person_description="Hooded", seen="Entered",
        offence_code="s86-2", offence_section="s.86(2)", max_penalty="3 months",
        recorded_by=insider,
    )  # fmt: skip
    response = ConsultationResponse.objects.create(
        problem=problem, unit=unit, received_on=dt.date(2025, 2, 1), stance="objection",
        reason="Noise", recorded_by=insider,
    )  # fmt: skip
    document = GeneratedDocument(
        problem=problem, kind="resident_letter", format="pdf", title="Letters", size=20,
        sha256="0" * 64, template_version="resident_letter@1", personal_data=True,
        created_by=insider,
    )  # fmt: skip
    document.file.save("sweep.pdf", ContentFile(f"%PDF {DOCUMENT_CANARY}".encode()), save=False)
    document.save()
    run = DocumentRun.objects.create(
        problem=problem, kind="resident_letter", format="pdf", subject_pk=problem.pk,
        status="done", progress_percent=100, document=document, created_by=insider,
    )  # fmt: skip
    PracticeWriteUp.objects.create(
        problem=problem, organisation="Sweep Constabulary", partners="", scale="One block",
        start_date=dt.date(2025, 1, 1), target_group="Residents", aim="Aim",
        intended_outcome="Outcome", description="Description", overall_impact="Impact",
        updated_by=insider,
    )  # fmt: skip
    attachment = Attachment(
        problem=problem, content_type=ContentType.objects.get_for_model(problem),
        object_id=problem.pk, kind="letter", title="Letter", filename="letter.pdf", size=20,
        sha256="0" * 64, uploaded_by=insider,
    )  # fmt: skip
    attachment.file.save("letter.pdf", ContentFile(f"%PDF- {CANARY}-attachment-file".encode()))
    survey = surveys.Survey.objects.create(
        problem=problem, site=site, title="Sweep survey", created_by=insider
    )
    wave = surveys.Wave.objects.create(
        survey=survey, label="baseline", opens_on=dt.date(2025, 2, 1),
        closes_on=dt.date(2025, 3, 1), opened_at=now,
    )  # fmt: skip
    code = surveys.HouseholdCode.objects.create(wave=wave, unit=unit, digest="1" * 64)
    survey_response = surveys.Response.objects.create(
        wave=wave, channel="door_knock", code=code, keyed_by=insider
    )
    surveys.Answer.objects.create(response=survey_response, question_key="comments", text="x")
    reporting_page = resident_reports.ReportingPage.objects.create(
        site=site, problem=problem, public_name="Sweep park", slug="sweep-park",
        categories=["drugs"], created_by=insider,
    )  # fmt: skip
    resident_report = resident_reports.ResidentReport.objects.create(
        page=reporting_page, problem=problem, reference="ACDEFGHJKM", category="drugs",
        what_happened="Dealing", occurred_on=dt.date(2025, 2, 1), contact_name="x",
        contact_email="x@example.com", contact_phone="x", contact_consent=True,
        sender_digest="x", device_digest="x",
    )  # fmt: skip
    photo = resident_reports.ReportPhoto(
        report=resident_report, content_type="image/jpeg", size=10, sha256="0" * 64
    )
    photo.file.save("sweep-report.jpg", ContentFile(b"\xff\xd8\xff\xe0report"), save=False)
    photo.save()
    resident_reports.ReportUpdate.objects.create(
        page=reporting_page, you_said="Dealing", we_did="Patrols", written_by=insider
    )
    batch = ImportBatch.objects.create(
        source="policeuk", created_by=insider, organisation=insider.organisation
    )  # a batch carries its importing organisation: only it (and administrators) open it
    DigestSettings.objects.create(user=insider, frequency="weekly")
    DigestSent.objects.create(
        user=insider, sent_on=dt.date(2025, 2, 3), frequency="weekly", items=["action-1"]
    )
    token = ApiToken.objects.create(
        user=insider, name="sweep", prefix="chs_sweep", digest=hashlib.sha256(b"x").hexdigest()
    )
    live = SessionStore()
    live.create()
    signed_in = SignedInSession.objects.create(
        user=insider, session_id=live.session_key, user_agent="sweep"
    )
    recovery = RecoveryCodeDevice.objects.create(user=insider, name="Recovery codes")
    RecoveryCode.objects.create(device=recovery, digest="0" * 64)
    fill_canaries()
    insider.refresh_from_db()
    return {
        "users": {"insider": insider, "viewer": viewer, "outsider": outsider},
        "problem": problem, "member": member, "review": review, "action": action,
        "meeting": meeting, "objective": objective, "closure": closure, "service_event": event,
        "extension": extension, "appeal": appeal, "person": subject, "response": response,
        "document": document, "run": run, "site": site, "batch": batch, "token": token,
        "attachment": attachment, "survey": survey, "wave": wave,
        "survey_response": survey_response, "resident_report": resident_report,
        "operation": operation, "listing": listing, "user": insider,
        "signed_in_session": signed_in,
    }  # fmt: skip
