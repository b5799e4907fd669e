"""Another organisation's import batch, opened by its id (security probe, issue 21).

Reproduced: a council partnership manager counted up the ids of ``/incidents/imports/<id>/
rejected-rows.csv`` and downloaded the police's rejected rows, each with the value the force
sent (a location, a free-text description); the batch page and its progress showed the same
report. Batches were listed to everyone who may see incidents.

What must hold: a batch, its page, its progress and its rejected rows answer only its importing
organisation (and administrators); anyone else gets the same 404 as for a batch that does not
exist, and the list shows them none of it, while each such attempt is audited as a refusal
(the audit trail shows someone walking ids; the answer does not). (A batch the server's
operator ran at the command line, with no user and so no organisation, stays open to all who
may see incidents.)
"""

from __future__ import annotations

import pytest

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.incidents.models import ImportBatch, ImportStatus

pytestmark = pytest.mark.django_db
SECRET = "Flat 4 Onyx Court, caller Jane Doe"


@pytest.fixture
def police_batch(police):
    return ImportBatch.objects.create(
        source="policeuk",
        organisation=police,
        status=ImportStatus.REJECTED,
        rows_rejected=1,
        error_report=[
            {"file": "cad.csv", "row": 3, "column": "Location", "value": SECRET, "reason": "x"}
        ],
    )


def _paths(batch) -> list[str]:
    base = f"/incidents/imports/{batch.pk}/"
    return [base, f"{base}progress.json", f"{base}rejected-rows.csv"]


def test_another_organisation_gets_404_on_every_batch_address(client, manager, police_batch):
    client.force_login(manager)  # the council's partnership manager
    for path in _paths(police_batch):
        assert client.get(path).status_code == 404, path
    assert SECRET not in client.get("/incidents/imports/").content.decode()


def test_a_missing_batch_answers_alike(client, manager, police_batch):
    client.force_login(manager)
    missing = client.get(f"/incidents/imports/{police_batch.pk + 1000}/rejected-rows.csv")
    theirs = client.get(f"/incidents/imports/{police_batch.pk}/rejected-rows.csv")
    assert missing.status_code == theirs.status_code == 404


def test_the_importing_organisation_and_an_administrator_download_it(
    client, make_user, police, administrator, police_batch
):
    analyst = make_user("analyst", police, Role.ANALYST)
    for who in (analyst, administrator):
        client.force_login(who)
        response = client.get(f"/incidents/imports/{police_batch.pk}/rejected-rows.csv")
        assert response.status_code == 200
        assert SECRET in b"".join(response.streaming_content).decode()


def test_a_command_line_batch_stays_open_to_those_who_see_incidents(client, manager, police):
    batch = ImportBatch.objects.create(source="policeuk", status=ImportStatus.STORED)
    client.force_login(manager)
    assert client.get(f"/incidents/imports/{batch.pk}/").status_code == 200


def _refusals(batch) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action=AuditAction.REFUSED,
            object_type="incidents.importbatch",
            object_id=str(batch.pk),
        )
    )


def test_each_attempt_on_another_organisations_batch_is_audited(client, manager, police_batch):
    """The 404 hides the batch from the council, but each address tried is a refusal in the
    audit trail, by the council's manager: walking batch ids shows."""
    client.force_login(manager)
    for path in _paths(police_batch):
        client.get(path)
    confirm = client.post(f"/incidents/imports/{police_batch.pk}/confirm/", {"understood": "on"})
    assert confirm.status_code == 404
    refusals = _refusals(police_batch)
    assert len(refusals) == len(_paths(police_batch)) + 1
    assert {entry.user_id for entry in refusals} == {manager.pk}


def test_a_missing_batch_and_ones_own_write_no_refusal(
    client, make_user, police, manager, police_batch
):
    client.force_login(manager)
    client.get(f"/incidents/imports/{police_batch.pk + 1000}/")
    assert not AuditEntry.objects.filter(action=AuditAction.REFUSED).exists()
    client.force_login(make_user("analyst", police, Role.ANALYST))
    for path in _paths(police_batch):
        assert client.get(path).status_code == 200, path
    assert not _refusals(police_batch)
