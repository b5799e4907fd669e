"""Every deadline of a closure, computed now from what is on record and the law in force.

Nothing here is stored: a clock is recomputed on each page, so recording service moves the
hearing deadline at once, and a change of the law (a new parameter row) moves every clock that
depends on it. Each clock says whether someone must act by then (``action``) or whether it only
marks when something ends; overdue and due within 24 hours are what pages show prominently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clearhold.law import (
    appeal_deadline,
    compensation_deadline,
    cost_recovery_deadline,
    end_of_day,
    hearing_deadline,
    instant,
    order_latest_possible_end,
    to_uk,
)
from clearhold.law.appeals import AppealFacts, possession_notice_by
from clearhold.law.hearings import check_booking_within_window
from clearhold.powers.models import Closure, HearingOutcome
from clearhold.powers.state import (
    first_service,
    hearings,
    notice_of,
    notice_period_end,
    notice_until,
    order_consultee,
    order_of,
)

SOON = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Clock:
    """One deadline: ``due`` is the instant it falls (a day deadline: the end of that day)."""

    key: str
    label: str
    due: dt.datetime
    section: str
    action: bool
    done: bool = False
    date_only: bool = False
    note: str = ""
    conflict: str = ""  # why what is booked cannot meet this deadline (shown in red)

    def state(self, now: dt.datetime) -> str:
        """``done``, ``overdue``, ``ended``, ``conflict``, ``due_soon`` or ``upcoming``."""
        if self.done:
            return "done"
        if instant(now) >= instant(self.due):
            return "overdue" if self.action else "ended"
        if self.conflict:
            return "conflict"
        if instant(self.due) - instant(now) <= SOON:
            return "due_soon"
        return "upcoming"

    @property
    def shown(self) -> str:
        """The deadline in UK time, as a page shows it."""
        if self.date_only:
            return f"{(to_uk(self.due) - dt.timedelta(seconds=1)):%-d %B %Y} (end of the day)"
        return f"{to_uk(self.due):%H:%M on %-d %B %Y}"

    @property
    def day(self) -> dt.date:
        """The UK date it falls on (for a calendar)."""
        return (
            (to_uk(self.due) - dt.timedelta(seconds=1)).date()
            if self.date_only
            else to_uk(self.due).date()
        )


def _by_end_of(key: str, label: str, day: dt.date, section: str, **kw) -> Clock:
    return Clock(key, label, end_of_day(day), section, date_only=True, **kw)


def _compensation(trigger: dt.date) -> Clock:
    """The s.90(3) clock from a cancellation, a refusal or the order's end."""
    return _by_end_of(
        "compensation_by",
        "Compensation claims (against central funds) by",
        compensation_deadline(trigger),
        "s.90(3)",
        action=False,
    )


def closure_clocks(closure: Closure) -> list[Clock]:
    """Every clock of ``closure`` that its facts so far let us compute, in time order."""
    notice = notice_of(closure)
    heard = hearings(closure)
    order = order_of(closure)
    appeals = list(closure.appeals.all())
    clocks = _notice_clocks(notice, first_service(notice), heard)
    clocks += _decision_clocks(notice, heard, appeals)
    if order is not None:
        clocks += _order_clocks(closure, order, appeals)
    return sorted(clocks, key=lambda c: instant(c.due))


def _notice_clocks(notice, served, heard) -> list[Clock]:
    """The notice's clocks: serve it before the booked hearing (s.79, s.80(3)); once served,
    its extension and its end (s.77, s.81) and the hearing within 48 hours (s.80(3),(4))."""
    if notice is not None and served is None and notice.cancelled_at is None:
        return [
            Clock(
                "hearing_booked",
                "Serve the notice before the booked hearing",
                notice.hearing_at,
                "s.79, s.80(3)",
                action=True,
                note=f"Hearing booked at {notice.hearing_court}.",
            )
        ]
    if served is None:
        return []
    clocks: list[Clock] = []
    end = notice_period_end(notice, served)
    if not notice.extension_hours and not notice.senior_authority and not heard:
        clocks.append(
            Clock(
                "notice_extend_by",
                "Issue any extension notice before the notice ends",
                end,
                "s.77(4)",
                action=False,
            )
        )
    clocks.append(
        Clock(
            "notice_ends",
            "Closure notice ends",
            notice_until(notice, served, heard),
            "s.77, s.81",
            action=False,
        )
    )
    if notice.cancelled_at is None:
        late = [] if heard else check_booking_within_window(served, notice.hearing_at)
        clocks.append(
            Clock(
                "hearing_by",
                "Application heard by",
                hearing_deadline(served),
                "s.80(3),(4)",
                action=True,
                done=bool(heard),
                note="48 hours from first service, Christmas Day disregarded.",
                conflict=late[0].message if late else "",
            )
        )
    return clocks


