"""The closure route gives what the papers rest on (issue 16): the court's address on the
notice, whether an adjournment continued the notice (s.81(4)), and each appeal with what it is
against (s.84(1)-(3)); the appellant is restricted, withheld where the closure page withholds
it and named in ``withheld``."""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.powers.models import AppealAgainst, AppealOutcome, HearingOutcome
from clearhold.powers.services import hearing_record
from clearhold.powers.services_order import appeal_conclude, appeal_record
from tests.powers.conftest import SERVED

pytestmark = pytest.mark.django_db

APPELLANT = "Jordan Tenant"


@pytest.fixture
def appealed(wisbech, inspector):
    """An appeal by the tenant against the making of the Wisbech order, allowed."""
    appeal = appeal_record(
        user=inspector, closure=wisbech["closure"], decision_on=dt.date(2025, 5, 7),
        lodged_on=dt.date(2025, 5, 9), appellant=APPELLANT, against=AppealAgainst.MAKING,
    )  # fmt: skip
    appeal_conclude(
        user=inspector, appeal=appeal, outcome=AppealOutcome.ALLOWED, on=dt.date(2025, 5, 20)
    )
    return wisbech


def _closure(call, wisbech, token, **query):
    return call("GET", f"/api/closures/{wisbech['closure'].pk}", token=token, **query)


def test_the_notice_gives_the_courts_address_and_the_hearing_whether_the_notice_continued(
    call, appealed, manager, token_of
):
    closure = _closure(call, appealed, token_of(manager)).data
    assert closure["notice"]["hearing_court"] == "Cambridge Magistrates' Court"
    assert closure["notice"]["hearing_court_address"] == (
        "The Court House, Parkside, Cambridge CB1 1JA"
    )
    assert [h["notice_continued"] for h in closure["hearings"]] == [False]


def test_an_adjournment_that_continued_the_notice_says_so(call, served, manager, token_of):
    """Adjourned at 11:30 on 6 May, while the 24-hour notice ran, with the notice continued."""
    hearing_record(
        user=manager, closure=served.closure, court="Cambridge Magistrates' Court",
        heard_at=SERVED + dt.timedelta(hours=20), outcome=HearingOutcome.ADJOURNED,
        adjourned_to=SERVED + dt.timedelta(days=7), notice_continued=True,
    )  # fmt: skip
    closure = call("GET", f"/api/closures/{served.closure.pk}", token=token_of(manager)).data
    (hearing,) = closure["hearings"]
    assert (hearing["outcome"], hearing["notice_continued"]) == ("adjourned", True)


def test_the_appeal_says_what_it_is_against_and_the_appellant_needs_a_purpose(
    call, appealed, manager, token_of
):
    token = token_of(manager)
    closure = _closure(call, appealed, token).data
    (appeal,) = closure["appeals"]
    assert appeal["against"] == "making"
    assert (appeal["outcome"], appeal["concluded_on"]) == ("allowed", "2025-05-20")
    assert appeal["appellant"] is None
    assert "appeals[0].appellant" in closure["withheld"]
    asked = _closure(call, appealed, token, purpose="court_preparation").data
    assert asked["appeals"][0]["appellant"] == APPELLANT
    assert asked["withheld"] == []


def test_a_partner_without_personal_data_sees_the_appeal_but_not_the_appellant(
    call, appealed, partner_viewer, client, token_of
):
    closure = _closure(call, appealed, token_of(partner_viewer)).data
    assert closure["appeals"][0]["against"] == "making"
    assert closure["appeals"][0]["appellant"] is None
    assert "appeals[0].appellant" in closure["withheld"]
    client.force_login(partner_viewer)
    page = client.get(appealed["closure"].get_absolute_url()).content.decode()
    assert APPELLANT not in page  # the closure page withholds it too
