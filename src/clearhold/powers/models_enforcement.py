"""What follows a closure: its costs (s.85 spent, s.88 recovered, s.90 compensation), breaches seen
on patrol (s.86) and the people on a problem under graduated enforcement.

Kept apart from ``models.py`` (the closure case itself) so each module stays small; ``models.py``
re-exports these names, so ``clearhold.powers.models.Breach`` still works everywhere.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class CostKind(models.TextChoices):
    SECURING = "securing", "Securing the premises (s.85)"
    MAINTENANCE = "maintenance", "Maintenance or repairs (s.85)"
    CLEARING = "clearing", "Clearing the premises (s.88)"
    RECOVERY_APPLIED = "recovery_applied", "Reimbursement applied for (s.88)"
    RECOVERED = "recovered", "Reimbursed by owner or occupier (s.88)"
    COMPENSATION = "compensation", "Compensation claimed against us (s.90)"


class ClosureCost(models.Model):
    """The costs ledger: money spent under s.85 and its recovery under s.88.

    ``amount`` is the sum paid (gross), ``vat`` the VAT within it. A council or police body
    that reclaims that VAT from HMRC (VAT Act 1994 s.33) asks the owner only for the net sum:
    claiming the gross as well would recover the VAT twice (``claimable``)."""

    closure = models.ForeignKey("powers.Closure", on_delete=models.CASCADE, related_name="costs")
    kind = models.CharField(max_length=20, choices=CostKind.choices)
    on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="The sum paid (gross)")
    vat = models.DecimalField(
        max_digits=12, decimal_places=2, default=0, help_text="The VAT within the amount paid"
    )
    vat_reclaimed = models.BooleanField(
        default=False, help_text="The VAT is reclaimed from HMRC (VAT Act 1994 s.33)"
    )
    description = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vat__gte=0) & models.Q(vat__lte=models.F("amount")),
                name="closure_cost_vat_within_amount",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: £{self.amount}"

    @property
    def net(self):
        return self.amount - self.vat

    @property
    def claimable(self):
        """What may be claimed back (s.88): the gross, or the net when the VAT is reclaimed."""
        return self.net if self.vat_reclaimed else self.amount


class Person(models.Model):
    """A person on a problem under graduated enforcement: personal data, restricted."""

    problem = models.ForeignKey("problems.Problem", on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True, help_text="How to recognise them; their link")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("powers:person", args=[self.pk])


class BreachOf(models.TextChoices):
    NOTICE = "notice", "Closure notice (s.86(1))"
    ORDER = "order", "Closure order (s.86(2))"
    OBSTRUCTION = "obstruction", "Obstruction (s.86(3))"


class Breach(models.Model):
    """A breach seen on patrol, with the offence and maximum penalty it maps to (s.86)."""

    closure = models.ForeignKey("powers.Closure", on_delete=models.CASCADE, related_name="breaches")
    occurred_at = models.DateTimeField()
    breach_of = models.CharField(max_length=12, choices=BreachOf.choices)
    unit = models.ForeignKey(
        "places.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    place = models.CharField(max_length=200, blank=True, help_text="Where, e.g. stairwell B")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="breaches"
    )
    person_description = models.CharField(max_length=300, blank=True)
    seen = models.TextField(help_text="What was seen")
    video_reference = models.CharField(max_length=100, blank=True)
    arrest = models.BooleanField(default=False)
    offence_code = models.CharField(max_length=10)
    offence_section = models.CharField(max_length=40)
    max_penalty = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "breaches"

    def __str__(self) -> str:
        return f"Breach of the {self.breach_of} at {self.occurred_at:%H:%M %d %B %Y}"


class StepKind(models.TextChoices):
    """The ladder's rungs (closure-powers.md Part 2); codes as in ``clearhold.law.enforcement``."""

    INFORMAL_LETTER = "informal_letter", "Warning letter or informal action"
    ABC = "abc", "Acceptable behaviour agreement"
    CPW = "cpw", "Community protection warning (s.43(5))"
    CPN = "cpn", "Community protection notice (s.43)"
    FPN = "fpn", "Fixed penalty for breach of a CPN (s.52)"
    CIVIL_INJUNCTION = "civil_injunction", "Civil injunction (s.1)"
    CBO = "cbo", "Criminal behaviour order (s.22)"
    ARREST = "arrest", "Arrest"
    TENANCY_ACTION = "tenancy_action", "Tenancy action (warning, notice, possession)"


class EnforcementStep(models.Model):
    """One rung of the graduated-enforcement ladder for a person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    until_further_order = models.BooleanField(default=False)
    compliance_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a warning: days given to stop (s.43(5)(b))"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    details = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on:%d %B %Y}"
