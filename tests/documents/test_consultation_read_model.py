"""The consultation log reaches every page and document through the one read model
(``selectors.consultation_log_shown``): what a household said (its reason and the reply,
restricted) is printed for a maker the sharing record allows who gave a purpose, and left out
of a partner's consultation log and evidence bundle, PDF or Word.

The finding it guards (issue 15): the log's page hid what households said from a voluntary
partner while the documents built from the stored responses printed it to them."""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditEntry
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import ConsultationResponse, Stance
from clearhold.documents.selectors import consultation_log_shown, subjects_of
from clearhold.documents.services import document_generate
from clearhold.places.models import Unit
from clearhold.problems.services import partner_add
from clearhold.readmodel import WITHHELD, Reader
from tests.documents.conftest import (  # noqa: F401  (the documents tests' closure and papers)
    closure,
    details,
    inspector,
    notice,
    order,
    prepared,
    served,
    text_of,
)

pytestmark = pytest.mark.django_db

# One word each: a PDF's table interleaves the lines of its cells.
SAID = "GateBlocksFlatOne"
REPLIED = "MeetingTuesday"
PURPOSE = "court_preparation"


@pytest.fixture
def objection(order, details, manager):  # noqa: F811
    """The Wisbech closure with an order, and one household's objection with its reply."""
    problem = order.closure.problem
    unit = Unit.objects.create(site=order.closure.site, name="Flat 1", address="Flat 1, Onyx")
    ConsultationResponse.objects.create(
        problem=problem, unit=unit, received_on=dt.date(2025, 4, 20), stance=Stance.OBJECTION,
        reason=SAID, reply_sent_on=dt.date(2025, 4, 25), reply=REPLIED, recorded_by=manager,
    )  # fmt: skip
    return problem


@pytest.fixture
def outreach(objection, make_user, charity, manager):
    """A voluntary partner's officer on the problem, their organisation not named for
    personal data."""
    partner_add(user=manager, problem=objection, organisation=charity, sees_personal_data=False)
    return make_user("outreach", charity, Role.OFFICER)


def test_the_shown_log_withholds_what_households_said_from_a_partner(objection, outreach):
    with Reader(outreach, purpose=PURPOSE) as reader:
        log = consultation_log_shown(problem=objection, reader=reader)
    (response,) = log.responses
    assert (response.reason, response.reply) == (WITHHELD, WITHHELD)
    assert (response.unit.name, response.stance) == ("Flat 1", Stance.OBJECTION)
    assert [c.count for c in log.counts if c.stance == Stance.OBJECTION] == [1]
    assert not AuditEntry.objects.filter(user=outreach, action="view").exists()


def test_the_shown_log_gives_the_lead_what_households_said_and_audits_it(objection, manager):
    with Reader(manager, purpose=PURPOSE) as reader:
        (response,) = consultation_log_shown(problem=objection, reader=reader).responses
        assert (response.reason, response.reply) == (SAID, REPLIED)
    read = AuditEntry.objects.get(user=manager, action="view")
    assert "consultationresponse.reason" in read.fields
    assert read.purpose == PURPOSE


def test_the_shown_log_as_at_a_day_leaves_out_later_responses(objection, manager):
    with Reader(manager, purpose=PURPOSE) as reader:
        log = consultation_log_shown(
            problem=objection, reader=reader, received_by=dt.date(2025, 4, 19)
        )
    assert log.responses == []


def _make(user, kind_key: str, fmt: str, problem, personal: bool):
    kind = kind_get(kind_key)
    inputs = {"personal_data": personal} if kind_key == "evidence_bundle" else {}
    return document_generate(
        user=user, kind=kind, subject=subjects_of(problem, kind)[0], fmt=fmt, inputs=inputs,
        purpose=PURPOSE,
    )  # fmt: skip


@pytest.mark.parametrize("kind_key", ["consultation_log", "evidence_bundle"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_partners_document_leaves_out_what_the_leads_prints(
    objection, outreach, manager, kind_key, fmt, tmp_path
):
    leads = text_of(_make(manager, kind_key, fmt, objection, personal=True), tmp_path)
    assert (SAID in leads, REPLIED in leads) == (True, True)  # the check below can fail
    theirs = _make(outreach, kind_key, fmt, objection, personal=False)
    text = text_of(theirs, tmp_path)
    assert "Flat 1" in text  # the response is listed ...
    assert (SAID in text, REPLIED in text) == (False, False)  # ... without what was said
    assert theirs.personal_data is False
