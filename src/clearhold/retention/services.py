"""Applying the retention policy: a dry run by default, and a real run that deletes or
anonymises what is due, one transaction per record type, each written to the audit log.

The real run bypasses the audit log's change tracking on purpose: tracking copies every
changed or deleted field into the append-only log, which would keep for ever the personal data
retention exists to remove. Instead one audit entry per record type says what was done, to
which records (ids only), under which rule and as of which day. If one record type fails,
its transaction leaves it untouched and unaudited and the run stops; the types already done
stay done, each with its audit entry, and the next run carries on from there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clearhold.attachments.models import Attachment
from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record
from clearhold.documents.models import GeneratedDocument
from clearhold.resident_reports.models import ReportPhoto
from clearhold.retention.policy import (
    RULES,
    Decision,
    Disposal,
    PolicyError,
    Rule,
    decide,
    rules_with,
)
from clearhold.retention.records import KINDS, RecordKind
from clearhold.retention.selectors import holdings, problems_closed

ACTOR = "clearhold retention"


@dataclass(frozen=True)
class TypeResult:
    """What the run found (and, for a real run, did) for one record type."""

    rule: Rule
    due: list[Decision]
    waiting: list[Decision]
    done: int = 0


@dataclass(frozen=True)
class RetentionRun:
    as_of: dt.date
    applied: bool
    types: list[TypeResult] = field(default_factory=list)

    @property
    def due_total(self) -> int:
        return sum(len(t.due) for t in self.types)

    def as_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "applied": self.applied,
            "types": [
                {
                    "record": t.rule.record,
                    "title": t.rule.title,
                    "disposal": t.rule.disposal.value,
                    "years": t.rule.years,
                    "due": [
                        {
                            "id": d.holding.pk,
                            "problem_id": d.holding.problem_id,
                            "due_on": d.due_on.isoformat() if d.due_on else None,
                        }
                        for d in t.due
                    ],
                    "done": t.done,
                    "not_yet_due": len(t.waiting),
                }
                for t in self.types
            ],
        }


def retention_rules() -> tuple[Rule, ...]:
    """The policy with the council's own periods from ``CLEARHOLD_RETENTION_YEARS``."""
    return rules_with(getattr(settings, "CLEARHOLD_RETENTION_YEARS", None), RULES)


def _dispose(kind: RecordKind, rule: Rule, ids: list[int]) -> list[int]:
    """Delete or anonymise the rows of ``ids`` that still hold personal data; their ids."""
    rows = kind.model.objects.filter(kind.holding, pk__in=ids)
    found = sorted(set(rows.values_list("pk", flat=True)))
    if not found:
        return []
    if rule.disposal == Disposal.ANONYMISE:
        kind.model.objects.filter(pk__in=found).update(**kind.overwrite)
        if kind.also is not None:
            kind.also(found)
        return found
    if kind.model in (GeneratedDocument, Attachment, ReportPhoto):  # the file goes with its row
        names = list(kind.model.objects.filter(pk__in=found).values_list("file", flat=True))
        storage = kind.model._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(n) for n in names if n])
    # A raw delete sends no signals, so the tracker does not copy the rows into the log.
    # None of these models is the target of a foreign key (checked in the tests).
    kind.model.objects.filter(pk__in=found)._raw_delete(kind.model.objects.db)
    return found


def _audit(rule: Rule, ids: list[int], as_of: dt.date) -> None:
    verb = "deleted" if rule.disposal == Disposal.DELETE else "anonymised"
    audit_record(
        action=AuditAction.DELETE if rule.disposal == Disposal.DELETE else AuditAction.CHANGE,
        object_type=rule.record,
        object_repr=f"Retention: {len(ids)} × {rule.title.lower()} {verb}",
        changes={
            "retention": {
                "disposal": rule.disposal.value,
                "ids": ids,
                "count": len(ids),
                "years": rule.years,
                "counted_from": rule.counted_from,
                "as_of": as_of.isoformat(),
            }
        },
        detail=f"{rule.title} {verb}: {rule.years} years after {rule.counted_from} "
        f"({rule.source}), as of {as_of:%d %B %Y}.",
        username=ACTOR,
    )


def retention_run(
    *, as_of: dt.date | None = None, apply: bool = False, today: dt.date | None = None
) -> RetentionRun:
    """What is due under the retention policy on ``as_of`` (default: today). A dry run
    (the default) changes nothing; ``apply=True`` deletes or anonymises exactly what is due,
    one transaction per record type, and writes one audit entry per type it changed. A real
    run refuses a future ``as_of``: nothing may go before its time."""
    today = today or timezone.localdate()
    as_of = as_of or today
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise PolicyError(f"The retention day must be a date, not {as_of!r}.")
    if apply and as_of > today:
        raise PolicyError(
            f"--as-of {as_of.isoformat()} is in the future: a real run can only apply the "
            "policy as of today or earlier. Leave out --apply to see what will be due then."
        )
    rules = retention_rules()
    closed = problems_closed()
    results = []
    for rule in rules:
        if rule.disposal == Disposal.KEEP:
            continue
        decisions = decide([rule], holdings(rule, closed), as_of)
        due = [d for d in decisions if d.due]
        waiting = [d for d in decisions if not d.due]
        done = 0
        if apply and due:
            with transaction.atomic():
                ids = _dispose(KINDS[rule.record], rule, [d.holding.pk for d in due])
                if ids:
                    _audit(rule, ids, as_of)
            done = len(ids)
        results.append(TypeResult(rule=rule, due=due, waiting=waiting, done=done))
    return RetentionRun(as_of=as_of, applied=apply, types=results)
