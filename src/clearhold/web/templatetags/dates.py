"""``|date`` answered from a per-process memory for calendar dates: the same text as Django's
filter. Formatting a date asked for the language, the format and each month's translated name
every time, a tenth of the problem page's rendering (about 20 dates a page); for a
``datetime.date`` the text depends only on the date, the format and the active language, so
those are the key. Times (``datetime``, with their time zones) go to Django's filter as they
are. Installed as a template builtin (settings ``TEMPLATES``), so it replaces Django's filter
on every page."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from django import template
from django.template import defaultfilters
from django.utils.translation import get_language

register = template.Library()

#: Enough for every date of a busy server's pages in a few formats; an old one is forgotten.
CACHED = 4096


@lru_cache(maxsize=CACHED)
def _formatted(value: dt.date, arg: str | None, language: str | None) -> str:
    # ``language`` is only the key: Django's filter reads the same active language itself.
    return defaultfilters.date(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: Any = None) -> str:
    """Django's ``date`` filter, remembered for plain dates and literal formats."""
    if type(value) is dt.date and (arg is None or isinstance(arg, str)):
        return _formatted(value, None if arg is None else str(arg), get_language())
    return defaultfilters.date(value, arg)
