"""Probes of the background worker (django-tasks' database queue): who a task acts as, what a
user can make it do, and what a task that fails leaves behind.

Reproduced by calling each task as the worker does, outside any request (the worker runs in its
own process: no middleware has named the person acting), with the rows a page or the command
line would have stored. What must hold:

- a task takes a row's id and nothing else; the person it acts for is read from the row
  (the maker of a run, the importer of a batch), never from what the page was sent;
- whatever the task writes to the audit trail is attributed to that person, not to nobody;
- a task acts only while that person may still act: an account closed, or a role changed, between
  the click and the worker's turn makes the task stop with nothing stored;
- a task delivered twice does its work once;
- a task that fails half-way leaves neither a file nor a row (and no file marked imported).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditEntry
from clearhold.documents import services as document_services
from clearhold.documents.models import DocumentRun, GeneratedDocument, RunStatus
from clearhold.documents.tasks import document_run_task
from clearhold.incidents import services as import_services
from clearhold.incidents.models import ImportBatch, ImportFile, ImportStatus, Incident
from clearhold.incidents.services import IncomingFile, import_batch_create
from clearhold.incidents.tasks import import_batch_task
from tests.documents.test_letters import homes
from tests.incidents.policeuk_files import row, write

pytestmark = pytest.mark.django_db
WHAT = "People have been gathering in the stairwells at night and leaving needles."


def _run(problem, maker, **fields) -> DocumentRun:
    return DocumentRun.objects.create(
        problem=problem,
        kind="resident_letter",
        format="pdf",
        subject_pk=problem.pk,
        inputs={"description": WHAT},
        created_by=maker,
        **fields,
    )


@pytest.fixture
def importer(make_user, police):
    return make_user("importer", police, Role.ANALYST)


def _batch(importer, tmp_path, name="january.csv") -> ImportBatch:
    path = write(tmp_path / name, [row(1), row(2), row(3)])
    return import_batch_create(
        user=importer,
        source="policeuk",
        files=[IncomingFile(path=path, name=name)],
        copy_to=tmp_path / "imports",
    )


def test_the_task_takes_an_id_and_the_page_cannot_choose_who_it_acts_for(
    client, problem, site, details, manager, constable, django_capture_on_commit_callbacks
):
    """Found safe: fields the maker adds to the form (another maker, another subject) are not
    kept; the run is made as its maker from the problem's own subject."""
    homes(site, 2)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(
            reverse("documents:generate", args=[problem.pk, "resident_letter"]),
            {
                "of": problem.pk,
                "doc-format": "pdf",
                "description": WHAT,
                "created_by": constable.pk,
                "user": constable.pk,
                "subject_pk": 999_999,
            },
        )
    run = DocumentRun.objects.get()
    assert run.created_by == manager
    assert run.subject_pk == problem.pk
    assert not {"created_by", "user", "subject_pk"} & set(run.inputs)
    assert len(queued) == 1


def test_what_a_document_run_writes_to_the_audit_trail_names_its_maker(
    problem, site, details, manager
):
    homes(site, 2)
    run = _run(problem, manager)
    before = AuditEntry.objects.count()
    assert document_run_task.call(run.pk) == RunStatus.DONE
    written = AuditEntry.objects.order_by("id")[before:]
    assert written, "the run wrote nothing to the audit trail"
    nobody = [(e.action, e.object_type) for e in written if e.username != manager.username]
    assert nobody == [], f"entries the worker wrote for nobody: {nobody}"


def test_a_run_whose_maker_was_signed_out_for_good_makes_nothing(problem, site, details, manager):
    """Found safe: the worker asks the rules again, as the maker is now."""
    homes(site, 2)
    run = _run(problem, manager)
    manager.is_active = False
    manager.save()
    assert document_run_task.call(run.pk) == RunStatus.FAILED
    assert not GeneratedDocument.objects.exists()


