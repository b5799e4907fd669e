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


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def not_migrated(monkeypatch):
    """Two migrations not applied; counts how often the migrations are checked."""
    checks = []
    monkeypatch.setattr(health, "_unapplied_migrations", lambda: checks.append(1) or 2)
    return checks


def test_a_not_ready_answer_is_kept_for_the_recheck_interval(client, db, not_migrated, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(health, "_clock", clock)
    for _ in range(20):
        assert _get(client, "readyz")[0] == 503
    assert len(not_migrated) == 1
    clock.now += 4.9
    assert _get(client, "readyz")[0] == 503
    assert len(not_migrated) == 1
    clock.now += 0.2  # the default CLEARHOLD_READY_RECHECK_SECONDS (5) has passed
    monkeypatch.setattr(health, "_unapplied_migrations", lambda: not_migrated.append(1) or 0)
    assert _get(client, "readyz")[0] == 200
    assert len(not_migrated) == 2


def test_the_recheck_interval_is_the_setting(client, db, not_migrated, settings):
    settings.CLEARHOLD_READY_RECHECK_SECONDS = 0
    for _ in range(3):
        _get(client, "readyz")
    assert len(not_migrated) == 3


def test_an_unreachable_database_is_not_asked_again_by_every_probe(client, db, monkeypatch):
    tries = []

    def unreachable():
        tries.append(1)
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_unapplied_migrations", unreachable)
    answers = {_get(client, "readyz")[1]["migrations"] for _ in range(10)}
    assert (answers, len(tries)) == ({"database unreachable"}, 1)


def test_one_readiness_check_runs_at_a_time_in_a_process(db, monkeypatch, settings):
    """While one request checks (here held inside the migrations check), the others answer at
    once without a check of their own: the last answer, or that a check is under way."""
    import threading

    settings.CLEARHOLD_READY_RECHECK_SECONDS = 0
    entered, release, checks = threading.Event(), threading.Event(), []

    def slow() -> int:
        checks.append(1)
        entered.set()
        release.wait(10)
        return 2

    monkeypatch.setattr(health, "_unapplied_migrations", slow)
    first = threading.Thread(target=health.readiness)
    first.start()
    assert entered.wait(10)
    during = [health.readiness() for _ in range(5)]
    release.set()
    first.join(10)
    assert len(checks) == 1
    assert {a.report["migrations"] for a in during} == {"a readiness check is under way"}
    assert not any(a.good for a in during)
    entered.clear()
    release.clear()
    second = threading.Thread(target=health.readiness)
    second.start()
    assert entered.wait(10)
    assert health.readiness().report["migrations"] == "2 not applied"  # the last answer
    release.set()
    second.join(10)
    assert len(checks) == 2
