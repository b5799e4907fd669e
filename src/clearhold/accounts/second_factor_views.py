"""The second-factor pages: set up an authenticator app, then give a code after the password."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe

from clearhold.accounts.forms import AppCodeForm, OneTimeCodeForm
from clearhold.accounts.permissions import OWN_ACCOUNT, signed_in_person
from clearhold.accounts.second_factor import (
    app_device,
    app_enrolment_confirm,
    app_enrolment_start,
    second_factor_verify,
    too_many_wrong_codes,
)
from clearhold.authz import permission_required


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else "/"


def _qr_svg(uri: str) -> SafeString:
    """The SVG drawing of the enrolment URI: made here by qrcode from our own URI alone."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return mark_safe(image.to_string(encoding="unicode"))  # nosec B308 B703


def _locked(request: HttpRequest) -> HttpResponse:
    logout(request)
    return render(request, "accounts/second_factor_locked.html", status=429)


@permission_required(OWN_ACCOUNT, load=signed_in_person)
def set_up(request: HttpRequest) -> HttpResponse:
    """Show this session's own app secret as a QR code (and as text), then confirm it with a
    code. Replacing an app already set up needs this session's second factor first: otherwise
    a password alone could set up the thief's own app in place of the owner's."""
    if app_device(request.user) is not None and not request.user.is_verified():
        query = urlencode({"next": _next(request)})
        return redirect(f"{reverse('accounts:second-factor')}?{query}")
    has_app = app_device(request.user) is not None
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = app_enrolment_confirm(
            request=request,
            code=form.cleaned_data["code"],
            password=form.cleaned_data["password"],
        )
        if codes:
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        if too_many_wrong_codes(request):
            return _locked(request)
        if has_app and not request.user.check_password(form.cleaned_data["password"]):
            form.add_error("password", "Enter your password to replace the app you have.")
        else:
            form.add_error("code", "Enter the code your authenticator app shows now.")
    device = app_enrolment_start(request=request)
    context = {
        "form": form,
        "qr": _qr_svg(device.config_url),
        "secret": _spaced(b32encode(device.bin_key).decode("ascii")),
        "next": _next(request),
        "has_app": has_app,
    }
    return render(request, "accounts/second_factor_set_up.html", context)


def _spaced(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@permission_required(OWN_ACCOUNT, load=signed_in_person)
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code after the password; a recovery code works once."""
    if app_device(request.user) is None:
        return redirect("accounts:second-factor-set-up")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor_verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_next(request))
        if too_many_wrong_codes(request):
            return _locked(request)
        form.add_error(
            "code",
            "Enter the code your authenticator app shows now, or an unused recovery code. "
            "After a wrong code, wait a few seconds before the next.",
        )
    return render(request, "accounts/second_factor.html", {"form": form, "next": _next(request)})
