"""The closure case as the law runs it (ss.76–93), and people under graduated enforcement.

A :class:`Closure` is one use of the powers on a problem's site. Its notice, service events,
hearings, order, extensions, appeals, costs and breaches each keep what happened and who
recorded it; the deadlines are never stored but computed from these facts by ``clocks.py``
with the law in force on the day. Allow-lists (who may still enter) are stored as the
``clearhold.law.access`` exemptions, as JSON, so the access register reads exactly what the
notice or order says.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clearhold.law.premises import PREMISES_KINDS
from clearhold.toolkit.addresses import address

PREMISES_KIND_LABELS = {
    "dwelling": "A dwelling (house or flat)",
    "building": "A whole building",
    "part_of_building": "Part of a building",
    "communal_areas": "Communal areas of a building",
    "land": "Land with a clear boundary",
    "area": "An area (not premises in law)",
}


class IssuerBody(models.TextChoices):
    POLICE = "police", "Police"
    COUNCIL = "council", "Local authority"


class OrderScope(models.TextChoices):
    WHOLE = "whole", "The whole premises"
    PART = "part", "Part of the premises (s.80(8)(a))"
    COMMUNAL = "communal", "Access to communal parts of the building (s.80(8)(b))"


class Operation(models.Model):
    """Closures of many premises under one name and one problem (the police call it, e.g.,
    "Operation Dakota"): the terms they share, which each closure copies when it is opened and
    may vary. Each closure stays its own notice, service, hearing and order, as the Act
    requires (s.76(5)(a) names one premises per notice); the operation only spares the typing."""

    problem = models.ForeignKey(
        "problems.Problem", on_delete=models.CASCADE, related_name="operations"
    )
    name = models.CharField(max_length=200, help_text="e.g. Operation Dakota")
    body = models.CharField(max_length=10, choices=IssuerBody.choices)
    premises_kind = models.CharField(
        max_length=20,
        choices=[(k, PREMISES_KIND_LABELS[k]) for k in PREMISES_KINDS],
        default="communal_areas",
    )
    scope = models.CharField(max_length=10, choices=OrderScope.choices, default=OrderScope.COMMUNAL)
    part_description = models.TextField(
        blank=True, help_text="e.g. the stairwells, corridors, landings and shared routes"
    )
    exemptions = models.JSONField(
        default=list, blank=True, help_text="Who may still enter, as the law core's exemptions"
    )
    notice_hours = models.PositiveSmallIntegerField(default=48)
    order_months = models.PositiveSmallIntegerField(default=3)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["problem", "name"], name="one_operation_name_per_problem"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return address("powers:operation", args=[self.pk])


class Closure(models.Model):
    """One use of the closure powers on a problem's site: notice, court and order."""

    problem = models.ForeignKey(
        "problems.Problem", on_delete=models.CASCADE, related_name="closures"
    )
    site = models.ForeignKey("places.Site", on_delete=models.PROTECT, related_name="closures")
    premises_description = models.TextField(
        help_text="The premises as the notice will identify them (s.76(5)(a))"
    )
    premises_kind = models.CharField(
        max_length=20, choices=[(k, PREMISES_KIND_LABELS[k]) for k in PREMISES_KINDS]
    )
    boundary_defined = models.BooleanField(
        default=True, help_text="A fence, walls or a title plan mark where the premises end"
    )
    dwelling = models.BooleanField(
        default=False, help_text="Someone's home: the landlord's possession clock applies"
    )
    body = models.CharField(max_length=10, choices=IssuerBody.choices)
    operation = models.ForeignKey(
        Operation, on_delete=models.PROTECT, null=True, blank=True, related_name="closures"
    )
    unit = models.ForeignKey(
        "places.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closures",
        help_text="The unit of the site closed, when the premises are one unit, not the site",
    )
    route_position = models.PositiveIntegerField(
        null=True, blank=True, help_text="Place on the walking route and in street order"
    )
    terms = models.JSONField(
        default=dict,
        blank=True,
        help_text="Where this closure varies the operation's terms (scope, part, allow-list)",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Closure of {self.premises_description}"

    def get_absolute_url(self) -> str:
        return address("powers:closure", args=[self.pk])


class EngagementKind(models.TextChoices):
    INFORM_OCCUPIERS = "inform_occupiers", "Informed the people who live there (s.76(6)(a))"
    INFORM_INTERESTED = (
        "inform_interested",
        "Informed those with control, responsibility or an interest (s.76(6)(b))",
    )
    CONSULT = "consult", "Consulted before the notice (s.76(7))"
    CONSULT_EXTENSION = "consult_extension", "Consulted before extending the order (s.82(3),(4))"


class Engagement(models.Model):
    """One act of informing or consulting, before a notice or an extension."""

    closure = models.ForeignKey(Closure, on_delete=models.CASCADE, related_name="engagements")
    kind = models.CharField(max_length=20, choices=EngagementKind.choices)
    who = models.CharField(max_length=200, help_text="The person or body, e.g. Clarion Housing")
    at = models.DateTimeField()
    how = models.TextField(blank=True, help_text="How, and what they said")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.who}"


