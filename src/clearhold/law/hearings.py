"""The hearing and the life of the closure notice (s.80(3), s.81(2)–(4)).

The application must be heard within 48 hours of service (s.80(3)), but the notice itself may
end sooner: a 24-hour notice served at noon ends at noon the next day. A hearing booked after
the notice ends leaves the premises open in between, and the court can then neither continue
the notice when it makes no order (s.81(2)) nor when it adjourns (s.81(4)): both powers continue
a notice "in force", and one that has ended is no longer in force. The first is a warning for
the person booking the hearing; the second refuses to record a continuation that cannot be.
"""

from __future__ import annotations

from datetime import datetime

from clearhold.law.clocks import instant, to_uk
from clearhold.law.deadlines import hearing_deadline
from clearhold.law.findings import Finding, block, warn


def _when(moment: datetime) -> str:
    return f"{to_uk(moment):%H:%M on %-d %B %Y}"


def check_hearing_within_notice(
    notice_ends_at: datetime, hearing_at: datetime, *, served: bool = True
) -> list[Finding]:
    """Warn when the hearing falls after the notice stops having effect.

    ``served`` False means ``notice_ends_at`` is when the notice would end if served at once
    (at issue): serving it later moves the end later, so the warning says so.
    """
    if instant(hearing_at) <= instant(notice_ends_at):
        return []
    if served:
        ends = f"The closure notice ends at {_when(notice_ends_at)}"
    else:
        ends = f"Served at once, the closure notice would end at {_when(notice_ends_at)}"
    return [
        warn(
            "CO-09",
            "s.80(3); s.81(2),(4)",
            f"{ends}, before the hearing at {_when(hearing_at)}: the premises are open in "
            "between, and the court cannot continue a notice no longer in force (s.81(2),(4)). "
            "Book the hearing while the notice is in force; it must be heard within 48 hours "
            "of service (s.80(3)).",
        )
    ]


def check_continuation_in_force(
    notice_until: datetime, heard_at: datetime, *, cancelled: bool = False
) -> list[Finding]:
    """The court may continue the notice (s.81(2), or to the end of an adjournment, s.81(4))
    only while it is in force at the hearing."""
    if cancelled:
        reason = "it was cancelled"
    elif instant(heard_at) > instant(notice_until):
        reason = f"it ended at {_when(notice_until)}"
    else:
        return []
    return [
        block(
            "CO-09",
            "s.81(2),(4)",
            f"The court can continue a closure notice only while it is in force (s.81(2),(4)); "
            f"at the hearing at {_when(heard_at)} it was not: {reason}. To keep the premises "
            "closed, issue and serve a fresh closure notice.",
        )
    ]


def check_booking_within_window(served_at: datetime, booked_at: datetime) -> list[Finding]:
    """The hearing booked for after the latest moment the application may be heard: 48 hours
    after service of the closure notice, Christmas Day disregarded (s.80(3),(4)). A conflict
    from the moment service is recorded, so it can be rebooked while there is time."""
    latest = hearing_deadline(served_at)
    if instant(booked_at) <= instant(latest):
        return []
    return [
        block(
            "CO-02",
            "s.80(3),(4)",
            f"Hearing booked too late: the hearing is booked for {_when(booked_at)}, but the "
            f"application must be heard by {_when(latest)}, 48 hours after service of the "
            "closure notice at "
            f"{_when(served_at)}, Christmas Day disregarded (s.80(3),(4)). Ask the court for "
            "an earlier hearing.",
        )
    ]
