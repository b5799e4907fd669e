"""VAT on the costs ledger and the s.88 papers (issue 16, item 12): each cost is recorded as the
sum paid (gross) with the VAT within it; the schedule and the reimbursement application show
net, VAT and gross, and claim the net sum where the body reclaims the VAT from HMRC, so the VAT
is never recovered twice (once from HMRC, again from the owner)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from clearhold.powers.models import ClosureCost, CostKind
from clearhold.powers.services_order import cost_record
from tests.documents.conftest import text_of
from tests.documents.test_papers_evidence import RESPONDENT, _flat, _make

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_vat(live_order, inspector):
    """A gate bought for £1,200 with £200 VAT the council reclaims, and clearing at £600 with
    £100 VAT it cannot reclaim."""
    made = live_order.made_on
    cost_record(
        user=inspector, closure=live_order.closure, kind=CostKind.SECURING, on=made,
        amount=Decimal("1200.00"), vat=Decimal("200.00"), vat_reclaimed=True,
        description="Lockable gate",
    )  # fmt: skip
    cost_record(
        user=inspector, closure=live_order.closure, kind=CostKind.CLEARING, on=made,
        amount=Decimal("600.00"), vat=Decimal("100.00"), description="Clearing needles",
    )  # fmt: skip
    return live_order


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_schedule_shows_net_vat_and_gross_and_claims_reclaimed_vat_once(
    with_vat, inspector, fmt, tmp_path
):
    text = _flat(text_of(_make(inspector, "costs_schedule", with_vat.closure, fmt), tmp_path))
    assert "Net VAT Gross Claimed" in text
    # The gate: net £1,000, VAT £200 reclaimed from HMRC, gross £1,200, claimed net.
    assert "£1,000.00 £200.00 (reclaimed) £1,200.00 £1,000.00" in text
    # Clearing: VAT not reclaimable, so the gross is claimed.
    assert "£500.00 £100.00 £600.00 £600.00" in text
    # Totals: net £1,500, VAT £300, gross £1,800; claimed £1,600 (not £1,800: the £200
    # reclaimed from HMRC is not asked of the owner as well).
    assert "Total £1,500.00 £300.00 £1,800.00 £1,600.00" in text
    assert "the VAT is not recovered twice" in text


def test_the_reimbursement_application_claims_the_sum_net_of_reclaimed_vat(
    with_vat, inspector, tmp_path
):
    document = _make(inspector, "reimbursement_application", with_vat.closure, "pdf", RESPONDENT)
    text = _flat(text_of(document, tmp_path))
    assert "Total claimed: £1,600.00" in text
    assert "£1,800.00" in text  # the gross still shown


def test_vat_more_than_the_amount_paid_is_refused_and_nothing_stored(live_order, inspector):
    with pytest.raises(ValidationError, match="no more than the amount"):
        cost_record(
            user=inspector, closure=live_order.closure, kind=CostKind.SECURING,
            on=live_order.made_on, amount=Decimal("100"), vat=Decimal("120"), description="Gate",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="VAT you reclaim"):
        cost_record(
            user=inspector, closure=live_order.closure, kind=CostKind.SECURING,
            on=live_order.made_on, amount=Decimal("100"), vat_reclaimed=True, description="Gate",
        )  # fmt: skip
    assert not ClosureCost.objects.exists()


def test_the_database_refuses_vat_beyond_the_amount(live_order, inspector):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClosureCost.objects.create(
            closure=live_order.closure, kind=CostKind.SECURING, on=live_order.made_on,
            amount=Decimal("100"), vat=Decimal("100.01"), description="Gate",
            recorded_by=inspector,
        )  # fmt: skip


def test_the_cost_form_records_the_vat_and_the_ledger_shows_it(client, order, inspector):
    client.force_login(inspector)
    url = reverse("powers:cost-new", args=[order.closure.pk])
    response = client.post(url, {
        "kind": "securing", "on": "2025-05-20", "amount": "£1,200", "vat": "200",
        "vat_reclaimed": "on", "description": "Lockable gate",
    })  # fmt: skip
    assert response.status_code == 302
    cost = ClosureCost.objects.get()
    assert (cost.amount, cost.vat, cost.vat_reclaimed) == (Decimal("1200"), Decimal("200"), True)
    assert (cost.net, cost.claimable) == (Decimal("1000"), Decimal("1000"))
    page = client.get(reverse("powers:closure", args=[order.closure.pk])).content.decode()
    assert "including VAT £200.00, reclaimed from HMRC" in page
