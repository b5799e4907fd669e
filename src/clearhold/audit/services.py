"""Writing to the audit trail: one function for an entry, and change tracking for models.

``track(Model)`` makes every create, change and delete of that model write an entry with the
before/after of the changed fields. The trail is append-only and kept for ever, out of reach of
retention, so it must not become a second copy of personal data: a field whose data class
(``clearhold.authz``) is restricted or special category is named as changed, its values are
not recorded (only whether it was blank), and an object whose name is personal data is called
by a stable pseudonym, its model label and id (``powers.person:17``), never by ``str(obj)``:
the subject-access export resolves that id to the person while the record exists, and once
retention has removed the record the trail no longer says who it was. Bulk operations bypass
model signals by design (an import of a million incidents is recorded once, as its batch), so
services that bulk-write record the batch themselves with :func:`audit_record`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from clearhold.audit.context import current_actor
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.authz import DATA_CLASSES, DataClass, field_class

NEVER_RECORDED = frozenset({"password", "last_login"})
# The people a subject-access request is about (``clearhold.audit_reports.subject_access``): a
# change to a record pointing at one of them (a breach, an enforcement step) names them in
# ``subjects``.
SUBJECT_MODELS = frozenset({"powers.person", "problems.vulnerableperson"})
NOT_RECORDED = "(personal data, not recorded)"
BLANK = (None, "", [], {})


@dataclass(frozen=True)
class _Tracking:
    fields: frozenset[str]  # attnames recorded
    names: dict[str, str]  # attname -> field name (the data classes name fields by name)
    keep_values: frozenset[str]  # attnames whose values are recorded whatever their class
    personal_repr: bool  # whether str(obj) is built from personal data
    conditional: bool  # whether a field's class depends on the object's state


_TRACKED: dict[type[models.Model], _Tracking] = {}


def _person(user: Any) -> tuple[Any, str, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "", ""
    organisation = getattr(user, "organisation", None)
    return user, user.get_username(), str(organisation) if organisation else ""


def pseudonym(label: str, pk: Any) -> str:
    """How the trail names an object whose name is personal data: ``app.model:pk``."""
    return f"{label}:{pk}"


def names_a_person(label: str) -> bool:
    """Whether objects of the model ``label`` are named with personal data: its declared
    default class is restricted or special category (or it was never declared)."""
    declared = DATA_CLASSES.get(label)
    return declared is None or declared.default != DataClass.PUBLIC


def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    detail: str = "",
    user: Any = None,
    username: str = "",
    data_class: str = "",
    fields: list[str] | None = None,
    purpose: str = "",
    problem_pk: int | None = None,
    subjects: str = "",
) -> AuditEntry:
    """Append one entry. The actor defaults to the person in the current audit context.
    Reads of personal data also give its class, the fields shown, the purpose, the problem and
    the people it was about (see ``clearhold.audit.reads``)."""
    actor = current_actor()
    person, name, organisation = _person(user if user is not None else actor.user)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if not names_a_person(object_type):
            object_repr = object_repr or str(obj)[:300]
    if object_id and names_a_person(object_type):
        object_repr = pseudonym(object_type, object_id)
    return AuditEntry.objects.create(
        user=person,
        username=name or username[:150],
        organisation=organisation,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        changes=changes or {},
        detail=detail,
        path=actor.path,
        ip_address=actor.ip_address,
        data_class=data_class,
        fields=fields or [],
        purpose=purpose,
        problem_pk=problem_pk,
        subjects=subjects,
    )


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _values(instance: models.Model, fields: frozenset[str]) -> dict[str, Any]:
    return {
        f.attname: _plain(getattr(instance, f.attname))
        for f in instance._meta.concrete_fields
        if f.attname in fields
    }


def _withheld(tracking: _Tracking, *states: models.Model) -> frozenset[str]:
    """The attnames whose values are personal data in any of ``states`` (a class can depend on
    the object, e.g. a document's inputs are personal only when it holds personal data)."""
    return frozenset(
        attname
        for attname in tracking.fields - tracking.keep_values
        if any(field_class(s, tracking.names[attname]) != DataClass.PUBLIC for s in states)
    )


def _shown(value: Any, withheld: bool) -> Any:
    """The value as recorded: personal data is replaced by :data:`NOT_RECORDED` (a blank stays
    blank, so the trail still says a field was filled in or cleared)."""
    return NOT_RECORDED if withheld and value not in BLANK else value


def _changes(
    before: dict[str, Any], after: dict[str, Any], withheld: frozenset[str]
) -> dict[str, list[Any]]:
    keys = [*after, *(k for k in before if k not in after)]
    return {
        k: [_shown(before.get(k), k in withheld), _shown(after.get(k), k in withheld)]
        for k in keys
        if before.get(k) != after.get(k)
    }


def _repr(tracking: _Tracking, instance: models.Model) -> str:
    if not tracking.personal_repr:
        return ""
    return pseudonym(instance._meta.label_lower, instance.pk)


def _subjects(instance: models.Model, previous: dict[str, Any] | None = None) -> str:
    """The ``subjects`` of a change entry: the people the record points at, before and after."""
    keys = []
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.related_model._meta.label_lower in SUBJECT_MODELS:
            label = field.related_model._meta.label_lower
            for pk in (getattr(instance, field.attname), (previous or {}).get(field.attname)):
                if pk is not None and pseudonym(label, pk) not in keys:
                    keys.append(pseudonym(label, pk))
    return f"|{'|'.join(keys)}|" if keys else ""


def _before_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    fields = _TRACKED[sender].fields
    previous = None
    if instance.pk is not None and not kwargs.get("raw"):
        previous = sender._base_manager.filter(pk=instance.pk).values(*fields).first()
    instance._audit_previous = previous  # type: ignore[attr-defined]


def _after_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    tracking = _TRACKED[sender]
    after = _values(instance, tracking.fields)
    previous = getattr(instance, "_audit_previous", None)
    if created or previous is None:
        after = {k: v for k, v in after.items() if v not in (None, "")}
        changes = _changes({}, after, _withheld(tracking, instance))
        audit_record(
            action=AuditAction.CREATE,
            obj=instance,
            object_repr=_repr(tracking, instance),
            changes=changes,
            subjects=_subjects(instance),
        )
        return
    before = {k: _plain(v) for k, v in previous.items()}
    states = (instance, sender(**previous)) if tracking.conditional else (instance,)
    changes = _changes(before, after, _withheld(tracking, *states))
    if changes:
        audit_record(
            action=AuditAction.CHANGE,
            obj=instance,
            object_repr=_repr(tracking, instance),
            changes=changes,
            subjects=_subjects(instance, previous),
        )


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    tracking = _TRACKED[sender]
    before = {k: v for k, v in _values(instance, tracking.fields).items() if v not in (None, "")}
    audit_record(
        action=AuditAction.DELETE,
        obj=instance,
        object_repr=_repr(tracking, instance),
        changes=_changes(before, {}, _withheld(tracking, instance)),
        subjects=_subjects(instance),
    )


def track(
    model: type[models.Model],
    *,
    exclude: tuple[str, ...] = (),
    keep_values: tuple[str, ...] = (),
    personal_repr: bool | None = None,
) -> type[models.Model]:
    """Record every create, change and delete of ``model`` in the audit trail.

    ``exclude`` names fields never mentioned; ``keep_values`` names restricted fields whose
    values the trail needs all the same (who was given access to what), each call saying why.
    ``personal_repr`` says whether the object's name (``str``) is personal data; by default it
    is when the model's data class is (``clearhold.authz.DECLARED``)."""
    concrete = {f.name: f.attname for f in model._meta.concrete_fields}
    named = set(exclude) | set(keep_values)
    unknown = sorted(named - concrete.keys() - set(concrete.values()))
    if unknown:
        raise ValueError(f"{model._meta.label} has no fields {', '.join(unknown)}")
    fields = frozenset(
        attname
        for name, attname in concrete.items()
        if not {name, attname} & (NEVER_RECORDED | set(exclude))
    )
    declared = DATA_CLASSES.get(model._meta.label_lower)
    if personal_repr is None:
        personal_repr = declared is None or declared.default != DataClass.PUBLIC
    _TRACKED[model] = _Tracking(
        fields=fields,
        names={attname: name for name, attname in concrete.items()},
        keep_values=frozenset(
            attname for name, attname in concrete.items() if {name, attname} & set(keep_values)
        ),
        personal_repr=personal_repr,
        conditional=declared is not None and any(g.when for g in declared.groups),
    )
    uid = f"audit-{model._meta.label_lower}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-delete")
    return model


def tracked_models() -> list[type[models.Model]]:
    return list(_TRACKED)
