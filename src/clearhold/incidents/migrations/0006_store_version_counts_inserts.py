"""On PostgreSQL the store's change counter counts INSERT statements too, so a commit of new
incidents always changes the store's version, even when a concurrent import that took higher
ids committed first (``store_changes.py`` says why, and why SQLite needs no such count)."""

from django.db import migrations

from clearhold.incidents import store_changes


def forward(apps, schema_editor):
    store_changes.count_inserts(schema_editor.connection)


def backward(apps, schema_editor):
    store_changes.count_inserts_undo(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0005_incident_premises_partial_index"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
