"""Pages, the API and the breach form read records through the one read model.

The findings (issue 15): a partner viewer saw an appellant's name on the closure page (the
appellant is declared restricted) and the read was not audited; the person list on the breach
form printed the names of people under enforcement with no read recorded (Low 11); each page
and API route picked by hand which fields to hide.

Reproduced with the Wisbech problem (shared with a voluntary partner that receives no personal
data), an appeal and personal fields holding canaries: as the partner viewer, with a purpose
given, the closure page printed the appellant's canary; as the enforcement constable the breach
form listed the person's name and wrote no read entry.

What must hold: to a partner viewer with a purpose, no page or API route shows a canary and no
read entry is written; the breach form lists people only with a purpose, and each name it
prints is an audited read; the lead manager with a purpose sees the values, with one read entry
per data class.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.powers.models import Appeal
from tests.api.conftest import _fresh_rate_limit, call, token_of, wisbech  # noqa: F401

APPELLANT = "CanaryAppellant-R4"
VICTIMS = "CanaryVictims-R4"
OFFENDERS = "CanaryOffenders-R4"
PERSON = "CanaryPerson-R4"
CANARIES = (APPELLANT, VICTIMS, OFFENDERS, PERSON)


@pytest.fixture
def canaried(wisbech, manager):  # noqa: F811
    problem = wisbech["problem"]
    problem.victim_notes, problem.offender_notes = VICTIMS, OFFENDERS
    problem.save()
    person = wisbech["person"]
    person.name = PERSON
    person.save()
    Appeal.objects.create(
        closure=wisbech["closure"],
        decision_on=dt.date(2025, 6, 1),
        lodged_on=dt.date(2025, 6, 10),
        appellant=APPELLANT,
        recorded_by=manager,
    )
    return wisbech


def _reads(user):
    return AuditEntry.objects.filter(action=AuditAction.VIEW, user=user)


def _shown(response) -> list[str]:
    text = response.content.decode()
    return [canary for canary in CANARIES if canary in text]


def test_a_partner_viewer_with_a_purpose_sees_no_appellant_on_the_closure_page(
    client, canaried, partner_viewer, give_purpose
):
    client.force_login(partner_viewer)
    give_purpose(client, canaried["problem"])
    page = client.get(canaried["closure"].get_absolute_url())
    assert page.status_code == 200
    assert _shown(page) == []
    assert "Personal data: not shared with your organisation." in page.content.decode()
    assert not _reads(partner_viewer).exists()


def test_a_partner_viewer_sees_no_personal_data_on_the_problem_and_people_pages(
    client, canaried, partner_viewer, give_purpose
):
    client.force_login(partner_viewer)
    give_purpose(client, canaried["problem"])
    problem = canaried["problem"]
    for url in (
        problem.get_absolute_url(),
        reverse("powers:people", args=[problem.pk]),
        canaried["person"].get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code in (200, 403), url
        assert _shown(response) == [], url
    assert not _reads(partner_viewer).exists()


def test_a_partner_viewer_reads_no_canary_from_the_api(
    call,  # noqa: F811
    canaried,
    partner_viewer,
    token_of,  # noqa: F811
):
    token = token_of(partner_viewer)
    problem, shut = canaried["problem"], canaried["closure"]
    problem_reply = call("GET", f"/api/problems/{problem.pk}", token=token)
    assert set(problem_reply.data["withheld"]) == {"offender_notes", "victim_notes"}
    for path in (
        f"/api/problems/{problem.pk}",
        f"/api/problems/{problem.pk}/members",
        f"/api/closures/{shut.pk}",
        f"/api/closures/{shut.pk}/breaches",
    ):
        response = call("GET", path, token=token)
        assert response.status_code == 200, path
        assert _shown(response) == [], path
    breach = call("GET", f"/api/closures/{shut.pk}/breaches", token=token).data["items"][0]
    assert breach["person_id"] is None
    # What was seen is an officer's account that can name people: restricted like who was seen.
    assert set(breach["withheld"]) == {"person", "person_description", "video_reference", "seen"}
    assert breach["seen"] is None
    for path in (f"/api/problems/{problem.pk}/people", f"/api/people/{canaried['person'].pk}"):
        assert call("GET", path, token=token, purpose="problem_solving").status_code == 403
    assert not _reads(partner_viewer).exists()


def test_the_breach_form_lists_people_only_with_a_purpose_and_audits_the_names(
    client, canaried, manager, give_purpose
):
    constable = manager  # the lead organisation's manager may record breaches and see people
    client.force_login(constable)
    url = reverse("powers:breach-new", args=[canaried["closure"].pk])
    before = client.get(url)
    assert before.status_code == 200
    assert _shown(before) == []
    assert "Choose a person under enforcement" in before.content.decode()
    assert not _reads(constable).exists()
    give_purpose(client, canaried["problem"], "enforcement")
    after = client.get(url)
    assert _shown(after) == [PERSON]
    entry = _reads(constable).get()
    assert (entry.data_class, entry.purpose) == ("restricted", "enforcement")
    assert "person.name" in entry.fields
    assert f"|powers.person:{canaried['person'].pk}|" in entry.subjects


def test_the_lead_with_a_purpose_sees_the_values_and_each_class_read_is_audited_once(
    client, canaried, manager, give_purpose
):
    client.force_login(manager)
    closure_page = canaried["closure"].get_absolute_url()
    assert APPELLANT not in client.get(closure_page).content.decode()  # no purpose yet
    assert not _reads(manager).exists()
    give_purpose(client, canaried["problem"], "court_preparation")
    assert APPELLANT in client.get(closure_page).content.decode()
    closure_read = _reads(manager).get()  # one entry: restricted is the only class read
    assert closure_read.data_class == "restricted"
    assert "appeal.appellant" in closure_read.fields
    assert closure_read.purpose == "court_preparation"

    problem_page = client.get(canaried["problem"].get_absolute_url()).content.decode()
    assert VICTIMS in problem_page
    assert OFFENDERS in problem_page
    problem_reads = _reads(manager).exclude(pk=closure_read.pk)
    assert sorted(problem_reads.values_list("data_class", flat=True)) == ["restricted", "special"]
    special = problem_reads.get(data_class="special")
    assert special.fields == ["problem.offender_notes"]
    assert "problem.victim_notes" in problem_reads.get(data_class="restricted").fields
