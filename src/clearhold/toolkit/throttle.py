"""One counter for the public pages' limits: tries from one address (or device) in a fixed
window, kept in Django's cache.

The residents' survey counts wrong codes and open-link answers, the reporting page counts
reference lookups; both count the same way here. With the default local-memory cache the count
is per process; a deployment with several web processes configures a shared cache.
"""

from __future__ import annotations

from django.core.cache import cache


def window_count(key: str) -> int:
    """How many tries ``key`` has made in its current window (0 when none)."""
    return int(cache.get(key, 0))


def window_add(key: str, seconds: int) -> int:
    """Count one try for ``key`` in a window of ``seconds`` from its first try; returns the
    count including this one."""
    if cache.add(key, 1, timeout=seconds):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # the window ended between the two calls: this try opens a new one
        cache.add(key, 1, timeout=seconds)
        return 1
