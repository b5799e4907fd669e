"""The retention run as background work for django-tasks' database backend.

django-tasks has no scheduler of its own, so a daily timer enqueues it: a cron line or
systemd timer runs ``clearhold retention --apply --enqueue`` (or ``clearhold retention
--apply`` to run it there and then); the ``db_worker`` that already runs the imports picks it
up. Running it twice in a day is harmless: what was done is no longer due.
"""

from __future__ import annotations

from django_tasks import task

from clearhold.retention.policy import parse_day
from clearhold.retention.services import retention_run


@task()
def retention_task(as_of: str | None = None) -> dict:
    """Apply the retention policy as of ``as_of`` (YYYY-MM-DD; default today); the summary."""
    day = parse_day(as_of) if as_of is not None else None
    return retention_run(as_of=day, apply=True).as_json()
