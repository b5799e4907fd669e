"""/healthz and /readyz: open to anyone, JSON, nothing about any person, and honest about the
database, the task worker's heartbeat, the queue, the migrations and the static files."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from clearhold.serving import health
from clearhold.serving.models import WorkerHeartbeat

HEALTH_KEYS = {
    "status",
    "database",
    "worker",
    "workers_alive",
    "worker_last_seen_seconds_ago",
    "worker_stale_after_seconds",
    "tasks_waiting",
    "oldest_task_waiting_seconds",
}


@pytest.fixture(autouse=True)
def _forget_readiness(monkeypatch):
    monkeypatch.setattr(health, "_ready_seen", False)


def _beat(seconds_ago: int, worker_id: str = "host-1-abc") -> None:
    seen = timezone.now() - dt.timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, host="host", pid=1, started_at=seen, seen_at=seen
    )


def _get(client, name: str):
    response = client.get(reverse(f"serving:{name}"))
    return response.status_code, json.loads(response.content)


def test_healthz_answers_without_sign_in_and_says_no_worker_was_ever_seen(client, db):
    status, body = _get(client, "healthz")
    assert status == 200
    assert set(body) == HEALTH_KEYS
    assert body["database"] == "ok"
    assert body["worker"] == "never seen"
    assert body["status"] == "degraded"


def test_a_recent_heartbeat_makes_the_worker_ok(client, db):
    _beat(seconds_ago=20)
    status, body = _get(client, "healthz")
    assert (status, body["status"], body["worker"], body["workers_alive"]) == (200, "ok", "ok", 1)
    assert 19 <= body["worker_last_seen_seconds_ago"] <= 25


def test_a_heartbeat_older_than_the_limit_is_stale(client, db, settings):
    settings.CLEARHOLD_WORKER_STALE_SECONDS = 60
    _beat(seconds_ago=61)
    status, body = _get(client, "healthz")
    assert (status, body["status"], body["worker"], body["workers_alive"]) == (
        200,
        "degraded",
        "stale",
        0,
    )


def test_the_oldest_waiting_task_is_reported(client, db, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from clearhold.documents.tasks import document_run_task

    document_run_task.enqueue(run_id=1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=10))
    _, body = _get(client, "healthz")
    assert body["tasks_waiting"] == 1
    assert 595 <= body["oldest_task_waiting_seconds"] <= 610


def test_an_unreachable_database_fails_the_health_check(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    status, body = _get(client, "healthz")
    assert (status, body) == (503, {"status": "failing", "database": "unreachable"})


def test_readyz_is_ready_when_migrated_and_static_served(client, db):
    status, body = _get(client, "readyz")
    assert status == 200
    assert body["ready"] is True
    assert body["migrations"] == "all applied"


def test_readyz_is_not_ready_while_a_migration_is_not_applied(client, db, monkeypatch):
    monkeypatch.setattr(health, "_unapplied_migrations", lambda: 2)
    status, body = _get(client, "readyz")
    assert (status, body["ready"], body["migrations"]) == (503, False, "2 not applied")


def test_readyz_is_not_ready_until_the_static_files_are_collected(client, db, settings, tmp_path):
    settings.WHITENOISE_USE_FINDERS = False
    settings.STATIC_ROOT = tmp_path
    status, body = _get(client, "readyz")
    assert (status, body["ready"]) == (503, False)
    assert body["static"].startswith("not collected")


def test_probes_over_plain_http_are_not_redirected_but_pages_are(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/").status_code == 301


def test_nothing_about_a_signed_in_person_appears(client, officer):
    client.force_login(officer)
    _beat(seconds_ago=5)
    text = client.get("/healthz").content.decode() + client.get("/readyz").content.decode()
    assert officer.username not in text
    assert "host" not in json.loads(client.get("/healthz").content)
