"""Security headers and cookies: present on the pages, HTTPS-only outside the demo, and a Content
Security Policy that lets only the app's own scripts run (so no template may hold inline script).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from clearhold.web.security import content_security_policy, tile_origin
from tests.conftest import PASSWORD

SRC = Path(__file__).resolve().parents[2] / "src" / "clearhold"


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_a_signed_in_page_carries_every_security_header(client, officer):
    client.force_login(officer)
    page = client.get("/")
    assert page.status_code == 200
    assert page["X-Frame-Options"] == "DENY"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in page["Permissions-Policy"]
    policy = directives(page["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


def test_the_policy_allows_no_inline_or_evaluated_script_anywhere(client, db):
    header = client.get("/sign-in/")["Content-Security-Policy"]
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"):
        assert unsafe not in directives(header)["script-src"]
        assert unsafe not in directives(header)["default-src"]
    assert "unsafe" not in header


@pytest.mark.parametrize(
    ("tile_url", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        (
            "https://{s}.tiles.example.org:8443/a/{z}/{x}/{y}.png",
            "https://*.tiles.example.org:8443",
        ),
        ("", ""),
        ("javascript:alert(1)//{z}", ""),
    ],
)
def test_images_may_come_only_from_the_map_tile_server(tile_url, origin):
    assert tile_origin(tile_url) == origin
    images = directives(content_security_policy(tile_url=tile_url, https=True))["img-src"]
    assert images == ["'self'", "data:", *([origin] if origin else [])]


def test_no_template_holds_inline_script_handler_or_style():
    """The policy would block them: scripts belong in static files, styles in the CSS."""
    inline_script = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I
    )
    handler = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
    found = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text()
        for pattern in (inline_script, handler, re.compile(r"\sstyle\s*=|<style|javascript:")):
            found += [
                f"{template.relative_to(SRC)}: {m.group(0)[:60]}" for m in pattern.finditer(text)
            ]
    assert found == []


def test_the_http_site_redirects_to_https_and_sets_hsts_and_secure_cookies(client, officer):
    with override_settings(
        SECURE_SSL_REDIRECT=True,
        SECURE_HSTS_SECONDS=31_536_000,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
    ):
        plain = client.get("/sign-in/")
        assert plain.status_code == 301
        assert plain["Location"] == "https://testserver/sign-in/"
        form = client.get("/sign-in/", secure=True)
        assert form["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert "upgrade-insecure-requests" in form["Content-Security-Policy"]
        signed_in = client.post(
            "/sign-in/", {"username": "officer", "password": PASSWORD}, secure=True
        )
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"]
    assert csrf["httponly"]


SETTINGS_SHOWN = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_AGE",
    "CLEARHOLD_SESSION_IDLE_SECONDS",
]


def _settings_in(env: dict[str, str]) -> dict:
    """The security settings as a fresh process computes them from ``env`` alone."""
    code = (
        "import json, sys; from clearhold.web import settings; "
        "print(json.dumps({n: getattr(settings, n) for n in sys.argv[1:]}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CLEARHOLD_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-c", code, *SETTINGS_SHOWN],
        env={**clean, "DJANGO_SETTINGS_MODULE": "clearhold.web.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_defaults_are_https_only_and_the_demo_is_not():
    production = _settings_in({"CLEARHOLD_SECRET_KEY": "x" * 60})
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SESSION_COOKIE_SECURE"]
    assert production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_HTTPONLY"]
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["CLEARHOLD_SESSION_IDLE_SECONDS"] == 30 * 60
    assert production["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    demo = _settings_in({"CLEARHOLD_DEMO": "1"})
    assert demo["SECURE_SSL_REDIRECT"] is False
    assert demo["SESSION_COOKIE_SECURE"] is False
    assert demo["SECURE_HSTS_SECONDS"] == 0


@pytest.mark.database  # the deploy check runs with this run's DATABASE_URL
def test_django_deploy_check_finds_nothing_in_production_settings():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CLEARHOLD_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "clearhold.web.settings",
            "CLEARHOLD_SECRET_KEY": "k3y-" + "a1b2c3d4e5f6g7h8i9j0" * 3,
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
