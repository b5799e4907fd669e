"""The licensing authority's notice after an appeal follows what the appeal is against
(``Appeal.against``), not the hearings recorded on the days around it (issue 16, item 5):
only an appeal allowed against a refusal to make an order makes the Crown Court notify
(s.84(2),(7))."""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.places.services import site_licence_record
from clearhold.powers.licensing import closure_licensing_duties
from clearhold.powers.models import AppealAgainst, AppealOutcome, HearingOutcome
from clearhold.powers.services import hearing_record
from clearhold.powers.services_order import appeal_conclude, appeal_record
from tests.powers.conftest import HEARD

pytestmark = pytest.mark.django_db


@pytest.fixture
def licensed(site, manager):
    return site_licence_record(
        user=manager, site=site, licence_number="FDC/PL/0412",
        licensing_authority="Fenland District Council",
        licensing_authority_address="Fenland Hall\nMarch PE15 8NQ",
    )  # fmt: skip


def _appeal_allowed(closure, user, against: str):
    appeal = appeal_record(
        user=user, closure=closure, decision_on=dt.date(2025, 5, 7),
        lodged_on=dt.date(2025, 5, 9), appellant="Fenland District Council", against=against,
    )  # fmt: skip
    appeal_conclude(
        user=user, appeal=appeal, outcome=AppealOutcome.ALLOWED, on=dt.date(2025, 5, 20)
    )


def test_an_appeal_allowed_against_a_refusal_not_recorded_as_a_hearing_makes_the_crown_court_notify(
    licensed, served, inspector
):
    """The refusal was at a hearing not yet entered: the appeal says it was against a refusal."""
    _appeal_allowed(served.closure, inspector, AppealAgainst.REFUSAL)
    (duty,) = closure_licensing_duties(served.closure)
    assert (duty.section, duty.made_on) == ("s.84(7)", dt.date(2025, 5, 20))


def test_an_appeal_allowed_against_the_making_owes_no_crown_court_notice_whatever_the_hearings(
    licensed, served, inspector
):
    """A hearing refused on the decision's day does not turn an appeal against the making of an
    order into one against a refusal."""
    hearing_record(
        user=inspector, closure=served.closure, court="Cambridge Magistrates' Court",
        heard_at=HEARD, outcome=HearingOutcome.REFUSED,
    )  # fmt: skip
    _appeal_allowed(served.closure, inspector, AppealAgainst.MAKING)
    assert [d.section for d in closure_licensing_duties(served.closure)] == []
