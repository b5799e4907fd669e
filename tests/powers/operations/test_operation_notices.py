"""Informing, consulting and issuing the notices of an operation: one action, each premises
checked as a single closure is, all or nothing unless the user proceeds without the refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from clearhold.authz import Refused
from clearhold.powers.models import ClosureNotice, Engagement
from clearhold.powers.selectors import operation_closures
from clearhold.powers.services_operation import (
    PremisesPick,
    closure_vary,
    engagements_record,
    notices_issue,
    operation_create,
)
from clearhold.powers.terms import terms_of
from tests.powers.conftest import ALL_CONTENTS, HEARD, ISSUED, WISBECH_CODES, wisbech_exemptions
from tests.powers.operations.conftest import COMMUNAL

BEFORE = ISSUED - dt.timedelta(hours=3)


@pytest.fixture
def dakota(estate, blocks, estate_inspector):
    """Three blocks under 24-hour notices, which an inspector may issue (s.77)."""
    operation, _ = operation_create(
        user=estate_inspector,
        problem=estate,
        name="Operation Dakota",
        picks=[PremisesPick(site=block) for block in blocks[:3]],
        part_description=COMMUNAL,
        exemptions=wisbech_exemptions(),
        notice_hours=24,
    )
    return operation


def engage(operation, user, closures=None, **kwargs):
    return engagements_record(
        user=user,
        operation=operation,
        closures=closures or operation_closures(operation),
        at=BEFORE,
        occupiers="The residents of each block",
        interested="Barnet Homes",
        consulted="Barnet Council",
        **kwargs,
    )


def issue_all(operation, user, closures=None, **kwargs):
    closures = closures or operation_closures(operation)
    return notices_issue(
        user=user,
        operation=operation,
        closures=closures,
        issued_at=ISSUED,
        hearing_court="Willesden Magistrates’ Court",
        hearing_court_address="448 High Road, London NW10 2DZ",
        hearing_at=HEARD,
        contents={c.pk: ALL_CONTENTS for c in closures},
        **kwargs,
    )


def test_the_engagements_are_recorded_for_every_premises(dakota, estate_inspector):
    result = engage(dakota, estate_inspector)
    assert result.stored
    assert not result.refused
    for closure in operation_closures(dakota):
        assert sorted(e.kind for e in closure.engagements.all()) == [
            "consult",
            "inform_interested",
            "inform_occupiers",
        ]


def test_each_premises_gets_its_own_notice_with_the_terms(dakota, estate_inspector):
    engage(dakota, estate_inspector)
    result = issue_all(dakota, estate_inspector)
    assert result.stored
    assert len(result.succeeded) == 3
    notices = ClosureNotice.objects.filter(closure__operation=dakota)
    assert notices.count() == 3
    for notice in notices:
        assert notice.hours == 24
        assert [e["code"] for e in notice.exemptions] == ["owner", *WISBECH_CODES]
        assert notice.hearing_court == "Willesden Magistrates’ Court"


def test_a_premises_without_its_engagements_is_refused_and_nothing_stored(dakota, estate_inspector):
    first, _second, third = operation_closures(dakota)
    engage(dakota, estate_inspector, closures=[first, third])
    result = issue_all(dakota, estate_inspector)
    assert not result.stored
    assert [o.premises for o in result.refused] == ["Block B"]
    assert any("s.76(6)" in reason for reason in result.refused[0].refused)
    assert not ClosureNotice.objects.exists()

    result = issue_all(dakota, estate_inspector, proceed=True)
    assert result.stored
    assert set(ClosureNotice.objects.values_list("closure", flat=True)) == {first.pk, third.pk}


def test_a_constable_is_refused_for_all(dakota, estate_inspector, estate_constable):
    engage(dakota, estate_inspector)
    with pytest.raises(Refused, match="inspector"):
        issue_all(dakota, estate_constable)
    assert not ClosureNotice.objects.exists()


def test_an_inspector_is_refused_48_hours_for_the_premises_that_varies_it(dakota, estate_inspector):
    engage(dakota, estate_inspector)
    varied = operation_closures(dakota)[1]
    closure_vary(user=estate_inspector, closure=varied, notice_hours=48)
    result = issue_all(dakota, estate_inspector)
    assert [o.premises for o in result.refused] == [varied.site.name]
    assert any("s.77(2)" in reason for reason in result.refused[0].refused)
    assert not ClosureNotice.objects.exists()


def test_a_council_officer_may_not_issue_a_police_operations_notices(
    dakota, estate, estate_inspector, make_user, council, manager
):
    from clearhold.accounts.roles import Role
    from clearhold.problems.models import MemberRole
    from clearhold.problems.services import member_add

    officer = make_user("council_officer", council, Role.OFFICER)
    member_add(user=manager, problem=estate, person=officer, role=MemberRole.ENFORCEMENT)
    engage(dakota, estate_inspector)
    with pytest.raises(ValidationError, match="brought by the police"):
        issue_all(dakota, officer)
    assert not ClosureNotice.objects.exists()


def test_a_partner_viewer_records_nothing(dakota, partner_viewer):
    with pytest.raises(Refused):
        engage(dakota, partner_viewer)
    assert not Engagement.objects.exists()


def test_a_variation_is_stored_and_refused_once_the_notice_is_issued(dakota, estate_inspector):
    closure = operation_closures(dakota)[0]
    closure_vary(
        user=estate_inspector, closure=closure, order_months=2, part_description="the stairwells"
    )
    closure.refresh_from_db()
    assert terms_of(closure).varied == ("part_description", "order_months")
    assert closure.premises_description.endswith(": the stairwells")
    engage(dakota, estate_inspector, closures=[closure])
    issue_all(dakota, estate_inspector, closures=[closure])
    with pytest.raises(ValidationError, match="its terms are fixed"):
        closure_vary(user=estate_inspector, closure=closure, order_months=1)
    closure.refresh_from_db()
    assert terms_of(closure).order_months == 2


def test_a_closure_of_another_operation_is_refused(dakota, estate, blocks, estate_inspector):
    other, _ = operation_create(
        user=estate_inspector,
        problem=estate,
        name="Operation Other",
        picks=[PremisesPick(site=blocks[5])],
    )
    with pytest.raises(ValidationError, match="Block F is not one of Operation Dakota’s premises"):
        engage(dakota, estate_inspector, closures=operation_closures(other))


def test_the_operation_and_each_variation_are_in_the_audit_trail(dakota, estate_inspector):
    from clearhold.audit.models import AuditAction, AuditEntry

    created = AuditEntry.objects.filter(object_type="powers.operation", object_id=str(dakota.pk))
    assert [e.action for e in created] == [AuditAction.CREATE]
    closure = operation_closures(dakota)[0]
    closure_vary(user=estate_inspector, closure=closure, order_months=2)
    changed = AuditEntry.objects.filter(
        object_type="powers.closure", object_id=str(closure.pk), action=AuditAction.CHANGE
    )
    assert any("terms" in e.changes for e in changed)
