"""Attaching files to a problem's records and downloading them: listed on each record's page,
audited when added and when downloaded, and out of reach of a partner the sharing record does
not give personal data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhold.attachments.models import Attachment
from clearhold.attachments.selectors import attachments_on
from clearhold.attachments.services import attachment_add
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.authz import Refused
from clearhold.problems.models import Review
from clearhold.problems.sharing_services import recipient_set
from tests.attachments.conftest import MINUTES, pdf, png

TITLE = "Minutes of the West Street meeting, 4 December"


def new_url(problem, key: str = "") -> str:
    url = reverse("attachments:new", args=[problem.pk])
    return f"{url}?to={key}" if key else url


def post(client, problem, key: str = "", upload=None, title: str = TITLE):
    return client.post(
        new_url(problem, key),
        {"kind": "minutes", "title": title, "description": "", "file": upload or pdf()},
    )


@pytest.fixture
def manager_client(client, manager, problem, give_purpose):
    client.force_login(manager)
    give_purpose(client, problem)
    return client


def test_the_lead_attaches_minutes_to_the_problem_sees_them_listed_and_downloads_them(
    manager_client, problem, manager
):
    answer = post(manager_client, problem)
    assert answer.status_code == 302
    assert answer["Location"] == problem.get_absolute_url()
    attachment = Attachment.objects.get()
    assert (attachment.record, attachment.uploaded_by, attachment.title) == (
        problem,
        manager,
        TITLE,
    )
    added = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="attachments.attachment")
    assert TITLE not in added.object_repr + str(added.changes)  # the trail keeps no title

    page = manager_client.get(problem.get_absolute_url()).content.decode()
    assert TITLE in page
    assert attachment.get_absolute_url() in page

    downloaded = manager_client.get(attachment.get_absolute_url())
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == MINUTES
    assert "attachment" in downloaded["Content-Disposition"]
    entries = AuditEntry.objects.filter(
        object_type="attachments.attachment", object_id=attachment.pk
    )
    download = entries.get(action=AuditAction.EXPORT)
    assert download.detail == "Downloaded the attachment's file"
    assert (download.purpose, download.data_class) == ("problem_solving", "restricted")
    assert download.user == manager
    assert download.problem_pk == problem.pk
    assert entries.filter(action=AuditAction.VIEW).exists()  # the read model's read


def test_without_a_purpose_the_download_asks_for_one_and_the_list_withholds_titles(
    client, manager, problem
):
    attachment = attachment_add(
        user=manager, problem=problem, record=problem, upload=pdf(), kind="minutes", title=TITLE
    )
    client.force_login(manager)
    asked = client.get(attachment.get_absolute_url())
    assert asked.status_code == 302
    assert "/audit/purpose/" in asked["Location"]
    page = client.get(problem.get_absolute_url()).content.decode()
    assert TITLE not in page
    assert "1 attachment holds personal data" in page


def test_a_partner_not_shared_personal_data_can_neither_list_nor_download(
    client, manager, problem, constable, give_purpose
):
    attachment = attachment_add(
        user=manager, problem=problem, record=problem, upload=pdf(), kind="minutes", title=TITLE
    )
    client.force_login(constable)
    give_purpose(client, problem)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert TITLE not in page
    assert "the partnership has not shared them with your organisation" in page
    assert client.get(attachment.get_absolute_url()).status_code == 403
    assert post(client, problem).status_code == 403
    assert Attachment.objects.count() == 1
    refused = AuditEntry.objects.filter(action=AuditAction.REFUSED).last()
    assert refused.detail  # the refusal is recorded with its rule

    recipient_set(
        user=manager, problem=problem, organisation=constable.organisation,
        data_class="restricted", receives=True,
    )  # fmt: skip
    assert TITLE in client.get(problem.get_absolute_url()).content.decode()
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_a_partner_viewer_cannot_attach_even_when_shared(
    client, manager, problem, partner_viewer, give_purpose
):
    from clearhold.problems.services import partner_add

    partner_add(user=manager, problem=problem, organisation=partner_viewer.organisation)
    recipient_set(
        user=manager, problem=problem, organisation=partner_viewer.organisation,
        data_class="restricted", receives=True,
    )  # fmt: skip
    client.force_login(partner_viewer)
    give_purpose(client, problem)
    assert post(client, problem).status_code == 403
    assert not Attachment.objects.exists()


def test_another_organisation_is_refused_every_attachment_route(
    client, manager, problem, outmanager
):
    attachment = attachment_add(
        user=manager, problem=problem, record=problem, upload=pdf(), kind="minutes", title=TITLE
    )
    client.force_login(outmanager)
    assert client.get(attachment.get_absolute_url()).status_code == 403
    assert client.get(new_url(problem)).status_code == 403
    assert post(client, problem).status_code == 403
    with pytest.raises(Refused):
        attachment_add(
            user=outmanager, problem=problem, record=problem, upload=pdf(), kind="minutes",
            title="Not theirs",
        )  # fmt: skip


def test_a_refused_file_stores_nothing_and_names_what_is_wrong(manager_client, problem, media):
    answer = post(manager_client, problem, upload=pdf(content=b"MZ\x90\x00 a program"))
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "<title>Error: " in page
    assert "“minutes.pdf” is named as a PDF file but its content is not PDF." in page
    assert 'href="#id_file"' in page
    bomb = post(manager_client, problem, upload=png(10_000, 10_000))
    assert bomb.status_code == 200
    assert not Attachment.objects.exists()
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_a_record_of_another_problem_cannot_be_named(manager_client, problem, manager, site):
    from clearhold.problems.services import problem_create

    other = problem_create(user=manager, title="Another problem", start_date=problem.start_date)
    assert manager_client.get(new_url(problem, f"problem-{other.pk}")).status_code == 404
    assert manager_client.get(new_url(other, f"site-{site.pk}")).status_code == 404
    assert manager_client.get(new_url(problem, "nonsense-1")).status_code == 404


def test_each_kind_of_record_lists_its_attachments_on_its_page(
    client, problem, site, notice, order, inspector, manager, give_purpose
):
    """A site, the closure, its notice and order, a breach and a review: each listed where
    the record is shown. The inspector's police force is named for personal data."""
    from clearhold.powers.models import Breach

    recipient_set(
        user=manager, problem=problem, organisation=inspector.organisation,
        data_class="restricted", receives=True,
    )  # fmt: skip
    closure = order.closure
    breach = Breach.objects.create(
        closure=closure, occurred_at=order.closure.created_at, breach_of="order", seen="Entered",
        offence_code="s86-2", offence_section="s.86(2)", max_penalty="3 months",
        recorded_by=inspector,
    )  # fmt: skip
    review = Review.objects.filter(problem=problem).first()
    records = {
        f"site-{site.pk}": site.get_absolute_url(),
        f"closure-{closure.pk}": closure.get_absolute_url(),
        f"notice-{notice.pk}": closure.get_absolute_url(),
        f"order-{order.pk}": closure.get_absolute_url(),
        f"breach-{breach.pk}": closure.get_absolute_url(),
        f"review-{review.pk}": reverse("problems:review", args=[problem.pk, review.pk]),
    }
    client.force_login(inspector)
    give_purpose(client, problem)
    for key, page in records.items():
        title = f"Letter about {key}"
        answer = post(client, problem, key, title=title)
        assert answer.status_code == 302, (key, answer.content.decode()[:2000])
        shown = client.get(page).content.decode()
        assert title in shown, key
        assert f'id="attachments-{key}"' in shown, key
    assert Attachment.objects.count() == len(records)


def test_attachments_hold_the_caller_s_problem_not_a_second_copy(problem, manager):
    """A record's attachments are read without joining their problem again: each holds the
    problem record the caller gave, which the read model checks it against."""
    attachment_add(
        user=manager, problem=problem, record=problem, upload=pdf(), kind="minutes", title=TITLE
    )
    with CaptureQueriesContext(connection) as ran:
        (found,) = attachments_on(problem, [problem])
    assert found.problem is problem
    assert found.uploaded_by == manager
    assert not [q for q in ran.captured_queries if 'JOIN "problems_problem"' in q["sql"]]
