"""Signal receivers: sign-in events, lock-outs, and the accounts models' change tracking,
written to the audit trail (here, so the audit core never imports an app above it)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from clearhold.accounts.models import Organisation, User
from clearhold.accounts.second_factor import app_enrolment_abandon
from clearhold.accounts.sessions import session_note
from clearhold.audit.context import acting_as
from clearhold.audit.middleware import client_ip
from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record, track

track(Organisation)
# Which account was given which rights is what the trail is for; names and email are not kept.
track(User, keep_values=("username", "is_staff", "is_superuser", "data_protection_officer"))


@receiver(user_logged_in, dispatch_uid="audit-sign-in")
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.SIGN_IN, obj=user, user=user)
    if request is not None and hasattr(request, "session"):
        session_note(request=request, user=user)


@receiver(user_logged_out, dispatch_uid="audit-sign-out")
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=AuditAction.SIGN_OUT, obj=user, user=user)
    if request is not None and hasattr(request, "session"):
        app_enrolment_abandon(request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit-sign-in-failed")
def _sign_in_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    name = str(credentials.get("username", ""))[:150]
    known = User.objects.filter(username=name).exists()
    with acting_as(None, path=getattr(request, "path", ""), ip_address=_ip(request)):
        audit_record(
            action=AuditAction.SIGN_IN_FAILED,
            object_type="accounts.user",
            object_repr=name,
            username=name,
            detail="wrong password" if known else "unknown user",
        )


@receiver(user_locked_out, dispatch_uid="audit-locked-out")
def _locked_out(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    with acting_as(None, path=getattr(request, "path", ""), ip_address=ip_address):
        audit_record(
            action=AuditAction.LOCKED_OUT,
            object_type="accounts.user",
            object_repr=str(username or "")[:300],
            username=str(username or ""),
            detail="too many failed sign-in attempts",
        )


def _ip(request: Any) -> str | None:
    return client_ip(request) if request is not None else None
