"""A tracked field's value as it stood at a past moment, read back from the audit trail.

Every create and change of a tracked model (``services.track``) records each field's old and
new value with the time; papers made "as at" a day (the evidence bundle for a hearing) use this
to show a record as it was then, not as it is now.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from clearhold.audit.models import AuditAction, AuditEntry

NOT_KNOWN = object()


def field_as_at(obj: models.Model, field: str, moment: dt.datetime) -> Any:
    """The value of ``obj.field`` just after ``moment``, as the trail recorded it; ``NOT_KNOWN``
    when the trail holds no value for it by then (the record was made later, or untracked)."""
    entries = AuditEntry.objects.filter(
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        action__in=(AuditAction.CREATE, AuditAction.CHANGE),
        at__lte=moment,
    ).order_by("-at", "-id")
    for entry in entries:
        change = (entry.changes or {}).get(field)
        if isinstance(change, list) and len(change) == 2:
            return change[1]
    return NOT_KNOWN
