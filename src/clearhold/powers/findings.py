"""Turning the law core's findings into what a Django service raises and returns."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from clearhold.law import Finding, blocks, instant

# A time typed on a phone a few minutes ahead of the server's clock is not "in the future".
CLOCK_SKEW = dt.timedelta(minutes=5)


def refuse_blocking(findings: list[Finding], field: str | None = None) -> list[Finding]:
    """Raise one ValidationError naming every blocking finding (message, rule id); else return
    the warnings for the page to show."""
    blocking = blocks(findings)
    if blocking:
        messages = [f"{f.message} [{f.code}]" for f in blocking]
        raise ValidationError({field: messages} if field else messages)
    return [f for f in findings if f.severity == "warn"]


def refuse(message: str, field: str | None = None) -> None:
    raise ValidationError({field: [message]} if field else [message])


def refuse_future_moment(moment: dt.datetime, field: str, what: str) -> None:
    """Refuse a time that has not happened yet (allowing for clock skew)."""
    if instant(moment) > instant(timezone.now()) + CLOCK_SKEW:
        refuse(f"{what} cannot be in the future.", field)


def refuse_future_day(day: dt.date, field: str, what: str) -> None:
    """Refuse a day after today (UK time)."""
    if day > timezone.localdate():
        refuse(f"{what} cannot be in the future: record it once it has happened.", field)
