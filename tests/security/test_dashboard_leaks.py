"""Neither a voluntary partner nor a partner organisation's manager sees a restricted value on
the dashboard, the problem page, the email digest or the calendar feed.

The Wisbech problem is shared with a charity that receives no personal data; both of the
charity's people are named members, so the problem, its actions, reviews and closure are on
their dashboard, digest and calendar. Every personal field within reach of those pages holds a
canary: the victims and offenders notes, a vulnerable resident, the name of a person under
enforcement, a breach's description of who was seen, an appellant, and the lead manager's own
name (a member of staff's name is personal data on a problem). With a purpose given, neither
sees a canary anywhere and no read of personal data is logged for them. The lead manager with
a purpose does see them on the problem page: the canaries are within reach, not lost.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.notifications.selectors import digest_for, settings_of
from clearhold.notifications.services import digest_message
from clearhold.powers.models import Appeal, Breach
from clearhold.problems.actions import action_create
from clearhold.problems.models import Layer, MemberRole, VulnerablePerson
from clearhold.problems.services import member_add
from tests.api.conftest import wisbech  # noqa: F401

CANARIES = {
    "victims": "CanaryVictims-D5",
    "offenders": "CanaryOffenders-D5",
    "vulnerable": "CanaryVulnerable-D5",
    "person": "CanaryPerson-D5",
    "seen as": "CanarySeenAs-D5",
    "appellant": "CanaryAppellant-D5",
    "staff": "CanaryStaff-D5",
}


@pytest.fixture
def canaried(wisbech, manager, partner_viewer, make_user, charity):  # noqa: F811
    """Wisbech with a canary in every personal field, the charity's manager a member too, and
    an open action each for the charity's two people."""
    problem = wisbech["problem"]
    problem.victim_notes, problem.offender_notes = CANARIES["victims"], CANARIES["offenders"]
    problem.save()
    VulnerablePerson.objects.filter(problem=problem).update(description=CANARIES["vulnerable"])
    wisbech["person"].name = CANARIES["person"]
    wisbech["person"].save()
    Breach.objects.filter(closure=wisbech["closure"]).update(person_description=CANARIES["seen as"])
    Appeal.objects.create(
        closure=wisbech["closure"],
        decision_on=dt.date(2025, 6, 1),
        lodged_on=dt.date(2025, 6, 10),
        appellant=CANARIES["appellant"],
        recorded_by=manager,
    )
    manager.first_name = CANARIES["staff"]
    manager.save()
    charity_manager = make_user("charitymanager", charity, Role.PARTNERSHIP_MANAGER)
    member_add(user=manager, problem=problem, person=charity_manager, role=MemberRole.SUPPORT)
    for person in (partner_viewer, charity_manager):
        action_create(
            user=manager,
            problem=problem,
            title=f"Outreach by {person.username}",
            layer=Layer.HOUSING_COMMUNITY,
            owner_organisation=charity,
            owner=person,
            due_date=timezone.localdate() + dt.timedelta(days=3),
        )
    return {**wisbech, "charity_manager": charity_manager}


def _canaries_in(text: str) -> list[str]:
    return [name for name, canary in CANARIES.items() if canary in text]


def _outputs(client, user, problem) -> dict[str, str]:
    """What ``user`` is shown on the two pages, in their digest and in their calendar feed."""
    client.force_login(user)
    now = timezone.now()
    digest = digest_for(user, now, settings_of(user))
    message = digest_message(user, digest, now.date())
    return {
        "dashboard": client.get(reverse("problems:dashboard")).content.decode(),
        "problem page": client.get(problem.get_absolute_url()).content.decode(),
        "digest": f"{message.subject}\n{message.body}",
        "calendar": client.get(reverse("problems:calendar")).content.decode(),
    }


@pytest.mark.parametrize("who", ["partner_viewer", "charity_manager"])
def test_the_charitys_people_see_no_canary_anywhere(
    client, canaried, partner_viewer, give_purpose, who
):
    user = canaried["charity_manager"] if who == "charity_manager" else partner_viewer
    problem = canaried["problem"]
    client.force_login(user)
    give_purpose(client, problem)
    shown = _outputs(client, user, problem)
    assert f"Outreach by {user.username}" in shown["dashboard"]  # their own open action
    assert "Fence the open space" in shown["digest"]  # the problem's overdue action
    assert f"Outreach by {user.username}" in shown["calendar"]
    assert {where: _canaries_in(text) for where, text in shown.items()} == {
        where: [] for where in shown
    }
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW, user=user).exists()


def test_the_lead_with_a_purpose_sees_the_canaries_on_the_problem_page(
    client, canaried, manager, give_purpose
):
    client.force_login(manager)
    give_purpose(client, canaried["problem"])
    page = client.get(canaried["problem"].get_absolute_url()).content.decode()
    assert {"victims", "offenders", "staff"} <= set(_canaries_in(page))
