"""The evidence bundle as at a day shows the record as it stood then (issue 16, item 14): an
order's end without the extensions decided later, an appeal pending until it was decided, and
each action's status as the audit trail shows it was on that day, never today's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from clearhold.documents.content.bundle import evidence_bundle
from clearhold.law import UK
from clearhold.powers.models import AppealAgainst, AppealOutcome, EngagementKind
from clearhold.powers.services import engagement_record
from clearhold.powers.services_order import (
    appeal_conclude,
    appeal_record,
    extension_apply,
    extension_decide,
)
from clearhold.problems.actions import action_create, action_update
from clearhold.problems.models import ActionStatus, Layer
from tests.documents.test_bundle import _reader

pytestmark = pytest.mark.django_db


def _chronology(problem, user, as_at: str) -> list[dict]:
    inputs = {"as_at": as_at}
    return evidence_bundle(subject=problem, reader=_reader(user), inputs=inputs).context[
        "chronology"
    ]


def _details(chronology: list[dict], what: str) -> list[str]:
    return [e["detail"] for e in chronology if e["what"].startswith(what)]


@pytest.fixture
def extended(order, inspector):
    """The Wisbech order (7 May to 7 August 2025), extended on 5 August to 7 November."""
    engagement_record(
        user=inspector, closure=order.closure, kind=EngagementKind.CONSULT_EXTENSION,
        who="Fenland District Council", at=dt.datetime(2025, 7, 30, 10, 0, tzinfo=UK),
    )  # fmt: skip
    extension, _ = extension_apply(
        user=inspector,
        order=order,
        applied_on=dt.date(2025, 8, 1),
        new_ends_on=dt.date(2025, 11, 7),
    )
    extension_decide(user=inspector, extension=extension, granted=True, on=dt.date(2025, 8, 5))
    return order


def test_an_extension_granted_after_the_as_at_day_is_not_shown(extended, manager):
    problem = extended.closure.problem
    before = _chronology(problem, manager, "2025-06-30")
    assert _details(before, "Full closure order") + _details(before, "Partial closure order") == [
        "In force until 7 August 2025"
    ]
    assert not _details(before, "Extension of the order")
    after = _chronology(problem, manager, "2025-08-10")
    assert _details(after, "Partial closure order") == ["In force until 7 November 2025"]
    assert _details(after, "Extension of the order granted") == ["To 7 November 2025"]


def test_an_appeal_shows_pending_until_the_day_it_was_decided(order, inspector, manager):
    appeal = appeal_record(
        user=inspector, closure=order.closure, decision_on=dt.date(2025, 5, 7),
        lodged_on=dt.date(2025, 5, 20), appellant="The tenant", against=AppealAgainst.MAKING,
    )  # fmt: skip
    appeal_conclude(
        user=inspector, appeal=appeal, outcome=AppealOutcome.ALLOWED, on=dt.date(2025, 7, 1)
    )
    problem = order.closure.problem
    before = _chronology(problem, manager, "2025-06-30")
    assert _details(before, "Appeal lodged") == ["Against the making of the closure order "
                                                 "(s.84(1)): Pending"]  # fmt: skip
    assert _details(before, "Partial closure order") == ["In force until 7 August 2025"]
    after = _chronology(problem, manager, "2025-07-02")
    assert _details(after, "Appeal lodged")[0].endswith(": Allowed")
    assert _details(after, "Partial closure order") == ["In force until 1 July 2025"]


def _at(monkeypatch, when: dt.datetime) -> None:
    """Make the audit trail record its next entries at ``when`` (its time is auto_now_add)."""
    monkeypatch.setattr(timezone, "now", lambda: when)


def test_an_action_shows_its_status_as_the_trail_had_it_on_the_as_at_day(
    problem, manager, council, monkeypatch
):
    _at(monkeypatch, dt.datetime(2025, 5, 10, 9, 0, tzinfo=UK))
    action = action_create(
        user=manager, problem=problem, title="Cut back the hedge", layer=Layer.ENVIRONMENT,
        owner_organisation=council, due_date=dt.date(2025, 5, 20),
    )  # fmt: skip
    _at(monkeypatch, dt.datetime(2025, 5, 25, 9, 0, tzinfo=UK))
    action_update(user=manager, action=action, status=ActionStatus.IN_PROGRESS)
    _at(monkeypatch, dt.datetime(2025, 6, 15, 9, 0, tzinfo=UK))
    action_update(user=manager, action=action, status=ActionStatus.DONE)
    monkeypatch.undo()

    def status_on(as_at: str) -> str:
        (detail,) = _details(_chronology(problem, manager, as_at), "Action due: Cut back")
        return detail.rsplit(", ", 1)[1]

    assert status_on("2025-05-21") == "planned"
    assert status_on("2025-05-31") == "in progress"
    assert status_on("2025-06-30") == "done"


def test_an_action_the_trail_does_not_know_by_then_says_its_status_is_not_shown(
    problem, manager, council
):
    """Recorded today for a due day in the past: its status on the as-at day is unknown."""
    action_create(
        user=manager, problem=problem, title="Cut back the hedge", layer=Layer.ENVIRONMENT,
        owner_organisation=council, due_date=dt.date(2025, 5, 20), status=ActionStatus.DONE,
    )  # fmt: skip
    (detail,) = _details(_chronology(problem, manager, "2025-06-30"), "Action due: Cut back")
    assert detail.endswith("status after 30 June 2025 not shown")
    assert "done" not in detail
