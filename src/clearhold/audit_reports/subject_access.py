"""Subject-access export: everything held about one person, and who saw it.

A person is either someone under graduated enforcement (``powers.Person``) or a vulnerable
person recorded on a problem (``problems.VulnerablePerson``). The export gathers the record,
what hangs off it (steps, breaches), and every audit entry that read or changed it, directly
or on a page that listed it. The trail names people by pseudonym (``powers.person:17``); the
export, made for the person themselves, resolves the pseudonym back to them.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db.models import Model, Q
from django.http import Http404

from clearhold.audit.models import AuditEntry
from clearhold.audit.purposes import purpose_label
from clearhold.audit.reads import subject_key

KINDS = ("person", "vulnerable")


def _model(kind: str) -> type[Model]:
    from clearhold.powers.models import Person
    from clearhold.problems.models import VulnerablePerson

    if kind not in KINDS:
        raise Http404("No such kind of person")
    return Person if kind == "person" else VulnerablePerson


def subject_get(*, kind: str, pk: int) -> Model:
    found = _model(kind).objects.select_related("problem").filter(pk=pk).first()
    if found is None:
        raise Http404("No such person")
    return found


def subjects_find(*, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """People under enforcement whose name, and vulnerable people whose record, holds ``text``."""
    text = text.strip()
    if not text:
        return []
    people = _model("person").objects.select_related("problem").filter(name__icontains=text)
    vulnerable = (
        _model("vulnerable").objects.select_related("problem").filter(description__icontains=text)
    )
    return [
        {"kind": "person", "subject": p, "label": p.name, "problem": p.problem}
        for p in people[:limit]
    ] + [
        {"kind": "vulnerable", "subject": v, "label": v.description[:80], "problem": v.problem}
        for v in vulnerable[:limit]
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Model):
        return str(value)
    return value


def _fields(obj: Model, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        f.name: _plain(getattr(obj, f.name))
        for f in obj._meta.concrete_fields
        if f.name not in skip and not f.primary_key
    }


def seen_by(subject: Model) -> list[dict[str, Any]]:
    """Every audit entry about the subject: reads (direct, or of a page listing them),
    changes and exports, oldest first."""
    key = subject_key(subject)
    name = str(subject)
    entries = AuditEntry.objects.filter(
        Q(object_type=subject._meta.label_lower, object_id=str(subject.pk))
        | Q(subjects__contains=f"|{key}|")
    ).order_by("at", "id")
    return [
        {
            "at": e.at.isoformat(),
            "who": e.username,
            "organisation": e.organisation,
            "what": e.get_action_display(),
            "data_class": e.data_class,
            "fields": e.fields,
            "purpose": purpose_label(e.purpose),
            "record": e.object_repr.replace(key, name),
            "detail": e.detail.replace(key, name),
        }
        for e in entries
    ]


def subject_access_export(*, subject: Model) -> dict[str, Any]:
    """The whole export as a JSON-ready dict."""
    held: dict[str, Any] = {
        "record": _fields(subject),
        "problem": {"id": subject.problem.pk, "title": subject.problem.title},
    }
    if subject._meta.label_lower == "powers.person":
        held["enforcement_steps"] = [_fields(s, ("person",)) for s in subject.steps.all()]
        held["breaches"] = [_fields(b, ("person",)) for b in subject.breaches.all()]
    return {
        "subject": {"kind": subject._meta.verbose_name, "id": subject.pk, "name": str(subject)},
        "held": held,
        "seen_by": seen_by(subject),
    }
