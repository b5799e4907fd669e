"""Keeping the public reporting page for people: a honeypot field, a time check, and rate
limits per address and per device, in place of a third-party CAPTCHA (which would send every
resident's visit to another company and fails many people who use assistive technology).

* The form carries a signed timestamp: a form sent back sooner than a person could fill it
  (``CLEARHOLD_REPORT_MIN_SECONDS``), older than ``STAMP_MAX_AGE``, or with the stamp altered
  is not accepted; the resident is asked to check and send it again.
* A field people never see (``leave_blank``) is filled only by programs that fill every field.
* A signed cookie names the device; the address is the audit trail's ``client_ip`` (the
  request's peer, or what a trusted proxy saw: ``CLEARHOLD_TRUSTED_PROXIES``). Both are kept
  only as keyed digests (HMAC with the site's secret), on the report, so the limits count
  stored reports and nothing else is logged about the sender.
* Looking a reference up is limited per address too, so references cannot be tried in bulk.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from clearhold.audit.middleware import client_ip
from clearhold.toolkit.throttle import window_add

STAMP_SALT = "clearhold.resident_reports.form-stamp"
STAMP_MAX_AGE = 2 * 60 * 60
DEVICE_COOKIE = "clearhold_reporter"
DEVICE_SALT = "clearhold.resident_reports.device"
DEVICE_MAX_AGE = 365 * 24 * 60 * 60
DEFAULT_LIMITS = {"address": (10, 3600), "device": (5, 3600), "lookup": (30, 3600)}
TOO_QUICK = "Check your report, then send it again."
EXPIRED = "This form was open for too long. Check your report, then send it again."
HONEYPOT = "Your report could not be sent. Leave the last box empty and send it again."


def limits() -> dict[str, tuple[int, int]]:
    """``{kind: (how many, in how many seconds)}``, the settings' over the defaults."""
    return DEFAULT_LIMITS | getattr(settings, "CLEARHOLD_REPORT_LIMITS", {})


def form_stamp(now: float | None = None) -> str:
    """A signed stamp of the moment the form was given out."""
    return signing.dumps({"t": now if now is not None else time.time()}, salt=STAMP_SALT)


def stamp_problem(stamp: str, now: float | None = None) -> str:
    """Why the stamp sent back is not accepted ("" when it is)."""
    now = now if now is not None else time.time()
    try:
        given = float(signing.loads(stamp or "", salt=STAMP_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return EXPIRED
    waited = now - given
    if waited < getattr(settings, "CLEARHOLD_REPORT_MIN_SECONDS", 5):
        return TOO_QUICK
    if waited > STAMP_MAX_AGE:
        return EXPIRED
    return ""


def digest(kind: str, value: str) -> str:
    """A keyed digest of the sender's address or device ("" for no value)."""
    if not value:
        return ""
    return salted_hmac(f"clearhold.resident_reports.{kind}", value).hexdigest()


def sender_digest(request: HttpRequest) -> str:
    return digest("address", client_ip(request) or "")


def device_token(request: HttpRequest) -> str:
    """The device's token from its signed cookie ("" when it has none or it was altered)."""
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT) or ""


def remember_device(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Give the device a signed cookie naming it, unless it has one."""
    if not device_token(request):
        response.set_signed_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(18),
            salt=DEVICE_SALT,
            max_age=DEVICE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def over_the_limit(*, sender: str, device: str) -> bool:
    """Whether this address or device has sent as many reports as the limits allow lately."""
    from clearhold.resident_reports.models import ResidentReport

    checks = (("address", "sender_digest", sender), ("device", "device_digest", device))
    for kind, field, value in checks:
        if not value:
            continue
        most, seconds = limits()[kind]
        since = timezone.now() - dt.timedelta(seconds=seconds)
        sent = ResidentReport.objects.filter(received_at__gte=since, **{field: value})
        if sent.count() >= most:
            return True
    return False


def lookup_allowed(sender: str) -> bool:
    """Count one lookup of a reference from this address; False once over the limit."""
    most, seconds = limits()["lookup"]
    return window_add(f"resident_reports:lookup:{sender}", seconds) <= most
