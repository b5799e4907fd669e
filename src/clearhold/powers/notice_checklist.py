"""The s.76(5) checklist of the closure notice form, from the record.

The local housing and legal advice contacts the notice prints (s.76(5)(g)) are kept with the
problem's document details, in the documents app, which sits above this one: it hands this app
its reader of them when it starts (``register_advice_source``), so the notice form can check
them without reaching up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from clearhold.law.notice_contents import NoticeFacts

AdviceSource = Callable[[Any, Any], tuple[str, str]]
_SOURCES: list[AdviceSource] = []


def register_advice_source(source: AdviceSource) -> None:
    """Set where the advice contacts come from: ``source(problem, reader)`` gives (housing,
    legal), each empty when none is recorded."""
    _SOURCES[:] = [source]


def advice_contacts(problem: Any, reader: Any) -> tuple[str, str]:
    """The problem's housing and legal advice contacts, as the reader may see them."""
    return _SOURCES[0](problem, reader) if _SOURCES else ("", "")


def record_facts(closure: Any, reader: Any) -> NoticeFacts:
    """What the record holds for the closure's notice before the officer types anything."""
    housing, legal = advice_contacts(closure.problem, reader)
    return NoticeFacts(
        premises=str(closure.premises_description or ""),
        housing_advice=housing,
        legal_advice=legal,
    )
