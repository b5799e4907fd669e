"""The three records needed before a closure notice (s.76(6),(7)), as one checklist.

Before issuing, the officer must inform the people who live on the premises (s.76(6)(a)) and
those with control of, responsibility for or an interest in them (s.76(6)(b)), and consult
anyone appropriate (s.76(7)). Each item links to the form that records it, with its kind chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from clearhold.powers.models import EngagementKind

BEFORE_NOTICE = (
    (EngagementKind.INFORM_OCCUPIERS, "Inform the people who live there", "s.76(6)(a)"),
    (
        EngagementKind.INFORM_INTERESTED,
        "Inform those with control, responsibility or an interest",
        "s.76(6)(b)",
    ),
    (EngagementKind.CONSULT, "Consult anyone appropriate", "s.76(7)"),
)


@dataclass(frozen=True)
class BeforeNotice:
    """One item: what to do, its subsection, who is on record for it, and where to record it."""

    kind: str
    label: str
    section: str
    who: tuple[str, ...]
    href: str

    @property
    def done(self) -> bool:
        return bool(self.who)


def before_notice(closure: Any, engagements: Any) -> list[BeforeNotice]:
    """The checklist for ``closure`` from ``engagements`` (as the reader showed them)."""
    url = reverse("powers:engagement-new", args=[closure.pk])
    items = []
    for kind, label, section in BEFORE_NOTICE:
        who = tuple(e.who for e in engagements if e.kind == kind and str(e.who or "").strip())
        items.append(BeforeNotice(kind, label, section, who, f"{url}?kind={kind}"))
    return items
