"""The s.76(6),(7) record is its own paper, and says who was informed and consulted, when, how
and what they said (issue 16, item 15).

The finding: the only "consultation" document was the residents' responses tally; the issuer's
statutory duties before a closure notice (inform the people who live there, s.76(6)(a); inform
those with control, responsibility or an interest, s.76(6)(b); consult whom the issuer thinks
appropriate, s.76(7)) were printed nowhere on their own, so proving them to a court meant
copying the closure page. Reproduced by looking for a kind of document made from a closure's
engagement log: there was none.

What must hold: a closure's consultation record (PDF and DOCX) lists each duty with its section
and every entry (when, who, how and what they said, who recorded it); an entry made after the
notice was issued is marked as not meeting the duty; a duty with no entry says "Nothing
recorded" and warns; consultation before an extension (s.82(4)) is listed apart; a closure
with nothing recorded is blocked and nothing is stored; the record is read through the maker's
reader, so a partner without personal-data rights gets no staff names in it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.accounts.roles import Role
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import DocumentBlocked, document_generate
from clearhold.powers.models import EngagementKind
from clearhold.powers.services import engagement_record
from clearhold.problems.services import partner_add
from tests.documents.conftest import media, text_of  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

KIND = "consultation_record"


def _made(user, closure, fmt, tmp_path, purpose="court_preparation"):
    document = document_generate(
        user=user, kind=kind_get(KIND), subject=closure, fmt=fmt, purpose=purpose
    )
    return document, " ".join(text_of(document, tmp_path).split())


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_record_lists_each_duty_with_who_when_how_and_what_they_said(
    served, inspector, fmt, tmp_path
):
    closure = served.closure
    engagement_record(
        user=inspector, closure=closure, kind=EngagementKind.CONSULT,
        who="Victim at Flat 4, Onyx Court", at=served.issued_at - dt.timedelta(hours=1),
        how="Visited at home; said the gatherings start at 10pm and she is afraid to go out",
    )  # fmt: skip
    engagement_record(
        user=inspector, closure=closure, kind=EngagementKind.INFORM_INTERESTED,
        who="Clarion Housing Group", at=served.issued_at + dt.timedelta(hours=1),
        how="Email to the estate manager",
    )  # fmt: skip
    document, said = _made(inspector, closure, fmt, tmp_path)
    assert document.kind == KIND
    for section in ("s.76(6)(a)", "s.76(6)(b)", "s.76(7)", "s.82(4)"):
        assert section in said
    assert "Residents of Onyx Court" in said  # s.76(6)(a), from the served closure
    assert "Victim at Flat 4, Onyx Court" in said
    assert "she is afraid to go out" in said
    assert "After the notice was issued: this does not meet the duty." in said
    assert said.count("After the notice was issued") == 1
    assert "Fenland District Council" in said
    assert "No extension consultation is recorded." in said
    assert "The closure notice was issued at" in said


def test_a_duty_with_nothing_recorded_says_so(closure, inspector, tmp_path):
    engagement_record(
        user=inspector, closure=closure, kind=EngagementKind.CONSULT,
        who="Fenland District Council", at=dt.datetime(2025, 5, 2, 10, tzinfo=dt.UTC),
    )  # fmt: skip
    _, said = _made(inspector, closure, "pdf", tmp_path)
    assert said.count("Nothing recorded.") == 2
    assert "No closure notice has been issued yet." in said


def test_a_closure_with_nothing_recorded_is_blocked_and_nothing_stored(closure, inspector):
    with pytest.raises(DocumentBlocked) as blocked:
        document_generate(user=inspector, kind=kind_get(KIND), subject=closure, fmt="pdf")
    assert "No informing or consultation is recorded on this closure" in blocked.value.messages[0]
    assert not GeneratedDocument.objects.exists()


def test_a_partner_without_personal_data_gets_no_staff_names(
    served, inspector, manager, make_user, charity, tmp_path
):
    closure = served.closure
    partner_add(
        user=manager, problem=closure.problem, organisation=charity, sees_personal_data=False
    )
    outreach = make_user("outreach", charity, Role.OFFICER)
    inspector.last_name = "Canarylastname"
    inspector.save()
    ours, said = _made(manager, closure, "pdf", tmp_path)
    assert "Canarylastname" in said
    assert ours.personal_data is True
    theirs, seen = _made(outreach, closure, "pdf", tmp_path)
    assert "Canarylastname" not in seen
    assert theirs.personal_data is False
    assert "Residents of Onyx Court" in seen  # the engagement log is declared public