class ClosureNotice(models.Model):
    """The closure notice (s.76), its extension (s.77(4)) and cancellation (s.78)."""

    closure = models.OneToOneField(Closure, on_delete=models.CASCADE, related_name="notice")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issuer_role = models.CharField(max_length=20, help_text="The issuer's rank when issued")
    issued_at = models.DateTimeField()
    hours = models.PositiveSmallIntegerField()
    senior_authority = models.BooleanField(
        default=False, help_text="Issued under the 48-hour authority of s.77(2)"
    )
    contents = models.JSONField(
        default=list, help_text="The s.76(5) contents confirmed present (NoticeContents fields)"
    )
    exemptions = models.JSONField(default=list, help_text="Who may still enter (allow-list)")
    hearing_court = models.CharField(max_length=200)
    hearing_court_address = models.TextField(
        blank=True, help_text="Where the court sits, as the notice prints it (s.76(5)(e))"
    )
    hearing_at = models.DateTimeField()
    extension_hours = models.PositiveSmallIntegerField(default=0)
    extension_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    extension_issued_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancellation_reason = models.TextField(blank=True)
    varied_at = models.DateTimeField(null=True, blank=True)
    varied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    part_removed = models.TextField(
        blank=True, help_text="The part of the premises a variation notice took out (s.78(3))"
    )

    def __str__(self) -> str:
        return f"{self.hours}-hour closure notice on {self.closure.premises_description}"


class ServiceDocument(models.TextChoices):
    CLOSURE_NOTICE = "closure_notice", "Closure notice"
    EXTENSION_NOTICE = "extension_notice", "Extension notice"
    CANCELLATION_NOTICE = "cancellation_notice", "Cancellation notice"
    VARIATION_NOTICE = "variation_notice", "Variation notice"


class ServiceAct(models.TextChoices):
    PROMINENT_PLACE = "a", "Fixed to a prominent place on the premises (s.79(2)(a))"
    MEANS_OF_ACCESS = "b", "Fixed to each normal means of access (s.79(2)(b))"
    OUTBUILDINGS = "c", "Fixed to outbuildings used with the premises (s.79(2)(c))"
    PERSON_IN_CONTROL = "d", "Given to a person in control or responsible (s.79(2)(d))"
    RESIDENTS = "e", "Given to the people who live there and those informed (s.79(2)(e))"
    OTHER_OCCUPIERS = "neighbours", "Given to occupiers of other parts of the building (s.79(3))"


