"""Long document runs in the background: the page starts the run and shows its progress, the
worker makes it as the maker, and the file downloads to its maker and to nobody outside."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clearhold.documents.kinds import kind_get
from clearhold.documents.models import DocumentRun, GeneratedDocument, RunStatus
from clearhold.documents.pdf import lay_out, page
from clearhold.documents.tasks import document_run_task
from tests.documents.conftest import pdf_pages
from tests.documents.test_letters import homes
from tests.security.test_section_read_model import raw_records_in

pytestmark = pytest.mark.django_db
WHAT = "People have been gathering in the stairwells at night and leaving needles."


def _start(client, problem, **data):
    return client.post(
        reverse("documents:generate", args=[problem.pk, "resident_letter"]),
        {"of": problem.pk, "doc-format": "pdf", "description": WHAT, **data},
    )


def test_starting_a_letter_run_returns_a_progress_page_before_anything_is_made(
    client, problem, site, details, manager
):
    homes(site, 3)
    client.force_login(manager)
    response = _start(client, problem)  # the worker is handed the run only once it is stored
    run = DocumentRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/documents/runs/{run.pk}/"
    assert run.status == RunStatus.QUEUED
    assert run.created_by == manager
    assert run.inputs["description"] == WHAT
    assert not GeneratedDocument.objects.exists()
    page_text = client.get(response["Location"]).content.decode()
    assert "<progress" in page_text
    assert reverse("documents:run-progress", args=[run.pk]) in page_text
    assert 'http-equiv="refresh"' in page_text  # refreshes itself without JavaScript
    progress = client.get(reverse("documents:run-progress", args=[run.pk])).json()
    assert progress == {
        "percent": 0,
        "message": "Waiting for the background worker to start",
        "done": False,
        "status": "queued",
        "redirect": None,
    }


def test_the_run_completes_and_its_maker_downloads_the_letters(
    client, problem, site, details, manager, tmp_path, django_capture_on_commit_callbacks
):
    homes(site, 3)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, problem)
    run = DocumentRun.objects.get()
    assert run.status == RunStatus.DONE
    progress = client.get(reverse("documents:run-progress", args=[run.pk])).json()
    assert progress["percent"] == 100
    assert progress["done"] is True
    assert progress["redirect"].endswith(f"/documents/runs/{run.pk}/")
    finished = client.get(response["Location"]).content.decode()
    assert "<progress" not in finished
    assert run.document.get_absolute_url() in finished
    download = client.get(run.document.get_absolute_url())
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    assert pdf_pages(data, tmp_path) == 3


def test_an_outsider_can_neither_follow_the_run_nor_download_its_file(
    client, problem, site, details, manager, outsider, django_capture_on_commit_callbacks
):
    homes(site, 2)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        _start(client, problem)
    run = DocumentRun.objects.get()
    client.force_login(outsider)
    for url in (
        run.get_absolute_url(),
        reverse("documents:run-progress", args=[run.pk]),
        run.document.get_absolute_url(),
    ):
        assert client.get(url).status_code in (403, 404), url


def test_another_member_does_not_follow_someone_elses_run(
    client, problem, site, details, manager, constable
):
    homes(site, 2)
    client.force_login(manager)
    _start(client, problem)
    run = DocumentRun.objects.get()
    client.force_login(constable)
    assert client.get(run.get_absolute_url()).status_code == 404
    listed = client.get(reverse("documents:problem", args=[problem.pk])).content.decode()
    assert run.get_absolute_url() not in listed
    client.force_login(manager)
    page = client.get(reverse("documents:problem", args=[problem.pk]))
    listed = page.content.decode()
    assert run.get_absolute_url() in listed
    assert f"{kind_get('resident_letter').title}, started" in listed
    assert "Waiting for the background worker to start" in listed
    assert raw_records_in(page, manager) == []  # the run is shown through the read model


def test_progress_is_reported_as_the_run_goes_and_reaches_100(
    problem, site, details, manager, monkeypatch
):
    from clearhold.documents import runs

    homes(site, 2)
    run = DocumentRun.objects.create(
        problem=problem, kind="resident_letter", format="pdf", subject_pk=problem.pk,
        inputs={"description": WHAT}, created_by=manager,
    )  # fmt: skip
    seen: list[int] = []
    report = runs._report

    def watched(run, percent, said, **fields):
        seen.append(percent)
        report(run, percent, said, **fields)

    monkeypatch.setattr(runs, "_report", watched)
    assert document_run_task.call(run.pk) == RunStatus.DONE
    assert len(seen) >= 4
    assert seen == sorted(seen)
    assert seen[0] < 100
    assert seen[-1] == 100
    run.refresh_from_db()
    assert run.progress_percent == 100
    assert run.document.kind == "resident_letter"


def test_a_run_that_cannot_be_made_fails_plainly_and_stores_nothing(client, problem, site, manager):
    homes(site, 2, without_address=(2,))
    client.force_login(manager)
    run = DocumentRun.objects.create(
        problem=problem, kind="resident_letter", format="pdf", subject_pk=problem.pk,
        inputs={"description": WHAT}, created_by=manager,
    )  # fmt: skip
    assert document_run_task.call(run.pk) == RunStatus.FAILED
    run.refresh_from_db()
    assert "Flat 2" in run.message
    assert not GeneratedDocument.objects.exists()
    shown = client.get(run.get_absolute_url()).content.decode()
    assert "The document could not be made" in shown
    assert "Flat 2" in shown
    assert client.get(reverse("documents:run-progress", args=[run.pk])).json()["done"] is True
    listed = client.get(reverse("documents:problem", args=[problem.pk])).content.decode()
    assert run.get_absolute_url() in listed  # found again from the problem's documents
    assert "Failed" in listed


def test_a_finished_run_is_not_made_twice(problem, site, details, manager):
    homes(site, 1)
    run = DocumentRun.objects.create(
        problem=problem, kind="resident_letter", format="pdf", subject_pk=problem.pk,
        inputs={"description": WHAT}, created_by=manager,
    )  # fmt: skip
    document_run_task.call(run.pk)
    document_run_task.call(run.pk)
    assert GeneratedDocument.objects.count() == 1


def test_laying_out_in_parts_tells_each_part_done():
    told: list[tuple[int, int]] = []
    pages = [page(f"<h1>Letter {n}</h1>", title="Letters", organisation="Council") for n in (1, 2)]
    lay_out(pages, parts_done=lambda done, total: told.append((done, total)))
    assert told == [(1, 2), (2, 2)]


def test_what_blocks_the_letters_is_said_on_the_form_and_no_run_starts(
    client, problem, site, details, manager
):
    homes(site, 3, without_address=(2,))
    client.force_login(manager)
    shown = _start(client, problem).content.decode()
    assert 'data-testid="blocked"' in shown
    assert "Flat 2 of West Street open space has no address" in shown
    assert not DocumentRun.objects.exists()


def test_the_mailing_house_csv_is_made_at_once(client, problem, site, details, manager):
    homes(site, 2)
    client.force_login(manager)
    response = _start(client, problem, **{"doc-format": "csv"})
    document = GeneratedDocument.objects.get()
    assert response["Location"].endswith(f"#doc-{document.pk}")
    assert not DocumentRun.objects.exists()
