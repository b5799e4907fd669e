"""The data protection officer's report: who saw which personal data, when and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.audit.purposes import purpose_label
from clearhold.audit_reports.selectors import between
from clearhold.toolkit.csvstream import csv_lines

REPORT_COLUMNS = (
    "at",
    "username",
    "organisation",
    "action",
    "data_class",
    "object_type",
    "object_id",
    "object_repr",
    "fields",
    "purpose",
    "problem",
    "detail",
)


@dataclass(frozen=True)
class ReadFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    organisation: str = ""
    data_class: str = ""


def reads_list(*, filters: ReadFilters) -> QuerySet[AuditEntry]:
    """Every view and export of personal data matching the filters, newest first."""
    entries = AuditEntry.objects.filter(action__in=(AuditAction.VIEW, AuditAction.EXPORT))
    entries = between(entries, filters.date_from, filters.date_to)
    if filters.organisation:
        entries = entries.filter(organisation=filters.organisation)
    if filters.data_class:
        entries = entries.filter(data_class=filters.data_class)
    return entries


def reads_csv_rows(entries: Iterable[AuditEntry]) -> Iterator[str]:
    """CSV lines (header first) of the report, for a streaming download."""
    return csv_lines(
        REPORT_COLUMNS,
        (
            [
                entry.at.isoformat(),
                entry.username,
                entry.organisation,
                entry.action,
                entry.data_class,
                entry.object_type,
                entry.object_id,
                entry.object_repr,
                " ".join(entry.fields),
                purpose_label(entry.purpose),
                entry.problem_pk or "",
                entry.detail,
            ]
            for entry in entries
        ),
    )
