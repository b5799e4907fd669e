"""Reading the audit trail for the administrators' search and export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from clearhold.audit.models import AuditEntry
from clearhold.toolkit.csvstream import csv_lines

EXPORT_COLUMNS = (
    "at",
    "username",
    "organisation",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "detail",
    "path",
    "ip_address",
)


@dataclass(frozen=True)
class AuditFilters:
    text: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_entry_list(*, filters: AuditFilters) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if filters.text:
        entries = entries.filter(
            Q(username__icontains=filters.text)
            | Q(organisation__icontains=filters.text)
            | Q(object_repr__icontains=filters.text)
            | Q(object_type__icontains=filters.text)
            | Q(detail__icontains=filters.text)
        )
    if filters.action:
        entries = entries.filter(action=filters.action)
    return between(entries, filters.date_from, filters.date_to)


def between(
    entries: QuerySet[AuditEntry], date_from: dt.date | None, date_to: dt.date | None
) -> QuerySet[AuditEntry]:
    """The entries made on or after ``date_from`` and on or before ``date_to`` (either open)."""
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries


def audit_csv_rows(entries: Iterable[AuditEntry]) -> Iterator[str]:
    """CSV lines (header first) for a streaming export."""
    return csv_lines(
        EXPORT_COLUMNS,
        (
            [
                entry.at.isoformat(),
                entry.username,
                entry.organisation,
                entry.action,
                entry.object_type,
                entry.object_id,
                entry.object_repr,
                entry.changes,
                entry.detail,
                entry.path,
                entry.ip_address or "",
            ]
            for entry in entries
        ),
    )
