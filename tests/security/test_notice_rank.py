"""Issue 15, finding 5: cancelling or varying a closure notice skipped the rank check.

Reproduced on main through the closure pages: an inspector cancelled a superintendent's
48-hour notice, and a council officer varied a police notice; any council officer could also
extend a police notice. The only check was "may issue some closure notice".

What must hold (Anti-social Behaviour, Crime and Policing Act 2014): a police notice is
cancelled or varied by the officer who issued it (or who extended it) or, if that officer is not
available, by an officer of the same or higher rank (s.78(6)(a),(b)); a council notice by that
authority, its 48-hour or extended notice by the person who signed it or another who could have
(s.78(4),(5)); an extension notice by the issuing body (s.77(4)). A refusal names the section and
changes nothing: the notice row, and the audit trail, are as they were.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.powers.models import ClosureNotice, EngagementKind
from clearhold.powers.services import closure_open, engagement_record
from clearhold.problems.models import MemberRole
from clearhold.problems.services import member_add
from tests.powers.conftest import ISSUED, SERVED, issue

AT = (SERVED + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


def _member(make_user, manager, problem, name, organisation, role):
    person = make_user(name, organisation, role)
    member_add(user=manager, problem=problem, person=person, role=MemberRole.ENFORCEMENT)
    return person


@pytest.fixture
def council_officer(make_user, manager, problem, council):
    return _member(make_user, manager, problem, "counciller", council, Role.OFFICER)


@pytest.fixture
def chief_designate(make_user, manager, problem, council):
    return _member(make_user, manager, problem, "designate", council, Role.SENIOR)


@pytest.fixture
def superintendents_notice(prepared, superintendent):
    """A 48-hour notice issued by the superintendent under s.77(2)(a)."""
    return issue(prepared, superintendent, hours=48)[0]


@pytest.fixture
def council_notice(problem, site, council_officer):
    closure, _ = closure_open(
        user=council_officer,
        problem=problem,
        site=site,
        premises_description="The open space off West Street, Wisbech, bounded by its fence",
        premises_kind="land",
        body="council",
    )
    for kind in (
        EngagementKind.INFORM_OCCUPIERS,
        EngagementKind.INFORM_INTERESTED,
        EngagementKind.CONSULT,
    ):
        engagement_record(
            user=council_officer,
            closure=closure,
            kind=kind,
            who="Clarion Housing",
            at=ISSUED - dt.timedelta(hours=3),
        )
    return issue(closure, council_officer)[0]


def _post(client, user, name, notice, data):
    client.force_login(user)
    return client.post(reverse(f"powers:{name}", args=[notice.closure.pk]), data)


def _cancel(client, user, notice, unavailable=False):
    data = {"at": AT, "reason": "The gate has been fitted"}
    if unavailable:
        data["issuer_unavailable"] = "on"
    return _post(client, user, "notice-cancel", notice, data)


def _vary(client, user, notice, unavailable=False):
    data = {"at": AT, "part_removed": "The allotments at the north end"}
    if unavailable:
        data["issuer_unavailable"] = "on"
    return _post(client, user, "notice-vary", notice, data)


def _refused_naming(response, section: str) -> None:
    assert response.status_code == 200, "the step was accepted"
    errors = " ".join(str(e) for e in response.context["form"].errors.values())
    assert section in errors, errors


def _snapshot(notice):
    notice.refresh_from_db()
    writes = (AuditAction.CREATE, AuditAction.CHANGE, AuditAction.DELETE)
    changes = AuditEntry.objects.filter(action__in=writes).count()
    return model_to_dict(notice), changes


def test_an_inspector_cannot_cancel_or_vary_a_superintendents_notice(
    client, superintendents_notice, inspector
):
    before = _snapshot(superintendents_notice)
    _refused_naming(_cancel(client, inspector, superintendents_notice, True), "s.78(6)(a)")
    _refused_naming(_vary(client, inspector, superintendents_notice, True), "s.78(6)(a)")
    assert _snapshot(superintendents_notice) == before
    page = client.get(superintendents_notice.closure.get_absolute_url()).content.decode()
    assert "Cancel the notice (s.78)" not in page


def test_the_issuing_inspector_cancels_their_own_notice(client, served, inspector):
    client.force_login(inspector)
    page = client.get(served.closure.get_absolute_url()).content.decode()
    assert "Cancel the notice (s.78)" in page
    assert _cancel(client, inspector, served).status_code == 302
    served.refresh_from_db()
    assert served.cancelled_by == inspector


def test_a_superintendent_stands_in_only_when_the_issuer_is_not_available(
    client, served, superintendent
):
    before = _snapshot(served)
    _refused_naming(_vary(client, superintendent, served), "s.78(6)(a)")
    assert _snapshot(served) == before
    assert _vary(client, superintendent, served, unavailable=True).status_code == 302
    served.refresh_from_db()
    assert served.varied_by == superintendent
    assert served.part_removed == "The allotments at the north end"


def test_a_council_officer_cannot_cancel_or_vary_a_police_notice(
    client, served, council_officer, chief_designate
):
    before = _snapshot(served)
    for person in (council_officer, chief_designate):
        _refused_naming(_vary(client, person, served, True), "s.78(6)(a),(b)")
        _refused_naming(_cancel(client, person, served, True), "s.78(6)(a),(b)")
    assert _snapshot(served) == before


def test_a_police_officer_cannot_cancel_or_vary_a_council_notice(
    client, council_notice, inspector, superintendent
):
    before = _snapshot(council_notice)
    for person in (inspector, superintendent):
        _refused_naming(_cancel(client, person, council_notice, True), "s.78(6)(c)")
        _refused_naming(_vary(client, person, council_notice, True), "s.78(6)(c)")
    assert _snapshot(council_notice) == before


def test_the_council_cancels_its_own_notice(client, council_notice, chief_designate):
    assert _cancel(client, chief_designate, council_notice).status_code == 302
    council_notice.refresh_from_db()
    assert council_notice.cancelled_by == chief_designate


def test_only_the_police_extend_a_police_notice(client, served, chief_designate, superintendent):
    before = _snapshot(served)
    data = {"extension_hours": 24, "at": AT}
    response = _post(client, chief_designate, "notice-extend", served, data)
    _refused_naming(response, "s.77(4)(a)")
    assert _snapshot(served) == before
    assert _post(client, superintendent, "notice-extend", served, data).status_code == 302
    assert ClosureNotice.objects.get(pk=served.pk).extension_issued_by == superintendent
