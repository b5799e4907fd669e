"""Reading attachments: those filed on one record, and one by id."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from clearhold.attachments.models import Attachment


def attachments_on(record: models.Model, problems: Any) -> QuerySet:
    """The attachments filed on ``record`` under ``problems`` (a query set of problems the
    reader may see; a site's attachments are filed under each of its problems)."""
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        problem__in=problems,
    ).select_related("problem", "uploaded_by")


def attachment_get(*, pk: int) -> Attachment:
    return get_object_or_404(Attachment.objects.select_related("problem"), pk=pk)
