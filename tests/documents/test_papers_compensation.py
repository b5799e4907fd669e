"""Issue 16, item 12: the partnership's response pack for a claim for compensation under s.90,
generated from the Wisbech closure's record as PDF and DOCX and read back for what s.90 asks:
the appropriate court (s.90(2)), the 3-month limit from the day the order ceased to have effect
(s.90(3)), each condition of s.90(5)(a)–(d) with what the record shows and a paragraph for the
partnership's position, and payment out of central funds (s.90(6)). A claim lodged too late is
flagged as out of time; a pack missing the claim's details is refused and stores nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from clearhold.documents.content import compensation
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import DocumentBlocked, document_generate
from clearhold.law import compensation_deadline
from clearhold.powers.models import StepKind
from clearhold.powers.people import person_add, step_record
from tests.documents.conftest import text_of

pytestmark = pytest.mark.django_db

ORDER_ENDS = dt.date(2025, 8, 7)  # the Wisbech order's end
LAST_DAY = compensation_deadline(ORDER_ENDS)
CLAIM = {
    "claimant": "Fenland Fish Bar Ltd",
    "capacity": "other",
    "claimant_address": "3 West Street, Wisbech PE13 2LY",
    "amount": "1250.00",
    "lodged_on": "2025-09-15",
    "loss": "Lost trade while the gate to the open space was shut",
}


@pytest.fixture(autouse=True)
def after_the_order(monkeypatch):
    """The pack is made after the order ended, while the claim is being answered."""
    monkeypatch.setattr(compensation, "today", lambda: dt.date(2025, 10, 1))


def _flat(text: str) -> str:
    """One line, with a citation broken at a line's end ("s. 90(3) (c)") joined again."""
    text = re.sub(r"\bs\.\s+(\d)", r"s.\1", " ".join(text.split()))
    return re.sub(r"\)\s+\(", ")(", text)


def _make(user, closure, inputs, fmt="pdf", purpose="court_preparation"):
    return document_generate(
        user=user, kind=kind_get("compensation_response"), subject=closure, fmt=fmt,
        inputs=inputs, purpose=purpose,
    )  # fmt: skip


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_pack_has_the_s90_contents(order, inspector, fmt, tmp_path):
    text = _flat(text_of(_make(inspector, order.closure, CLAIM, fmt), tmp_path))
    assert "Response to a claim for compensation" in text
    assert "Fenland Fish Bar Ltd" in text
    assert "Another person (neither owner nor occupier)" in text
    assert "£1,250.00" in text
    assert "15 September 2025" in text
    assert "Lost trade while the gate to the open space was shut" in text
    assert "financial loss in consequence of a closure notice or a closure order" in text
    assert "(s.90(1))" in text
    assert (
        "Cambridge Magistrates' Court, the magistrates' court that considered the application "
        "for a closure order (s.90(2)(a))" in text
    )
    # the closure's dates, and the order's end as the day the period starts
    assert "Closure order made by Cambridge Magistrates'" in text  # a table cell may wrap
    assert "7 May 2025 7 August 2025" in text  # made, and ceased to have effect
    assert (
        "the day on which the closure order ceased to have effect (s.90(3)(c)): 7 August 2025"
        in text
    )
    assert f"It ends on {LAST_DAY:%-d %B %Y}" in text
    assert "within that period" in text
    assert "OUT OF TIME" not in text
    for paragraph, words in (
        ("a", "not associated with the use of the premises, or the behaviour on the premises"),
        ("b", "took reasonable steps to prevent that use or behaviour"),
        ("c", "incurred financial loss in consequence of the notice or order"),
        ("d", "having regard to all the circumstances it is appropriate to order payment"),
    ):
        assert f"s.90(5)({paragraph}):" in text
        assert words in text
    assert text.count("The partnership's position.") == 4
    assert "this condition does not apply" in text  # not an owner or occupier: (b)
    assert "out of central funds" in text
    assert "(s.90(6))" in text


def test_a_claim_lodged_after_the_period_is_flagged_out_of_time(
    order, inspector, tmp_path, monkeypatch
):
    late = LAST_DAY + dt.timedelta(days=1)
    monkeypatch.setattr(compensation, "today", lambda: late + dt.timedelta(days=7))
    document = _make(inspector, order.closure, {**CLAIM, "lodged_on": late.isoformat()})
    text = _flat(text_of(document, tmp_path))
    assert f"OUT OF TIME: the claim was lodged on {late:%-d %B %Y}" in text
    assert "may not be heard unless it is made before the end of the period (s.90(3))" in text
    assert "within that period" not in text


def test_the_claimant_is_checked_against_the_people_under_enforcement(
    order, inspector, manager, tmp_path
):
    problem = order.closure.problem
    person_add(user=manager, problem=problem, name="Other Person")
    marsh = person_add(user=manager, problem=problem, name="Dean Marsh")
    step_record(user=manager, person=marsh, kind=StepKind.CPW, on=dt.date(2025, 4, 1))
    claim = {**CLAIM, "claimant": "dean  marsh", "capacity": "occupier"}

    ours = _flat(text_of(_make(manager, order.closure, claim), tmp_path))
    assert "matches a person the partnership recorded under enforcement" in ours
    assert "Community protection warning (s.43(5)) on 1 April 2025" in ours
    assert "does not name the claimant" in ours  # (b) applies to an occupier

    # The police partner is not named for personal data: the names stay withheld.
    theirs = _make(inspector, order.closure, claim)
    text = _flat(text_of(theirs, tmp_path))
    assert "withheld from this copy" in text
    assert "Dean Marsh" not in text
    assert "Community protection warning" not in text


