"""The problem-solving case (SARA): the partnership's shared record of one place-based problem.

A problem has sites, partner organisations and named members, the problem analysis triangle
and risk indicators, SMART objectives measured on the incident store, an action plan in
layers, monthly meetings and reviews at 3, 6 and 12 months that freeze their figures.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clearhold.toolkit.addresses import address


class Stage(models.TextChoices):
    SCAN = "scan", "Scan"
    ANALYSE = "analyse", "Analyse"
    RESPOND = "respond", "Respond"
    ASSESS = "assess", "Assess"
    CLOSED = "closed", "Closed"


class Phase(models.TextChoices):
    CLEAR = "clear", "Clear"
    HOLD = "hold", "Hold"
    BUILD = "build", "Build"


class Problem(models.Model):
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    sites = models.ManyToManyField("places.Site", related_name="problems", blank=True)
    lead_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="led_problems"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.SCAN)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.CLEAR)
    start_date = models.DateField()
    # The problem analysis triangle: people, place, activity, and who can act on each side.
    offender_notes = models.TextField("People (offenders)", blank=True)
    place_notes = models.TextField("Place", blank=True)
    victim_notes = models.TextField("Activity and victims", blank=True)
    handler_notes = models.TextField("Handlers", blank=True)
    place_manager_notes = models.TextField("Place managers", blank=True)
    guardian_notes = models.TextField("Guardians", blank=True)
    # Risk indicators.
    risk_firearms = models.BooleanField("Firearms discharges", default=False)
    risk_intimidation = models.BooleanField("Intimidation of residents or witnesses", default=False)
    risk_exploitation = models.BooleanField("Exploitation or cuckooing", default=False)
    risk_vulnerable_residents = models.BooleanField("Vulnerable residents", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return address("problems:detail", args=[self.pk])


class PartnerOrganisation(models.Model):
    """An organisation in the problem's partnership. What it may see beyond what is public to
    the partnership is on the problem's sharing record (``clearhold.sharing``)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["problem", "organisation"], name="one_partner_entry")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.problem}"

    @property
    def sees_personal_data(self) -> bool:
        """Read from the problem's sharing record: the lead, or named for restricted data."""
        from clearhold.problems.sharing_selectors import receives

        return self.organisation_id == self.problem.lead_organisation_id or receives(
            problem=self.problem, organisation_id=self.organisation_id, data_class="restricted"
        )


class MemberRole(models.TextChoices):
    LEAD = "lead", "Lead"
    ENFORCEMENT = "enforcement", "Enforcement"
    HOUSING = "housing", "Housing"
    ENVIRONMENT = "environment", "Environment"
    SUPPORT = "support", "Support"
    ANALYST = "analyst", "Analyst"
    OBSERVER = "observer", "Observer"


class Member(models.Model):
    """A named person with a role in this problem. ``manages_membership`` marks the members who,
    besides the lead organisation's partnership manager, may change who is on the problem."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=MemberRole.choices)
    sees_special_category = models.BooleanField(
        default=False, help_text="Named to see vulnerable-person details (special-category data)"
    )
    manages_membership = models.BooleanField(
        default=False,
        help_text="May name and remove the problem's members and add partner organisations",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["problem", "user"], name="one_membership")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class VulnerablePerson(models.Model):
    """Special-category data: seen only by members named for it; every view is audited."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="vulnerable_people")
    description = models.TextField(help_text="Who, why vulnerable, and what support is in place")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Vulnerable person on {self.problem}"


class Objective(models.Model):
    """A SMART objective measured on the incident store: the monthly count of these
    categories at the site, against its baseline, with a target change by a deadline."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=200)
    categories = models.JSONField(help_text="ClearHold category codes counted")
    site = models.ForeignKey("places.Site", on_delete=models.PROTECT, related_name="+")
    baseline_from = models.DateField(help_text="First month of the baseline")
    baseline_to = models.DateField(help_text="Last month of the baseline")
    target_change_pct = models.FloatField(help_text="e.g. -75 for a 75% fall")
    deadline = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class Layer(models.TextChoices):
    ENFORCEMENT = "enforcement", "Enforcement"
    ENVIRONMENT = "environment", "Environment"
    HOUSING_COMMUNITY = "housing_community", "Housing and community"
    PARTNERSHIP = "partnership", "Partnership coordination"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Vat(models.TextChoices):
    PLUS_VAT = "plus", "plus VAT"
    INCLUDING_VAT = "including", "including VAT"
    NO_VAT = "none", "no VAT"


class Action(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    layer = models.CharField(max_length=20, choices=Layer.choices)
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    cost = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    vat = models.CharField(max_length=10, choices=Vat.choices, default=Vat.NO_VAT)
    funder = models.CharField(max_length=200, blank=True)
    meeting = models.ForeignKey(
        "Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="decided_actions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost__isnull=True) | models.Q(cost__gte=0),
                name="action_cost_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    notes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    next_meeting = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"Meeting on {self.date:%d %B %Y}"


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", "Continue as planned"
    CHANGE = "change", "Change the plan"
    MOVE_PHASE = "move_phase", "Move to the next phase"
    CLOSE = "close", "Close the problem"


class Review(models.Model):
    """A scheduled review. Completing it freezes the objective figures and action statuses
    at that date in ``snapshot``: later data changes never alter a completed review."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="reviews")
    months = models.PositiveSmallIntegerField(help_text="3, 6 or 12 months after the start")
    due_date = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    narrative = models.TextField(blank=True)
    decision = models.CharField(max_length=12, choices=ReviewDecision.choices, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["due_date"]
        constraints = [
            models.UniqueConstraint(fields=["problem", "months"], name="one_review_per_point")
        ]

    def __str__(self) -> str:
        return f"{self.months}-month review of {self.problem}"