class ServiceEvent(models.Model):
    """One act of service (s.79), with who served, when, where and a photograph."""

    notice = models.ForeignKey(ClosureNotice, on_delete=models.CASCADE, related_name="service")
    document = models.CharField(
        max_length=20, choices=ServiceDocument.choices, default=ServiceDocument.CLOSURE_NOTICE
    )
    act = models.CharField(max_length=12, choices=ServiceAct.choices)
    served_at = models.DateTimeField()
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    detail = models.CharField(
        max_length=300, blank=True, help_text="Where it was fixed, or to whom it was given"
    )
    force_used = models.BooleanField(default=False, help_text="Entered by force to post (s.79(4))")
    photo = models.FileField(upload_to="service/%Y/%m/", blank=True)

    class Meta:
        ordering = ["served_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_document_display()} served: {self.get_act_display()}"


class HearingOutcome(models.TextChoices):
    ORDER_MADE = "order_made", "Closure order made"
    REFUSED = "refused", "Order refused"
    ADJOURNED = "adjourned", "Adjourned (up to 14 days, s.81(3))"
    CONTINUED = "continued", "No order; notice continued (up to 48 hours, s.81(2))"


class Listing(models.Model):
    """One court listing at which the applications of many closures of an operation are
    heard: the court still hears and decides each (its own :class:`Hearing`)."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="listings")
    court = models.CharField(max_length=200)
    court_address = models.TextField(blank=True)
    listed_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["listed_at", "id"]

    def __str__(self) -> str:
        return f"{self.court}, {self.listed_at:%d %B %Y %H:%M}"


class Hearing(models.Model):
    """A hearing of the application for a closure order, or of an adjourned one."""

    closure = models.ForeignKey(Closure, on_delete=models.CASCADE, related_name="hearings")
    listing = models.ForeignKey(
        Listing, on_delete=models.PROTECT, null=True, blank=True, related_name="hearings"
    )
    court = models.CharField(max_length=200)
    heard_at = models.DateTimeField()
    outcome = models.CharField(max_length=12, choices=HearingOutcome.choices)
    adjourned_to = models.DateTimeField(null=True, blank=True)
    continued_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    notice_continued = models.BooleanField(
        default=False,
        help_text="On adjourning, the court ordered the notice to continue until then (s.81(4))",
    )
    notes = models.TextField(blank=True, help_text="Adjournment requests and reasons, findings")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["heard_at", "id"]

    def __str__(self) -> str:
        return f"Hearing at {self.court}: {self.get_outcome_display()}"


class ClosureOrder(models.Model):
    """The closure order made by the court (s.80): full or partial, with its allow-list."""

    closure = models.OneToOneField(Closure, on_delete=models.CASCADE, related_name="order")
    made_on = models.DateField()
    starts_on = models.DateField(help_text="Usually the day it is made; the court may defer it")
    ends_on = models.DateField(help_text="The end the court set, before any extension")
    court = models.CharField(max_length=200)
    partial = models.BooleanField(default=False)
    scope = models.CharField(max_length=10, choices=OrderScope.choices, default=OrderScope.WHOLE)
    part_description = models.TextField(blank=True)
    exemptions = models.JSONField(
        default=list,
        blank=True,
        help_text="Who may still enter (allow-list); empty: a full order barring all persons",
    )
    bars_residents = models.BooleanField(default=False)
    discharged_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        kind = "Partial" if self.partial else "Full"
        return f"{kind} closure order on {self.closure.premises_description}"

    def quashed_on(self, as_of=None):
        """The day an appeal against the making of the order was allowed (s.84), or None;
        ``as_of``: only an appeal concluded on or before that day counts."""
        allowed = _allowed_appeals(self.closure, AppealAgainst.MAKING)
        return min((a.concluded_on for a in allowed if _by(a.concluded_on, as_of)), default=None)

    def current_ends_on(self, as_of=None):
        """The end with every granted extension not overturned on appeal; the discharge day,
        or the day it was quashed on appeal, if earlier. ``as_of``: the end as it stood on
        that day (decisions made after it left out), for papers made "as at" a hearing."""
        overturned = {
            a.decision_on
            for a in _allowed_appeals(self.closure, AppealAgainst.EXTENSION)
            if _by(a.concluded_on, as_of)
        }
        granted = [
            e.new_ends_on
            for e in self.extensions.all()
            if e.granted_on and _by(e.granted_on, as_of) and e.granted_on not in overturned
        ]
        end = max([self.ends_on, *granted])
        discharged = self.discharged_on if _by(self.discharged_on, as_of) else None
        for cut in (discharged, self.quashed_on(as_of)):
            if cut and cut < end:
                end = cut
        return end


def _allowed_appeals(closure, against) -> list:
    """The closure's appeals ``against`` that were allowed, read through ``appeals.all()`` so a
    page that prefetched the appeals of many closures asks the database once, not per order."""
    return [
        a
        for a in closure.appeals.all()
        if a.against == against and a.outcome == AppealOutcome.ALLOWED
    ]


def _by(on, as_of) -> bool:
    """Whether a decision dated ``on`` had been made by ``as_of`` (always, without a day)."""
    return on is not None and (as_of is None or on <= as_of)


class OrderExtension(models.Model):
    """An application to extend the order (s.82) and, once decided, the court's decision."""

    order = models.ForeignKey(ClosureOrder, on_delete=models.CASCADE, related_name="extensions")
    applied_on = models.DateField()
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applicant_role = models.CharField(max_length=20)
    consultee = models.CharField(max_length=200, help_text="The appropriate consultee (s.82(4))")
    new_ends_on = models.DateField()
    granted_on = models.DateField(null=True, blank=True)
    refused_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["applied_on", "id"]

    def __str__(self) -> str:
        return f"Extension to {self.new_ends_on:%d %B %Y}"


class AppealOutcome(models.TextChoices):
    PENDING = "pending", "Pending"
    DISMISSED = "dismissed", "Dismissed"
    ALLOWED = "allowed", "Allowed"
    ABANDONED = "abandoned", "Abandoned"
    WITHDRAWN = "withdrawn", "Withdrawn"


class AppealAgainst(models.TextChoices):
    """The decision appealed against: an allowed appeal against the making quashes the order
    and stops the possession clock (Housing Act 1985 s.84A(8)(b)); one against an extension
    does not."""

    MAKING = "making", "The making of the closure order (s.84(1))"
    EXTENSION = "extension", "The extension of the order (s.84(1))"
    REFUSAL = "refusal", "A refusal to make or extend the order (s.84(2),(3))"


class Appeal(models.Model):
    """An appeal to the Crown Court against a decision on the order (s.84)."""

    closure = models.ForeignKey(Closure, on_delete=models.CASCADE, related_name="appeals")
    against = models.CharField(
        max_length=10, choices=AppealAgainst.choices, default=AppealAgainst.MAKING
    )
    decision_on = models.DateField(help_text="The day of the decision appealed against")
    lodged_on = models.DateField()
    appellant = models.CharField(max_length=200)
    outcome = models.CharField(
        max_length=10, choices=AppealOutcome.choices, default=AppealOutcome.PENDING
    )
    concluded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["lodged_on", "id"]

    def __str__(self) -> str:
        return f"Appeal by {self.appellant} ({self.get_outcome_display()})"


from clearhold.powers.models_enforcement import (  # noqa: E402  (re-exported: one place to import from)
    Breach,
    BreachOf,
    ClosureCost,
    CostKind,
    EnforcementStep,
    Person,
    StepKind,
)

__all__ = [
    "PREMISES_KIND_LABELS",
    "Appeal",
    "AppealAgainst",
    "AppealOutcome",
    "Breach",
    "BreachOf",
    "Closure",
    "ClosureCost",
    "ClosureNotice",
    "ClosureOrder",
    "CostKind",
    "EnforcementStep",
    "Engagement",
    "EngagementKind",
    "Hearing",
    "HearingOutcome",
    "IssuerBody",
    "Listing",
    "Operation",
    "OrderExtension",
    "OrderScope",
    "Person",
    "ServiceAct",
    "ServiceDocument",
    "ServiceEvent",
    "StepKind",
]
