"""Reads of personal data: the purpose asked once per problem per session, an entry with the
purpose for each read, the subject-access export and the data protection officer's report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.apps import apps

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.authz import DATA_CLASSES, DataClass
from clearhold.powers.people import person_add, step_record
from clearhold.problems.models import MemberRole
from clearhold.problems.services import (
    member_add,
    partner_add,
    problem_update,
    vulnerable_person_add,
)
from clearhold.problems.sharing_services import recipient_set

VULNERABLE = "Lives alone on the second floor; memory problems"
ALLEGATION = "The man in flat 9 sells cannabis from the stairwell"


@pytest.fixture
def named(problem, manager, police, make_user):
    """A police officer named for special-category data, with police named for both classes."""
    officer = make_user("pc", police, Role.OFFICER)
    partner_add(user=manager, problem=problem, organisation=police)
    for data_class in ("restricted", "special"):
        recipient_set(
            user=manager, problem=problem, organisation=police, data_class=data_class, receives=True
        )
    member_add(
        user=manager,
        problem=problem,
        person=officer,
        role=MemberRole.ENFORCEMENT,
        sees_special_category=True,
    )
    return officer


@pytest.fixture
def vulnerable(problem, named):
    return vulnerable_person_add(user=named, problem=problem, description=VULNERABLE)


def _reads(**filters):
    return AuditEntry.objects.filter(action=AuditAction.VIEW, **filters)


def test_the_purpose_is_asked_before_the_first_special_category_page_then_remembered(
    client, problem, named, vulnerable, site, manager
):
    client.force_login(named)
    url = f"/problems/{problem.pk}/vulnerable/"
    asked = client.get(url)
    assert asked.status_code == 302
    assert asked["Location"].startswith(f"/audit/purpose/{problem.pk}/?next=")
    assert not _reads(username="pc").exists()
    form = client.get(asked["Location"]).content.decode()
    assert "Safeguarding" in form
    assert "Court preparation" in form
    answered = client.post(asked["Location"], {"purpose": "safeguarding", "next": url})
    assert answered["Location"] == url
    assert VULNERABLE in client.get(url).content.decode()
    assert VULNERABLE in client.get(url).content.decode()  # asked once, not twice
    entries = _reads(username="pc", data_class="special")
    assert entries.count() == 2
    entry = entries.first()
    assert (entry.purpose, entry.problem_pk) == ("safeguarding", problem.pk)
    assert "vulnerableperson.description" in entry.fields  # named by the read model
    assert entry.organisation == "Test Constabulary"
    assert f"|problems.vulnerableperson:{vulnerable.pk}|" in entry.subjects
    assert "Safeguarding" in entry.detail


def test_the_purpose_is_asked_again_for_another_problem_and_another_session(
    client, problem, named, vulnerable, manager, site
):
    from clearhold.problems.services import problem_create

    other = problem_create(user=manager, title="Other", start_date=dt.date(2025, 1, 1))
    client.force_login(named)
    client.post(f"/audit/purpose/{problem.pk}/", {"purpose": "enforcement"})
    assert client.get(f"/problems/{problem.pk}/vulnerable/").status_code == 200
    client.force_login(manager)
    assert client.get(f"/powers/problems/{other.pk}/people/").status_code == 302
    client.logout()
    client.force_login(named)
    assert client.get(f"/problems/{problem.pk}/vulnerable/").status_code == 302


def test_special_category_on_the_problem_page_is_shown_and_recorded_only_with_a_purpose(
    client, problem, manager, named, give_purpose
):
    problem_update(user=manager, problem=problem, victim_notes="Older residents")
    problem.offender_notes = ALLEGATION
    problem.save()
    client.force_login(named)
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    assert ALLEGATION not in page
    assert "say why you need it" in page
    assert not _reads(username="pc").exists()
    give_purpose(client, problem, "enforcement")
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    assert ALLEGATION in page
    special = _reads(username="pc", data_class="special").get()
    assert (special.fields, special.purpose) == (["problem.offender_notes"], "enforcement")
    restricted = _reads(username="pc", data_class="restricted").get()
    assert {"member.user", "user.first_name", "problem.victim_notes"} <= set(restricted.fields)


def test_other_needs_a_note_and_a_bad_purpose_is_refused(client, problem, named, vulnerable):
    client.force_login(named)
    page = client.post(f"/audit/purpose/{problem.pk}/", {"purpose": "other"}).content.decode()
    assert "Say what the purpose is" in page
    page = client.post(f"/audit/purpose/{problem.pk}/", {"purpose": "curiosity"})
    assert page.status_code == 200
    assert client.get(f"/problems/{problem.pk}/vulnerable/").status_code == 302
    client.post(f"/audit/purpose/{problem.pk}/", {"purpose": "other", "note": "Complaint"})
    client.get(f"/problems/{problem.pk}/vulnerable/")
    assert "Other (say what): Complaint" in _reads(username="pc", data_class="special").get().detail


def test_the_purpose_page_never_redirects_off_the_site(client, problem, named):
    client.force_login(named)
    answered = client.post(
        f"/audit/purpose/{problem.pk}/",
        {"purpose": "enforcement", "next": "https://evil.example/steal"},
    )
    assert answered["Location"] == f"/problems/{problem.pk}/"


def test_the_purpose_page_of_a_problem_not_shared_is_refused(client, problem, outsider):
    client.force_login(outsider)
    assert client.post(f"/audit/purpose/{problem.pk}/", {"purpose": "other"}).status_code == 403


# Subject access --------------------------------------------------------------------------


@pytest.fixture
def person(problem, manager):
    person = person_add(
        user=manager, problem=problem, name="Jordan Example", date_of_birth=dt.date(1990, 3, 14)
    )
    step_record(user=manager, person=person, kind="cpw", on=dt.date(2025, 5, 1))
    return person


@pytest.fixture
def dpo(make_user, charity):
    officer = make_user("dpo", charity, Role.ANALYST)
    officer.data_protection_officer = True
    officer.save()
    return officer


def test_the_subject_access_export_holds_the_record_the_steps_and_who_saw_them(
    client, problem, manager, person, dpo, give_purpose
):
    client.force_login(manager)
    give_purpose(client, problem, "court_preparation")
    client.get(f"/powers/problems/{problem.pk}/people/")
    client.get(f"/powers/people/{person.pk}/")
    client.force_login(dpo)
    found = client.get("/audit/data-protection/subject-access/", {"name": "jordan"})
    assert "Jordan Example" in found.content.decode()
    download = client.get(f"/audit/data-protection/subject-access/person/{person.pk}/")
    assert download["Content-Disposition"].startswith("attachment;")
    export = json.loads(download.content)
    assert export["held"]["record"]["name"] == "Jordan Example"
    assert export["held"]["record"]["date_of_birth"] == "1990-03-14"
    assert [s["kind"] for s in export["held"]["enforcement_steps"]] == ["cpw"]
    seen = [(s["who"], s["what"], s["purpose"]) for s in export["seen_by"]]
    assert ("manager", "Viewed personal data", "Court preparation") in seen
    assert [s["record"] for s in export["seen_by"] if s["what"] == "Viewed personal data"] == [
        f"people under enforcement on {problem}",
        "Jordan Example",  # the trail's pseudonym, resolved for the person
    ]
    assert "Created" in {what for _, what, _ in seen}
    audited = AuditEntry.objects.get(action=AuditAction.EXPORT, username="dpo")
    assert (audited.object_type, audited.object_id, audited.purpose) == (
        "powers.person",
        str(person.pk),
        "subject_access",
    )


def test_a_vulnerable_persons_export_and_who_may_ask(
    client, problem, vulnerable, dpo, administrator, manager, named
):
    url = f"/audit/data-protection/subject-access/vulnerable/{vulnerable.pk}/"
    for refused in (manager, named):
        client.force_login(refused)
        assert client.get(url).status_code == 403
    for allowed in (dpo, administrator):
        client.force_login(allowed)
        export = json.loads(client.get(url).content)
        assert export["held"]["record"]["description"] == VULNERABLE
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, data_class="special").count() == 2
    client.force_login(dpo)
    assert client.get("/audit/data-protection/subject-access/thing/1/").status_code == 404


# The data protection officer's report -----------------------------------------------------


def test_the_report_filters_by_organisation_class_and_date_and_downloads_as_csv(
    client, problem, manager, named, vulnerable, person, dpo, give_purpose
):
    client.force_login(named)
    give_purpose(client, problem, "safeguarding")
    client.get(f"/problems/{problem.pk}/vulnerable/")
    client.force_login(manager)
    give_purpose(client, problem, "enforcement")
    client.get(f"/powers/people/{person.pk}/")
    client.force_login(dpo)
    report = "/audit/data-protection/"
    police_only = client.get(report, {"organisation": "Test Constabulary"}).content.decode()
    assert "pc" in police_only
    assert "enforcement record of Jordan Example" not in police_only
    special = client.get(report, {"data_class": "special"}).content.decode()
    assert "vulnerable people on" in special
    assert "Jordan Example" not in special
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert "No entries match" in client.get(report, {"date_from": tomorrow}).content.decode()
    bad = client.get(report, {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert "must be the same as or after" in bad.content.decode()
    download = client.get("/audit/data-protection/reads.csv", {"data_class": "restricted"})
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert [(r["username"], r["purpose"]) for r in rows] == [
        ("manager", "Enforcement"),
        ("pc", "Safeguarding"),  # who added each vulnerable person: staff names are restricted
    ]
    assert {"person.name", "person.date_of_birth"} <= set(rows[0]["fields"].split())
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, username="dpo").exists()


@pytest.mark.parametrize("username", ["manager", "officer"])
def test_only_administrators_and_the_dpo_see_the_report(db, client, request, username):
    client.force_login(request.getfixturevalue(username))
    assert client.get("/audit/data-protection/").status_code == 403
    assert client.get("/audit/data-protection/reads.csv").status_code == 403


def test_the_dpo_flag_opens_no_problem(client, problem, dpo):
    client.force_login(dpo)
    assert client.get(f"/problems/{problem.pk}/").status_code == 403
    assert "Data protection" in client.get("/").content.decode()


# The declaration of data classes -------------------------------------------------------------

COVERED = ("accounts", "audit", "places", "incidents", "problems", "powers", "documents", "sharing")


def test_every_model_of_every_covered_app_is_declared_with_real_fields():
    for label in COVERED:
        for model in apps.get_app_config(label).get_models():
            declared = DATA_CLASSES.get(model._meta.label_lower)
            assert declared is not None, model._meta.label_lower
            names = {f.name for f in model._meta.get_fields()}
            for group in declared.groups:
                assert set(group.fields) <= names, (model._meta.label_lower, group.name)
                assert not group.when or group.when in names
            if declared.problem:
                assert declared.problem.split(".")[0] in names, model._meta.label_lower


def test_the_data_classes_of_the_brief_are_where_the_brief_says():
    from clearhold.authz import field_class

    assert field_class("problems.vulnerableperson", "description") == DataClass.SPECIAL
    assert field_class("problems.problem", "offender_notes") == DataClass.SPECIAL
    assert field_class("powers.person", "name") == DataClass.RESTRICTED
    assert field_class("powers.breach", "person_description") == DataClass.RESTRICTED
    assert field_class("documents.consultationresponse", "reason") == DataClass.RESTRICTED
    assert field_class("incidents.incident", "category") == DataClass.PUBLIC
    assert field_class("no.such_model", "x") == DataClass.RESTRICTED  # undeclared: fail closed
