"""An application for an order about access to another part of the building (s.87).

Where an order (under s.80, 81, 82 or 84) restricts access to premises that are part of a
building or structure, an occupier or owner of a part not subject to it may apply to the
appropriate court — the magistrates' court, or the Crown Court for an order made on appeal
(s.87(2)) — for whatever order it thinks appropriate about access (s.87(4)). Notice goes to a
constable, the local authority, those served under s.79 and anyone else with an interest
(s.87(3)). Premises not recorded as part of a building are warned about, not refused: whether
they form part of a "structure" is for the court.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import PREMISES, day, premises, text
from clearhold.documents.content.order_terms import TERMS, made_on_appeal, terms_of
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import Obj
from clearhold.powers.state import order_of
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import Form

CAPACITY = {"occupier": "an occupier", "owner": "an owner"}
PART_OF_A_BUILDING = {"dwelling", "part_of_building", "communal_areas"}
ACCESS = {
    "reference": None,
    "date": None,
    "premises": PREMISES,
    "order": TERMS,
    "court": Obj.of("name", "section"),
    "applicant": Obj.of("name", "capacity", "part"),
    "access": None,
}
REQUIRED = {
    "applicant": "the application must say who applies and which part they occupy or own "
    "(s.87(1)).",
    "access": "the application must say what access is sought (s.87(4)).",
}
NO_ORDER = (
    "No closure order has been made on these premises: an application for access follows an "
    "order under s.80, 81, 82 or 84 (s.87(1)(a)). Record the order first."
)


class AccessForm(Form):
    """Who applies, for which other part of the building, and the access they need."""

    applicant = forms.CharField(label="Who applies", max_length=200)
    capacity = forms.ChoiceField(
        label="They are",
        choices=list(CAPACITY.items()),
        error_messages={"required": "Select whether they own or occupy the building"},
    )
    part = forms.CharField(
        label="The part of the building they occupy or own (not closed by the order)",
        max_length=300,
    )
    access = forms.CharField(
        label="The access they need", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: through the communal stairwell to Flat 5, at all times",
    )  # fmt: skip

    def __init__(self, *args: Any, subject: Any = None, user: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)


def access_application(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    title = f"Application for access (s.87): {text(closure.premises_description)}"
    order = reader.show(order_of(subject))
    if order is None:
        return Content(title, {}, [NO_ORDER])
    applicant = {
        "name": str(inputs.get("applicant") or "").strip(),
        "capacity": CAPACITY.get(str(inputs.get("capacity") or ""), ""),
        "part": str(inputs.get("part") or "").strip(),
    }
    wanted = str(inputs.get("access") or "").strip()
    blocking = []
    if not (applicant["name"] and applicant["capacity"]):
        blocking.append("Say who applies, and whether as an occupier or an owner (s.87(1)).")
    if not applicant["part"]:
        blocking.append(
            "Name the part of the building the applicant occupies or owns, not subject to the "
            "order (s.87(1)(c))."
        )
    if not wanted:
        blocking.append("Say what access the applicant needs (s.87(4)).")
    warnings = []
    if closure.premises_kind not in PART_OF_A_BUILDING:
        warnings.append(
            f"The premises are recorded as “{closure.get_premises_kind_display()}”: s.87 applies "
            "only where they are part of a building or structure (s.87(1)(b))."
        )
    on_appeal = made_on_appeal(subject)
    context = {
        "reference": f"CH-{closure.problem_id}-{closure.pk}",
        "date": day(timezone.localdate()),
        "premises": premises(closure),
        "order": terms_of(order),
        "court": {
            "name": "The Crown Court" if on_appeal else text(order.court),
            "section": "s.87(2)(b)" if on_appeal else "s.87(2)(a)",
        },
        "applicant": applicant,
        "access": wanted,
    }
    return Content(title, context, blocking, warnings)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="access_application",
            title="Application for access to another part of the building",
            subject="closure",
            placeholders=ACCESS,
            build=access_application,
            required=REQUIRED,
            form=AccessForm,
            description="For an occupier or owner of a part of the building the order does not "
            "close: the application under s.87 for an order about access.",
        )
    )
