"""What ``/healthz`` and ``/readyz`` answer: plain facts about the service, no personal data.

Health is whether this process can do its work now: the database answers a trivial query, a
task worker has beaten recently, and how long the oldest waiting task has waited. Only an
unreachable database makes it unhealthy (HTTP 503): a stale worker delays letters and
documents but the pages still work, so the body says "degraded" and the load balancer keeps
the web process. Readiness is whether this release may take traffic: every migration applied
and the static files collected. Once ready, a process stays ready (neither can undo itself
while it runs), so the check costs nothing after the first yes. A "not ready" is kept for
``CLEARHOLD_READY_RECHECK_SECONDS`` (default 5), and a process runs one check at a time: in an
outage every probe of every load balancer asked at once, and each one's check (a migration
plan, a database connection that times out, a walk of the static files) piled onto the others.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max, Min
from django.utils import timezone

from clearhold.serving.models import WorkerHeartbeat
from clearhold.serving.static import static_state

DEFAULT_STALE_SECONDS = 300


@dataclass(frozen=True)
class Answer:
    """A report and whether it is good (HTTP 200) or not (HTTP 503)."""

    good: bool
    report: dict[str, Any]


def _seconds_since(moment: dt.datetime | None, now: dt.datetime) -> int | None:
    return None if moment is None else max(0, round((now - moment).total_seconds()))


def _worker_report(now: dt.datetime) -> dict[str, Any]:
    stale_after = getattr(settings, "CLEARHOLD_WORKER_STALE_SECONDS", DEFAULT_STALE_SECONDS)
    seen = WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=now - dt.timedelta(seconds=stale_after))
    state = "never seen" if seen is None else "ok" if alive.exists() else "stale"
    return {
        "worker": state,
        "workers_alive": alive.count(),
        "worker_last_seen_seconds_ago": _seconds_since(seen, now),
        "worker_stale_after_seconds": stale_after,
    }


def _queue_report(now: dt.datetime) -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    oldest = waiting.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return {
        "tasks_waiting": waiting.count(),
        "oldest_task_waiting_seconds": _seconds_since(oldest, now),
    }


def health() -> Answer:
    """The database, the task workers' heartbeat and the queue."""
    now = timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Answer(False, {"status": "failing", "database": "unreachable"})
    report = {"status": "ok", "database": "ok", **_worker_report(now), **_queue_report(now)}
    if report["worker"] != "ok":
        report["status"] = "degraded"
    return Answer(True, report)


_ready_seen = False
_not_ready: tuple[float, Answer] | None = None  # when it was found, and the answer
_checking = threading.Lock()
_clock = time.monotonic
UNDER_WAY = Answer(False, {"ready": False, "migrations": "a readiness check is under way"})
READY = Answer(True, {"ready": True, "migrations": "all applied", "static": "ready"})


def readiness_forget() -> None:
    """Forget what earlier checks found (tests; a process starts with nothing known)."""
    global _ready_seen, _not_ready
    _ready_seen, _not_ready = False, None


def _unapplied_migrations() -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _recent_not_ready() -> Answer | None:
    found = _not_ready
    wait = settings.CLEARHOLD_READY_RECHECK_SECONDS
    return found[1] if found is not None and _clock() - found[0] < wait else None


def readiness() -> Answer:
    """Every migration applied and the static files collected: remembered once true; a "not
    ready" is given again without checking for ``CLEARHOLD_READY_RECHECK_SECONDS``, and a
    request that comes while another checks gets the last answer rather than a second check."""
    global _not_ready
    if _ready_seen:
        return READY
    known = _recent_not_ready()
    if known is not None:
        return known
    if not _checking.acquire(blocking=False):
        last = _not_ready
        return last[1] if last is not None else UNDER_WAY
    try:
        if _ready_seen:  # found by a check that ended since
            return READY
        answer = _recent_not_ready() or _check_readiness()
        _not_ready = None if answer.good else (_clock(), answer)
        return answer
    finally:
        _checking.release()


def _check_readiness() -> Answer:
    global _ready_seen
    try:
        unapplied = _unapplied_migrations()
    except DatabaseError:
        return Answer(False, {"ready": False, "migrations": "database unreachable"})
    static = static_state()
    ready = unapplied == 0 and static.ready
    _ready_seen = ready
    migrations = "all applied" if unapplied == 0 else f"{unapplied} not applied"
    return Answer(ready, {"ready": ready, "migrations": migrations, "static": static.words})
