"""Results computed from the incident store (hotspot reports, emerging hot spots, evaluations),
kept in the results cache under the store's data version, the viewer's visibility and the
request's parameters, so a repeated view reads the result instead of computing it again.

A key never outlives the data it was computed from: any import, replacement or removal of
incidents changes the store's version (:func:`store_version`), so a new import is seen at once
and the old entries are simply never read again (they expire or are culled). A key always
carries the viewer's visibility (:func:`clearhold.incidents.selectors.incident_visibility`),
so a result computed from what one person may see is never shown to someone who may see less.
Nothing computed inside an open transaction of the application's own is kept
(:func:`cached_result`): a rollback lowers the version it was keyed under.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

import shapely
from django.core.cache import caches
from django.db import connection

from clearhold.incidents.models import Incident, StoreVersion

#: The cache alias (settings.CACHES) shared by every web process of one machine.
RESULTS_CACHE = "results"

Result = TypeVar("Result")

#: The store's version read once for a whole GET request (see :func:`version_per_request`).
_request_version: ContextVar[dict[str, str] | None] = ContextVar("store_version", default=None)

# The model's own table names; no value is interpolated.
_VERSION_SQL = (
    f'SELECT (SELECT MAX("id") FROM "{Incident._meta.db_table}"), '  # nosec B608
    f'(SELECT "changes" FROM "{StoreVersion._meta.db_table}" WHERE "id" = 1)'
)


def store_version() -> str:
    """The incident store's data version: its newest id and its count of changes. Ids are
    never reused (SQLite AUTOINCREMENT, PostgreSQL sequences), so an import raises the first;
    every removal, replacement or change in place (a deleted premises' link set to null among
    them) raises the second, counted by database triggers (``store_changes.py``), and on
    PostgreSQL every insert statement too: there an import holding lower ids can commit after
    one holding higher ids, which leaves the newest id as it was. One query of two single-row
    reads (the id's index, the counter's row): a GET request reads it once."""
    memo = _request_version.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        last, changes = cursor.fetchone()
    version = f"{last or 0}-{changes or 0}"
    if memo is not None:
        memo["version"] = version
    return version


def version_per_request(get_response):
    """Middleware: within one GET or HEAD request (which never writes incidents) every cached
    result reads the store's version once: the page, its coverage note and its layers agree."""

    def middleware(request):
        if request.method not in ("GET", "HEAD"):
            return get_response(request)
        token = _request_version.set({})
        try:
            return get_response(request)
        finally:
            _request_version.reset(token)

    return middleware


def normalised(value: object) -> object:
    """A parameter as plain, ordered values: outlines as their WKB, sets and dicts sorted,
    dataclasses by field, so equal requests give equal keys whatever order they came in."""
    if isinstance(value, shapely.Geometry):
        return shapely.to_wkb(shapely.normalize(value), hex=True)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, normalised(dataclasses.asdict(value)))
    if isinstance(value, dict):
        return tuple(sorted((str(k), normalised(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return tuple(sorted(normalised(v) for v in value))
    if isinstance(value, list | tuple):
        return tuple(normalised(v) for v in value)
    if isinstance(value, dt.date | int | float | str | bool) or value is None:
        return value
    raise TypeError(f"A results cache key cannot hold a {type(value).__name__}")


def result_key(kind: str, visibility: str, parameters: object, *, of_store: bool = True) -> str:
    """The cache key of one result: its kind, the store's version, who may see it, and a
    digest of the normalised parameters. A result not computed from incidents
    (``of_store=False``) carries its own data version among its parameters instead."""
    digest = hashlib.sha256(repr(normalised(parameters)).encode()).hexdigest()
    version = store_version() if of_store else "-"
    return f"clearhold:{kind}:{version}:{visibility}:{digest}"


#: The last few results this process read or computed, as objects: reading the file cache
#: again would unpickle a force's report (tens of milliseconds) on every view. A hotspots view
#: and its two map layers use nine (held months, report, emerging, coverage, rows, results,
#: two layers), a problem page one per objective; the least recently used goes first, so
#: fewer than one round of pages would miss every time. Still few, since a report on a
#: force's store is large. Callers only read a result.
RECENT_MAX = 16
_recent: OrderedDict[str, object] = OrderedDict()
_recent_lock = threading.Lock()


def in_transaction() -> bool:
    """Whether a transaction of the application's own is open on the default connection (a
    test case's own atomic blocks are not counted, so a test sees what a request would)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def cached_result(
    kind: str,
    visibility: str,
    parameters: object,
    compute: Callable[[], Result],
    *,
    of_store: bool = True,
) -> Result:
    """The result cached under (kind, store version, visibility, parameters), computed and
    kept when it is not there. ``compute`` raising keeps nothing, so an error is not cached.
    ``of_store=False``: a result of other data, versioned by its parameters (:func:`result_key`).

    Inside an open transaction (:func:`in_transaction`) a result is computed but never kept:
    a rollback lowers a change count (the store's, the surveys'), after which the version it
    was keyed under stands for other data. A kept result is still read there: the version is
    read with the transaction's own writes, and a count they raised is the transaction's
    alone until it ends (the counter's row stays locked), so no kept entry carries it; with
    no such writes the version is a committed one, read as outside a transaction."""
    key = result_key(kind, visibility, parameters, of_store=of_store)
    with _recent_lock:
        if key in _recent:
            _recent.move_to_end(key)
            return _recent[key]  # type: ignore[return-value]
    cache = caches[RESULTS_CACHE]
    found = cache.get(key)
    if found is None:
        found = compute()
        if in_transaction():
            return found
        cache.set(key, found)
    with _recent_lock:
        _recent[key] = found
        while len(_recent) > RECENT_MAX:
            _recent.popitem(last=False)
    return found


def forget_recent() -> None:
    """Empty this process's few recent results (tests do, between rolled-back stores)."""
    with _recent_lock:
        _recent.clear()
