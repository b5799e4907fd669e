"""The consultation log: what each household said after the letters went out, and the reply.

A partnership that writes to every home must be able to show what came back: each response
against the home it came from, every objection with its reason, and whether a reply was sent.
Writes check the documents rule on the problem (viewers may read the log, not add to it), that
the home is on one of the problem's sites, and that the dates are possible: nothing received or
replied to in the future, no reply before the response. The reads count responses by stance
and name the homes that have not answered.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from clearhold.authz import require
from clearhold.documents.content.letters import units_of
from clearhold.documents.models import ConsultationResponse, Stance
from clearhold.documents.permissions import DOCUMENT_GENERATE
from clearhold.places.models import Unit

RECORDED_STANCES = [(value, label) for value, label in Stance.choices if value != Stance.NONE]
RECORDED_STANCES_VALUES = frozenset(value for value, _ in RECORDED_STANCES)


@dataclass(frozen=True)
class StanceCount:
    stance: str
    label: str
    count: int


@dataclass(frozen=True)
class ConsultationLog:
    """A problem's consultation at a glance: every home written to and what came back."""

    units: list[Unit]
    responses: list[ConsultationResponse]
    counts: list[StanceCount]
    silent: list[Unit]  # homes with no response recorded

    @property
    def objections(self) -> list[ConsultationResponse]:
        return [r for r in self.responses if r.stance == Stance.OBJECTION]

    @property
    def awaiting_reply(self) -> list[ConsultationResponse]:
        return [r for r in self.responses if r.reply_sent_on is None]


def consultation_log(*, problem: Any, stance: str = "") -> ConsultationLog:
    """The log of ``problem``; ``stance`` keeps only the responses of that stance."""
    units = units_of(problem)
    responses = list(
        ConsultationResponse.objects.filter(problem=problem)
        .select_related("unit", "unit__site", "recorded_by")
        .order_by("received_on", "id")
    )
    answered = {r.unit_id for r in responses}
    silent = [u for u in units if u.pk not in answered]
    tally = Counter(r.stance for r in responses)
    counts = [StanceCount(value, label, tally[value]) for value, label in RECORDED_STANCES]
    counts.append(StanceCount(Stance.NONE, "No response", len(silent)))
    if stance:
        responses = [r for r in responses if r.stance == stance]
    return ConsultationLog(units=units, responses=responses, counts=counts, silent=silent)


def _fmt(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _problems(
    *,
    problem: Any,
    unit: Unit | None,
    received_on: dt.date | None,
    stance: str,
    reason: str,
    reply_sent_on: dt.date | None,
    reply: str,
) -> dict[str, str]:
    """Every reason the response cannot be stored, by field."""
    today = timezone.localdate()
    found: dict[str, str] = {}
    if unit is None or not problem.sites.filter(pk=unit.site_id).exists():
        found["unit"] = "Choose a home on one of this problem’s sites."
    if received_on is None:
        found["received_on"] = "Enter the date the response was received."
    elif received_on > today:
        found["received_on"] = (
            f"The date received cannot be in the future: {_fmt(received_on)} is after today."
        )
    if stance not in RECORDED_STANCES_VALUES:
        found["stance"] = "Choose whether they support, object or comment."
    elif stance == Stance.OBJECTION and not reason:
        found["reason"] = "Say why they object."
    if reply_sent_on is not None and reply_sent_on > today:
        found["reply_sent_on"] = (
            f"The date the reply was sent cannot be in the future: {_fmt(reply_sent_on)} is "
            "after today."
        )
    elif reply_sent_on is not None and received_on is not None and reply_sent_on < received_on:
        found["reply_sent_on"] = (
            f"The reply cannot have been sent ({_fmt(reply_sent_on)}) before the response was "
            f"received ({_fmt(received_on)})."
        )
    elif reply and reply_sent_on is None:
        found["reply_sent_on"] = "Enter the date the reply was sent."
    return found


@transaction.atomic
def response_record(
    *,
    user: Any,
    problem: Any,
    unit: Unit | None,
    received_on: dt.date | None,
    stance: str,
    reason: str = "",
    reply_sent_on: dt.date | None = None,
    reply: str = "",
    response: ConsultationResponse | None = None,
) -> ConsultationResponse:
    """Store a household's response (or correct ``response``), refusing impossible ones."""
    require(user, DOCUMENT_GENERATE, problem)
    fields = {
        "unit": unit,
        "received_on": received_on,
        "stance": stance,
        "reason": (reason or "").strip(),
        "reply_sent_on": reply_sent_on,
        "reply": (reply or "").strip(),
    }
    found = _problems(problem=problem, **fields)
    if found:
        raise ValidationError(found)
    if response is None:
        response = ConsultationResponse(problem=problem, recorded_by=user)
    elif response.problem_id != problem.pk:
        raise ValidationError("That response belongs to another problem.")
    for name, value in fields.items():
        setattr(response, name, value)
    response.full_clean()
    response.save()
    return response


def response_get(*, problem: Any, pk: int) -> ConsultationResponse:
    """One response on ``problem`` (404 when there is none: callers check the rule first)."""
    return get_object_or_404(
        ConsultationResponse.objects.select_related("unit", "unit__site"), problem=problem, pk=pk
    )
