"""Residents' reports: a public page where a resident reports a problem at a site without an
account, and follows it by its reference.

A site opts in with a :class:`ReportingPage`: its public name and address on the web (``slug``),
the categories residents choose from, and the problem whose partnership receives the reports.
A :class:`ResidentReport` waits in the partnership's moderation queue; once accepted it becomes
an incident in the store (source "resident report": category, day and place only, never the
resident's words) and its status is shown to whoever holds its reference. Contact details are
personal data (restricted under the sharing record) and the photo goes with them; what the
resident wrote is the partnership's to read and is never shown publicly. The partnership's
"you said, we did" updates (:class:`ReportUpdate`) are the only words shown on the public pages.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

RESIDENT_REPORT_SOURCE = "resident report"


class ReportingPage(models.Model):
    """A site's public reporting page: open to reports while ``is_open``."""

    site = models.OneToOneField(
        "places.Site", on_delete=models.CASCADE, related_name="reporting_page"
    )
    problem = models.ForeignKey(
        "problems.Problem",
        on_delete=models.CASCADE,
        related_name="reporting_pages",
        help_text="The partnership that receives the reports",
    )
    public_name = models.CharField(
        max_length=120, help_text="The name residents know the place by, e.g. Chapel Road park"
    )
    slug = models.SlugField(max_length=60, unique=True, help_text="The page's web address")
    categories = models.JSONField(help_text="ClearHold category codes residents choose from")
    is_open = models.BooleanField(default=True)
    batch = models.ForeignKey(
        "incidents.ImportBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The incident batch accepted reports are stored in",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["public_name"]

    def __str__(self) -> str:
        return self.public_name

    def get_absolute_url(self) -> str:
        return reverse("resident_reports:report", args=[self.slug])


class ReportStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    LOOKING = "looking", "Being looked at"
    ACTION_TAKEN = "action_taken", "Action taken"
    CLOSED = "closed", "Closed"


class Moderation(models.TextChoices):
    WAITING = "waiting", "Waiting to be checked"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class ResidentReport(models.Model):
    page = models.ForeignKey(ReportingPage, on_delete=models.PROTECT, related_name="reports")
    problem = models.ForeignKey(
        "problems.Problem", on_delete=models.CASCADE, related_name="resident_reports"
    )
    reference = models.CharField(max_length=10, unique=True)
    category = models.CharField(max_length=32)
    what_happened = models.TextField()
    where = models.CharField(max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    occurred_on = models.DateField()
    occurred_time = models.TimeField(null=True, blank=True)
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(max_length=254, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_consent = models.BooleanField(default=False)
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=12, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.WAITING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    incident = models.OneToOneField(
        "incidents.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident_report",
    )
    # Keyed digests (HMAC) of the sender's address and device, for the rate limits only.
    sender_digest = models.CharField(max_length=64, blank=True, db_index=True)
    device_digest = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"Resident report {self.pk} at {self.page}"

    def get_absolute_url(self) -> str:
        return reverse("resident_reports:detail", args=[self.pk])

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_email or self.contact_phone)


class ReportPhoto(models.Model):
    """The photo sent with a report, stored without its metadata (no GPS position)."""

    report = models.OneToOneField(ResidentReport, on_delete=models.CASCADE, related_name="photo")
    file = models.FileField(upload_to="resident_reports/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"Photo of resident report {self.report_id}"


class ReportUpdate(models.Model):
    """A "you said, we did" update the partnership publishes for a site's reporting page."""

    page = models.ForeignKey(ReportingPage, on_delete=models.CASCADE, related_name="updates")
    you_said = models.CharField(max_length=300, help_text="What residents told you, in brief")
    we_did = models.TextField(help_text="What the partnership did about it")
    published_on = models.DateField(default=timezone.localdate)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return f"You said, we did: {self.you_said}"
