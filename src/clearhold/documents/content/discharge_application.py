"""An application to discharge a closure order (s.83), by complaint to a justice of the peace.

Who applies and under which paragraph of s.83(2), their grounds, and the order's details from
the record. The court may not discharge the order unless satisfied it is no longer necessary
(s.83(7)); an application may be made only before the order expires (s.83(1)), so an order
that has ended blocks it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import PREMISES, day, premises, text
from clearhold.documents.content.order_terms import TERMS, terms_of
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import Obj
from clearhold.powers.state import order_of
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import Form

STANDING = {
    "a": "a constable, the order having been made on the application of a constable (s.83(2)(a))",
    "b": "the authority that applied for the order (s.83(2)(b))",
    "c": "a person on whom the closure notice was served under section 79 (s.83(2)(c))",
    "d": "a person with an interest in the premises on whom the closure notice was not served "
    "(s.83(2)(d))",
}
DISCHARGE = {
    "reference": None,
    "date": None,
    "premises": PREMISES,
    "order": TERMS,
    "applicant": Obj.of("name", "standing", "interest"),
    "grounds": None,
    "summons": None,
}
REQUIRED = {
    "order": "the application must identify the order to be discharged (s.83(1)).",
    "grounds": "the application must say why the order is no longer necessary (s.83(7)).",
}
NO_ORDER = (
    "No closure order has been made on these premises: there is nothing to discharge (s.83(1)). "
    "Record the order first."
)


class DischargeForm(Form):
    """Who applies, their standing under s.83(2) and why the order is no longer necessary."""

    applicant = forms.CharField(label="Who applies", max_length=200)
    standing = forms.ChoiceField(
        label="Entitled to apply as (s.83(2))", choices=list(STANDING.items())
    )
    interest = forms.CharField(
        label="Their interest in the premises", max_length=300, required=False,
        help_text="For example: the owner of the flat; the tenant",
    )  # fmt: skip
    grounds = forms.CharField(
        label="Why the order is no longer necessary (s.83(7))",
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, subject: Any = None, user: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)


def _summons(body: str) -> str:
    if body == "police":
        return (
            "As the order was made on the application of a constable, if the applicant is not a "
            "constable the justice may summon a constable to respond (s.83(3)); notice of the "
            "hearing is then served on that constable and on those in s.83(2)(c),(d) (s.83(4))."
        )
    return (
        "As the order was made on the application of a local authority, if the applicant is "
        "not that authority the justice may summon it to respond (s.83(5)); notice of the "
        "hearing is then served on the authority and on those in s.83(2)(c),(d) (s.83(6))."
    )


def discharge_application(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    title = f"Application to discharge the closure order: {text(closure.premises_description)}"
    order = reader.show(order_of(subject))
    if order is None:
        return Content(title, {}, [NO_ORDER])
    blocking = []
    ends = order.current_ends_on()
    if ends < timezone.localdate():
        blocking.append(
            f"An application to discharge must be made before the order expires (s.83(1)): "
            f"this order ended on {day(ends)}."
        )
    applicant = str(inputs.get("applicant") or "").strip()
    standing = STANDING.get(str(inputs.get("standing") or ""), "")
    grounds = str(inputs.get("grounds") or "").strip()
    if not applicant:
        blocking.append("Say who applies to discharge the order.")
    if not standing:
        blocking.append("Say under which paragraph of s.83(2) the applicant may apply.")
    if not grounds:
        blocking.append("Give the grounds: why the order is no longer necessary (s.83(7)).")
    context = {
        "reference": f"CH-{closure.problem_id}-{closure.pk}",
        "date": day(timezone.localdate()),
        "premises": premises(closure),
        "order": terms_of(order),
        "applicant": {
            "name": applicant,
            "standing": standing,
            "interest": str(inputs.get("interest") or "").strip(),
        },
        "grounds": grounds,
        "summons": _summons(closure.body),
    }
    return Content(title, context, blocking)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="discharge_application",
            title="Application to discharge a closure order",
            subject="closure",
            placeholders=DISCHARGE,
            build=discharge_application,
            required=REQUIRED,
            form=DischargeForm,
            description="The complaint under s.83: who applies, their grounds and the order's "
            "details.",
        )
    )
