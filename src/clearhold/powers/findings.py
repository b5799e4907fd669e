"""Turning the law core's findings into what a Django service raises and returns."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from clearhold.law import Finding, blocks


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
