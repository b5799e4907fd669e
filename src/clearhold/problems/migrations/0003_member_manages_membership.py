"""Members who manage the problem's membership: the person who opened each problem (its lead
member) keeps the right to change who is on it; nobody else gains it from this migration."""

from django.db import migrations, models


def creators_manage_membership(apps, schema_editor):
    Member = apps.get_model("problems", "Member")
    Problem = apps.get_model("problems", "Problem")
    for problem_id, created_by_id in Problem.objects.exclude(created_by=None).values_list(
        "pk", "created_by_id"
    ):
        Member.objects.filter(problem_id=problem_id, user_id=created_by_id, role="lead").update(
            manages_membership=True
        )


class Migration(migrations.Migration):
    dependencies = [
        ("problems", "0002_partner_flag_moved_to_sharing_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="manages_membership",
            field=models.BooleanField(
                default=False,
                help_text="May name and remove the problem's members and add partner organisations",
            ),
        ),
        migrations.RunPython(creators_manage_membership, migrations.RunPython.noop),
    ]