def test_a_run_that_fails_while_storing_leaves_no_file_and_no_row(
    problem, site, details, manager, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    homes(site, 2)
    run = _run(problem, manager)

    def broken(**kwargs):
        raise RuntimeError("the audit trail could not be written")

    monkeypatch.setattr(document_services, "audit_record", broken)
    assert document_run_task.call(run.pk) == RunStatus.FAILED
    assert not GeneratedDocument.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    run.refresh_from_db()
    assert run.document is None
    assert "fault in ClearHold" in run.message


def test_what_an_import_writes_to_the_audit_trail_names_its_importer(importer, tmp_path):
    batch = _batch(importer, tmp_path)
    before = AuditEntry.objects.count()
    assert import_batch_task.call(batch.pk) == ImportStatus.STORED
    written = AuditEntry.objects.order_by("id")[before:]
    assert written, "the import wrote nothing to the audit trail"
    nobody = [(e.action, e.object_type) for e in written if e.username != importer.username]
    assert nobody == [], f"entries the worker wrote for nobody: {nobody}"


@pytest.mark.parametrize("change", ["closed", "viewer"])
def test_an_import_queued_by_someone_who_may_no_longer_import_stores_nothing(
    importer, tmp_path, change
):
    """Hole found: the worker stored the rows of an importer whose account was closed (or
    whose role lost the right) after the upload, while a document run is refused in the same
    case. A closed account's queued upload can replace other batches' force-months."""
    batch = _batch(importer, tmp_path)
    if change == "closed":
        importer.is_active = False
    else:
        importer.role = Role.PARTNER_VIEWER
    importer.save()
    assert import_batch_task.call(batch.pk) == ImportStatus.FAILED
    assert Incident.objects.count() == 0
    batch.refresh_from_db()
    assert "may no longer import" in batch.message
    assert not batch.files.filter(stored=True).exists()


def test_an_import_delivered_twice_is_done_once_and_keeps_its_outcome(importer, tmp_path):
    """Hole found: a second delivery of a stored batch's task ran it again and rewrote its
    outcome (STORED became DUPLICATE, 'already imported in batch' itself)."""
    batch = _batch(importer, tmp_path)
    assert import_batch_task.call(batch.pk) == ImportStatus.STORED
    stored = ImportBatch.objects.get(pk=batch.pk)
    assert import_batch_task.call(batch.pk) == ImportStatus.STORED
    again = ImportBatch.objects.get(pk=batch.pk)
    assert (again.status, again.message, again.finished_at) == (
        ImportStatus.STORED,
        stored.message,
        stored.finished_at,
    )
    assert Incident.objects.count() == 3


def test_an_import_that_fails_while_storing_stores_no_row_and_marks_no_file(
    importer, tmp_path, monkeypatch
):
    """Found safe: the rows, the files' 'stored' marks and the outcome are one transaction, so a
    fault half-way leaves the store as it was and the same file can be imported again."""
    batch = _batch(importer, tmp_path)

    def broken(table, new_files):
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_services, "_mark_files_stored", broken)
    assert import_batch_task.call(batch.pk) == ImportStatus.FAILED
    assert Incident.objects.count() == 0
    assert not ImportFile.objects.filter(stored=True).exists()
    monkeypatch.undo()
    again = _batch(importer, tmp_path, name="january-again.csv")
    assert Path(again.files.get().path).exists()
    assert import_batch_task.call(again.pk) == ImportStatus.STORED
    assert Incident.objects.count() == 3


def test_two_uploaded_files_of_one_name_are_refused_not_half_imported(
    client, importer, tmp_path, settings, django_capture_on_commit_callbacks
):
    """Hole found: the page keeps uploads by name, so the second of two files called the same
    overwrote the first; both were recorded with the second's content, the batch said "Another
    import of the same file finished first" and the first file was never read."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path / "media"
    january = write(tmp_path / "a.csv", [row(1), row(2)])
    february = write(tmp_path / "b.csv", [row(n, month="2024-02") for n in (3, 4, 5)])
    client.force_login(importer)
    uploads = [
        SimpleUploadedFile("same.csv", path.read_bytes(), content_type="text/csv")
        for path in (january, february)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/incidents/import/", {"source": "policeuk", "files": uploads})
    assert answer.status_code == 200
    assert "More than one of the files is called “same.csv”" in answer.content.decode()
    assert not ImportBatch.objects.exists()
    assert Incident.objects.count() == 0
