"""The days a record of the service can be about: not before the powers it records existed, and
not so far ahead that it can only be a typing error.

A closure notice, order, hearing or breach under the 2014 Act cannot be dated before its closure
powers came into force (20 October 2014, SI 2014/2590 art.3(c)): the legal parameters have no
row before then, so such a date is refused where it is typed, by name, rather than failing deep
in a clock. A day decades ahead (9999, where adding a day overflows) is refused the same way:
nothing the partnership records is due more than ``HORIZON_YEARS`` ahead.

>>> before_the_powers(date(2014, 10, 19)), before_the_powers(date(2014, 10, 20))
(True, False)
>>> beyond_the_horizon(date(9999, 12, 31), today=date(2025, 5, 7))
True
"""

from __future__ import annotations

from datetime import date, datetime

from clearhold.law.clocks import add_months, uk_date
from clearhold.law.parameters import CHAPTER_3_IN_FORCE

#: The day the closure powers (Part 4 Chapter 3 of the 2014 Act) came into force.
POWERS_IN_FORCE = CHAPTER_3_IN_FORCE
#: The earliest day any record holds (a date of birth, a baseline month): before it, a typo.
EARLIEST_DAY = date(1900, 1, 1)
#: How far ahead a day may be: an order lasts months, a plan a few years.
HORIZON_YEARS = 30


def before_the_powers(day: date) -> bool:
    """Whether ``day`` comes before the closure powers of the 2014 Act came into force."""
    return day < POWERS_IN_FORCE


def horizon(today: date) -> date:
    """The last day a record may be about: ``HORIZON_YEARS`` after ``today``."""
    return add_months(today, 12 * HORIZON_YEARS)


def beyond_the_horizon(day: date, *, today: date) -> bool:
    """Whether ``day`` lies further ahead than any record of the service can be."""
    return day > horizon(today)


def _day_of(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return uk_date(value) if value.tzinfo else value.date()
    return value


def day_refusal(
    value: date | datetime,
    *,
    today: date,
    what: str,
    since: date = EARLIEST_DAY,
    why: str = "",
) -> str:
    """Why ``value`` (a day or an instant) cannot be ``what`` ("" when it can): before
    ``since`` (the powers' commencement for a closure's dates) or beyond the horizon.

    ``what`` names the field as a form's messages do ("the day the court made the order");
    ``why`` says why nothing comes before ``since`` when it is not the powers' commencement.
    """
    day = _day_of(value)
    if day < since:
        if since == POWERS_IN_FORCE:
            return (
                f"Enter {what} on or after 20 October 2014: the closure powers of the "
                "Anti-social Behaviour, Crime and Policing Act 2014 came into force that day"
            )
        return f"Enter {what} on or after {since:%-d %B %Y}" + (f": {why}" if why else "")
    if beyond_the_horizon(day, today=today):
        return (
            f"Enter {what} no later than {horizon(today):%-d %B %Y}: a date more than "
            f"{HORIZON_YEARS} years ahead cannot be right"
        )
    return ""
