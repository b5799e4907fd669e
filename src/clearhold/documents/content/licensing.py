"""The notification to the licensing authority of a closure order on licensed premises.

When a premises licence (Licensing Act 2003) is in force, the court that makes a closure order
must notify the licensing authority (s.80(9)), and so must the Crown Court if it makes one on
appeal (s.84(7)); the notice makes the authority review the licence (Licensing Act 2003 s.167).
The duty is the court's: ClearHold drafts the notification from the record — the licence and
authority recorded on the site, the order and who may still enter — for the applicant to hand
to the court or send with its agreement. It names the most recent duty that arose.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import PERSON, PREMISES, day, person, premises, text
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import Obj
from clearhold.law.licensing import APPEAL_SECTION, LICENCE_REVIEW
from clearhold.powers.licensing import closure_licensing_duties
from clearhold.powers.state import order_of
from clearhold.readmodel import Reader

NOTIFICATION = {
    "reference": None,
    "date": None,
    "premises": PREMISES,
    "licence": Obj.of("number", "authority", "address_lines"),
    "duty": Obj.of("section", "sentence", "court", "made_on", "on_appeal"),
    "order": Obj.of("recorded", "scope", "starts_on", "ends_on", "exemptions"),
    "review": None,
    "prepared_by": PERSON,
}
REQUIRED = {
    "licence": "the notification must name the premises licence and the licensing authority.",
    "duty": "the notification must say which court made the order and under which section.",
}
NO_LICENCE = (
    "No premises licence is recorded for these premises: the court notifies the licensing "
    "authority only for premises with a premises licence in force (s.80(9)). Record the "
    "licence under Premises on the closure page."
)
NO_ORDER = (
    "No closure order has been made on these premises: the court must notify the licensing "
    "authority once it makes one (s.80(9)), or the Crown Court once it makes one on appeal "
    "(s.84(7)). Record the order or the appeal first."
)


def _order(closure: Any) -> dict[str, Any]:
    """The recorded order's terms (shown), or a note that they are in the court's order."""
    order = order_of(closure)
    if order is None:
        return {"recorded": False, "scope": "", "starts_on": "", "ends_on": "", "exemptions": []}
    scope = order.get_scope_display()
    if text(order.part_description).strip():
        scope = f"{scope}: {text(order.part_description).strip()}"
    return {
        "recorded": True,
        "scope": scope,
        "starts_on": day(order.starts_on),
        "ends_on": day(order.current_ends_on()),
        "exemptions": [e.get("clause", "") for e in order.exemptions if e.get("clause")],
    }


def licensing_notification(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    site = closure.site
    title = f"Notification to the licensing authority: {text(closure.premises_description)}"
    if not site.licence_number:
        return Content(title, {}, [NO_LICENCE])
    duties = closure_licensing_duties(closure)
    if not duties:
        return Content(title, {}, [NO_ORDER])
    duty = duties[-1]
    context = {
        "reference": f"CH-{closure.problem_id}-{closure.pk}",
        "date": day(timezone.localdate()),
        "premises": premises(closure),
        "licence": {
            "number": text(site.licence_number),
            "authority": text(site.licensing_authority),
            "address_lines": [
                line.strip()
                for line in text(site.licensing_authority_address).splitlines()
                if line.strip()
            ],
        },
        "duty": {
            "section": duty.section,
            "sentence": duty.sentence,
            "court": duty.court,
            "made_on": day(duty.made_on),
            "on_appeal": duty.section == APPEAL_SECTION,
        },
        "order": _order(closure),
        "review": LICENCE_REVIEW,
        "prepared_by": person(reader.show(reader.user, within=subject.problem), closure.body),
    }
    return Content(title, context)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="licensing_notification",
            title="Notification to the licensing authority",
            subject="closure",
            placeholders=NOTIFICATION,
            build=licensing_notification,
            required=REQUIRED,
            description="For licensed premises: the court's notice of a closure order to the "
            "licensing authority (s.80(9); on appeal, s.84(7)), drafted from the record.",
        )
    )
