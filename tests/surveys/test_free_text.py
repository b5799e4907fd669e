"""Free text is read by a member and marked free of names, or redacted, before the partnership
sees it; the reading page asks a purpose and is refused to those not shared personal data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clearhold.audit.models import AuditEntry
from clearhold.authz import Refused
from clearhold.surveys.answering import response_with_code, text_review
from clearhold.surveys.models import Answer, TextReview

pytestmark = pytest.mark.django_db
WRITTEN = "John Smith at number 4 deals from the stairwell"


@pytest.fixture
def written(wave, homes):
    household = wave.codes.get(unit=homes[0])
    response_with_code(household_code=household, given={"comments": WRITTEN})
    return Answer.objects.get(question_key="comments")


def test_written_answers_wait_unread_with_nothing_to_show(written):
    assert written.text_review == TextReview.UNREAD
    assert written.shown_text == ""


def test_a_member_marks_it_free_of_names_or_redacts_it(manager, written):
    text_review(user=manager, answer=written, clear=False, shown_text="[name removed] deals")
    written.refresh_from_db()
    assert written.text_review == TextReview.REDACTED
    assert written.shown_text == "[name removed] deals"
    assert written.reviewed_by == manager
    text_review(user=manager, answer=written, clear=True)
    assert written.shown_text == WRITTEN


def test_a_partner_viewer_may_not_read_it(partner_viewer, written, client):
    with pytest.raises(Refused):
        text_review(user=partner_viewer, answer=written, clear=True)
    client.force_login(partner_viewer)
    url = reverse("surveys:free-text", args=[written.response.wave.survey_id])
    assert client.get(url).status_code == 403


def test_the_page_asks_a_purpose_then_shows_and_audits_the_text(
    client, manager, written, give_purpose
):
    client.force_login(manager)
    survey = written.response.wave.survey
    url = reverse("surveys:free-text", args=[survey.pk])
    asked = client.get(url)
    assert asked.status_code == 302
    assert "/audit/purpose/" in asked["Location"]
    give_purpose(client, survey.problem)
    page = client.get(url).content.decode()
    assert WRITTEN in page
    read = AuditEntry.objects.filter(user=manager, action="view", data_class="restricted")
    assert read.count() == 1  # the text shown, once, with the purpose given
    marked = client.post(
        url, {"answer": written.pk, f"a{written.pk}-decision": "redact",
              f"a{written.pk}-shown_text": "[name removed] deals from the stairwell"},
    )  # fmt: skip
    assert marked.status_code == 302
    written.refresh_from_db()
    assert written.text_review == TextReview.REDACTED
    empty = client.post(url, {"answer": written.pk, f"a{written.pk}-decision": "redact"})
    assert "Enter the answer as it may be shown" in empty.content.decode()
