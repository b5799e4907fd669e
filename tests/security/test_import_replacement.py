"""Issue 15, finding 6: any importer replaced shared incident data.

Reproduced on main: a one-row police.uk file for "Cambridgeshire Constabulary, 2024-01",
uploaded by an officer of another organisation and confirmed, replaced the 749 incidents the
store held with 1; and anyone who could import could confirm someone else's pending batch.

What must hold: a force-month is replaced only by the organisation that imported it (or an
administrator), on the web and from the command line; only the importing organisation (or an
administrator) confirms a pending batch; the confirmation page shows the counts; a replacement
removing more than half of a force-month needs a second, explicit confirmation naming them
("I understand this removes 748 of 749 incidents for …"). A refusal changes nothing stored.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

from clearhold.accounts.roles import Role
from clearhold.cli import app
from clearhold.incidents.models import ImportBatch, ImportStatus, Incident
from tests.incidents.policeuk_files import row, write

FORCE_MONTH = "Cambridgeshire Constabulary 2024-01"
HELD = 749
UNDERSTOOD = f"I understand this removes 748 of 749 incidents for {FORCE_MONTH}"


@pytest.fixture
def police_analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


@pytest.fixture
def police_officer(make_user, police):
    return make_user("constable", police, Role.OFFICER)


@pytest.fixture
def council_officer(make_user, council):
    return make_user("councilofficer", council, Role.OFFICER)


def _upload(client, user, tmp_path, name, rows, capture, replace=False):
    """Upload a police.uk file as ``user`` and run the import; the batch it made."""
    data = write(tmp_path / name, rows).read_bytes()
    fields = {"source": "policeuk", "files": [SimpleUploadedFile(name, data)]}
    if replace:
        fields["replace_force_months"] = "on"
    client.force_login(user)
    with capture(execute=True):
        response = client.post("/incidents/import/", fields)
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportBatch.objects.latest("pk")


def _confirm(client, user, batch, capture, understood=False):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(
            f"/incidents/imports/{batch.pk}/confirm/", {"understood": "on"} if understood else {}
        )
    batch.refresh_from_db()
    return response


def _store():
    return sorted(Incident.objects.values_list("pk", "batch_id", "location"))


@pytest.fixture
def held(client, police_analyst, tmp_path, django_capture_on_commit_callbacks):
    """The police's download of Cambridgeshire 2024-01: 749 incidents."""
    rows = [row(i) for i in range(HELD)]
    batch = _upload(
        client, police_analyst, tmp_path, "held.csv", rows, django_capture_on_commit_callbacks
    )
    assert batch.status == ImportStatus.STORED
    assert Incident.objects.count() == HELD
    return batch


def test_another_organisation_cannot_replace_a_force_month(
    client, held, council_officer, tmp_path, django_capture_on_commit_callbacks
):
    before = _store()
    batch = _upload(
        client,
        council_officer,
        tmp_path,
        "one.csv",
        [row(9999)],
        django_capture_on_commit_callbacks,
        replace=True,
    )
    assert batch.status == ImportStatus.REJECTED
    assert FORCE_MONTH in batch.message
    assert "Test Constabulary" in batch.message
    assert "Nothing was stored" in batch.message
    assert _store() == before
    assert not batch.files.filter(stored=True).exists()


def test_only_the_importing_organisation_confirms_a_pending_batch(
    client, held, police_officer, council_officer, tmp_path, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    newer = [row(i) for i in range(2, HELD)]
    batch = _upload(client, police_officer, tmp_path, "newer.csv", newer, capture)
    assert batch.status == ImportStatus.NEEDS_CONFIRMATION
    before = _store()
    client.force_login(council_officer)
    page = client.get(f"/incidents/imports/{batch.pk}/").content.decode()
    assert 'data-testid="replacement-confirm"' not in page
    # Another organisation's batch answers as a missing one, on its confirmation as elsewhere.
    assert _confirm(client, council_officer, batch, capture).status_code == 404
    assert batch.status == ImportStatus.NEEDS_CONFIRMATION
    assert _store() == before
    _confirm(client, police_officer, batch, capture)
    assert batch.status == ImportStatus.STORED, batch.message
    assert Incident.objects.count() == HELD - 2


def test_removing_most_of_a_force_month_needs_a_second_confirmation_naming_the_counts(
    client, held, police_officer, tmp_path, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    before = _store()
    batch = _upload(client, police_officer, tmp_path, "one.csv", [row(0)], capture, replace=True)
    assert batch.status == ImportStatus.NEEDS_CONFIRMATION, batch.message
    assert "748 of 749 incidents" in batch.message
    assert _store() == before
    client.force_login(police_officer)
    page = client.get(f"/incidents/imports/{batch.pk}/").content.decode()
    assert UNDERSTOOD in page
    assert ">749<" in page
    assert ">748<" in page
    _confirm(client, police_officer, batch, capture)
    assert batch.status == ImportStatus.NEEDS_CONFIRMATION
    assert _store() == before
    _confirm(client, police_officer, batch, capture, understood=True)
    assert batch.status == ImportStatus.STORED, batch.message
    assert Incident.objects.count() == 1


def test_an_administrator_may_replace_any_force_month(
    client, held, administrator, tmp_path, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    batch = _upload(client, administrator, tmp_path, "one.csv", [row(0)], capture, replace=True)
    assert batch.status == ImportStatus.NEEDS_CONFIRMATION
    _confirm(client, administrator, batch, capture, understood=True)
    assert batch.status == ImportStatus.STORED, batch.message
    assert Incident.objects.count() == 1


def test_the_command_line_follows_the_same_rules(held, council_officer, tmp_path):
    before = _store()
    one = write(tmp_path / "one.csv", [row(9999)])
    result = CliRunner().invoke(
        app,
        [
            "import",
            "policeuk",
            str(one),
            "--force-month-replace",
            "--json",
            "--as",
            "councilofficer",
        ],
    )
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["status"] == ImportStatus.REJECTED
    assert _store() == before


def test_the_command_line_says_where_a_large_removal_is_confirmed(held, police_officer, tmp_path):
    """Asked to replace, a run that would remove most of a force-month is held back (exit 3)
    and says where it is confirmed, not to run again with the flag it already had."""
    before = _store()
    one = write(tmp_path / "one.csv", [row(9999)])
    result = CliRunner().invoke(
        app,
        ["import", "policeuk", str(one), "--force-month-replace", "--as", "constable"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 3, result.output
    said = " ".join(result.output.split())
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == ImportStatus.NEEDS_CONFIRMATION
    assert f"/incidents/imports/{batch.pk}/" in said
    assert "Run again with --force-month-replace" not in said
    assert _store() == before
