"""The survey tables' change counter and the triggers that keep it (``survey_changes.py``)."""

from django.db import migrations, models

from clearhold.surveys import survey_changes


def install(apps, schema_editor):
    apps.get_model("surveys", "SurveyVersion").objects.using(
        schema_editor.connection.alias
    ).get_or_create(pk=1)
    survey_changes.install(schema_editor.connection)


def remove(apps, schema_editor):
    survey_changes.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_wave_closed_at"),
    ]

    operations = [
        migrations.CreateModel(
            name="SurveyVersion",
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
