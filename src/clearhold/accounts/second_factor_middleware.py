"""Sends a person who owes a second factor to give it before anything else."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from clearhold.accounts.second_factor import app_device, must_verify

# Pages open before the second factor: giving it, setting it up, and signing out.
OPEN_PAGES = ("accounts:second-factor", "accounts:second-factor-set-up", "accounts:sign-out")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.CLEARHOLD_OTP_REQUIRED or _open(request.path):
            return self.get_response(request)
        if must_verify(request):
            page = (
                "accounts:second-factor"
                if app_device(request.user)
                else ("accounts:second-factor-set-up")
            )
            return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _open(path: str) -> bool:
    static = settings.STATIC_URL or "/static/"
    return path.startswith(static) or path in _open_paths()


@cache
def _open_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in OPEN_PAGES)
