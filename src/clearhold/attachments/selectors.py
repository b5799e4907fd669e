"""Reading attachments: those filed on one record, and one by id."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.shortcuts import get_object_or_404

from clearhold.attachments.models import Attachment
from clearhold.toolkit.ordering import in_order


def attachments_on(record: models.Model, problems: list[Any]) -> list[Attachment]:
    """The attachments filed on ``record`` under ``problems`` (the problems the reader may
    see; a site's attachments are filed under each of its problems). Each holds its problem
    from ``problems``, the caller's records, which the read model checks it against: the
    problem (a wide row) is not joined to every attachment and read again. Newest first (the
    model's order), sorted here (``in_order``)."""
    by_pk = {problem.pk: problem for problem in problems}
    found = in_order(
        Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            problem__in=list(by_pk),
        )
        .select_related("uploaded_by")
        .order_by(),
        "-uploaded_at",
        "-id",
    )
    for attachment in found:
        attachment.problem = by_pk[attachment.problem_id]
    return found


def attachment_get(*, pk: int) -> Attachment:
    return get_object_or_404(Attachment.objects.select_related("problem"), pk=pk)
