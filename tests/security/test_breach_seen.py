"""What was seen at a breach is restricted personal data: pages, the API and documents.

The finding: a breach's "what was seen" is an officer's account ("Jay Example climbing the
fence") that can name or describe people, yet it was declared public to the partnership, so
every partner saw it on the closure page, in the API and in the evidence bundle and witness
statement they made, with no read audited. Who was seen was restricted; what was seen, which
names them just as well, was not.

What must hold: a partner whose organisation the sharing record does not give personal data
(an outreach worker of the voluntary partner, who may still make documents) sees the account
neither on the closure page, nor in the API's JSON, nor in a PDF or DOCX they generate, which
says instead that it is recorded; the lead manager, with a purpose, sees it on all three and the
document is marked as holding personal data.
"""

from __future__ import annotations

import pytest

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.documents.kinds import kind_get
from clearhold.documents.services import document_generate
from tests.api.conftest import _fresh_rate_limit, call, token_of, wisbech  # noqa: F401
from tests.documents.conftest import text_of

SEEN = "Jay Example climbing the fence"  # the wisbech fixture's breach (tests/api/conftest.py)
PAPERS = [
    ("evidence_bundle", "pdf"),
    ("evidence_bundle", "docx"),
    ("witness_statement", "pdf"),
    ("witness_statement", "docx"),
]


@pytest.fixture
def outreach(make_user, charity, wisbech):  # noqa: F811
    """A worker of the voluntary partner, which the sharing record gives no personal data: not
    a viewer, so they may make documents."""
    return make_user("outreach", charity, Role.OFFICER)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _paper(user, wisbech, kind: str, fmt: str):  # noqa: F811
    subject = wisbech["problem"] if kind == "evidence_bundle" else wisbech["closure"]
    inputs = {"witness": "issuer"} if kind == "witness_statement" else {}
    return document_generate(
        user=user,
        kind=kind_get(kind),
        subject=subject,
        fmt=fmt,
        inputs=inputs,
        purpose="court_preparation",
    )


def test_a_partner_without_the_right_sees_no_account_on_the_closure_page(
    client,
    wisbech,  # noqa: F811
    outreach,
    give_purpose,
):
    client.force_login(outreach)
    give_purpose(client, wisbech["problem"])
    page = client.get(wisbech["closure"].get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="breaches"' in text  # the breach is listed: when, where, the offence
    assert SEEN not in text
    assert "Personal data: not shared with your organisation." in text
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW, user=outreach).exists()


def test_a_partner_without_the_right_gets_null_from_the_api(
    call,  # noqa: F811
    wisbech,  # noqa: F811
    outreach,
    token_of,  # noqa: F811
):
    token = token_of(outreach)
    path = f"/api/closures/{wisbech['closure'].pk}/breaches"
    response = call("GET", path, token=token)
    assert response.status_code == 200
    assert SEEN not in response.content.decode()
    breach = response.data["items"][0]
    assert breach["seen"] is None
    assert "seen" in breach["withheld"]
    refused = call("GET", path, token=token, purpose="court_preparation")
    assert refused.status_code == 403  # asking with a purpose for what is not shared
    assert SEEN not in refused.content.decode()


@pytest.mark.parametrize(("kind", "fmt"), PAPERS)
def test_a_partner_without_the_right_makes_a_paper_without_the_account(
    wisbech,  # noqa: F811
    outreach,
    kind,
    fmt,
    tmp_path,
):
    document = _paper(outreach, wisbech, kind, fmt)
    text = _flat(text_of(document, tmp_path))
    assert SEEN not in text
    assert "What was seen is recorded (personal data, not in this copy)" in text
    assert document.personal_data is False


def test_the_insider_sees_the_account_on_the_page_and_in_the_api(
    client,
    call,  # noqa: F811
    wisbech,  # noqa: F811
    manager,
    give_purpose,
    token_of,  # noqa: F811
):
    client.force_login(manager)
    give_purpose(client, wisbech["problem"])
    page = client.get(wisbech["closure"].get_absolute_url()).content.decode()
    assert SEEN in page
    reads = AuditEntry.objects.filter(
        action=AuditAction.VIEW, user=manager, data_class="restricted"
    )
    assert any("breach.seen" in entry.fields for entry in reads)  # the read is audited
    path = f"/api/closures/{wisbech['closure'].pk}/breaches"
    breach = call("GET", path, token=token_of(manager), purpose="court_preparation").data
    assert breach["items"][0]["seen"] == SEEN
    assert "seen" not in breach["items"][0]["withheld"]


@pytest.mark.parametrize(("kind", "fmt"), PAPERS)
def test_the_insider_makes_a_paper_with_the_account(
    wisbech,  # noqa: F811
    manager,
    kind,
    fmt,
    tmp_path,
):
    document = _paper(manager, wisbech, kind, fmt)
    text = _flat(text_of(document, tmp_path))
    assert SEEN in text
    assert "not in this copy" not in text
    assert document.personal_data is True
