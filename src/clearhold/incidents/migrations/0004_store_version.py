"""The store's change counter and the triggers that keep it (see ``store_changes.py``), as
first released: inserts not counted (0006 counts them on PostgreSQL)."""

from django.db import migrations, models

from clearhold.incidents import store_changes


def install(apps, schema_editor):
    apps.get_model("incidents", "StoreVersion").objects.using(
        schema_editor.connection.alias
    ).get_or_create(pk=1)
    store_changes.install_first(schema_editor.connection)


def remove(apps, schema_editor):
    store_changes.remove_first(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0003_batch_organisation_and_removals_understood"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoreVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("changes", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(install, remove),
    ]
