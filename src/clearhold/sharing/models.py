"""The sharing record of a problem: why the partnership may share personal data, under which
agreement, and which organisations receive which data classes.

One record per problem. The lead organisation holds the problem's record and sees its
personal data; every other organisation sees restricted or special-category fields only when
it is named here for that class (``Recipient``). The lawful basis is UK GDPR Article 6(1);
special-category data also needs an Article 9 condition, for a partnership usually one of the
Data Protection Act 2018 Schedule 1 conditions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clearhold.authz import DataClass

# Every partner named on the problem reads the sharing record, so it must not name the people
# who consented: it says how consent is recorded and where the records are kept.
CONSENT_NOTE_HELP = (
    "How and when consent was given, and where the consent records are kept. Every partner "
    "can read this record: do not name residents here."
)


class LawfulBasis(models.TextChoices):
    PUBLIC_TASK = "6_1_e", "Public task: UK GDPR Art. 6(1)(e)"
    LEGAL_OBLIGATION = "6_1_c", "Legal obligation: UK GDPR Art. 6(1)(c)"
    CONSENT = "6_1_a", "Consent: UK GDPR Art. 6(1)(a)"
    VITAL_INTERESTS = "6_1_d", "Vital interests: UK GDPR Art. 6(1)(d)"
    LEGITIMATE_INTERESTS = (
        "6_1_f",
        "Legitimate interests: UK GDPR Art. 6(1)(f) (not for public authorities’ tasks)",
    )


class SpecialCondition(models.TextChoices):
    STATUTORY = "sch1_6", "Statutory and government purposes: DPA 2018 Sch. 1 para. 6"
    UNLAWFUL_ACTS = "sch1_10", "Preventing or detecting unlawful acts: DPA 2018 Sch. 1 para. 10"
    SAFEGUARDING = (
        "sch1_18",
        "Safeguarding of children and of individuals at risk: DPA 2018 Sch. 1 para. 18",
    )
    HEALTH_SOCIAL_CARE = "sch1_2", "Health or social care purposes: DPA 2018 Sch. 1 para. 2"
    EXPLICIT_CONSENT = "9_2_a", "Explicit consent: UK GDPR Art. 9(2)(a)"


class ConsentStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", "Not needed: consent is not the basis"
    SOUGHT = "sought", "Asked, no answer yet"
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SharingRecord(models.Model):
    problem = models.OneToOneField(
        "problems.Problem", on_delete=models.CASCADE, related_name="sharing_record"
    )
    lawful_basis = models.CharField(
        "Lawful basis", max_length=10, choices=LawfulBasis.choices, blank=True
    )
    special_condition = models.CharField(
        "Condition for special-category data",
        max_length=10,
        choices=SpecialCondition.choices,
        blank=True,
    )
    agreement_reference = models.CharField(
        "Information-sharing agreement reference", max_length=100, blank=True
    )
    signatories = models.TextField(
        blank=True, help_text="One a line: name, role and organisation of each signatory"
    )
    signed_on = models.DateField("Date signed", null=True, blank=True)
    review_on = models.DateField("Review date", null=True, blank=True)
    consent_status = models.CharField(
        max_length=12, choices=ConsentStatus.choices, default=ConsentStatus.NOT_NEEDED
    )
    consent_note = models.TextField(blank=True, help_text=CONSENT_NOTE_HELP)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Sharing record of {self.problem}"


class Recipient(models.Model):
    """An organisation named to receive one data class of the problem."""

    record = models.ForeignKey(SharingRecord, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    data_class = models.CharField(
        max_length=10,
        choices=[(c.value, c.label) for c in (DataClass.RESTRICTED, DataClass.SPECIAL)],
    )

    class Meta:
        ordering = ["organisation__name", "data_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "organisation", "data_class"], name="one_recipient_per_class"
            ),
            models.CheckConstraint(
                condition=models.Q(data_class__in=["restricted", "special"]),
                name="recipient_class_is_shared",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_data_class_display()}"
