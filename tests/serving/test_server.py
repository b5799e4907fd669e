"""`clearhold serve`: gunicorn with workers from the CPU count, an access log on standard output
that leaves out query strings, and a real server that answers its health checks."""

from __future__ import annotations

import gc
import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from gunicorn.config import Config

from clearhold.serving.server import (
    CONN_MAX_AGE,
    WORKER_CAP,
    ClearHoldServer,
    ServeOptions,
    freeze_before_forking,
    gunicorn_settings,
    keep_connections,
    worker_count,
)
from tests.serving.processes import until

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize(("cpus", "workers"), [(1, 3), (2, 5), (4, 9), (64, WORKER_CAP)])
def test_workers_are_twice_the_cpus_plus_one_within_the_cap(cpus, workers):
    assert worker_count(cpus) == workers


def test_gunicorn_takes_every_setting_and_logs_access_to_stdout_without_queries():
    settings = gunicorn_settings(ServeOptions(bind="unix:/run/clearhold/web.sock", threads=4))
    config: Config = ClearHoldServer(settings).cfg
    assert config.bind == ["unix:/run/clearhold/web.sock"]
    assert config.workers == worker_count()
    assert config.threads == 4
    assert config.worker_class_str == "gthread"
    assert config.accesslog == "-"
    assert config.preload_app is True
    assert "%(U)s" in config.access_log_format
    assert "%(r)s" not in config.access_log_format
    assert "%(q)s" not in config.access_log_format
    assert config.when_ready is freeze_before_forking


def test_the_master_freezes_what_it_loaded_before_the_workers_fork():
    """The hook leaves the objects made so far out of the collector's generations (the
    workers' collections then skip them); thawed again here for the tests that follow."""
    made = [[] for _ in range(1000)]  # lists: tracked by the collector
    try:
        freeze_before_forking(server=None)
        assert gc.get_freeze_count() >= len(made)
        assert not any(found is made[0] for found in gc.get_objects())
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def environment(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "DJANGO_SETTINGS_MODULE": "clearhold.web.settings",
        "CLEARHOLD_DEMO": "1",
        "CLEARHOLD_VAR": str(tmp_path),
    }
    env.pop("CLEARHOLD_TESTING", None)
    env.pop("CLEARHOLD_TASK_BACKEND", None)
    for app in ("serving", "django_tasks_database"):
        command = [sys.executable, "-m", "clearhold.cli", "manage", "migrate", app, "-v0"]
        subprocess.run(command, env=env, check=True)
    return env


def _start(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "clearhold.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop(process: subprocess.Popen) -> str:
    process.terminate()
    output, _ = process.communicate(timeout=30)
    return output


@pytest.mark.database  # the server and worker are given this run's DATABASE_URL
def test_the_server_and_the_worker_run_and_report_through_the_health_checks(environment):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start(environment, "serve", "--port", str(port), "--workers", "2")
    worker = None
    try:
        status, body = until(lambda: _fetch(f"{base}/healthz?probe=secret-query"))
        assert (status, body["database"], body["worker"]) == (200, "ok", "never seen")
        worker = _start(environment, "worker")
        until(lambda: _fetch(f"{base}/healthz")[1]["worker"] == "ok")
        status, body = _fetch(f"{base}/readyz")
        assert status == 503
        assert body["migrations"].endswith("not applied")
    finally:
        log = _stop(server)
        if worker is not None:
            _stop(worker)
    assert '"GET /healthz" 200' in log
    assert "secret-query" not in log


def _conn_max_age(**env: str) -> int:
    """The CONN_MAX_AGE a fresh process's settings give with ``env``."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    )
    clean = {k: v for k, v in os.environ.items() if k != "CLEARHOLD_DB_CONN_MAX_AGE"}
    settings = {"DJANGO_SETTINGS_MODULE": "clearhold.web.settings", "CLEARHOLD_DEMO": "1"}
    run = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "PYTHONPATH": str(SRC), **settings, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(run.stdout.strip().splitlines()[-1])


def test_serve_keeps_connections_between_requests_unless_told_not_to(monkeypatch):
    """`clearhold serve` keeps each worker's connection a minute (opening one per request cost
    the problem page a tenth of its CPU); the variable overrides it; other commands and the
    development server open one per request, as before."""
    assert _conn_max_age() == 0
    monkeypatch.delenv("CLEARHOLD_DB_CONN_MAX_AGE", raising=False)
    keep_connections()
    assert os.environ["CLEARHOLD_DB_CONN_MAX_AGE"] == str(CONN_MAX_AGE)
    assert _conn_max_age(CLEARHOLD_DB_CONN_MAX_AGE=os.environ["CLEARHOLD_DB_CONN_MAX_AGE"]) == 60
    monkeypatch.setenv("CLEARHOLD_DB_CONN_MAX_AGE", "0")
    keep_connections()
    assert os.environ["CLEARHOLD_DB_CONN_MAX_AGE"] == "0"
