"""Secrets come only from the environment: without CLEARHOLD_SECRET_KEY production refuses to
start, and every secret setting holds what the environment gave it, or nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|API_KEY|PRIVATE")
SHOW = """
import json, re, sys
from django.conf import settings
settings.INSTALLED_APPS  # load them: Django's defaults and ClearHold's settings
names = [n for n in dir(settings) if n.isupper() and re.search(sys.argv[1], n)]
print(json.dumps({
    "secrets": {n: getattr(settings, n) for n in names if isinstance(getattr(settings, n), str)},
    "database": {k: str(v) for k, v in settings.DATABASES["default"].items()},
}))
"""


def _run(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CLEARHOLD_", "DJANGO_", "DATABASE_URL", "EMAIL_"))
    }
    return subprocess.run(
        [sys.executable, "-c", SHOW, SECRET_NAME.pattern],
        env={**clean, "DJANGO_SETTINGS_MODULE": "clearhold.web.settings", **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run({})
    assert result.returncode != 0
    assert "Set CLEARHOLD_SECRET_KEY" in result.stderr


def test_every_secret_setting_comes_from_the_environment():
    key = "from-the-environment-" + "q" * 40
    result = _run(
        {
            "CLEARHOLD_SECRET_KEY": key,
            "DATABASE_URL": "postgres://clearhold:db-pass-from-env@db.example:5432/clearhold",
        }
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["secrets"]["SECRET_KEY"] == key
    for name, value in shown["secrets"].items():
        assert value in ("", key), name
    assert shown["database"]["PASSWORD"] == "db-pass-from-env"
    assert shown["database"]["HOST"] == "db.example"


def test_the_demo_key_is_never_used_when_a_key_is_given():
    result = _run({"CLEARHOLD_DEMO": "1", "CLEARHOLD_SECRET_KEY": "given-key-" + "z" * 50})
    assert json.loads(result.stdout)["secrets"]["SECRET_KEY"] == "given-key-" + "z" * 50
    demo = _run({"CLEARHOLD_DEMO": "1"})
    assert "demo-only" in json.loads(demo.stdout)["secrets"]["SECRET_KEY"]
