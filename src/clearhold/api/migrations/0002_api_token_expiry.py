"""Every API token expires: existing tokens get 90 days from when they were made (so a token made
long ago stops working now, as a new one would have)."""

import datetime as dt

from django.db import migrations, models

import clearhold.api.models


def expire_existing(apps, schema_editor) -> None:
    ApiToken = apps.get_model("api", "ApiToken")
    for token in ApiToken.objects.filter(expires_at=None).only("pk", "created_at"):
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=token.created_at + dt.timedelta(days=90)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_tokens"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, help_text="When the token stops working"),
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                default=clearhold.api.models.default_expiry,
                help_text="When the token stops working",
            ),
        ),
    ]
