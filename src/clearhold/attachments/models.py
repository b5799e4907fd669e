"""An attachment: a file filed on one record of one problem.

Why a generic relation (contenttypes) and not one foreign key per kind of record: the records
are of five apps (problems, places, powers), and a foreign key each would make this app import
and migrate against all of them, growing a nullable column for every new kind. The record is
named by its content type and id; the problem is a real foreign key because it is what every
rule and the data class are asked about (a site is the partnership's, so an attachment on a site
is filed under the problem it was added for). ``records.RECORD_KINDS`` names the kinds that may
carry attachments and checks that a record belongs to the problem.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone


class AttachmentKind(models.TextChoices):
    MINUTES = "minutes", "Meeting minutes"
    PHOTO = "photo", "Photograph"
    LETTER = "letter", "Letter received"
    OTHER = "other", "Other document"


class Attachment(models.Model):
    problem = models.ForeignKey(
        "problems.Problem", on_delete=models.PROTECT, related_name="attachments"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    file = models.FileField(upload_to="attachments/%Y/%m/")
    filename = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("attachments:download", args=[self.pk])
