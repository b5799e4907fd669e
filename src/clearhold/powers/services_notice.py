"""Writes that change a closure notice once issued: its extension (s.77(4)), and its
cancellation and variation (s.78).

Each is signed by the person the Act names: an extension by a superintendent of the police or
by the issuing authority's chief executive or designate; a cancellation or variation by the
officer who issued (or extended) the notice or, if not available, one of the same or higher
rank, or by the issuing authority (s.78(4)–(6)). The law core decides (``clearhold.law``);
a refusal names the section and stores nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from clearhold.authz import require
from clearhold.law import (
    Finding,
    IssuedNotice,
    Signatory,
    blocks,
    check_extension_signatory,
    check_s78_signatory,
    instant,
    to_uk,
    uk_date,
    validate_notice_extension,
)
from clearhold.powers.findings import refuse, refuse_blocking, refuse_future_moment
from clearhold.powers.models import ClosureNotice
from clearhold.powers.permissions import NOTICE_ISSUE, issuing_body
from clearhold.powers.state import notice_period_end, order_of

Recorded = tuple[Any, list[Finding]]


@transaction.atomic
def notice_extend(
    *, user: Any, notice: ClosureNotice, extension_hours: int, at: dt.datetime
) -> Recorded:
    """Extend a 24-hour notice by up to 24 hours (s.77(4)), while it is still in force."""
    require(user, NOTICE_ISSUE, notice.closure.problem)
    if notice.extension_hours:
        refuse("This notice has already been extended; a notice can last 48 hours at most.")
    refuse_blocking(check_extension_signatory(issued_notice(notice), signatory(user)))
    end = notice_period_end(notice)
    if end is None:
        refuse("Record the service of the notice before extending it: its period runs from then.")
    if instant(at) >= instant(end):
        refuse(
            f"The notice ended at {to_uk(end):%H:%M on %-d %B %Y}; an ended notice "
            "cannot be extended (s.77(4)).",
            "at",
        )
    findings = validate_notice_extension(
        issuer=notice.closure.body,
        role=user.role,
        notice_hours=notice.hours,
        extension_hours=extension_hours,
        notice_senior_authority=notice.senior_authority,
        identifies_notice=True,
        on=uk_date(at),
    )
    warnings = refuse_blocking(findings, "extension_hours")
    notice.extension_hours = extension_hours
    notice.extension_issued_by = user
    notice.extension_issued_at = at
    notice.save()
    return notice, warnings


def signatory(user: Any) -> Signatory:
    """The law core's view of a user about to sign a notice."""
    return Signatory(
        person=user.pk, body=issuing_body(user), authority=user.organisation_id, role=user.role
    )


def issued_notice(notice: ClosureNotice) -> IssuedNotice:
    """The law core's view of who issued (and extended) a notice on record."""
    return IssuedNotice(
        body=notice.closure.body,
        authority=notice.issued_by.organisation_id,
        issuer=notice.issued_by_id,
        issuer_role=notice.issuer_role,
        senior_authority=notice.senior_authority,
        extended_by=notice.extension_issued_by_id if notice.extension_hours else None,
    )


def may_sign_s78(user: Any, notice: ClosureNotice) -> bool:
    """Whether ``user`` could sign a cancellation or variation notice for ``notice``, standing
    in for an unavailable officer if need be (for the closure page's links)."""
    findings = check_s78_signatory(
        issued_notice(notice), signatory(user), relevant_unavailable=True, what="cancelled"
    )
    return not blocks(findings)


def _check_s78_notice(
    user: Any, notice: ClosureNotice, at: dt.datetime, what: str, issuer_unavailable: bool
) -> None:
    """A cancellation or variation notice (s.78) acts on a live notice, after its issue, and is
    signed by the relevant officer or authority (s.78(4)–(6))."""
    require(user, NOTICE_ISSUE, notice.closure.problem)
    done = "cancelled" if what == "cancellation" else "varied"
    refuse_blocking(
        check_s78_signatory(
            issued_notice(notice),
            signatory(user),
            relevant_unavailable=issuer_unavailable,
            what=done,
        ),
        "issuer_unavailable",
    )
    if notice.cancelled_at is not None:
        refuse("This notice is already cancelled.")
    if order_of(notice.closure) is not None:
        refuse("The court has made an order: apply to discharge it (s.83) instead.")
    refuse_future_moment(at, "at", f"The time of the {what} notice")
    if instant(at) < instant(notice.issued_at):
        refuse(f"A {what} notice cannot come before the notice it acts on.", "at")


@transaction.atomic
def notice_cancel(
    *,
    user: Any,
    notice: ClosureNotice,
    at: dt.datetime,
    reason: str,
    issuer_unavailable: bool = False,
) -> ClosureNotice:
    """Cancel the notice when its grounds are no longer met (s.78(2)); signed by the officer
    who issued or extended it or, if not available, one of the same or higher rank; or by the
    authority that issued it (s.78(4)–(6))."""
    _check_s78_notice(user, notice, at, "cancellation", issuer_unavailable)
    if not reason.strip():
        refuse("Say why the grounds of s.76(1) are no longer met (s.78(1)).", "reason")
    notice.cancelled_at = at
    notice.cancelled_by = user
    notice.cancellation_reason = reason.strip()
    notice.save()
    return notice


@transaction.atomic
def notice_vary(
    *,
    user: Any,
    notice: ClosureNotice,
    at: dt.datetime,
    part_removed: str,
    issuer_unavailable: bool = False,
) -> ClosureNotice:
    """Take a part of the premises out of the notice when the grounds no longer hold for it
    (s.78(3)); the whole premises need a cancellation notice instead (s.78(2)). Signed as a
    cancellation is (s.78(4)–(6))."""
    _check_s78_notice(user, notice, at, "variation", issuer_unavailable)
    if notice.varied_at is not None:
        refuse("This notice has already been varied; ClearHold records one variation notice.")
    if not part_removed.strip():
        refuse(
            "Describe the part of the premises the notice no longer covers (s.78(3)).",
            "part_removed",
        )
    notice.varied_at = at
    notice.varied_by = user
    notice.part_removed = part_removed.strip()
    notice.save()
    return notice
