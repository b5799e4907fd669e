"""The one authorisation layer: every view, the CLI and (later) the API and documents ask here.

Each domain app declares its rules in its own ``permissions.py`` with :func:`rule`; this module
holds the mechanism: :func:`can` answers yes/no, :func:`require` refuses with a plain sentence,
and :func:`permission_required` guards a view. A rule is about an object (a problem, usually):
a view guarded by such a rule names a loader that finds the object from the URL, so the guard
asks the rule about that very object; a view with no object (a list it filters through the
association checker, a form to open something new) names a rule about the person alone. No
rule answers yes to everyone. A refusal raises :class:`Refused` (a
``PermissionDenied``), which the 403 handler renders in the GOV.UK error pattern and records in
the audit log. Unknown actions are refused, so a forgotten rule fails closed.

It also holds :func:`may_see` ("may this user see data class X on this problem": the rules
behind it are registered by the problems app on the sharing record) and :func:`visible_fields`,
and gives the data classes (public to the partnership, restricted, special category) and the
declaration of which fields of which models carry which class, kept in ``authz_classes``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

# The declaration lives apart (one job each); its names are read from here as before.
from clearhold.authz_classes import (
    DATA_CLASSES,
    DECLARED,
    NAMED_BY,
    SHARED_CLASSES,
    DataClass,
    FieldGroup,
    ModelData,
    classes_vary,
    field_class,
    fields_of_class,
    problem_of,
)

__all__ = [
    "DATA_CLASSES",
    "DECLARED",
    "NAMED_BY",
    "SHARED_CLASSES",
    "DataClass",
    "FieldGroup",
    "Loader",
    "ModelData",
    "Predicate",
    "Refused",
    "Rule",
    "can",
    "classes_vary",
    "data_class_rule",
    "field_class",
    "fields_of_class",
    "guarded_object",
    "may_see",
    "permission_required",
    "problem_in_url",
    "problem_of",
    "registered_actions",
    "require",
    "rule",
    "rule_of",
    "visible_fields",
]

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


Loader = Callable[..., Any]

#: Where the guard leaves the object it loaded and checked, for the view to take instead of
#: reading it again (``guarded_object``).
_GUARDED = "_clearhold_guarded_object"


def permission_required(action: str, load: Loader | None = None) -> Callable:
    """Guard a view: anonymous users go to sign in; signed-in users without the right are
    refused. ``load(request, **url_kwargs)`` finds the object the rule is about (raising
    ``Http404`` when there is none); without it the rule is asked about the person alone."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = load(request, **kwargs) if load is not None else None
            require(request.user, action, obj)
            setattr(request, _GUARDED, obj)
            return view(request, *args, **kwargs)

        guarded.required_action = action  # type: ignore[attr-defined]
        guarded.object_loader = load  # type: ignore[attr-defined]
        return guarded

    return decorate


def guarded_object(request: HttpRequest) -> Any:
    """The object the view's guard loaded and checked the rule against (None when there was
    none), so the view's selector need not read it again; the selector still checks it is the
    record asked for and asks its own rule."""
    return getattr(request, _GUARDED, None)


def problem_in_url(
    model: type[models.Model],
    kwarg: str = "pk",
    *,
    related: tuple[str, ...] = (),
    fetch: Callable[[Any], Any] | None = None,
) -> Loader:
    """A loader for :func:`permission_required`: the problem of the ``model`` instance whose id
    is the URL kwarg ``kwarg`` (by the path declared below), or 404. Someone the problem is not
    shared with at all is refused here, with the rule that says so, before the view's own rule
    (which would otherwise tell them only that they may not change it). ``related``: the
    records to join (``select_related``) to the one loaded, for a view that shows them.
    ``fetch(problem)``: fetches onto the problem, before any rule is asked, the rows its rules
    can answer from (the problem page's members and partners), so the guard, the view's
    selector and the page ask them without a query each; the answers are the tables'."""

    def load(request: HttpRequest, **kwargs: Any) -> Any:
        records = model._default_manager.all()
        # (select_related() with no names would join every non-null foreign key)
        found = get_object_or_404(
            records.select_related(*related) if related else records, pk=kwargs[kwarg]
        )
        problem = problem_of(found)
        if problem is None:
            raise Http404("This record belongs to no problem.")
        if fetch is not None:
            fetch(problem)
        require(request.user, _CLASS_RULES.get(DataClass.PUBLIC, ""), problem)
        return problem

    load.model = model  # type: ignore[attr-defined]
    return load


def rule_of(action: str) -> Rule | None:
    """The registered rule for ``action`` (used by the tests to try every rule)."""
    return _RULES.get(action)


def registered_actions() -> list[str]:
    """Every action with a rule (used by the tests to check each view is guarded)."""
    return sorted(_RULES)


# Data classes: ``may_see`` asks the rule registered for a class (``data_class_rule``) whether a
# user may see it on a problem, and ``visible_fields`` lists what of an object a user may see.
_PUBLIC = DataClass.PUBLIC
_CLASS_RULES: dict[str, str] = {}


def data_class_rule(data_class: DataClass, action: str) -> None:
    """Name the rule that answers "may this user see ``data_class`` on this problem"."""
    _CLASS_RULES[data_class] = action


def may_see(user: Any, data_class: DataClass | str, problem: Any) -> bool:
    """Whether ``user`` may see data of ``data_class`` on ``problem``: the one question the
    views, the API, the CLI and the documents ask."""
    if data_class == _PUBLIC and problem is None:
        return _active(user)
    action = _CLASS_RULES.get(data_class)
    return action is not None and can(user, action, problem)


def visible_fields(user: Any, obj: Any) -> list[str]:
    """The names of the fields of ``obj`` the user may see, in model order."""
    problem = problem_of(obj)
    answers: dict[str, bool] = {}
    shown = []
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        data_class = field_class(obj, field.name)
        if data_class not in answers:
            answers[data_class] = may_see(user, data_class, problem)
        if answers[data_class]:
            shown.append(field.name)
    return shown