def _decision_clocks(notice, heard, appeals) -> list[Clock]:
    """The court's clocks: an adjourned hearing (s.81(3)), the appeal from its decision
    (s.84(5)), and compensation after a refusal or a cancelled notice."""
    clocks: list[Clock] = []
    if heard and heard[-1].outcome == HearingOutcome.ADJOURNED and heard[-1].adjourned_to:
        clocks.append(
            Clock(
                "adjourned_to",
                "Adjourned hearing resumes",
                heard[-1].adjourned_to,
                "s.81(3)",
                action=True,
            )
        )
    decided = [h for h in heard if h.outcome in (HearingOutcome.ORDER_MADE, HearingOutcome.REFUSED)]
    if decided:
        decision_day = to_uk(decided[0].heard_at).date()
        clocks.append(
            _by_end_of(
                "appeal_by",
                "Appeal to the Crown Court by",
                appeal_deadline(decision_day),
                "s.84(5)",
                action=False,
                done=bool(appeals),
            )
        )
    if decided and decided[0].outcome == HearingOutcome.REFUSED:
        clocks.append(_compensation(to_uk(decided[0].heard_at).date()))
    if notice is not None and notice.cancelled_at is not None:
        clocks.append(_compensation(to_uk(notice.cancelled_at).date()))
    return clocks


def _order_clocks(closure, order, appeals) -> list[Clock]:
    """The order's own clocks (none once quashed on appeal, s.84), then those that run from its
    end (s.88, s.90) and the landlord's possession clock."""
    clocks: list[Clock] = []
    ends = order.current_ends_on()
    if order.quashed_on() is None:
        clocks += _order_term_clocks(closure, order, ends)
    clocks += _after_order_clocks(closure, ends)
    if closure.dwelling:
        facts = [AppealFacts(a.against, a.outcome, a.concluded_on) for a in appeals]
        last_day = possession_notice_by(order.made_on, facts)
        if last_day is not None:
            clocks.append(
                _by_end_of(
                    "possession_notice_by",
                    "Landlord's notice of possession (absolute ground, Condition 4) by",
                    last_day,
                    "Housing Act 1985 s.83ZA(7); Housing Act 1988 s.8(4F)",
                    action=False,
                    note="Only if access was barred for more than 48 hours in a row.",
                )
            )
    return clocks


def _order_term_clocks(closure, order, ends: dt.date) -> list[Clock]:
    """When the order ends, the extension deadline and the 6-month cap (s.80(6), s.82)."""
    clocks: list[Clock] = []
    latest = order_latest_possible_end(order.starts_on)
    pending = any(e.granted_on is None and e.refused_on is None for e in order.extensions.all())
    clocks.append(
        _by_end_of("order_ends", "Closure order ends", ends, "s.80(6), s.82", action=False)
    )
    if not order.discharged_on and ends < latest:
        clocks.append(
            _by_end_of(
                "extension_apply_by",
                "Apply to extend the order before it expires",
                ends - dt.timedelta(days=1),
                "s.82(1)",
                action=False,
                done=pending,
                note=f"Consult {order_consultee(closure)} first (s.82(3),(4)).",
            )
        )
    clocks.append(
        _by_end_of(
            "latest_possible_end",
            "Latest end with every extension (6 months in all)",
            latest,
            "s.82(8)",
            action=False,
            note="Longer needs a fresh notice and order.",
        )
    )
    return clocks


def _after_order_clocks(closure, ends: dt.date) -> list[Clock]:
    """Cost recovery (s.88(3)) and compensation (s.90(3)) from the day the order ceased."""
    clocks: list[Clock] = []
    kinds = {cost.kind for cost in closure.costs.all()}  # all(): served by a prefetch
    cost_applied = "recovery_applied" in kinds
    spent = bool(kinds & {"securing", "maintenance", "clearing"})
    if spent:
        clocks.append(
            _by_end_of(
                "cost_recovery_by",
                "Apply to recover the costs of securing the premises by",
                cost_recovery_deadline(ends),
                "s.88(3)",
                action=True,
                done=cost_applied,
            )
        )
    clocks.append(_compensation(ends))
    return clocks


def live_clocks(closure: Closure, now: dt.datetime) -> list[tuple[Clock, str]]:
    """The clocks still to watch (not done, not long ended), with their state at ``now``."""
    rows = []
    for clock in closure_clocks(closure):
        state = clock.state(now)
        if state in ("overdue", "conflict", "due_soon", "upcoming"):
            rows.append((clock, state))
    return rows
