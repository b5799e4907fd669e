"""Who is acting, for the audit trail: set per request by middleware, or by the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any = None
    path: str = ""
    ip_address: str | None = None


# Actor is frozen, so sharing one default instance is safe.
_actor: ContextVar[Actor] = ContextVar("clearhold_audit_actor", default=Actor())  # noqa: B039


def current_actor() -> Actor:
    return _actor.get()


@contextmanager
def acting_as(user: Any = None, *, path: str = "", ip_address: str | None = None) -> Iterator[None]:
    """Attribute the audit entries written inside the block to ``user``."""
    token = _actor.set(Actor(user=user, path=path, ip_address=ip_address))
    try:
        yield
    finally:
        _actor.reset(token)
