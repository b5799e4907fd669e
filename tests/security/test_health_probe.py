"""Probes of ``/healthz`` and ``/readyz`` (issue 21): open to anyone, so they must name no
version, path, database or error text, even when the database fails."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import DatabaseError

import clearhold


def _secrets() -> list[str]:
    database = settings.DATABASES["default"]
    return [
        clearhold.__version__,
        str(database["NAME"]),
        str(database.get("USER") or "no-user-set"),
        str(settings.BASE_DIR) if hasattr(settings, "BASE_DIR") else "/work/",
        "sqlite",
        "postgres",
        "Traceback",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_an_anonymous_caller_learns_no_version_path_or_database(client, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    for secret in _secrets():
        assert secret not in body, secret
    assert not any(name in response for name in ("Server", "X-Powered-By"))


@pytest.mark.django_db
def test_a_failing_database_is_named_without_its_error(client, monkeypatch):
    from django.db.backends.base import base

    def refuse(self, *args, **kwargs):
        raise DatabaseError('password authentication failed for user "clearhold" /var/lib/x')

    monkeypatch.setattr(base.BaseDatabaseWrapper, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "unreachable"}
