"""The closure workflow through the services: each lawful step stored, each unlawful one
refused with its section and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from clearhold.authz import Refused
from clearhold.law import UK
from clearhold.powers.models import (
    Closure,
    ClosureNotice,
    ClosureOrder,
    EngagementKind,
    Hearing,
    HearingOutcome,
    OrderExtension,
)
from clearhold.powers.services import (
    closure_open,
    engagement_record,
    hearing_record,
    service_record,
)
from clearhold.powers.services_notice import notice_cancel, notice_extend
from clearhold.powers.services_order import (
    appeal_record,
    extension_apply,
    extension_decide,
    order_record,
)
from tests.powers.conftest import ALL_CONTENTS, HEARD, ISSUED, SERVED, issue


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_premises_drawn_as_an_area_is_refused(problem, site, inspector):
    with pytest.raises(ValidationError) as refused:
        closure_open(
            user=inspector,
            problem=problem,
            site=site,
            premises_description="Wisbech town centre",
            premises_kind="area",
        )
    assert "Leeds" in _messages(refused.value)
    assert not Closure.objects.exists()


def test_a_constable_cannot_issue_a_notice(prepared, constable):
    with pytest.raises(Refused) as refused:
        issue(prepared, constable)
    assert "inspector" in refused.value.message
    assert not ClosureNotice.objects.exists()


def test_an_inspector_cannot_issue_a_48_hour_notice(prepared, inspector):
    with pytest.raises(ValidationError) as refused:
        issue(prepared, inspector, hours=48)
    assert "s.77(2)" in _messages(refused.value)
    assert "CN-10" in _messages(refused.value)
    assert not ClosureNotice.objects.exists()


def test_a_superintendent_may_issue_a_48_hour_notice(prepared, superintendent):
    notice, _ = issue(prepared, superintendent, hours=48)
    assert notice.senior_authority
    assert notice.issuer_role == "senior"


def test_each_missing_content_is_named(prepared, inspector):
    with pytest.raises(ValidationError) as refused:
        issue(prepared, inspector, contents=ALL_CONTENTS[:5])
    text = _messages(refused.value)
    assert "s.76(5)(f)" in text
    assert "s.76(5)(g)" in text
    assert "s.76(5)(a)" not in text


def test_informing_and_consulting_must_come_first(closure, inspector):
    with pytest.raises(ValidationError) as refused:
        issue(closure, inspector)
    text = _messages(refused.value)
    assert "s.76(6)(a)" in text
    assert "s.76(6)(b)" in text
    assert "s.76(7)" in text


def test_consultation_after_issue_does_not_count(closure, inspector):
    later = ISSUED + dt.timedelta(minutes=10)
    for kind in EngagementKind.INFORM_OCCUPIERS, EngagementKind.INFORM_INTERESTED:
        engagement_record(user=inspector, closure=closure, kind=kind, who="x", at=ISSUED)
    engagement_record(
        user=inspector, closure=closure, kind=EngagementKind.CONSULT, who="Council", at=later
    )
    with pytest.raises(ValidationError) as refused:
        issue(closure, inspector)
    assert "s.76(7)" in _messages(refused.value)


def test_the_hearing_must_be_booked_before_issue(prepared, inspector):
    with pytest.raises(ValidationError) as refused:
        issue(prepared, inspector, hearing_at=None)
    assert "s.76(5)(e)" in _messages(refused.value)


def test_residents_and_owner_must_be_exempt(prepared, inspector):
    with pytest.raises(ValidationError) as refused:
        issue(prepared, inspector, exemptions=[])
    assert "s.76(4)" in _messages(refused.value)


def test_service_before_issue_is_refused(notice, constable):
    with pytest.raises(ValidationError):
        service_record(
            user=constable, notice=notice, act="a", served_at=ISSUED - dt.timedelta(minutes=1)
        )


def test_a_late_first_hearing_is_refused(served, inspector):
    late = SERVED + dt.timedelta(hours=48, minutes=1)
    with pytest.raises(ValidationError) as refused:
        hearing_record(
            user=inspector,
            closure=served.closure,
            court="Cambridge",
            heard_at=late,
            outcome=HearingOutcome.ORDER_MADE,
        )
    assert "s.80(3)" in _messages(refused.value)
    assert not Hearing.objects.exists()


def test_adjournment_longer_than_14_days_is_refused(served, inspector):
    with pytest.raises(ValidationError) as refused:
        hearing_record(
            user=inspector,
            closure=served.closure,
            court="Cambridge",
            heard_at=HEARD,
            outcome=HearingOutcome.ADJOURNED,
            adjourned_to=HEARD + dt.timedelta(days=15),
        )
    assert "s.81(3)" in _messages(refused.value)


def test_an_order_longer_than_three_months_is_refused(served, inspector):
    hearing_record(
        user=inspector,
        closure=served.closure,
        court="Cambridge",
        heard_at=HEARD,
        outcome=HearingOutcome.ORDER_MADE,
    )
    with pytest.raises(ValidationError) as refused:
        order_record(
            user=inspector,
            closure=served.closure,
            made_on=dt.date(2025, 5, 7),
            ends_on=dt.date(2025, 8, 8),
            court="Cambridge",
            partial=False,
            exemptions=[],
        )
    assert "s.80(6)" in _messages(refused.value)
    assert not ClosureOrder.objects.exists()


def test_a_partial_order_needs_its_allow_list(served, inspector):
    hearing_record(
        user=inspector,
        closure=served.closure,
        court="Cambridge",
        heard_at=HEARD,
        outcome=HearingOutcome.ORDER_MADE,
    )
    with pytest.raises(ValidationError) as refused:
        order_record(
            user=inspector,
            closure=served.closure,
            made_on=dt.date(2025, 5, 7),
            ends_on=dt.date(2025, 8, 7),
            court="Cambridge",
            partial=True,
            exemptions=[],
        )
    assert "s.80(7)" in _messages(refused.value)


def _consult_council(order, inspector, on):
    engagement_record(
        user=inspector,
        closure=order.closure,
        kind=EngagementKind.CONSULT_EXTENSION,
        who="Fenland District Council",
        at=dt.datetime.combine(on, dt.time(9), tzinfo=UK),
    )


def test_the_wisbech_extension_to_7_november(order, inspector):
    _consult_council(order, inspector, dt.date(2025, 7, 28))
    extension, _ = extension_apply(
        user=inspector,
        order=order,
        applied_on=dt.date(2025, 7, 30),
        new_ends_on=dt.date(2025, 11, 7),
    )
    extension_decide(user=inspector, extension=extension, granted=True, on=dt.date(2025, 8, 5))
    order.refresh_from_db()
    assert order.current_ends_on() == dt.date(2025, 11, 7)


def test_an_extension_without_consulting_the_council_is_refused(order, inspector):
    with pytest.raises(ValidationError) as refused:
        extension_apply(
            user=inspector,
            order=order,
            applied_on=dt.date(2025, 7, 30),
            new_ends_on=dt.date(2025, 11, 7),
        )
    assert "s.82(3),(4)" in _messages(refused.value)
    assert not OrderExtension.objects.exists()


def test_past_six_months_needs_a_fresh_order(order, inspector):
    _consult_council(order, inspector, dt.date(2025, 7, 28))
    extension, _ = extension_apply(
        user=inspector,
        order=order,
        applied_on=dt.date(2025, 7, 30),
        new_ends_on=dt.date(2025, 11, 7),
    )
    extension_decide(user=inspector, extension=extension, granted=True, on=dt.date(2025, 8, 5))
    _consult_council(order, inspector, dt.date(2025, 11, 1))
    with pytest.raises(ValidationError) as refused:
        extension_apply(
            user=inspector,
            order=order,
            applied_on=dt.date(2025, 11, 3),
            new_ends_on=dt.date(2026, 2, 7),
        )
    text = _messages(refused.value)
    assert "s.82(8)" in text
    assert "fresh" in text


def test_an_extension_applied_for_after_expiry_is_refused(order, inspector):
    _consult_council(order, inspector, dt.date(2025, 8, 8))
    with pytest.raises(ValidationError) as refused:
        extension_apply(
            user=inspector,
            order=order,
            applied_on=dt.date(2025, 8, 8),
            new_ends_on=dt.date(2025, 11, 7),
        )
    assert "s.82(1)" in _messages(refused.value)


def test_an_appeal_after_21_days_is_refused(order, inspector):
    appeal_record(
        user=inspector,
        closure=order.closure,
        decision_on=dt.date(2025, 5, 7),
        lodged_on=dt.date(2025, 5, 27),
        appellant="A resident",
    )
    with pytest.raises(ValidationError) as refused:
        appeal_record(
            user=inspector,
            closure=order.closure,
            decision_on=dt.date(2025, 5, 7),
            lodged_on=dt.date(2025, 5, 28),
            appellant="Another resident",
        )
    assert "s.84(5)" in _messages(refused.value)


def test_a_24_hour_notice_extended_by_a_superintendent(served, superintendent, inspector):
    with pytest.raises(ValidationError):
        notice_extend(user=inspector, notice=served, extension_hours=24, at=SERVED)
    notice, _ = notice_extend(
        user=superintendent, notice=served, extension_hours=24, at=SERVED + dt.timedelta(hours=2)
    )
    assert notice.extension_hours == 24


def test_cancelling_the_notice_needs_a_reason(served, inspector):
    with pytest.raises(ValidationError):
        notice_cancel(user=inspector, notice=served, at=SERVED, reason=" ")
    notice_cancel(user=inspector, notice=served, at=SERVED, reason="Occupier moved out")
    served.refresh_from_db()
    assert served.cancelled_at is not None


def test_a_partner_viewer_cannot_record_a_step(served, partner_viewer, problem, manager):
    from clearhold.problems.services import partner_add

    partner_add(
        user=manager,
        problem=problem,
        organisation=partner_viewer.organisation,
        sees_personal_data=True,
    )
    with pytest.raises(Refused):
        service_record(user=partner_viewer, notice=served, act="b", served_at=SERVED)


def test_a_variation_notice_takes_a_part_out(served, inspector, client):
    from django.urls import reverse

    from clearhold.powers.services_notice import notice_vary

    with pytest.raises(ValidationError):
        notice_vary(user=inspector, notice=served, at=SERVED, part_removed="  ")
    client.force_login(inspector)
    response = client.post(
        reverse("powers:notice-vary", args=[served.closure.pk]),
        {"at": "2025-05-06T09:00", "part_removed": "The allotments at the north end"},
    )
    assert response.status_code == 302
    served.refresh_from_db()
    assert served.part_removed == "The allotments at the north end"
    page = client.get(served.closure.get_absolute_url()).content.decode()
    assert "no longer covers The allotments at the north end" in page
    with pytest.raises(ValidationError):
        notice_vary(user=inspector, notice=served, at=SERVED, part_removed="Another part")
