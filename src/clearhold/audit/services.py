"""Writing to the audit trail: one function for an entry, and change tracking for models.

``track(Model)`` makes every create, change and delete of that model write an entry with the
before/after of the changed fields. Bulk operations bypass model signals by design (an import of
a million incidents is recorded once, as its batch), so services that bulk-write record the
batch themselves with :func:`audit_record`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from clearhold.audit.context import current_actor
from clearhold.audit.models import AuditAction, AuditEntry

NEVER_RECORDED = frozenset({"password", "last_login"})
_TRACKED: dict[type[models.Model], frozenset[str]] = {}


def _person(user: Any) -> tuple[Any, str, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "", ""
    organisation = getattr(user, "organisation", None)
    return user, user.get_username(), str(organisation) if organisation else ""


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
) -> AuditEntry:
    """Append one entry. The actor defaults to the person in the current audit context."""
    actor = current_actor()
    person, name, organisation = _person(user if user is not None else actor.user)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
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


def _before_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    fields = _TRACKED[sender]
    previous = None
    if instance.pk is not None and not kwargs.get("raw"):
        previous = sender._base_manager.filter(pk=instance.pk).values(*fields).first()
    instance._audit_previous = previous  # type: ignore[attr-defined]


def _after_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    after = _values(instance, _TRACKED[sender])
    previous = getattr(instance, "_audit_previous", None)
    if created or previous is None:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "")}
        audit_record(action=AuditAction.CREATE, obj=instance, changes=changes)
        return
    before = {k: _plain(v) for k, v in previous.items()}
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        audit_record(action=AuditAction.CHANGE, obj=instance, changes=changes)


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    before = _values(instance, _TRACKED[sender])
    changes = {k: [v, None] for k, v in before.items() if v not in (None, "")}
    audit_record(action=AuditAction.DELETE, obj=instance, changes=changes)


def track(model: type[models.Model], *, exclude: tuple[str, ...] = ()) -> type[models.Model]:
    """Record every create, change and delete of ``model`` in the audit trail."""
    fields = frozenset(
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in NEVER_RECORDED and f.attname not in exclude
    )
    _TRACKED[model] = fields
    uid = f"audit-{model._meta.label_lower}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-delete")
    return model


def tracked_models() -> list[type[models.Model]]:
    return list(_TRACKED)
