"""Findings: what a rule check reports instead of raising.

A legal problem (a notice missing one of the s.76(5) contents, an extension past the s.82(8)
cap) is data for the user to see and fix, so every validation returns a list of ``Finding``.
Exceptions are kept for programming errors (a naive datetime, an unknown parameter name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["block", "warn"]


@dataclass(frozen=True)
class Finding:
    """One rule broken or at risk: ``block`` stops the step, ``warn`` asks a person to check.

    ``code`` is the rule id of closure-powers.md (e.g. ``CO-23``), ``section`` the statutory
    reference, and ``message`` a plain-English sentence naming the rule and its section.
    """

    code: str
    severity: Severity
    section: str
    message: str


def block(code: str, section: str, message: str) -> Finding:
    return Finding(code=code, severity="block", section=section, message=message)


def warn(code: str, section: str, message: str) -> Finding:
    return Finding(code=code, severity="warn", section=section, message=message)


def blocks(findings: list[Finding]) -> list[Finding]:
    """Only the findings that stop the step."""
    return [f for f in findings if f.severity == "block"]
