"""Two task workers on one database run 200 queued tasks, each exactly once (the scale-out
docs/deploy.md states: workers claim a task under a row lock before running it). Run on a
SQLite file, where django-tasks' database backend takes an exclusive transaction to claim;
on PostgreSQL the claim is SELECT … FOR UPDATE SKIP LOCKED."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TASKS = 200


def _python(env: dict, code: str) -> str:
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return run.stdout


def test_two_workers_run_two_hundred_tasks_each_exactly_once(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("CLEARHOLD_") and name != "DATABASE_URL"
    }
    env |= {
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "clearhold.web.settings",
        "CLEARHOLD_DEMO": "1",
        "CLEARHOLD_VAR": str(tmp_path),
        "CLEARHOLD_PROBE_FILE": str(tmp_path / "runs.txt"),
    }
    setup = "import django; django.setup(); "
    for app in ("serving", "django_tasks_database"):
        command = [sys.executable, "-m", "clearhold.cli", "manage", "migrate", app, "-v0"]
        subprocess.run(command, env=env, check=True)
    _python(
        env,
        setup + "from tests.serving.probe_tasks import note_number\n"
        f"for n in range({TASKS}): note_number.enqueue(n)",
    )
    worker = [sys.executable, "-m", "clearhold.cli", "worker", "--batch", "--interval", "0"]
    workers = [subprocess.Popen(worker, env=env) for _ in range(2)]
    assert [w.wait(timeout=600) for w in workers] == [0, 0]

    runs = Counter((tmp_path / "runs.txt").read_text().split())
    assert sorted(int(n) for n in runs) == list(range(TASKS))
    assert set(runs.values()) == {1}
    results = json.loads(
        _python(
            env,
            setup + "import json; from django_tasks_db.models import DBTaskResult; "
            "print(json.dumps([[r.status, r.worker_ids] for r in DBTaskResult.objects.all()]))",
        )
    )
    assert len(results) == TASKS
    assert {status for status, _ in results} == {"SUCCESSFUL"}
    assert all(len(ids) == 1 for _, ids in results)
    assert len({ids[0] for _, ids in results}) == 2  # both workers took tasks
