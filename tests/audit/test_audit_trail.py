"""The audit trail records changes and views of personal data, and cannot be altered."""

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction

from clearhold.accounts.models import Organisation
from clearhold.accounts.roles import OrganisationType
from clearhold.audit.context import acting_as
from clearhold.audit.models import AuditAction, AuditEntry, AuditEntryIsAppendOnly


def test_create_change_delete_are_recorded_with_before_and_after(officer):
    with acting_as(officer):
        organisation = Organisation.objects.create(
            name="Riverside Trust", kind=OrganisationType.OTHER
        )
        organisation.kind = OrganisationType.VOLUNTARY
        organisation.short_name = "Riverside"
        organisation.save()
        organisation_id = organisation.pk
        organisation.delete()
    entries = AuditEntry.objects.filter(
        object_type="accounts.organisation", object_id=str(organisation_id)
    ).order_by("id")
    assert [e.action for e in entries] == [
        AuditAction.CREATE,
        AuditAction.CHANGE,
        AuditAction.DELETE,
    ]
    created, changed, deleted = entries
    assert created.changes["name"] == [None, "Riverside Trust"]
    assert changed.changes == {"kind": ["other", "voluntary"], "short_name": ["", "Riverside"]}
    assert deleted.changes["name"] == ["Riverside Trust", None]
    assert {e.username for e in entries} == {"officer"}
    assert {e.organisation for e in entries} == {"Test Constabulary"}


def test_saving_without_a_change_writes_no_entry(officer):
    before = AuditEntry.objects.count()
    officer.save()
    assert AuditEntry.objects.count() == before


def test_passwords_are_never_recorded(officer):
    officer.set_password("another-long-password-2026")
    officer.save()
    for entry in AuditEntry.objects.all():
        assert "password" not in entry.changes


def test_viewing_a_personal_data_page_is_recorded(client, officer):
    client.force_login(officer)
    assert client.get("/people/").status_code == 200
    view = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert view.username == "officer"
    assert view.object_type == "accounts.user"
    assert view.path == "/people/"


def test_an_entry_cannot_be_changed_or_deleted_through_the_model(officer):
    entry = AuditEntry.objects.first()
    entry.detail = "tampered"
    with pytest.raises(AuditEntryIsAppendOnly):
        entry.save()
    with pytest.raises(AuditEntryIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditEntryIsAppendOnly):
        AuditEntry.objects.all().update(detail="tampered")
    with pytest.raises(AuditEntryIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert not AuditEntry.objects.filter(detail="tampered").exists()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_auditentry SET detail = 'tampered'", "DELETE FROM audit_auditentry"],
)
def test_the_database_itself_refuses_to_change_entries(officer, statement):
    count = AuditEntry.objects.count()
    assert count > 0
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEntry.objects.count() == count
    assert not AuditEntry.objects.filter(detail="tampered").exists()


def test_no_view_can_alter_an_entry(client, administrator):
    client.force_login(administrator)
    entry = AuditEntry.objects.first()
    assert (
        client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"detail": "x"}).status_code
        == 403
    )
    assert (
        client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.post("/admin/audit/auditentry/add/", {"detail": "x"}).status_code == 403
    assert client.post("/audit/", {"detail": "x"}).status_code == 405
    assert client.post("/audit/export.csv").status_code == 405
    assert AuditEntry.objects.get(pk=entry.pk).detail == entry.detail


def test_administrator_searches_and_exports_csv_and_the_export_is_audited(
    client, administrator, officer
):
    client.force_login(administrator)
    page = client.get("/audit/", {"text": "officer"})
    assert page.status_code == 200
    assert "officer" in page.content.decode()
    response = client.get("/audit/export.csv", {"action": "create"})
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows
    assert {row["action"] for row in rows} == {"create"}
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, username="administrator").exists()


def test_invalid_search_dates_show_an_error_not_a_crash(client, administrator):
    client.force_login(administrator)
    page = client.get("/audit/", {"date_from": "2026-02-31"})
    assert page.status_code == 200
    assert "Enter the ‘from’ date as a real date" in page.content.decode()


@pytest.mark.parametrize("path", ["/audit/", "/audit/export.csv"])
def test_officer_cannot_search_or_export_the_audit_trail(client, officer, path):
    client.force_login(officer)
    response = client.get(path)
    assert response.status_code == 403
    assert "Only administrators" in response.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, username="officer").exists()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
