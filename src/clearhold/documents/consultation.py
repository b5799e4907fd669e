"""The consultation log: what each household said after the letters went out, and the reply.

A partnership that writes to every home must be able to show what came back: each response
against the home it came from, every objection with its reason, and whether a reply was sent.
Writes check the documents rule on the problem (viewers may read the log, not add to it), that
the home is on one of the problem's sites, and that the dates are possible: nothing received or
replied to in the future, no reply before the response. The reads count *homes*, not
responses: every home written to falls in exactly one category (its stance, or no response),
so the categories always add up to the homes written to. A home that wrote more than once is
counted by the last time it said whether it supports or objects (a later comment or question
does not undo a stated stance); a home that only commented counts as a comment. The replies
still to send are counted apart: they are responses, not homes.
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

    units: list[Any]  # Unit, or as shown to a reader
    responses: list[Any]  # ConsultationResponse, or as shown to a reader
    counts: list[StanceCount]
    silent: list[Any]  # homes with no response recorded

    @property
    def objections(self) -> list[Any]:
        return [r for r in self.responses if r.stance == Stance.OBJECTION]

    @property
    def awaiting_reply(self) -> list[Any]:
        """Responses the partnership has not yet replied to (responses, not homes)."""
        return [r for r in self.responses if r.reply_sent_on is None]

    @property
    def answered(self) -> int:
        """Homes that answered: every home written to but the silent ones."""
        return len(self.units) - len(self.silent)


def stance_of_home(stances: list[str]) -> str:
    """What one home said, from its responses' stances in the order received: the last support
    or objection, else a comment; no response when there is none."""
    stated = [s for s in stances if s in (Stance.SUPPORT, Stance.OBJECTION)]
    if stated:
        return stated[-1]
    return Stance.COMMENT if any(s == Stance.COMMENT for s in stances) else Stance.NONE


def tally(unit_ids: list[int], responses: list[tuple[int, str]]) -> Counter:
    """Homes by stance: each of ``unit_ids`` counted once, from ``responses`` given as
    (unit id, stance) in the order received. The counts always add up to the homes."""
    said: dict[int, list[str]] = {pk: [] for pk in unit_ids}
    for unit_id, stance in responses:
        said.setdefault(unit_id, []).append(stance)
    return Counter(stance_of_home(stances) for stances in said.values())


def consultation_log(
    *, problem: Any, stance: str = "", received_by: dt.date | None = None
) -> ConsultationLog:
    """The log of ``problem`` as stored; ``stance`` keeps only the responses of that stance,
    ``received_by`` only those received by that day (an evidence bundle's "as at").

    The homes written to are the units of the problem's sites, and any home that answered
    though its site has since left the problem (it was written to). Pages and documents show
    it through ``selectors.consultation_log_shown``, never as stored."""
    found = ConsultationResponse.objects.filter(problem=problem)
    if received_by is not None:
        found = found.filter(received_on__lte=received_by)
    responses = list(
        found.select_related("problem", "unit", "unit__site", "recorded_by").order_by(
            "received_on", "id"
        )
    )
    units = units_of(problem)
    listed = {u.pk for u in units}
    for response in responses:
        if response.unit_id not in listed:
            listed.add(response.unit_id)
            units.append(response.unit)
    answered = {r.unit_id for r in responses if r.stance in RECORDED_STANCES_VALUES}
    silent = [u for u in units if u.pk not in answered]
    homes = tally([u.pk for u in units], [(r.unit_id, r.stance) for r in responses])
    counts = [StanceCount(value, label, homes[value]) for value, label in RECORDED_STANCES]
    counts.append(StanceCount(Stance.NONE, "No response", homes[Stance.NONE]))
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
