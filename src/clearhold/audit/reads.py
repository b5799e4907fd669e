"""Recording each read of restricted or special-category data, with the reader's purpose.

The purpose is asked once per problem per session (the purpose page, before the first page
with personal data) and remembered in the session; every read then writes one VIEW entry
naming the data class, the fields shown, the purpose, the problem and the people the data was
about, so the subject-access export can say who saw a person's data and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.audit.purposes import Purpose, purpose_label
from clearhold.audit.services import audit_record
from clearhold.authz import DataClass
from clearhold.toolkit.addresses import address

SESSION_KEY = "clearhold_read_purposes"


def subject_key(obj: Any) -> str:
    """How a person is named in an entry's ``subjects``: ``app.model:pk``."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def pseudonymised(text: str, people: Iterable[Any]) -> str:
    """``text`` with each person's name (``str``) replaced by their :func:`subject_key`, so a
    description written for a page never puts a name in the append-only trail."""
    for person in people:
        name = str(person).strip()
        if name:
            text = text.replace(name, subject_key(person))
    return text


def subjects_text(people: Iterable[Any]) -> str:
    keys = [subject_key(p) for p in people]
    return f"|{'|'.join(keys)}|" if keys else ""


def purpose_given(request: HttpRequest, problem: Any) -> dict[str, str] | None:
    """The purpose given for this problem in this session: ``{"purpose", "note"}`` or None."""
    given = request.session.get(SESSION_KEY, {}).get(str(problem.pk))
    return given if given and given.get("purpose") in Purpose.values else None


def purpose_remember(request: HttpRequest, problem: Any, purpose: str, note: str = "") -> None:
    if purpose not in Purpose.values:
        raise ValueError(f"Not a purpose: {purpose!r}")
    given = dict(request.session.get(SESSION_KEY, {}))
    given[str(problem.pk)] = {"purpose": purpose, "note": note.strip()[:200]}
    request.session[SESSION_KEY] = given


def purpose_url(problem: Any, next_url: str) -> str:
    return f"{address('audit:purpose', args=[problem.pk])}?{urlencode({'next': next_url})}"


def purpose_needed(request: HttpRequest, problem: Any) -> HttpResponseRedirect | None:
    """A redirect to the purpose page when no purpose was given for this problem yet."""
    if purpose_given(request, problem) is not None:
        return None
    return HttpResponseRedirect(purpose_url(problem, request.get_full_path()))


def read_record(
    request: HttpRequest,
    *,
    problem: Any,
    obj: Any,
    data_class: str,
    fields: Iterable[str],
    subjects: Iterable[Any] = (),
    what: str = "",
    action: str = AuditAction.VIEW,
) -> AuditEntry:
    """One entry for one read (or download) on a page, with the purpose given this session.
    Kept only for the document pages until they read through ``reader_for``."""
    given = purpose_given(request, problem) or {"purpose": "", "note": ""}
    return read_logged(
        user=request.user,
        problem=problem,
        obj=obj,
        data_class=data_class,
        fields=fields,
        purpose=given["purpose"],
        note=given.get("note", ""),
        subjects=subjects,
        what=what,
        action=action,
    )


def read_logged(
    *,
    user: Any,
    problem: Any,
    obj: Any,
    data_class: str,
    fields: Iterable[str],
    purpose: str,
    note: str = "",
    subjects: Iterable[Any] = (),
    what: str = "",
    action: str = AuditAction.VIEW,
    channel: str = "",
) -> AuditEntry:
    """One entry for one read (or download) of ``data_class`` fields of ``obj``: the record the
    pages and the API both write. ``channel`` starts the detail (e.g. "API read of …; ")."""
    why = purpose_label(purpose) or "no purpose given"
    if note:
        why = f"{why}: {note}"
    subjects = list(subjects)
    return audit_record(
        action=action,
        obj=obj,
        object_repr=pseudonymised(what, subjects)[:300],
        detail=f"{channel}{DataClass(data_class).label}; purpose: {why}",
        user=user,
        data_class=str(data_class),
        fields=sorted(set(fields)),
        purpose=str(purpose),
        problem_pk=getattr(problem, "pk", None),
        subjects=subjects_text(subjects),
    )