def test_a_claimant_not_recorded_is_said_not_to_be(order, manager, tmp_path):
    person_add(user=manager, problem=order.closure.problem, name="Dean Marsh")
    text = _flat(text_of(_make(manager, order.closure, CLAIM), tmp_path))
    assert "not among the 1 people the partnership recorded under enforcement" in text


def test_missing_details_block_and_store_nothing(order, inspector):
    with pytest.raises(DocumentBlocked, match=r"give the amount claimed and the date the claim"):
        _make(inspector, order.closure, {"claimant": "A Person", "capacity": "owner"})
    with pytest.raises(DocumentBlocked, match=r"give the claimant's name"):
        _make(inspector, order.closure, {**CLAIM, "claimant": " "})
    assert not GeneratedDocument.objects.exists()


def test_a_closure_without_a_notice_blocks(closure, inspector):
    with pytest.raises(DocumentBlocked, match="no closure notice is recorded"):
        _make(inspector, closure, CLAIM)
    assert not GeneratedDocument.objects.exists()


def test_the_form_keeps_the_claim_as_stored_inputs(order, inspector):
    form = compensation.CompensationForm(
        {"claimant": "Fenland Fish Bar Ltd", "capacity": "other", "amount": "1250",
         "lodged_on": "2025-09-15"}
    )  # fmt: skip
    assert form.is_valid(), form.errors
    document = _make(inspector, order.closure, form.cleaned_data)
    assert document.inputs["claimant"] == "Fenland Fish Bar Ltd"
    assert document.inputs["amount"] == "1250.00"
    assert document.inputs["lodged_on"] == "2025-09-15"


def _refused(served, inspector):
    from clearhold.powers.models import HearingOutcome
    from clearhold.powers.services import hearing_record
    from tests.powers.conftest import HEARD

    hearing_record(user=inspector, closure=served.closure, court="Cambridge Magistrates' Court",
                   heard_at=HEARD, outcome=HearingOutcome.REFUSED)  # fmt: skip
    return served.closure


def test_a_refusal_upheld_on_appeal_starts_the_period_on_the_dismissal(served, inspector, tmp_path):
    from clearhold.powers.models import AppealAgainst, AppealOutcome
    from clearhold.powers.services_order import appeal_conclude, appeal_record

    closure = _refused(served, inspector)
    appeal = appeal_record(user=inspector, closure=closure, decision_on=dt.date(2025, 5, 7),
                           lodged_on=dt.date(2025, 5, 9), appellant="Cambridgeshire Constabulary",
                           against=AppealAgainst.REFUSAL)  # fmt: skip
    appeal_conclude(user=inspector, appeal=appeal, outcome=AppealOutcome.DISMISSED,
                    on=dt.date(2025, 6, 20))  # fmt: skip
    text = _flat(text_of(_make(inspector, closure, CLAIM), tmp_path))
    assert "dismissed an appeal against the decision not to make a closure order" in text
    assert "(s.90(3)(b), s.90(4)(b)): 20 June 2025" in text
    assert f"It ends on {compensation_deadline(dt.date(2025, 6, 20)):%-d %B %Y}" in text
    assert "the magistrates' court that considered the application" in text  # no order made


def test_a_refusal_not_appealed_starts_the_period_on_the_hearing_day(served, inspector, tmp_path):
    closure = _refused(served, inspector)
    text = _flat(text_of(_make(inspector, closure, CLAIM), tmp_path))
    assert "the day on which a closure order was refused (s.90(3)(b), s.90(4)(a)): 7 May 2025" in (
        text
    )
    # 15 September is after 6 August, the last day of 3 months from 7 May
    assert "OUT OF TIME" in text


def test_a_cancelled_notice_starts_the_period_on_the_cancellation(served, inspector, tmp_path):
    from clearhold.powers.services_notice import notice_cancel
    from tests.powers.conftest import SERVED

    notice_cancel(user=inspector, notice=served, at=SERVED + dt.timedelta(hours=4),
                  reason="The gatherings stopped.")  # fmt: skip
    text = _flat(text_of(_make(inspector, served.closure, CLAIM), tmp_path))
    assert "Closure notice cancelled (s.78(2))" in text
    assert "cancelled under section 78 (s.90(3)(a)): 5 May 2025" in text


def test_an_order_still_in_force_has_no_period_yet(live_order, inspector, monkeypatch, tmp_path):
    from django.utils import timezone

    monkeypatch.setattr(compensation, "today", timezone.localdate)
    claim = {**CLAIM, "lodged_on": timezone.localdate().isoformat()}
    text = _flat(text_of(_make(inspector, live_order.closure, claim), tmp_path))
    assert "None of the days in s.90(3) has come yet" in text
    assert "OUT OF TIME" not in text


def test_an_order_made_on_appeal_goes_to_the_crown_court(order, inspector, tmp_path):
    from clearhold.powers.models import AppealAgainst, AppealOutcome
    from clearhold.powers.services_order import appeal_conclude, appeal_record

    appeal = appeal_record(user=inspector, closure=order.closure, decision_on=dt.date(2025, 5, 7),
                           lodged_on=dt.date(2025, 5, 9), appellant="Cambridgeshire Constabulary",
                           against=AppealAgainst.REFUSAL)  # fmt: skip
    appeal_conclude(user=inspector, appeal=appeal, outcome=AppealOutcome.ALLOWED,
                    on=dt.date(2025, 5, 20))  # fmt: skip
    text = _flat(text_of(_make(inspector, order.closure, CLAIM), tmp_path))
    assert "The Crown Court, the closure order having been made or extended by that Court" in text
    assert "(s.90(2)(b))" in text
