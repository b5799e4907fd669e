"""The second factor after a local password: who needs one, enrolment of an authenticator app
(TOTP, RFC 6238) with ten single-use recovery codes, and verification, every step audited.

Administrators, data protection officers and anyone named to see special-category data need
it: a stolen password alone must not open the partnership's most sensitive records. Who is
named for special-category data is known to the problems app, which registers its check here
(``clearhold.accounts.second_factor_rules``) so accounts need not import it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import django_otp
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhold.accounts.models import RecoveryCode, RecoveryCodeDevice, recovery_code_digest
from clearhold.accounts.second_factor_rules import needs_second_factor
from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record

RECOVERY_CODES = 10
APP_DEVICE = "Authenticator app"
# Backends through which the person proved who they are elsewhere (their organisation's
# identity provider, which applies its own second factor): no second factor here.
EXTERNAL_BACKENDS: frozenset[str] = frozenset({"clearhold.accounts.oidc.OrganisationOIDCBackend"})
# Wrong codes in one session before it is ended (each device also slows retries itself).
MAX_WRONG_CODES = 5
WRONG_CODES = "clearhold.wrong_codes"
# The session's own unconfirmed app device (its pk), so no other session sees its secret.
PENDING_APP = "clearhold.pending_app_device"


def must_verify(request: HttpRequest) -> bool:
    """Whether this signed-in request still owes its second factor."""
    user = request.user
    if not settings.CLEARHOLD_OTP_REQUIRED or not user.is_authenticated:
        return False
    if request.session.get(BACKEND_SESSION_KEY, "") in EXTERNAL_BACKENDS:
        return False
    return not user.is_verified() and needs_second_factor(user)


def app_device(user: Any) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def app_enrolment_start(*, request: HttpRequest) -> TOTPDevice:
    """The unconfirmed authenticator-app device whose secret the set-up page shows: this
    session's own (the same one on a reload, so a code from the app already scanned still
    works), made afresh for a session without one. Another session holding only the password
    never sees it, or it would keep a copy of the owner's second factor once confirmed."""
    user = request.user
    _pending_stale(user).delete()
    device = _pending_device(request, user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
        request.session[PENDING_APP] = device.pk
    return device


def app_enrolment_abandon(*, request: HttpRequest, user: Any) -> None:
    """Drop this session's unfinished set-up (on signing out): its secret is of no more use."""
    device = _pending_device(request, user)
    if device is not None:
        device.delete()
    request.session.pop(PENDING_APP, None)


def _pending_device(request: HttpRequest, user: Any) -> TOTPDevice | None:
    """This session's unconfirmed device, if it still exists and is still the person's."""
    pk = request.session.get(PENDING_APP)
    if not isinstance(pk, int) or user is None or not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(pk=pk, user=user, confirmed=False).first()


def _pending_stale(user: Any) -> QuerySet[TOTPDevice]:
    """Unconfirmed devices older than a session can live: no session can still confirm them."""
    cut = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    stale = Q(created_at__lt=cut) | Q(created_at__isnull=True)
    return TOTPDevice.objects.filter(stale, user=user, confirmed=False)


@transaction.atomic
def app_enrolment_confirm(*, request: HttpRequest, code: str, password: str = "") -> list[str]:
    """Confirm this session's app with a code from it, verify this session, and issue
    recovery codes; every other app device of the person (another session's unfinished
    set-up too) goes. Returns the codes (shown once), or an empty list when the code was
    wrong (audited). Replacing an app already set up needs this session's second factor and
    the password again, so a signed-in browser left open cannot swap the owner's app."""
    user = request.user
    # One set-up of a person at a time: two sessions confirming at once must not both win.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if app_device(user) is not None:
        if not user.is_verified():
            raise PermissionDenied("Give your second factor before replacing your app.")
        if not user.check_password(password):
            _wrong_code(request, "wrong password while replacing the authenticator app")
            return []
    device = _pending_device(request, user)
    if device is None or not device.verify_token(code.strip()):
        _wrong_code(request, "wrong code while setting up an authenticator app")
        return []
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    request.session.pop(PENDING_APP, None)
    django_otp.login(request, device)
    codes = recovery_codes_issue(user=user)
    audit_record(action=AuditAction.CHANGE, obj=user, user=user, detail="second factor set up")
    return codes


@transaction.atomic
def recovery_codes_issue(*, user: Any) -> list[str]:
    """Replace the person's recovery codes with ten new ones; only their digests are kept."""
    device, _ = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    device.codes.all().delete()
    codes = [_new_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_code_digest(c)) for c in codes
    )
    audit_record(action=AuditAction.CHANGE, obj=user, user=user, detail="recovery codes issued")
    return codes


def _new_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def second_factor_verify(*, request: HttpRequest, code: str) -> bool:
    """Check a code from the app, or else a recovery code (used up); audit either way."""
    user, code = request.user, code.strip()
    app = app_device(user)
    if app is not None and code.isdigit() and app.verify_token(code):
        return _verified(request, app, "second factor: authenticator app")
    recovery = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is not None and not code.isdigit() and recovery.verify_token(code):
        left = recovery.codes.count()
        return _verified(request, recovery, f"second factor: recovery code ({left} left)")
    _wrong_code(request, "wrong second-factor code")
    return False


def _verified(request: HttpRequest, device: Any, detail: str) -> bool:
    django_otp.login(request, device)
    request.session.pop(WRONG_CODES, None)
    audit_record(action=AuditAction.SIGN_IN, obj=request.user, user=request.user, detail=detail)
    return True


def _wrong_code(request: HttpRequest, detail: str) -> None:
    user = request.user
    audit_record(
        action=AuditAction.SIGN_IN_FAILED,
        obj=user,
        user=user,
        username=user.username,
        detail=detail,
    )
    wrong = request.session.get(WRONG_CODES, 0) + 1
    request.session[WRONG_CODES] = wrong
    if wrong >= MAX_WRONG_CODES:
        audit_record(
            action=AuditAction.LOCKED_OUT,
            obj=user,
            user=user,
            username=user.username,
            detail="too many wrong second-factor codes: signed out",
        )


def too_many_wrong_codes(request: HttpRequest) -> bool:
    return request.session.get(WRONG_CODES, 0) >= MAX_WRONG_CODES
