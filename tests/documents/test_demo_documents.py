"""Done means: for the Wisbech demo problem a user downloads every paper — notice, court
applications, evidence bundle, the letter run, consultation log, review report and practice
write-up — in PDF and DOCX, each made through the web pages as a user would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from clearhold.accounts.models import User
from clearhold.documents.kinds import kinds
from clearhold.documents.models import GeneratedDocument
from clearhold.law import UK, add_months
from clearhold.surveys.services import survey_create, wave_create, wave_open
from clearhold.web.demo import PEOPLE, demo_incidents_load, demo_partnership_load, demo_problem_load
from tests.documents.conftest import pdf_page_image, pdf_pages, stored, text_of

pytestmark = pytest.mark.django_db

#: The Wisbech notice was never extended, cancelled or varied, and the open space holds no premises
#: licence: those papers are refused, naming why.
NOT_IN_THE_RECORD = {
    "extension_notice",
    "cancellation_notice",
    "variation_notice",
    "licensing_notification",
    "discharge_application",  # the demo's order has run its course: too late (s.83(1))
    # The fence and gate are the action plan's costs, not the closure's: no s.88 ledger (and an
    # application would be out of time three months after the order ended, s.88(3)).
    "costs_schedule",
    "reimbursement_application",
}
STATEMENT = "Drug dealing and intimidation on the open space, seen by residents and patrols."


def _choices(kind, closure) -> dict:
    if kind.key == "court_application":
        heard = closure.notice.hearing_at.astimezone(UK).date()
        return {"grounds": ["a", "b"], "statement": STATEMENT, "order_sought": "partial",
                "exempt": ["residents", "residents_visitors", "emergency_services",
                           "housing_staff", "council_staff"],
                "housing_staff_organisation": "Clarion Housing Group",
                "council_staff_organisation": "Fenland District Council",
                "proposed_ends_on": add_months(heard, 3).isoformat()}  # fmt: skip
    if kind.key == "extension_application":
        return {"grounds": ["a"], "statement": STATEMENT}
    if kind.key == "resident_letter":
        return {"description": "People have been dealing drugs and threatening residents on "
                "the open space beside your home."}  # fmt: skip
    if kind.key == "reimbursement_application":
        return {"respondent": "Onyx Court Estates Ltd", "capacity": "owner",
                "respondent_address": "1 West Street, Wisbech PE13"}  # fmt: skip
    if kind.key == "witness_statement":
        return {"witness": "issuer"}
    if kind.key == "draft_order":
        return {"plan_reference": "Plan 1, annexed"}  # the order as recorded
    if kind.key == "discharge_application":
        return {"applicant": "Clarion Housing Group", "standing": "d", "grounds": "Quiet."}
    if kind.key == "compensation_response":
        return {"claimant": "Wisbech Market Traders Ltd", "capacity": "other",
                "amount": "1250.00", "lodged_on": "2025-09-15"}  # fmt: skip
    if kind.key == "access_application":
        return {"applicant": "A neighbour", "capacity": "occupier", "part": "Onyx Court",
                "access": "Along the footpath."}  # fmt: skip
    return {}


def _survey_wave(problem, user):
    """A baseline wave of a survey of the demo site, open: its letters are one of the papers."""
    survey = survey_create(user=user, problem=problem, site=problem.sites.first())
    wave = wave_create(
        user=user, survey=survey, label="baseline",
        opens_on=dt.date(2025, 4, 1), closes_on=dt.date(2025, 4, 30),
    )  # fmt: skip
    return wave_open(user=user, wave=wave)


@override_settings(DEMO_MODE=True)
def test_every_paper_of_the_wisbech_demo_in_pdf_and_docx(
    client, tmp_path, give_purpose, django_capture_on_commit_callbacks
):
    demo_partnership_load()
    demo_incidents_load()
    demo_problem_load()
    inspector = next(p for p in PEOPLE if p.username == "inspector")
    client.post("/sign-in/", {"username": "inspector", "password": inspector.password})
    from clearhold.problems.models import Problem

    problem = Problem.objects.get()
    closure = problem.closures.get()
    give_purpose(client, problem, "court_preparation")  # the papers name people: asked first
    write_up = reverse("documents:write-up", args=[problem.pk])
    form = client.get(write_up).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    saved = client.post(write_up, data)
    assert saved.status_code == 302, saved.context["form"].errors

    subjects = {
        "closure": closure,
        "problem": problem,
        "review": problem.reviews.get(months=3),
        "wave": _survey_wave(problem, User.objects.get(username="inspector")),
    }
    made = {}
    for kind in kinds():
        subject = subjects[kind.subject]
        for fmt in kind.formats:
            url = reverse("documents:generate", args=[problem.pk, kind.key])
            with django_capture_on_commit_callbacks(execute=True):  # a letter run's worker
                response = client.post(
                    url, {"of": subject.pk, "doc-format": fmt, **_choices(kind, closure)}
                )
            blocked = response.context and response.context.get("blocked")
            if kind.key in NOT_IN_THE_RECORD:
                assert response.status_code == 200
                assert blocked, kind.key
                continue
            assert response.status_code == 302, (kind.key, fmt, blocked)
            made[(kind.key, fmt)] = GeneratedDocument.objects.latest("id")
    assert {key for key, _ in made} >= {
        "closure_notice", "court_application", "extension_application", "evidence_bundle",
        "resident_letter", "consultation_log", "review_report", "practice_write_up",
    }  # fmt: skip
    for (key, fmt), document in made.items():
        download = client.get(document.get_absolute_url())
        assert download.status_code == 200, key
        if fmt in ("pdf", "docx"):
            assert len(text_of(document, tmp_path)) > 200, (key, fmt)

    notice = " ".join(text_of(made[("closure_notice", "pdf")], tmp_path).split())
    assert "Shelter housing advice helpline" in notice
    assert "Civil Legal Advice" in notice
    letters = text_of(made[("resident_letter", "pdf")], tmp_path)
    assert letters.count("Flat 48") >= 1
    assert letters.count("\f") >= 47  # one page per flat
    review = " ".join(text_of(made[("review_report", "docx")], tmp_path).split())
    assert "75% fewer ASB reports" in review
    pdf_page_image(stored(made[("closure_notice", "pdf")]), "demo-closure-notice")
    assert pdf_pages(stored(made[("closure_notice", "pdf")]), tmp_path) == 1  # for the gate
    assert pdf_pages(stored(made[("door_sign", "pdf")]), tmp_path) == 1  # with its long name
    application = " ".join(text_of(made[("court_application", "pdf")], tmp_path).split())
    assert "Complaint under section 80" in application
    assert "a partial closure order over the premises" in application
    assert "Staff of Clarion Housing Group" in application
    assert "Vulnerable occupiers are recorded on the case" in application
    assert "Partnership meeting agreed the extension" not in application  # after the hearing
    extension = " ".join(text_of(made[("extension_application", "docx")], tmp_path).split())
    assert "granted by the court on 5 August 2025" in extension  # decided: the record says so
    assert "until 7 August 2025" in extension  # the end it was applied against
    assert "People the justice may summon (s.82(5))" in extension
    pdf_page_image(stored(made[("court_application", "pdf")]), "demo-court-application")
