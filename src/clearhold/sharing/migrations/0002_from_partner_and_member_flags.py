"""Move the old flags into sharing records, so nobody gains or loses access by the change.

``PartnerOrganisation.sees_personal_data`` names the organisation for restricted data;
``Member.sees_special_category`` names the member's organisation for special-category data
(the member flag stays: within a named organisation, only named people see it). The lead
organisation needs no naming. Records made here have no lawful basis yet, and the problem page
says so until someone records it.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    PartnerOrganisation = apps.get_model("problems", "PartnerOrganisation")
    Member = apps.get_model("problems", "Member")
    SharingRecord = apps.get_model("sharing", "SharingRecord")
    Recipient = apps.get_model("sharing", "Recipient")

    def name(problem, organisation_id, data_class):
        if organisation_id is None or organisation_id == problem.lead_organisation_id:
            return
        record, _ = SharingRecord.objects.get_or_create(problem=problem)
        Recipient.objects.get_or_create(
            record=record, organisation_id=organisation_id, data_class=data_class
        )

    for partner in PartnerOrganisation.objects.filter(sees_personal_data=True).select_related(
        "problem"
    ):
        name(partner.problem, partner.organisation_id, "restricted")
    for member in Member.objects.filter(sees_special_category=True).select_related(
        "problem", "user"
    ):
        name(member.problem, member.user.organisation_id, "special")


def backwards(apps, schema_editor):
    PartnerOrganisation = apps.get_model("problems", "PartnerOrganisation")
    Recipient = apps.get_model("sharing", "Recipient")
    for recipient in Recipient.objects.filter(data_class="restricted").select_related("record"):
        PartnerOrganisation.objects.filter(
            problem_id=recipient.record.problem_id, organisation_id=recipient.organisation_id
        ).update(sees_personal_data=True)
    for partner in PartnerOrganisation.objects.select_related("problem"):
        if partner.organisation_id == partner.problem.lead_organisation_id:
            PartnerOrganisation.objects.filter(pk=partner.pk).update(sees_personal_data=True)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_sharing_record"), ("problems", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
