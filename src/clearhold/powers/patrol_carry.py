"""What the access check hands to the breach form: who they said they were, the answer with its
clause, where, and when the check was made.

The check is a GET form, so its answers travel in the breach link's query string. The breach
form takes them only as defaults: it reads them again through ``AccessCheckForm``, and the
answer it shows is recomputed by the law core at the time of the check, never copied from the
link, so a hand-edited link can change a default but cannot put words in the order's mouth.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.utils import timezone

from clearhold.law import instant, to_uk
from clearhold.powers.forms_patrol import INVITED, PERSON_KINDS, AccessCheckForm
from clearhold.powers.forms_times import LocalDateTimeField
from clearhold.powers.models import Closure
from clearhold.powers.patrol import check_access

ANSWERS = ("kind", "unit", "organisation", "invited")
_KIND_WORDS = dict(PERSON_KINDS)
_INVITED_WORDS = dict(INVITED)


def check_query(answers: Mapping[str, Any], checked_at: dt.datetime, **changed: str) -> str:
    """The query string carrying the check's answers (with ``changed`` ones) and its time."""
    data = {name: str(answers.get(name) or "") for name in ANSWERS} | changed
    data["checked"] = f"{timezone.localtime(checked_at):%Y-%m-%dT%H:%M}"
    return urlencode({k: v for k, v in data.items() if v})


def answer_check(closure: Closure, data: Mapping[str, Any], at: dt.datetime) -> tuple[Any, Any]:
    """The access check's answer at ``at`` for a valid check form's ``data``: the instrument in
    force and its decision, as the patrol page shows it and the breach form carries it over."""
    return check_access(
        closure,
        at,
        kind=data["kind"],
        unit=data["unit"],
        organisation=data["organisation"],
        invited={"yes": True, "no": False}.get(data["invited"]),
    )


def _checked_at(text: str, now: dt.datetime) -> dt.datetime | None:
    """The time of the check from the link, if it is a real UK time not in the future."""
    try:
        moment = LocalDateTimeField(what="the time of the check").clean(text)
    except ValidationError:
        return None
    if moment is None or instant(moment) > instant(now):
        return None
    return moment


def _said(data: Mapping[str, Any]) -> str:
    words = _KIND_WORDS[data["kind"]]
    said = f"Said they were: {words[0].lower()}{words[1:]}"
    extras = [data["unit"].strip(), data["organisation"].strip()]
    said += "".join(f", {extra}" for extra in extras if extra)
    if data["kind"] in ("resident_visitor", "family"):
        said += f"; invited by a resident: {_INVITED_WORDS[data['invited']].lower()}"
    return said + "."


def from_access_check(
    closure: Closure, params: Mapping[str, Any], now: dt.datetime, units: list[Any]
) -> dict[str, Any] | None:
    """The breach form's defaults from a check's link, with ``summary`` (the answer at the time
    of the check, as the page shows it); None when the link carries no valid check."""
    form = AccessCheckForm(params)
    checked = _checked_at(str(params.get("checked", "")), now)
    if checked is None or not form.is_valid():
        return None
    data = form.cleaned_data
    instrument, decision = answer_check(closure, data, checked)
    if decision is None:
        return None
    flat = " ".join(data["unit"].split()).casefold()
    unit = next((u for u in units if " ".join(u.name.split()).casefold() == flat), None)
    at = f"{to_uk(checked):%H:%M on %-d %B %Y}"
    summary = f"Access check at {at} against the {instrument.kind}: {decision.reason}"
    return {
        "occurred_at": f"{timezone.localtime(checked):%Y-%m-%dT%H:%M}",
        "unit": unit.pk if unit else None,
        "place": "" if unit or not data["unit"] else data["unit"].strip(),
        "person_description": _said(data)[:300],
        "seen": f"{summary}\n\n",
        "summary": summary,
    }
