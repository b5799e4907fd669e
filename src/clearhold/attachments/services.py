"""Adding an attachment: checked, stored and recorded (the change tracking writes the audit
entry of the upload, naming the record and who added it, never the file's title)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction

from clearhold.attachments.checks import check_attachment
from clearhold.attachments.models import Attachment
from clearhold.attachments.permissions import ATTACHMENT_ADD
from clearhold.attachments.records import belongs
from clearhold.authz import require


def _digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attachment_add(
    *,
    user: Any,
    problem: Any,
    record: models.Model,
    upload: UploadedFile,
    kind: str,
    title: str,
    description: str = "",
) -> Attachment:
    """File ``upload`` on ``record`` of ``problem``; refused (nothing stored) when the user may
    not attach files there, the record is not the problem's, or the file fails its checks."""
    require(user, ATTACHMENT_ADD, problem)
    if not belongs(record, problem):
        raise ValueError("The record is not one of this problem's records.")
    check_attachment(upload)
    attachment = Attachment(
        problem=problem,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        filename=(upload.name or "attachment").rsplit("/", 1)[-1][:255],
        size=upload.size or 0,
        sha256=_digest(upload),
        uploaded_by=user,
    )
    attachment.file.save(attachment.filename, upload, save=False)
    attachment.save()
    return attachment
