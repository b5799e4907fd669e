"""Court applications for a closure order (s.80) and its extension (s.82)."""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.documents.content.court import OrderApplicationForm
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import DocumentBlocked, document_generate
from clearhold.powers.services_order import extension_apply
from tests.documents.conftest import add_incidents, text_of

pytestmark = pytest.mark.django_db

STATEMENT = "Residents report drug dealing in the stairwell every night.\n\nPC 123 saw it."


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_order_application_holds_grounds_evidence_allow_list_and_logs(
    served, inspector, site, fmt, tmp_path
):
    add_incidents(site, [dt.date(2025, 3, 1)] * 3 + [dt.date(2025, 4, 1)] * 2)
    document = document_generate(
        user=inspector,
        kind=kind_get("court_application"),
        subject=served.closure,
        fmt=fmt,
        inputs={"grounds": ["a", "c"], "statement": STATEMENT,
                "proposed_ends_on": dt.date(2025, 8, 7)},
    )  # fmt: skip
    text = _flat(text_of(document, tmp_path))
    assert "Application for a closure order" in text
    assert "s.80(5)(a)" in text
    assert "s.80(5)(c)" in text
    assert "s.80(5)(b)" not in text
    assert "necessary to prevent the behaviour" in text
    assert "drug dealing in the stairwell" in text
    assert "PC 123 saw it." in text
    assert "5 incidents were recorded at the premises" in text
    assert "March 2025" in text
    assert "April 2025" in text
    assert "7 August 2025" in text
    assert "Clarion Housing" in text  # the consultation log of the prepared closure
    assert "Fixed to a prominent place on the premises" in text  # the service log
    assert "The owner of the premises" in text  # the proposed allow-list


def test_an_order_longer_than_three_months_is_refused_on_the_form(served, inspector):
    form = OrderApplicationForm(
        {"grounds": ["a"], "statement": STATEMENT, "proposed_ends_on": "2025-08-20"},
        subject=served.closure,
        user=inspector,
    )
    assert not form.is_valid()
    assert "may not exceed 3 months (s.80(6))" in str(form.errors["proposed_ends_on"])
    assert "[CO-05]" in str(form.errors["proposed_ends_on"])


def test_no_grounds_blocks_the_application_and_stores_nothing(served, inspector):
    with pytest.raises(DocumentBlocked) as blocked:
        document_generate(
            user=inspector,
            kind=kind_get("court_application"),
            subject=served.closure,
            fmt="pdf",
            inputs={"statement": STATEMENT, "proposed_ends_on": dt.date(2025, 8, 7)},
        )
    assert "Choose at least one ground under s.80(5)." in blocked.value.messages
    assert not GeneratedDocument.objects.exists()


def test_extension_application_needs_a_recorded_application(order, inspector):
    with pytest.raises(DocumentBlocked) as blocked:
        document_generate(
            user=inspector,
            kind=kind_get("extension_application"),
            subject=order.closure,
            fmt="pdf",
            inputs={"grounds": ["a"], "statement": STATEMENT},
        )
    assert "Record the application to extend" in blocked.value.messages[0]


def test_extension_application_from_the_recorded_application(order, inspector, tmp_path):
    from tests.powers.test_workflow import _consult_council

    _consult_council(order, inspector, dt.date(2025, 7, 28))
    extension_apply(
        user=inspector, order=order, applied_on=dt.date(2025, 7, 30),
        new_ends_on=dt.date(2025, 11, 7),
    )  # fmt: skip
    document = document_generate(
        user=inspector,
        kind=kind_get("extension_application"),
        subject=order.closure,
        fmt="docx",
        inputs={"grounds": ["b"], "statement": STATEMENT},
    )
    text = _flat(text_of(document, tmp_path))
    assert "Application to extend a closure order" in text
    assert "until 7 November 2025" in text
    assert "until 7 August 2025" in text  # the order's current end
    assert "Made on 30 July 2025 (pending)" in text
    assert "s.80(5)(b)" in text
    assert "more than 6 months in all (s.82(8))" in text
