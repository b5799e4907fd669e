"""Where a person is signed in: each sign-in's session noted, listed, and ended on request.

The database session store holds the sessions themselves; :class:`SignedInSession` ties each
session row to its person with the device and address it began from (and goes with the row
when the session is signed out, or expires and is cleared), so the person (or an
administrator of their organisation) can see and end it. When it was last used is read from
the session, which the time-out middleware already notes (``clearhold.web.security``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone

from clearhold.accounts.models import SignedInSession
from clearhold.accounts.permissions import SESSIONS_END
from clearhold.audit.middleware import client_ip
from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record
from clearhold.authz import require

LAST_SEEN = "clearhold.last_seen"  # as clearhold.web.security notes it
#: Sent (``user``, ``person``) when a person is signed out everywhere, so the apps above that
#: give other ways in (the API's tokens) shut them too; each receiver returns how many it shut.
signed_out_everywhere = Signal()


@dataclass(frozen=True)
class SessionShown:
    pk: int
    user_agent: str
    ip_address: str | None
    signed_in_at: datetime
    last_seen: datetime | None
    current: bool


def session_note(*, request: HttpRequest, user: Any) -> SignedInSession | None:
    """Note the session a sign-in has just begun (called on ``user_logged_in``, once the
    session has its new key and is saved)."""
    session = Session.objects.filter(session_key=request.session.session_key).first()
    if session is None:
        return None
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    found, _ = SignedInSession.objects.update_or_create(
        session=session,
        defaults={"user": user, "user_agent": agent, "ip_address": client_ip(request)},
    )
    return found


def sessions_of(*, user: Any, person: Any, current_key: str | None = None) -> list[SessionShown]:
    """The live sessions of ``person``: the asker's own, or those of a person of their
    organisation for an administrator. A session past its expiry is left out."""
    require(user, SESSIONS_END, person)
    notes = SignedInSession.objects.filter(
        user=person, session__expire_date__gt=timezone.now()
    ).select_related("session")
    return [_shown(n, current_key) for n in notes]


def _shown(note: SignedInSession, current_key: str | None) -> SessionShown:
    seen = note.session.get_decoded().get(LAST_SEEN)
    return SessionShown(
        pk=note.pk,
        user_agent=note.user_agent,
        ip_address=note.ip_address,
        signed_in_at=note.signed_in_at,
        last_seen=datetime.fromtimestamp(seen, tz=UTC) if seen else None,
        current=note.session_id == current_key,
    )


@transaction.atomic
def session_end(*, user: Any, note: SignedInSession) -> None:
    """End one session: its person is signed out there at their next request."""
    require(user, SESSIONS_END, note.user)
    _end(note, by=user)


@dataclass(frozen=True)
class EndedEverywhere:
    sessions: int
    other_ways_in: int  # API tokens revoked


@transaction.atomic
def sessions_end_all(*, user: Any, person: Any) -> EndedEverywhere:
    """End every session of ``person``, and every other way in the apps above give them
    (``signed_out_everywhere``: someone who took over the account may have made an API
    token, which outlives any session)."""
    require(user, SESSIONS_END, person)
    notes = list(SignedInSession.objects.filter(user=person).select_related("user"))
    for note in notes:
        _end(note, by=user)
    answers = signed_out_everywhere.send(sender=SignedInSession, user=user, person=person)
    return EndedEverywhere(len(notes), sum(int(shut or 0) for _, shut in answers))


def _end(note: SignedInSession, *, by: Any) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    store(session_key=note.session_id).delete()
    who = "by themselves" if by.pk == note.user_id else f"by {by.username}"
    audit_record(
        action=AuditAction.SIGN_OUT,
        obj=note.user,
        user=by,
        detail=f"session ended {who} (signed in {note.signed_in_at:%Y-%m-%d %H:%M})",
    )
    SignedInSession.objects.filter(pk=note.pk).delete()
