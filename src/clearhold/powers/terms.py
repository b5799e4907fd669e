"""The terms a closure of an operation applies for: the operation's, as the closure varies them.

An operation states once what every closure asks the court for (scope, the part closed, the
allow-list, the notice's hours and the order's months); a closure may vary any of them in its
own ``terms``. A closure outside an operation has no shared terms: its own record decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

VARIABLE = ("scope", "part_description", "exemptions", "notice_hours", "order_months")


@dataclass(frozen=True)
class ClosureTerms:
    """What is applied for at one premises: the order's scope and part, who may still enter,
    and how long the notice and the order are to run."""

    scope: str
    part_description: str
    exemptions: list[dict]
    notice_hours: int
    order_months: int
    varied: tuple[str, ...] = ()


def terms_of(closure: Any) -> ClosureTerms | None:
    """The closure's terms: its operation's, with the closure's own variations over them."""
    operation = closure.operation
    if operation is None:
        return None
    own = closure.terms or {}
    values = {name: own.get(name, getattr(operation, name)) for name in VARIABLE}
    varied = tuple(
        name for name in VARIABLE if name in own and own[name] != getattr(operation, name)
    )
    return ClosureTerms(**values, varied=varied)


def variation(operation: Any, **chosen: Any) -> dict[str, Any]:
    """The part of ``chosen`` that differs from the operation's terms (what a closure stores)."""
    unknown = set(chosen) - set(VARIABLE)
    if unknown:
        raise ValueError(f"Not a term an operation shares: {', '.join(sorted(unknown))}")
    return {k: v for k, v in chosen.items() if v != getattr(operation, k)}
