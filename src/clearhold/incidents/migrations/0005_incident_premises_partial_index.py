"""The incident-premises link indexed only where set: every police.uk row leaves it empty,
and a full index made each large import sort a million NULLs.

The field's ``db_index=False`` changes the state only; the database just drops Django's FK
index by its name (the same on SQLite and PostgreSQL). Django's own AlterField would rebuild
the whole incident table on SQLite (a copy of every row) and lose the store-version triggers
installed on it (``store_changes.py``)."""

import django.db.models.deletion
from django.db import migrations, models

FK_INDEX = "incidents_incident_premises_id_abb402a4"


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0004_store_version"),
        ("places", "0004_site_premises_licence"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="incident",
                    name="premises",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="incidents",
                        to="places.premises",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{FK_INDEX}"',
                    reverse_sql=f'CREATE INDEX "{FK_INDEX}" ON "incidents_incident" ("premises_id")',
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(
                condition=models.Q(("premises__isnull", False)),
                fields=["premises"],
                name="incident_premises",
            ),
        ),
    ]
