"""Rights that grant themselves: who may change a problem's members, partners and data classes
(issue 15, High 3).

Finding: a council officer of the lead organisation who was not a member of the problem added a
member with ``sees_special_category=on`` (any non-viewer associated with the problem could), and
the special-category page went from 403 to 200; adding a user of an unrelated organisation as a
member silently made that organisation a partner. Reproduced by POSTing the add-a-person form as
that officer, and by calling ``member_add`` with a person of an organisation outside the problem.

Must hold: only the problem's lead changes membership and partners (the lead organisation's
partnership manager, or a member marked as managing the membership); a member's data classes
never exceed what the sharing record gives their organisation; a person of an organisation that
is not a partner is refused with a message saying to add the organisation (and its sharing) first.
A refusal stores nothing.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from clearhold.accounts.roles import Role
from clearhold.authz import Refused
from clearhold.problems.models import Member, MemberRole, PartnerOrganisation
from clearhold.problems.services import member_add, member_remove, partner_add
from clearhold.problems.sharing_services import recipient_set


@pytest.fixture
def council_officer(make_user, council):
    """An officer of the lead organisation who is not a member of the problem."""
    return make_user("councilpc", council, Role.OFFICER)


@pytest.fixture
def police_partner(problem, manager, police):
    partner_add(user=manager, problem=problem, organisation=police)
    return police


def _rows():
    return (
        set(Member.objects.values_list("problem_id", "user_id", "sees_special_category")),
        set(PartnerOrganisation.objects.values_list("problem_id", "organisation_id")),
    )


def test_an_officer_of_the_lead_organisation_cannot_name_themselves_for_special_category(
    client, problem, council_officer, give_purpose
):
    client.force_login(council_officer)
    vulnerable = f"/problems/{problem.pk}/vulnerable/"
    assert client.get(vulnerable).status_code == 403
    before = _rows()
    added = client.post(
        f"/problems/{problem.pk}/members/add/",
        {"person": council_officer.pk, "role": "support", "sees_special_category": "on"},
    )
    assert added.status_code == 403
    assert "lead" in added.content.decode()
    assert _rows() == before
    give_purpose(client, problem)
    assert client.get(vulnerable).status_code == 403
    with pytest.raises(Refused):
        member_add(
            user=council_officer, problem=problem, person=council_officer,
            role=MemberRole.SUPPORT, sees_special_category=True,
        )  # fmt: skip
    assert _rows() == before


def test_a_person_of_an_organisation_outside_the_partnership_is_refused_with_what_to_do(
    client, problem, manager, outsider
):
    before = _rows()
    with pytest.raises(ValidationError) as refused:
        member_add(user=manager, problem=problem, person=outsider, role=MemberRole.SUPPORT)
    message = " ".join(refused.value.messages)
    assert "not a partner" in message
    assert "sharing record" in message
    assert _rows() == before
    client.force_login(manager)
    page = client.post(
        f"/problems/{problem.pk}/members/add/", {"person": outsider.pk, "role": "support"}
    )
    assert page.status_code == 200
    assert "not a partner in this problem" in page.content.decode()
    assert _rows() == before


def test_a_member_is_never_named_for_more_than_the_sharing_record_gives_their_organisation(
    client, problem, manager, police_partner, make_user
):
    pc = make_user("pc", police_partner, Role.OFFICER)
    before = _rows()
    with pytest.raises(ValidationError) as refused:
        member_add(
            user=manager, problem=problem, person=pc, role=MemberRole.ENFORCEMENT,
            sees_special_category=True,
        )  # fmt: skip
    assert "sharing record does not give Test Constabulary special-category data" in (
        " ".join(refused.value.messages)
    )
    assert _rows() == before
    client.force_login(manager)
    page = client.post(
        f"/problems/{problem.pk}/members/add/",
        {"person": pc.pk, "role": "enforcement", "sees_special_category": "on"},
    )
    assert "special-category data" in page.content.decode()
    assert _rows() == before
    recipient_set(
        user=manager, problem=problem, organisation=police_partner, data_class="special",
        receives=True,
    )  # fmt: skip
    member = member_add(
        user=manager, problem=problem, person=pc, role=MemberRole.ENFORCEMENT,
        sees_special_category=True,
    )  # fmt: skip
    assert member.sees_special_category


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("lead manager", True),
        ("member who manages membership", True),
        ("lead officer, not a member", False),
        ("member", False),
        ("partner organisation's manager", False),
        ("outside manager", False),
        ("administrator of the lead organisation", False),
    ],
)
def test_only_the_lead_changes_members_and_partners(
    problem, manager, police_partner, charity, make_user, council, outmanager, administrator,
    who, allowed,
):  # fmt: skip
    flagged = make_user("flagged", police_partner, Role.OFFICER)
    member_add(
        user=manager, problem=problem, person=flagged, role=MemberRole.ENFORCEMENT,
        manages_membership=True,
    )  # fmt: skip
    plain = make_user("plain", police_partner, Role.OFFICER)
    member_add(user=manager, problem=problem, person=plain, role=MemberRole.ENFORCEMENT)
    people = {
        "lead manager": manager,
        "member who manages membership": flagged,
        "lead officer, not a member": make_user("leadpc", council, Role.OFFICER),
        "member": plain,
        "partner organisation's manager": make_user(
            "policepm", police_partner, Role.PARTNERSHIP_MANAGER
        ),
        "outside manager": outmanager,
        "administrator of the lead organisation": administrator,
    }  # fmt: skip
    actor = people[who]
    newcomer = make_user("newcomer", police_partner, Role.OFFICER)
    attempts = (
        lambda: member_add(user=actor, problem=problem, person=newcomer, role=MemberRole.SUPPORT),
        lambda: partner_add(user=actor, problem=problem, organisation=charity),
        lambda: member_remove(user=actor, member=Member.objects.get(user=plain)),
    )
    for attempt in attempts:
        before = _rows()
        if allowed:
            attempt()
        else:
            with pytest.raises(Refused):
                attempt()
            assert _rows() == before


def test_whoever_opens_a_problem_manages_its_membership(problem, manager):
    lead = problem.members.get(user=manager)
    assert lead.role == MemberRole.LEAD
    assert lead.manages_membership
