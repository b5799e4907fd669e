"""What the record shows about a s.90 compensation claim: the closure's dates, the court the
claim goes to, the 3-month limit and the people the partnership recorded as associated with the
premises.

Every record is read through the maker's reader. The people under enforcement
(``powers.Person``) are restricted: a maker who may not see their names is told the comparison
was not made on this copy, never which names there are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from clearhold.documents.content.common import court_address, day, text, when
from clearhold.law import UK, compensation_deadline
from clearhold.powers.models import AppealAgainst, AppealOutcome, HearingOutcome
from clearhold.powers.state import first_service, notice_until
from clearhold.readmodel import Reader

TRIGGERS = {
    "cancelled": "the day on which the closure notice was cancelled under section 78 (s.90(3)(a))",
    "refused": "the day on which a closure order was refused (s.90(3)(b), s.90(4)(a))",
    "refusal_upheld": "the day on which the Crown Court dismissed an appeal against the "
    "decision not to make a closure order (s.90(3)(b), s.90(4)(b))",
    "ceased": "the day on which the closure order ceased to have effect (s.90(3)(c))",
}


def _name(value: Any) -> str:
    return " ".join(text(value).lower().split())


def _appeals(closure: Any) -> list[Any]:
    return list(closure.appeals.all())


def _row(what: str, on: str, ended: str = "") -> dict[str, str]:
    return {"what": what, "on": on, "ended": ended}


def _notice_rows(closure: Any, notice: Any) -> list[dict[str, str]]:
    rows = [_row("Closure notice issued", when(notice.issued_at))]
    served = first_service(notice)
    if served is not None:
        ended = notice_until(notice, served, list(closure.hearings.order_by("heard_at", "id")))
        rows.append(_row("Closure notice served (s.79)", when(served), when(ended)))
    if notice.extension_hours:
        what = f"Closure notice extended by {notice.extension_hours} hours (s.77(4))"
        rows.append(_row(what, when(notice.extension_issued_at)))
    if notice.cancelled_at:
        cancelled = when(notice.cancelled_at)
        rows.append(_row("Closure notice cancelled (s.78(2))", cancelled, cancelled))
    for hearing in closure.hearings.order_by("heard_at", "id"):
        what = f"Hearing at {text(hearing.court)}: {hearing.get_outcome_display()}"
        rows.append(_row(what, when(hearing.heard_at)))
    return rows


def _order_rows(order: Any) -> list[dict[str, str]]:
    made = f"Closure order made by {text(order.court)} (s.80)"
    rows = [_row(made, day(order.made_on), day(order.current_ends_on()))]
    for extension in order.extensions.all():
        if extension.granted_on:
            outcome = f"granted on {day(extension.granted_on)}"
        elif extension.refused_on:
            outcome = f"refused on {day(extension.refused_on)}"
        else:
            outcome = "not yet decided"
        what = f"Extension of the order to {day(extension.new_ends_on)} (s.82), {outcome}"
        rows.append(_row(what, day(extension.applied_on)))
    if order.discharged_on:
        discharged = day(order.discharged_on)
        rows.append(_row("Closure order discharged (s.83)", discharged, discharged))
    return rows


def measures(closure: Any, notice: Any, order: Any) -> list[dict[str, str]]:
    """The notice, any extension of it, the hearings, the order and its extensions, and any
    appeal, each with when it ceased to have effect where that is known."""
    rows = _notice_rows(closure, notice)
    if order is not None:
        rows += _order_rows(order)
    for appeal in _appeals(closure):
        concluded = f", {appeal.get_outcome_display().lower()}"
        if appeal.concluded_on:
            concluded += f" on {day(appeal.concluded_on)}"
        what = f"Appeal against {appeal.get_against_display().lower()}{concluded}"
        rows.append(_row(what, day(appeal.lodged_on)))
    return rows


def _refused_on(closure: Any) -> tuple[str, dt.date] | None:
    """The day an order was refused (s.90(4)): the Crown Court's dismissal of an appeal against
    the refusal, else the magistrates' decision."""
    refused = closure.hearings.filter(outcome=HearingOutcome.REFUSED).order_by("heard_at").last()
    if refused is None:
        return None
    for appeal in _appeals(closure):
        if (appeal.against == AppealAgainst.REFUSAL and appeal.outcome == AppealOutcome.DISMISSED
                and appeal.concluded_on):  # fmt: skip
            return "refusal_upheld", appeal.concluded_on
    return "refused", refused.heard_at.astimezone(UK).date()


