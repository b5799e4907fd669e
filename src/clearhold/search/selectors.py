"""What the header search finds: records of the kinds below that the user may open, matched only
on the fields the read model would show them.

Each kind names its model, the text fields searched, the rule its page asks on the record's
problem and where a hit links. A field is matched on a problem only when the user passes that
rule there and the read model (with the purpose given for that problem this session) may show
the field's data class (``authz.DECLARED``): so a restricted field a user cannot see never
matches, and a match cannot be inferred from a result that "came from nowhere". The snippet is
read through the same :class:`Reader`, so a personal value shown in a result is audited as read.

Why ``icontains`` and not full-text search: the same query runs on SQLite (tests, demo) and
PostgreSQL, and the records searched are a partnership's few hundred titles, names and notes,
where a substring scan is quick; a name or a reference typed in part ("Wisb", "Flat 3") should
match, which stemming full-text search does not do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Q
from django.urls import reverse

from clearhold.attachments.permissions import ATTACHMENT_VIEW
from clearhold.authz import DATA_CLASSES, can, field_class, problem_of
from clearhold.documents.permissions import DOCUMENTS_VIEW
from clearhold.places.models import Site
from clearhold.places.permissions import SITES_VIEW
from clearhold.powers.permissions import PEOPLE_VIEW, POWERS_VIEW
from clearhold.problems.models import Problem
from clearhold.problems.permissions import PROBLEM_VIEW, associated
from clearhold.readmodel import WITHHELD, Reader

SHORTEST = 2
LONGEST = 100
PER_KIND = 20
AROUND = 60


@dataclass(frozen=True)
class Kind:
    """One kind of record the search finds."""

    label: str
    model: str
    fields: tuple[str, ...]
    rule: str
    link: Callable[[Any], str]


@dataclass(frozen=True)
class Hit:
    """One result: what it is, its name as the user may see it, a link, the matching text."""

    kind: str
    name: str
    url: str
    snippet: str
    problem: str


def _closure_link(anchor: str) -> Callable[[Any], str]:
    return lambda record: reverse("powers:closure", args=[record.closure_id]) + anchor


def kinds() -> tuple[Kind, ...]:
    """The kinds searched, in the order their results are listed."""
    return (
        Kind(
            "Problem",
            "problems.problem",
            ("title", "summary", "place_notes", "victim_notes", "offender_notes"),
            PROBLEM_VIEW,
            lambda r: r.get_absolute_url(),
        ),
        Kind(
            "Closure",
            "powers.closure",
            ("premises_description",),
            POWERS_VIEW,
            lambda r: r.get_absolute_url(),
        ),
        Kind(
            "Closure notice",
            "powers.closurenotice",
            ("hearing_court", "part_removed", "cancellation_reason"),
            POWERS_VIEW,
            _closure_link("#notice"),
        ),
        Kind(
            "Closure order",
            "powers.closureorder",
            ("court", "part_description"),
            POWERS_VIEW,
            _closure_link("#order"),
        ),
        Kind(
            "Person",
            "powers.person",
            ("name", "description"),
            PEOPLE_VIEW,
            lambda r: r.get_absolute_url(),
        ),
        Kind(
            "Document",
            "documents.generateddocument",
            ("title",),
            DOCUMENTS_VIEW,
            lambda r: r.get_absolute_url(),
        ),
        Kind(
            "Attachment",
            "attachments.attachment",
            ("title", "description", "filename"),
            ATTACHMENT_VIEW,
            lambda r: r.get_absolute_url(),
        ),
    )


class _Allowed:
    """For each problem the user is associated with: whether a rule passes there, and whether
    the problem's reader may show a data class (both asked once)."""

    def __init__(self, user: Any, problems: list[Any], reader_of: Callable[[Any], Reader]):
        self.user = user
        self.problems = problems
        self.reader_of = reader_of
        self._rules: dict[tuple[str, int], bool] = {}

    def ids(self, rule: str, data_class: str) -> list[int]:
        found = []
        for problem in self.problems:
            key = (rule, problem.pk)
            if key not in self._rules:
                self._rules[key] = can(self.user, rule, problem)
            if self._rules[key] and self.reader_of(problem).may_see(data_class, problem):
                found.append(problem.pk)
        return found


def _problem_path(model: str) -> str:
    if model == "problems.problem":
        return "pk"
    return DATA_CLASSES[model].problem.replace(".", "__")


def _matching(kind: Kind, text: str, allowed: _Allowed) -> Any:
    """The records of ``kind`` with ``text`` in a field the user may see on their problem."""
    path = _problem_path(kind.model)
    found = Q(pk__in=[])
    for name in kind.fields:
        ids = allowed.ids(kind.rule, field_class(kind.model, name))
        if ids:
            found |= Q(**{f"{name}__icontains": text, f"{path}__in": ids})
    return apps.get_model(kind.model).objects.filter(found).order_by("-pk")[:PER_KIND]


def excerpt(value: str, text: str) -> str:
    """The part of ``value`` around the first ``text`` (case ignored), marked with ellipses."""
    at = value.lower().find(text.lower())
    if at < 0:
        return ""
    start, end = max(at - AROUND, 0), min(at + len(text) + AROUND, len(value))
    return ("…" if start else "") + value[start:end].strip() + ("…" if end < len(value) else "")


def _snippet(shown: Any, fields: tuple[str, ...], text: str) -> str:
    for name in fields:
        value = getattr(shown, name)
        if value is not WITHHELD and value and text.lower() in str(value).lower():
            return excerpt(str(value), text)
    return ""


def _hits(kind: Kind, text: str, allowed: _Allowed) -> list[Hit]:
    hits = []
    for record in _matching(kind, text, allowed):
        problem = problem_of(record)
        shown = allowed.reader_of(problem).show(record)
        hits.append(
            Hit(
                kind=kind.label,
                name=str(shown),
                url=kind.link(record),
                snippet=_snippet(shown, kind.fields, text),
                problem=str(problem.title),
            )
        )
    return hits


def _sites(user: Any, text: str) -> list[Hit]:
    """Sites are the partnership's, not a problem's: found by whoever may see sites."""
    if not can(user, SITES_VIEW):
        return []
    found = Site.objects.filter(Q(name__icontains=text) | Q(address__icontains=text))
    return [
        Hit(
            kind="Site",
            name=site.name,
            url=site.get_absolute_url(),
            snippet=excerpt(site.address, text) or excerpt(site.name, text),
            problem="",
        )
        for site in found.order_by("name")[:PER_KIND]
    ]


def search(*, user: Any, text: str, reader_of: Callable[[Any], Reader]) -> list[Hit]:
    """Every record ``user`` may open that matches ``text`` in a field they may see, read
    through ``reader_of(problem)`` (the reader with the purpose given for that problem)."""
    text = text.strip()[:LONGEST]
    if len(text) < SHORTEST:
        return []
    problems = list(associated(Problem.objects.all(), user))
    allowed = _Allowed(user, problems, reader_of)
    hits: list[Hit] = []
    for kind in kinds()[:1]:
        hits += _hits(kind, text, allowed)
    hits += _sites(user, text)
    for kind in kinds()[1:]:
        hits += _hits(kind, text, allowed)
    return hits
