"""Addresses reversed once per process, for pages that print many of them.

``reverse`` walks the URL patterns and asks for the active language, the URL configuration
and the script prefix on every call: the problem page printed 46 addresses, a sixth of its
rendering time. An address is a function of its view name, its arguments, the URL
configuration (``ROOT_URLCONF`` unless a request set another) and the script prefix alone,
so with those as the key the answer is exactly ``reverse``'s. The active language is left
out (reading it costs a third of a hit): no ClearHold route is translated or under
``i18n_patterns``, and a test of the URL configuration fails the day one is. Only plain
``int`` and ``str`` arguments are cached (a record or a lazy string could print
differently); anything else goes to ``reverse`` as it is, and so do failures (not cached:
raised each time).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

#: Enough for every address of a busy server's pages; an old one is forgotten, not kept.
CACHED = 4096
_PLAIN = (int, str)


@lru_cache(maxsize=CACHED)
def _reversed(
    viewname: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    current_app: str | None,
    urlconf: Any,
    prefix: str,
) -> str:
    # ``prefix`` is only the key: ``reverse`` reads the same script prefix itself.
    return reverse(
        viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


def address(
    viewname: Any,
    args: Any = (),
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """``reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)``, remembered."""
    args, kwargs = tuple(args or ()), kwargs or {}  # an iterator is read once, here
    plain = isinstance(viewname, str) and all(
        type(value) in _PLAIN for value in (*args, *kwargs.values())
    )
    if not plain or not (current_app is None or type(current_app) is str):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _reversed(
        str(viewname),  # a template's literal comes marked safe: the same name
        args,
        tuple(sorted(kwargs.items())),
        current_app,
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
    )