def trigger(closure: Any, notice: Any, order: Any, today: dt.date) -> tuple[str, dt.date] | None:
    """Which day of s.90(3) applies and when it fell, or None while none has come."""
    if order is not None:
        ends = order.current_ends_on()
        return ("ceased", ends) if ends < today else None
    if notice.cancelled_at:
        return "cancelled", notice.cancelled_at.astimezone(UK).date()
    return _refused_on(closure)


def time_limit(
    closure: Any, notice: Any, order: Any, lodged: dt.date | None, today: dt.date
) -> dict[str, Any]:
    """The s.90(3) period for this closure and whether a claim lodged on ``lodged`` is in it."""
    found = trigger(closure, notice, order, today)
    if found is None:
        return {
            "trigger": "", "started": "", "deadline": "", "in_time": True,
            "statement": "None of the days in s.90(3) has come yet: the notice or order is "
            "still in force, or no decision has been made. A claim made now is made before the "
            "end of the period, which starts when the notice or order ceases to have effect.",
        }  # fmt: skip
    key, started = found
    deadline = compensation_deadline(started)
    in_time = lodged is None or lodged <= deadline
    verdict = (
        f"The claim was lodged on {day(lodged)}, within that period."
        if in_time
        else f"OUT OF TIME: the claim was lodged on {day(lodged)}, after the period ended. "
        "An application under s.90 may not be heard unless it is made before the end of the "
        "period (s.90(3))."
    )
    return {
        "trigger": TRIGGERS[key],
        "started": day(started),
        "deadline": day(deadline),
        "in_time": in_time,
        "statement": f"The period of 3 months starts with {TRIGGERS[key]}: {day(started)}. "
        f"It ends on {day(deadline)}. {verdict if lodged else ''}".strip(),
    }


def appropriate_court(closure: Any, notice: Any, order: Any) -> str:
    """The court to which the claim is made (s.90(2))."""
    on_appeal = order is not None and any(
        a.against == AppealAgainst.REFUSAL and a.outcome == AppealOutcome.ALLOWED
        for a in _appeals(closure)
    )
    if on_appeal:
        return (
            "The Crown Court, the closure order having been made or extended by that Court on "
            "an appeal under section 84 (s.90(2)(b))."
        )
    heard = closure.hearings.order_by("heard_at", "id").first()
    court = text(heard.court) if heard is not None else text(notice.hearing_court)
    address = court_address(court, notice)
    return (
        f"{court}, the magistrates' court that considered the application for a closure order "
        f"(s.90(2)(a)).{' Its address: ' + address + '.' if address else ''}"
    )


def association(claimant: str, problem: Any, reader: Reader) -> str:
    """Whether the claimant's name is among the people the partnership recorded under
    enforcement on the problem, as far as this maker may see them."""
    people = list(reader.show(problem).people.all())
    if not people:
        return "The partnership has recorded no one under enforcement on this problem."
    names = [(p, text(p.name)) for p in people]
    if any(not name for _, name in names):
        return (
            "The people the partnership recorded under enforcement are withheld from this copy "
            "(restricted data): an officer allowed to see them must check the claimant against "
            "them."
        )
    matches = [p for p, name in names if _name(name) == _name(claimant)]
    if not matches:
        return (
            f"The claimant's name is not among the {len(people)} people the partnership "
            "recorded under enforcement on this problem."
        )
    steps = [f"{s.get_kind_display()} on {day(s.on)}" for p in matches for s in p.steps.all()]
    breaches = sum(p.breaches.count() for p in matches)
    return (
        "The claimant's name matches a person the partnership recorded under enforcement on "
        f"this problem. Steps recorded: {'; '.join(steps) or 'none'}. Breaches of the notice "
        f"or order recorded against them: {breaches}."
    )
