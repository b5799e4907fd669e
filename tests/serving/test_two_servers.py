"""Scale-out as docs/deploy.md states it: two `clearhold serve` processes (two machines behind a
load balancer) and two `clearhold worker` processes on one PostgreSQL database. A session made
on one server is good on the other, a write through one is read through the other, a task
queued through one is run exactly once by one worker, both servers' /healthz see both workers'
heartbeats, and stopping one server leaves the other answering.

PostgreSQL only: on SQLite the processes would share a file, which is not how anyone scales
out. The test database is committed (``transactional_db``) so the processes see its rows."""

from __future__ import annotations

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult

from clearhold.incidents.models import ImportBatch, ImportStatus
from clearhold.problems.models import Problem
from clearhold.serving.models import WorkerHeartbeat
from tests.conftest import PASSWORD
from tests.incidents.policeuk_files import row, write
from tests.serving.processes import (
    POSTGRESQL_ONLY,
    clean_environment,
    csrf_token,
    database_url,
    free_port,
    on_postgresql,
    start,
    stop,
    until,
)

pytestmark = pytest.mark.skipif(not on_postgresql(), reason=POSTGRESQL_ONLY)
ROWS = 7


@pytest.fixture
def cluster(transactional_db, tmp_path):
    """Two servers (one gunicorn worker each, the same secret key) and two task workers."""
    env = clean_environment(
        DATABASE_URL=database_url(connection.settings_dict),
        CLEARHOLD_DEMO="1",  # plain HTTP on 127.0.0.1, static files from the app folders
        CLEARHOLD_SECRET_KEY="the-same-key-on-every-machine-of-one-installation-0123456789",
        CLEARHOLD_VAR=str(tmp_path),
    )
    ports = [free_port(), free_port()]
    processes = [start(env, "serve", "--port", str(port), "--workers", "1") for port in ports]
    processes += [start(env, "worker", "--interval", "0.2") for _ in range(2)]
    try:
        yield [f"http://127.0.0.1:{port}" for port in ports], processes
    finally:
        for process in processes:  # all at once: each takes a moment to stop gracefully
            if process.poll() is None:
                process.terminate()
        for process in processes:
            stop(process)


def _production_password(user) -> None:
    """Give ``user`` PASSWORD under a hasher the production settings know (the suite's own
    MD5 hasher is not among them); few iterations, as the servers only check it once."""
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, get_random_string(12), iterations=1000)
    type(user).objects.filter(pk=user.pk).update(password=hashed)


def _health(base: str) -> dict:
    return requests.get(f"{base}/healthz", timeout=5).json()


def _sign_in(base: str) -> requests.Session:
    browser = requests.Session()
    form = browser.get(f"{base}/sign-in/", timeout=10).text
    answer = browser.post(
        f"{base}/sign-in/",
        {"csrfmiddlewaretoken": csrf_token(form), "username": "manager", "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return browser


def _on(base: str, session_from: requests.Session) -> requests.Session:
    """A browser that presents ``session_from``'s cookies to ``base`` only."""
    browser = requests.Session()
    for cookie in session_from.cookies:
        browser.cookies.set(cookie.name, cookie.value)
    return browser


def _import_through(base: str, browser: requests.Session, tmp_path) -> int:
    """Upload a police.uk file of ROWS rows through ``base``; the import batch's id."""
    path = write(tmp_path / "2024-01-test-street.csv", [row(n) for n in range(ROWS)])
    form = browser.get(f"{base}/incidents/import/", timeout=10).text
    answer = browser.post(
        f"{base}/incidents/import/",
        {"csrfmiddlewaretoken": csrf_token(form), "source": "policeuk"},
        files={"files": (path.name, path.read_bytes(), "text/csv")},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text
    return int(answer.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_two_servers_and_two_workers_share_one_database(cluster, manager, site, tmp_path):
    (a, b), processes = cluster
    _production_password(manager)
    until(lambda: _health(a)["workers_alive"] == 2 and _health(b), 50, "two workers on /healthz")
    for base in (a, b):
        health = _health(base)
        assert (health["status"], health["worker"], health["workers_alive"]) == ("ok", "ok", 2)

    on_a = _sign_in(a)
    on_b = _on(b, on_a)
    assert on_b.get(f"{b}/problems/", timeout=10, allow_redirects=False).status_code == 200

    form = on_a.get(f"{a}/problems/new/", timeout=10).text
    made = on_a.post(
        f"{a}/problems/new/",
        {
            "csrfmiddlewaretoken": csrf_token(form),
            "title": "Written on server A",
            "sites": [site.pk],
            "start_date": "2025-05-07",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert made.status_code == 302, made.text
    problem = Problem.objects.get(title="Written on server A")
    assert "Written on server A" in on_b.get(f"{b}{made.headers['Location']}", timeout=10).text

    batch = _import_through(a, on_a, tmp_path)
    progress = f"{b}/incidents/imports/{batch}/progress.json"
    until(lambda: on_b.get(progress, timeout=10).json()["done"], 40, "the import run")
    assert ImportBatch.objects.get(pk=batch).status == ImportStatus.STORED
    assert ImportBatch.objects.get(pk=batch).rows_stored == ROWS
    [result] = DBTaskResult.objects.all()
    assert result.status == "SUCCESSFUL"
    assert len(result.worker_ids) == 1
    assert result.worker_ids[0] in set(WorkerHeartbeat.objects.values_list("worker_id", flat=True))

    stop(processes[0])
    assert _health(b)["database"] == "ok"
    page = on_b.get(f"{b}/problems/{problem.pk}/", timeout=10)
    assert (page.status_code, "Written on server A" in page.text) == (200, True)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{a}/healthz", timeout=5)
