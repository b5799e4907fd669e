"""The deadlines of one closure, each computed from the parameter in force and its clock.

These are the dates a case worker plans by (closure-powers.md §1.7): the notice's end
(s.77), the hearing window (s.80(3),(4)), the order's end and the latest end any extension can
reach (s.80(6), s.82(7),(8)), the appeal window (s.84(5)), and the clocks that start when the
order ends or is made: cost recovery (s.88(3)), compensation (s.90(3)) and the landlord's
possession notice (Housing Act 1985 s.83ZA(7)).
"""

from __future__ import annotations

from datetime import date, datetime

from clearhold.law.clocks import (
    add_months,
    hours_after,
    last_day_within_days,
    last_day_within_months,
    uk_date,
)
from clearhold.law.parameters import Parameter, parameter


def _hours(row: Parameter) -> int:
    if row.value.unit != "hours":
        raise ValueError(f"Parameter {row.name!r} is not in hours ({row.value}).")
    return row.value.amount


def hearing_deadline(served_at: datetime) -> datetime:
    """The latest instant the court may hear the application: 48 hours after service of the
    closure notice, Christmas Day disregarded (s.80(3),(4)), using the window in force on the
    day of service.
    """
    row = parameter("hearing_window", on=uk_date(served_at))
    return hours_after(served_at, _hours(row), disregard_christmas=row.disregard_christmas)


def christmas_disregarded_for_notice(
    *, hours: int, extension_hours: int = 0, senior_authority: bool, on: date
) -> bool:
    """Whether s.77(3) (“In calculating when the period of 48 hours ends, Christmas Day is to
    be disregarded”) applies to a notice: only to the period of 48 hours of s.77(2), that is a
    notice issued under that authority that specifies the full 48 hours.

    Not to an extended notice: s.77(4) extends a notice “to which subsection (2) does not
    apply”, so its period is not s.77(2)'s, even when 24 + 24 hours add up to 48. Not to a
    notice under s.77(2) that specifies fewer hours: its period is not “of 48 hours”. Breaching
    a notice is an offence (s.86(1)), so where the words allow two readings ClearHold takes the
    one under which the notice lasts the shorter time (docs/law-parameters.md).
    """
    full = parameter("notice_max_senior", on=on).value.amount
    return senior_authority and extension_hours == 0 and hours == full


def notice_ends_at(
    start: datetime, *, hours: int, extension_hours: int = 0, senior_authority: bool
) -> datetime:
    """When a closure notice of ``hours`` (plus any extension) running from ``start`` ends.

    The Act lets the notice specify its period (s.76(2)) but not when that period starts;
    pass the time the notice takes effect (normally its service). Christmas Day is disregarded
    only for the period of 48 hours of s.77(2),(3) (``christmas_disregarded_for_notice``);
    every other notice, extended ones included, counts real hours.
    """
    if hours < 0 or extension_hours < 0:
        raise ValueError("Notice periods cannot be negative.")
    disregard = christmas_disregarded_for_notice(
        hours=hours,
        extension_hours=extension_hours,
        senior_authority=senior_authority,
        on=uk_date(start),
    )
    return hours_after(start, hours + extension_hours, disregard_christmas=disregard)


def continuation_ends_at(ordered_at: datetime, hours: int) -> datetime:
    """When a notice continued by the court under s.81(2) for ``hours`` ends (real hours: the Act
    gives no Christmas rule for continuations).
    """
    return hours_after(ordered_at, hours, disregard_christmas=False)


def order_latest_possible_end(start: date) -> date:
    """The latest day an order starting on ``start`` can run to with every extension: 6 months
    (s.82(8)). Longer needs a fresh order.
    """
    row = parameter("order_total_max", on=start)
    return add_months(start, row.value.amount)


def appeal_deadline(decision_on: date) -> date:
    """Last day to appeal to the Crown Court: 21 days beginning with the decision (s.84(5))."""
    row = parameter("appeal_period", on=decision_on)
    return last_day_within_days(decision_on, row.value.amount)


def cost_recovery_deadline(order_ceased_on: date) -> date:
    """Last day to apply for reimbursement of costs: 3 months starting with the day the order
    ceases to have effect (s.88(3)).
    """
    row = parameter("cost_recovery_period", on=order_ceased_on)
    return last_day_within_months(order_ceased_on, row.value.amount)


def compensation_deadline(trigger_on: date) -> date:
    """Last day to apply for compensation: 3 months starting with the day the notice was
    cancelled, the order refused, or the order ceased to have effect (s.90(3),(4)).
    """
    row = parameter("compensation_period", on=trigger_on)
    return last_day_within_months(trigger_on, row.value.amount)


def possession_notice_deadline(
    order_made_on: date, *, appeal_concluded_on: date | None = None
) -> date:
    """Last day for a landlord's notice relying on Condition 4 (closure): 3 months beginning with
    the day the order was made, or with the day an appeal against it was finally determined,
    abandoned or withdrawn (Housing Act 1985 s.83ZA(7); closure-powers.md §1.8).
    """
    first_day = appeal_concluded_on or order_made_on
    row = parameter("possession_notice_period", on=first_day)
    return last_day_within_months(first_day, row.value.amount)
