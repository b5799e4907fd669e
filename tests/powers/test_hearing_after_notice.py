"""Finding (issue 16, item 3): a hearing after the closure notice lapses.

The application must be heard within 48 hours of service (s.80(3)), but a 24-hour notice ends
sooner. ClearHold let a hearing be booked and held after the notice had ended without a word
(the Wisbech demo's own notice ended at 12:00 on 6 May, with the hearing at 10:00 on 7 May),
recorded "notice continued" (s.81(2)) for a notice no longer in force, and treated every
adjournment as continuing the notice (s.81(4) says the court *may*), even reviving one that
had lapsed. Reproduced with the powers fixtures: served 15:30 on 5 May, heard 10:00 on 7 May.

What must hold: booking and recording such a hearing warns, on the closure page and on the
hearing form; recording a continuation (s.81(2)) or an adjournment continuing the notice
(s.81(4)) of a lapsed notice is refused citing s.81 and stores nothing; an adjournment continues
the notice only when the court said so; and the demo's hearing falls within its notice's life.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clearhold.law import instant
from clearhold.powers.demo import demo_closure_load
from clearhold.powers.models import Hearing, HearingOutcome
from clearhold.powers.services import hearing_record
from clearhold.powers.state import notice_in_force
from tests.powers.conftest import HEARD, SERVED, issue

IN_FORCE = SERVED + dt.timedelta(hours=20)  # 11:30 on 6 May: the 24-hour notice still runs


def _hear(closure, user, heard_at=HEARD, **kwargs):
    return hearing_record(
        user=user, closure=closure, court="Cambridge", heard_at=heard_at, **kwargs
    )


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_booking_a_hearing_after_the_notice_would_end_warns_at_issue(prepared, inspector):
    _, warnings = issue(prepared, inspector)
    assert [w.section for w in warnings] == ["s.80(3); s.81(2),(4)"]
    assert "Served at once, the closure notice would end at 14:00 on 6 May 2025" in (
        warnings[0].message
    )


def test_booking_a_hearing_within_the_notice_does_not_warn(prepared, inspector):
    _, warnings = issue(prepared, inspector, hearing_at=IN_FORCE)
    assert warnings == []


def test_the_closure_page_and_the_hearing_form_warn(client, served, inspector):
    client.force_login(inspector)
    closure = served.closure
    page = client.get(reverse("powers:closure", args=[closure.pk])).content.decode()
    assert 'data-testid="hearing-after-notice"' in page
    assert "ends at 15:30 on 6 May 2025" in page
    form = client.get(reverse("powers:hearing-new", args=[closure.pk])).content.decode()
    assert "Warning: The closure notice ends at 15:30 on 6 May 2025" in form


def test_a_hearing_held_after_the_notice_ended_is_warned_on(served, inspector):
    _, warnings = _hear(served.closure, inspector, outcome=HearingOutcome.ORDER_MADE)
    assert any("s.81(2),(4)" in w.section for w in warnings)


def test_continuing_a_lapsed_notice_is_refused_and_stores_nothing(served, inspector):
    with pytest.raises(ValidationError) as refused:
        _hear(served.closure, inspector, outcome=HearingOutcome.CONTINUED, continued_hours=24)
    assert "only while it is in force (s.81(2),(4))" in _messages(refused.value)
    assert "it ended at 15:30 on 6 May 2025" in _messages(refused.value)
    assert not Hearing.objects.exists()


def test_an_adjournment_continuing_a_lapsed_notice_is_refused(served, inspector):
    with pytest.raises(ValidationError) as refused:
        _hear(
            served.closure,
            inspector,
            outcome=HearingOutcome.ADJOURNED,
            adjourned_to=HEARD + dt.timedelta(days=7),
            notice_continued=True,
        )
    assert "s.81(2),(4)" in _messages(refused.value)
    assert not Hearing.objects.exists()


def test_an_adjournment_does_not_revive_a_lapsed_notice(served, inspector):
    _hear(
        served.closure,
        inspector,
        outcome=HearingOutcome.ADJOURNED,
        adjourned_to=HEARD + dt.timedelta(days=7),
    )
    _, until = notice_in_force(served.closure)
    assert until == SERVED + dt.timedelta(hours=24)


def test_a_notice_in_force_is_continued_until_the_adjourned_hearing(served, inspector):
    resumes = IN_FORCE + dt.timedelta(days=7)
    _hear(
        served.closure,
        inspector,
        heard_at=IN_FORCE,
        outcome=HearingOutcome.ADJOURNED,
        adjourned_to=resumes,
        notice_continued=True,
    )
    assert notice_in_force(served.closure)[1] == resumes


def test_an_adjournment_without_continuing_leaves_the_notice_to_end(served, inspector):
    _hear(
        served.closure,
        inspector,
        heard_at=IN_FORCE,
        outcome=HearingOutcome.ADJOURNED,
        adjourned_to=IN_FORCE + dt.timedelta(days=7),
    )
    assert notice_in_force(served.closure)[1] == SERVED + dt.timedelta(hours=24)


def test_a_notice_in_force_can_be_continued_for_48_hours(served, inspector):
    _, warnings = _hear(
        served.closure,
        inspector,
        heard_at=IN_FORCE,
        outcome=HearingOutcome.CONTINUED,
        continued_hours=48,
    )
    assert warnings == []
    assert notice_in_force(served.closure)[1] == IN_FORCE + dt.timedelta(hours=48)


def test_the_demo_hearing_falls_within_its_notice(problem, site, inspector, constable):
    closure = demo_closure_load(
        problem=problem, site=site, inspector=inspector, constable=constable
    )
    served, until = notice_in_force(closure)
    heard = closure.hearings.get().heard_at
    assert instant(served) < instant(heard) <= instant(until)
