"""Issue 16, item 12: an officer's witness statement (Criminal Justice Act 1967 s.9, MG11), the
schedule of costs and the application to recover them (s.88), generated from the Wisbech
closure's record as PDF and DOCX, read back for what the law and the court's forms ask for;
a paper that cannot be made stores nothing."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from clearhold.documents.kinds import kind_get
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import DocumentBlocked, document_generate
from clearhold.law import UK
from clearhold.powers.breaches import breach_record
from clearhold.powers.models import CostKind
from clearhold.powers.services_order import cost_record
from tests.documents.conftest import stored, text_of
from tests.powers.conftest import ISSUED

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    """One line, and a citation broken at the end of a line ("s. 88(4)") joined again."""
    return re.sub(r"\bs\.\s+(\d)", r"s.\1", " ".join(text.split()))


def _make(user, key, closure, fmt="pdf", inputs=None, purpose="court_preparation"):
    return document_generate(
        user=user, kind=kind_get(key), subject=closure, fmt=fmt, inputs=inputs or {},
        purpose=purpose,
    )  # fmt: skip


@pytest.fixture
def named(inspector, constable):
    for user, (first, last) in ((inspector, ("Sam", "Reed")), (constable, ("Kim", "Lowe"))):
        user.first_name, user.last_name = first, last
        user.save()
        user.refresh_from_db()


@pytest.fixture
def breached(order, inspector):
    breach_record(
        user=inspector, closure=order.closure, occurred_at=ISSUED + dt.timedelta(hours=5),
        seen="Two men climbing the fence", place="the West Street gate",
    )  # fmt: skip
    return order


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_witness_statement_has_the_mg11_contents(breached, named, manager, fmt, tmp_path):
    text = _flat(text_of(_make(manager, "witness_statement", breached.closure, fmt), tmp_path))
    assert "Criminal Justice Act 1967 s.9" in text
    assert (
        "is true to the best of my knowledge and belief and I make it knowing that, if it is "
        "tendered in evidence, I shall be liable to prosecution if I have wilfully stated in it "
        "anything which I know to be false, or do not believe to be true." in text
    )
    assert re.search(r"Statement of:? Sam Reed", text)
    assert re.search(r"Age if under 18:? Over 18", text)
    assert "Inspector" in text
    assert "I issued a closure notice under section 76" in text  # the witness's own act
    assert "Kim Lowe served the closure notice" in text  # another's, named
    assert "on or near the West Street gate" in text
    assert "I saw the following, a breach of the closure notice" in text
    assert "Cambridge Magistrates' Court made a closure order" in text
    assert "exhibit SR/1" in text
    assert re.search(r"SR/1 A copy of the closure notice", text)
    if fmt == "pdf":
        pages = re.findall(r"Page (\d+) of (\d+)", text)
        assert pages
        assert all(total == pages[0][1] for _, total in pages)
        # the witness signs every page, and the signature is witnessed
        assert text.count("Signature witnessed by") >= int(pages[0][1])


def test_the_witness_may_be_the_serving_officer(breached, named, manager, tmp_path):
    document = _make(manager, "witness_statement", breached.closure,
                     inputs={"witness": "server"})  # fmt: skip
    text = _flat(text_of(document, tmp_path))
    assert re.search(r"Statement of:? Kim Lowe", text)
    assert "I served the closure notice" in text
    assert "Sam Reed issued a closure notice" in text
    assert "KL/1" in text


def test_a_maker_without_the_right_to_names_gets_the_name_withheld(
    breached, named, inspector, tmp_path
):
    # The police partner is not named for personal data on the Wisbech problem.
    document = _make(inspector, "witness_statement", breached.closure)
    text = _flat(text_of(document, tmp_path))
    assert "Sam Reed" not in text
    assert "Reed" not in text
    assert "The witness writes their name here before signing." in text
    assert "W/1" in text
    assert document.personal_data is False


def test_a_statement_with_nothing_to_speak_to_is_refused_and_stores_nothing(
    closure, named, inspector
):
    with pytest.raises(DocumentBlocked, match="no closure notice is recorded"):
        _make(inspector, "witness_statement", closure)
    assert not GeneratedDocument.objects.exists()


def test_a_serving_officers_statement_needs_a_service(notice, inspector):
    with pytest.raises(DocumentBlocked, match="No service of the notice is recorded"):
        _make(inspector, "witness_statement", notice.closure, inputs={"witness": "server"})
    assert not GeneratedDocument.objects.exists()


@pytest.fixture
def costed(live_order, inspector):
    made = live_order.made_on
    for kind, amount, what in (
        (CostKind.SECURING, Decimal("2800.00"), "Lockable gate and fence panels (incl. VAT)"),
        (CostKind.CLEARING, Decimal("450.50"), "Clearing needles and litter"),
        (CostKind.MAINTENANCE, Decimal("120.00"), "Repairing the padlock"),
    ):
        cost_record(user=inspector, closure=live_order.closure, kind=kind, on=made,
                    amount=amount, description=what)  # fmt: skip
    return live_order


RESPONDENT = {
    "respondent": "Onyx Court Estates Ltd",
    "capacity": "owner",
    "respondent_address": "1 Example Road, Wisbech PE13 1AB",
}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_schedule_of_costs_lists_the_ledger_and_its_total(costed, inspector, fmt, tmp_path):
    text = _flat(text_of(_make(inspector, "costs_schedule", costed.closure, fmt), tmp_path))
    assert "Lockable gate and fence panels (incl. VAT)" in text
    assert "£2,800.00" in text
    assert "£450.50" in text
    assert "£120.00" in text
    assert "Total £3,370.50" in text
    assert "including VAT where VAT was paid" in text
    assert "s.88(1)" in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_reimbursement_application_has_the_s88_contents(costed, inspector, fmt, tmp_path):
    document = _make(inspector, "reimbursement_application", costed.closure, fmt, RESPONDENT)
    text = _flat(text_of(document, tmp_path))
    ends = costed.current_ends_on()
    from clearhold.law import cost_recovery_deadline

    assert "Application for reimbursement of costs" in text
    assert "Cambridge Magistrates' Court, the court that made the closure order (s.88(1))" in text
    assert "The local policing body for the area in which the premises are situated" in text
    assert "Onyx Court Estates Ltd, owner of the premises" in text
    assert "to reimburse that expenditure in full or in part (s.88(2))" in text
    assert "Total claimed: £3,370.50" in text
    assert f"(s.88(3)): by {cost_recovery_deadline(ends):%-d %B %Y}" in text
    assert "served with this application (s.88(4))" in text
    assert "served on the local authority for the area" in text
    assert "(s.88(5))" in text


def test_the_application_needs_a_respondent_and_stores_nothing_without_one(costed, inspector):
    with pytest.raises(DocumentBlocked, match="Name the respondent"):
        _make(inspector, "reimbursement_application", costed.closure)
    assert not GeneratedDocument.objects.exists()


def test_the_papers_need_recorded_costs(live_order, inspector):
    for key in ("costs_schedule", "reimbursement_application"):
        with pytest.raises(DocumentBlocked, match="No costs of clearing, securing"):
            _make(inspector, key, live_order.closure, inputs=RESPONDENT)
    assert not GeneratedDocument.objects.exists()


def test_an_application_out_of_time_is_refused(costed, inspector, monkeypatch):
    from clearhold.documents.content import costs
    from clearhold.law import cost_recovery_deadline

    late = cost_recovery_deadline(costed.current_ends_on()) + dt.timedelta(days=1)
    monkeypatch.setattr(costs, "today", lambda: late)
    with pytest.raises(DocumentBlocked, match=r"s\.88\(3\)"):
        _make(inspector, "reimbursement_application", costed.closure, inputs=RESPONDENT)
    assert not GeneratedDocument.objects.exists()


def test_the_statement_pdf_is_stored_with_its_hash(breached, inspector):
    import hashlib

    document = _make(inspector, "witness_statement", breached.closure)
    assert document.sha256 == hashlib.sha256(stored(document)).hexdigest()
    assert UK  # the record's times are printed in UK time by the shared helpers
