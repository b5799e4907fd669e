"""Who needs a second factor after their password (no models here, so the problems app can
register its check while the apps load)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_SPECIAL_READERS: list[Callable[[Any], bool]] = []


def special_category_reader(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """Register ``check(user) -> bool``: whether the person may see special-category data."""
    _SPECIAL_READERS.append(check)
    return check


def needs_second_factor(user: Any) -> bool:
    """Whether this person must give a second factor after their password."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_administrator or user.data_protection_officer:
        return True
    return any(check(user) for check in _SPECIAL_READERS)
