"""`clearhold serve`: gunicorn on ClearHold's WSGI application, configured for production.

Workers: 2 × CPUs + 1 (gunicorn's rule of thumb for synchronous workers), capped because each
worker holds its own copy of the analysis libraries (about 150 MB). The application is loaded
once in the master and forked, so the workers share its memory until they write to it.
The access log goes to standard output for journald or the container runtime; it records the
path without the query string, since a search (``/search/?q=``) can carry a name.
"""

from __future__ import annotations

import gc
import importlib
import os
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

WORKER_CAP = 9
#: Seconds each worker keeps its database connection between requests (the settings'
#: ``CLEARHOLD_DB_CONN_MAX_AGE``, which `clearhold serve` defaults to this): opening a SQLite
#: connection for every request (its PRAGMAs, Django's SQL functions) cost about 2.5 ms of CPU,
#: a tenth of the problem page; a PostgreSQL connection costs more, and a server process too.
CONN_MAX_AGE = 60
# Imported in the master before the workers fork, so they share these pages' libraries (the
# CLI imports them only when a command needs them, see clearhold.documents.figures).
WARM_MODULES = ("scipy.stats", "pandas", "matplotlib.figure", "clearhold.analysis.evaluate")
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def worker_count(cpus: int | None = None) -> int:
    """Gunicorn's 2n+1 workers for ``cpus`` (the CPUs this process may use), at most the cap."""
    if cpus is None:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(2 * (cpus or 1) + 1, WORKER_CAP))


@dataclass(frozen=True)
class ServeOptions:
    """What `clearhold serve` was asked for."""

    bind: str = "127.0.0.1:8000"
    workers: int | None = None
    threads: int = 1
    timeout: int = 120
    max_requests: int = 1000


def gunicorn_settings(options: ServeOptions) -> dict[str, Any]:
    """The gunicorn settings for ``options``."""
    return {
        "bind": [options.bind],
        "workers": options.workers or worker_count(),
        "threads": options.threads,
        "timeout": options.timeout,
        "graceful_timeout": 30,
        # A worker is replaced after about this many requests, so a slow leak cannot grow.
        "max_requests": options.max_requests,
        "max_requests_jitter": max(1, options.max_requests // 10),
        "preload_app": True,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "proc_name": "clearhold",
        # Gunicorn 27's control socket (runtime management) is not used: systemd and the
        # container runtime send signals instead.
        "control_socket_disable": True,
        "when_ready": freeze_before_forking,
    }


def freeze_before_forking(server: Any) -> None:
    """Gunicorn's ``when_ready`` hook, run in the master once the application is loaded and
    before the first worker forks: collect, then move every object left (Django, the views,
    the analysis libraries: about a million) out of the collector's reach (``gc.freeze``). The
    workers inherit them frozen, so their collections no longer walk them again and again
    (about 1.4 ms of CPU a problem page), and do not write to those shared pages."""
    gc.collect()
    gc.freeze()


class ClearHoldServer(BaseApplication):
    """Gunicorn with its settings given here rather than read from the command line."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.settings.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        """The WSGI application, with every view imported before the workers fork (otherwise
        each worker imports them on its first request, which then takes seconds)."""
        from django.core.wsgi import get_wsgi_application
        from django.urls import get_resolver

        application = get_wsgi_application()
        get_resolver().url_patterns  # noqa: B018  (imports every urls and views module)
        for module in WARM_MODULES:
            importlib.import_module(module)
        return application


def keep_connections() -> None:
    """Have the workers keep their database connections (``CONN_MAX_AGE``) unless the
    environment says otherwise; called before Django reads its settings."""
    os.environ.setdefault("CLEARHOLD_DB_CONN_MAX_AGE", str(CONN_MAX_AGE))


def serve(options: ServeOptions) -> None:
    """Run gunicorn until it is stopped (SIGTERM stops it gracefully, SIGHUP reloads)."""
    from django.db import connections

    # The master must not hand its database connections to the forked workers.
    connections.close_all()
    ClearHoldServer(gunicorn_settings(options)).run()
