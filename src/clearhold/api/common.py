"""What every endpoint shares: ids in paths, pages, and the reading of restricted data.

Restricted data (personal data, and special-category data) is returned only when the caller
says why, with ``purpose``, and a rule allows it; each such read is written to the audit trail
with the fields read and the purpose. Asking for it without the right is refused (403, audited
by the error handler). Without a ``purpose`` those fields are ``null`` and named in
``withheld``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Schema

from clearhold.audit.purposes import Purpose as Why
from clearhold.audit.reads import read_logged
from clearhold.authz import DataClass, problem_of, require
from clearhold.problems.permissions import PROBLEM_PERSONAL_DATA
from clearhold.readmodel import WITHHELD, Reader
from clearhold.readmodel import name_of as read_name

MAX_ID = 2**62
MAX_LIMIT = 200
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Purpose = Annotated[
    Why | None,
    Query(
        None,
        description=(
            "Why you need restricted data (the audit trail's list of purposes). Required to "
            "receive restricted or special-category fields; every such read is audited with it."
        ),
    ),
]


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=MAX_ID)


def page(
    records: QuerySet,
    query: PageQuery,
    convert: Callable[[Any], dict[str, Any]],
    *,
    read: Callable[[list[Any]], None] | None = None,
) -> dict[str, Any]:
    """One page of ``records`` as ``{count, limit, offset, items}``; ``read`` is told which
    records the page shows (to audit them) before they are converted."""
    items = list(records[query.offset : query.offset + query.limit])
    if read is not None:
        read(items)
    return {
        "count": records.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [convert(item) for item in items],
    }


def purpose_required(purpose: Why | None) -> Why:
    """The purpose, or a 422 naming the missing parameter and its choices."""
    if not purpose:
        choices = ", ".join(Why.values)
        raise ValidationError(
            {"purpose": [f"Say why you need this restricted data: add ?purpose= one of {choices}."]}
        )
    return purpose


def api_reader(
    request: HttpRequest,
    purpose: Why | None,
    *,
    problem: Any,
    what: str,
    about: Any = None,
    action: str = PROBLEM_PERSONAL_DATA,
) -> Reader:
    """The read model for one API call. Asking with a ``purpose`` for data the caller may not
    see is refused (403, audited by the error handler) rather than answered with nulls; without
    one, every personal field comes back ``null`` and named in ``withheld``."""
    if purpose:
        require(request.auth, action, problem)
    return Reader(request.auth, purpose=purpose or "", channel="API read; ", what=what, about=about)


def given(value: Any) -> Any:
    """A value read through the read model as the API returns it: withheld is ``null``."""
    return None if value is WITHHELD else value


def withheld(shown: Any, *names: str, prefix: str = "") -> list[str]:
    """The names of ``shown``'s fields withheld from the caller (``prefix`` + name)."""
    return [f"{prefix}{name}" for name in names if not shown.visible(name)]


def audit_restricted(  # only the document routes still write their own entries
    request: HttpRequest,
    *,
    obj: Any,
    purpose: Why,
    fields: Iterable[str],
    describe: str,
    data_class: str = DataClass.RESTRICTED,
    subjects: Iterable[Any] = (),
) -> None:
    """One VIEW entry for a read of ``fields`` of ``obj``, with its class and purpose, naming
    the people it showed (``subjects``) so a subject-access export finds it."""
    fields = list(fields)
    read_logged(
        user=request.auth,
        problem=problem_of(obj),
        obj=obj,
        data_class=data_class,
        fields=fields,
        purpose=purpose,
        what=describe,
        subjects=subjects,
        channel=f"API read of {', '.join(fields)}; ",
    )


def name_of(user: Any) -> str | None:
    """A member of staff's name read through the read model (``null`` when withheld)."""
    return given(read_name(user))


def org_ref(organisation: Any) -> dict[str, Any] | None:
    return None if organisation is None else {"id": organisation.pk, "name": organisation.name}
