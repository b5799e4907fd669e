"""A closure's licensed premises: the notifications the courts owe the licensing authority.

Reads the recorded order, its refused extensions and the appeals of a closure (each saying what
it is against: ``Appeal.against``) and asks ``clearhold.law.licensing`` which duties of s.80(9)
and s.84(7) arose; the licence itself is recorded on the closure's site.
"""

from __future__ import annotations

from clearhold.law.licensing import AppealDecided, LicensingDuty, licensing_duties
from clearhold.powers.models import Closure
from clearhold.powers.state import order_of


def closure_licensing_duties(closure: Closure) -> list[LicensingDuty]:
    """The courts' duties to notify the licensing authority on ``closure``, oldest first (none
    when no premises licence is recorded at its site)."""
    site = closure.site
    if not site.licensed:
        return []
    order = order_of(closure)
    return licensing_duties(
        authority=site.licensing_authority,
        order_made_on=order.made_on if order else None,
        order_court=order.court if order else "",
        appeals=[
            AppealDecided(a.decision_on, a.outcome, a.concluded_on, a.against)
            for a in closure.appeals.all()
        ],
        extension_refused_on=[
            e.refused_on for e in (order.extensions.all() if order else []) if e.refused_on
        ],
    )
