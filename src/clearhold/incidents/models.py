"""The incident store: every partner's incidents in one table, and the batches that loaded them.

Incidents are written in bulk (see ``store.py``), one batch in one transaction, never one
ORM object at a time. Months are stored as the first day of the month; ``precision`` says
whether the source gave a month, a day or a time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from clearhold.ingest.taxonomy import Category


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    NEEDS_CONFIRMATION = "confirm", "Waiting for you to confirm a replacement"
    STORED = "stored", "Stored"
    REJECTED = "rejected", "Rejected: nothing stored"
    DUPLICATE = "duplicate", "Already imported: nothing new"
    FAILED = "failed", "Failed: nothing stored"


class MappingProfileRecord(models.Model):
    """A saved column mapping for partner files (CAD exports, housing and council ASB logs)."""

    name = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=200)
    definition = models.JSONField(help_text="clearhold.ingest.MappingProfile.to_dict()")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class ImportBatch(models.Model):
    source = models.CharField(max_length=60, help_text="policeuk, or the mapping profile's name")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organisation that imported the batch: only it (or an administrator) "
        "replaces the force-months it holds. Empty for the command line run without a user.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    keep_valid_rows = models.BooleanField(
        default=False, help_text="Import the valid rows and keep a report of the rest"
    )
    replace_force_months = models.BooleanField(
        default=False, help_text="Replace an older download of the same force and month"
    )
    rows_read = models.PositiveIntegerField(default=0)
    rows_stored = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    rows_replaced = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    error_report = models.JSONField(default=list, blank=True)
    errors_total = models.PositiveIntegerField(default=0)
    replacement_plan = models.JSONField(default=list, blank=True)
    removals_understood = models.JSONField(
        default=list,
        blank=True,
        help_text="The large removals (over half a force-month) the confirmer said they "
        "understood; the replacement runs only if the plan still matches them",
    )
    progress_percent = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.source}, {self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("incidents:batch", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING)


class ImportFile(models.Model):
    """One file of a batch. A stored file's sha256 is unique, which makes re-imports no-ops and
    makes two simultaneous imports of the same file impossible (the second one fails cleanly)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    path = models.CharField(max_length=500, blank=True, help_text="Where the upload is kept")
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    force = models.CharField(max_length=100, blank=True)
    months = models.JSONField(default=list, blank=True)
    stored = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"],
                condition=models.Q(stored=True),
                name="import_file_stored_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Incident(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="incidents")
    source = models.CharField(max_length=60)
    reference = models.CharField(max_length=100, blank=True)
    category = models.CharField(max_length=32, choices=[(c.value, c.label) for c in Category])
    source_category = models.CharField(max_length=200, blank=True)
    month = models.DateField(help_text="First day of the month the incident happened in")
    occurred = models.DateTimeField(null=True, blank=True)
    precision = models.CharField(max_length=6, default="month")
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True)
    lsoa_code = models.CharField(max_length=12, blank=True)
    lsoa_name = models.CharField(max_length=120, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    force = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    row_key = models.BigIntegerField(help_text="Content hash of the source row")
    file_name = models.CharField(max_length=255, blank=True)
    row_number = models.PositiveIntegerField(default=0)
    premises = models.ForeignKey(
        "places.Premises",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        db_index=False,  # the partial index below: almost every row has no premises
    )

    class Meta:
        ordering = ["-month", "id"]
        indexes = [
            models.Index(fields=["category", "month"], name="incident_category_month"),
            models.Index(fields=["easting", "northing"], name="incident_bng"),
            models.Index(fields=["force", "month"], name="incident_force_month"),
            # Only the linked rows: a police.uk import links none, so the index an import
            # rebuilds costs nothing (a full one sorted a million NULLs), and it still serves
            # ``premises_id = ?`` (a deleted premises' SET NULL, a premises' incidents).
            models.Index(
                fields=["premises"],
                name="incident_premises",
                condition=models.Q(premises__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.month:%Y-%m} {self.location}"


class StoreVersion(models.Model):
    """One row: how many times stored incidents were removed or changed in place (and on
    PostgreSQL inserted, once a statement), kept by database triggers (``store_changes.py``).
    With the newest incident id it is the store's data version, read once a request without
    counting the incidents."""

    changes = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.changes} changes"
