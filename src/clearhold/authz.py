"""The one authorisation layer: every view, the CLI and (later) the API and documents ask here.

Each domain app declares its rules in its own ``permissions.py`` with :func:`rule`; this module
holds the mechanism: :func:`can` answers yes/no, :func:`require` refuses with a plain sentence,
and :func:`permission_required` guards a view. A refusal raises :class:`Refused` (a
``PermissionDenied``), which the 403 handler renders in the GOV.UK error pattern and records in
the audit log. Unknown actions are refused, so a forgotten rule fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

Predicate = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Rule:
    action: str
    predicate: Predicate
    refusal: str


_RULES: dict[str, Rule] = {}


class Refused(PermissionDenied):
    """A refusal with a sentence saying what the user may not do."""

    def __init__(self, message: str, action: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.action = action


def rule(action: str, refusal: str) -> Callable[[Predicate], Predicate]:
    """Register ``predicate(user, obj) -> bool`` as the rule for ``action``."""

    def register(predicate: Predicate) -> Predicate:
        if action in _RULES and _RULES[action].predicate is not predicate:
            raise ValueError(f"A rule for {action!r} is already registered")
        _RULES[action] = Rule(action=action, predicate=predicate, refusal=refusal)
        return predicate

    return register


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can(user: Any, action: str, obj: Any = None) -> bool:
    """Whether ``user`` may do ``action`` (to ``obj``). Unknown actions and anonymous users: no."""
    found = _RULES.get(action)
    return found is not None and _active(user) and bool(found.predicate(user, obj))


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise :class:`Refused` unless ``user`` may do ``action``."""
    if not can(user, action, obj):
        found = _RULES.get(action)
        message = found.refusal if found else "You do not have permission to do that."
        raise Refused(message, action)


def permission_required(action: str) -> Callable:
    """Guard a view: anonymous users go to sign in; signed-in users without the right are
    refused."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, action)
            return view(request, *args, **kwargs)

        guarded.required_action = action  # type: ignore[attr-defined]
        return guarded

    return decorate


def registered_actions() -> list[str]:
    """Every action with a rule (used by the tests to check each view is guarded)."""
    return sorted(_RULES)
