"""The kinds of record that carry attachments, how a record is named in a URL (``closure-4``),
whether it belongs to a problem, and the page it is listed on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.http import Http404
from django.urls import reverse

from clearhold.authz import problem_of


@dataclass(frozen=True)
class RecordKind:
    key: str
    model: str
    label: str


RECORD_KINDS = {
    kind.key: kind
    for kind in (
        RecordKind("problem", "problems.problem", "problem"),
        RecordKind("site", "places.site", "site"),
        RecordKind("closure", "powers.closure", "closure"),
        RecordKind("notice", "powers.closurenotice", "closure notice"),
        RecordKind("order", "powers.closureorder", "closure order"),
        RecordKind("breach", "powers.breach", "breach"),
        RecordKind("review", "problems.review", "review"),
    )
}
_BY_MODEL = {kind.model: kind for kind in RECORD_KINDS.values()}


def kind_of(record: models.Model) -> RecordKind:
    found = _BY_MODEL.get(record._meta.label_lower)
    if found is None:
        raise ValueError(f"A {record._meta.verbose_name} cannot carry attachments")
    return found


def key_of(record: models.Model) -> str:
    """How ``record`` is named in a URL: its kind and id, ``closure-4``."""
    return f"{kind_of(record).key}-{record.pk}"


def belongs(record: models.Model, problem: Any) -> bool:
    """Whether ``record`` is ``problem``'s (a site: one of the problem's sites)."""
    if record._meta.label_lower == "places.site":
        return problem.sites.filter(pk=record.pk).exists()
    return problem_of(record) == problem


def record_in(problem: Any, key: str) -> models.Model:
    """The record named ``key`` (``closure-4``; blank for the problem itself) of ``problem``,
    or 404 when there is none or it is not the problem's."""
    if not key:
        return problem
    kind_key, _, pk = key.partition("-")
    kind = RECORD_KINDS.get(kind_key)
    if kind is None or not pk.isdigit():
        raise Http404("There is no such record to attach a file to.")
    record = apps.get_model(kind.model).objects.filter(pk=int(pk)).first()
    if record is None or not belongs(record, problem):
        raise Http404("There is no such record on this problem.")
    return record


def page_of(record: models.Model) -> str:
    """The page ``record``'s attachments are listed on."""
    label = record._meta.label_lower
    if label in ("problems.problem", "places.site", "powers.closure"):
        return record.get_absolute_url()
    if label == "problems.review":
        return reverse("problems:review", args=[record.problem_id, record.pk])
    anchor = {"powers.closurenotice": "#notice", "powers.closureorder": "#order"}
    return reverse("powers:closure", args=[record.closure_id]) + anchor.get(label, "#breaches")
