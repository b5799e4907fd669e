"""What a closure notice tells the people it is fixed in front of, beyond the bare s.76(5) list.

A court clerk, a defence solicitor and a resident read the notice on the door: it recites the
s.76(1) test the issuer was satisfied of, tells anyone affected that they may come to the
hearing and oppose the order (heard within 48 hours of service, s.80(3),(4)), what breaking a
closure order costs (s.86(2)) and what an order does to a tenancy (the absolute ground for
possession, Part 5 of the Act), and is signed by someone with the authority its length needs
(s.77(2)). Every figure comes from ``clearhold.law`` for the day the notice was issued.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from clearhold.documents.content.common import person, when
from clearhold.documents.templating import Obj
from clearhold.law import breach_offence, parameter, penalty_text

SIGNATURE = Obj.of("name", "label", "role", "organisation", "authority", "signed_at")


def satisfaction(body: str, organisation: str) -> str:
    """The s.76(1) test, recited as the issuer was satisfied of it."""
    who = (
        "The police officer who issued this notice is"
        if body == "police"
        else f"{organisation or 'The local authority'} is"
    )
    return (
        f"{who} satisfied on reasonable grounds that the use of the premises has resulted, or "
        f"(if this notice is not issued) is likely soon to result, in nuisance to members of "
        f"the public, or that there has been, or (if this notice is not issued) is likely soon "
        f"to be, disorder near those premises associated with the use of those premises; and "
        f"that this notice is necessary to prevent the nuisance or disorder from continuing, "
        f"recurring or occurring (s.76(1))."
    )


def hearing_rights(on: dt.date) -> str:
    """That anyone affected may attend and oppose, and how soon the court hears it."""
    window = parameter("hearing_window", on=on)
    adjournment = parameter("adjournment_max", on=on)
    return (
        f"The court must hear the application within {window.value} of this notice being "
        f"served, not counting Christmas Day (s.80(3),(4)). Anyone who lives on the premises, "
        f"is in charge of them, owns them or has another interest in them, and anyone else "
        f"affected by the order, may go to the hearing and tell the court why a closure order "
        f"should not be made. The court may put the hearing off for up to {adjournment.value} "
        f"so that they can do so (s.81(3))."
    )


def order_breach(on: dt.date) -> str:
    """The offence of breaking a closure order and its maximum penalty on that day."""
    offence = breach_offence("order", reasonable_excuse=False, on=on)
    return (
        f"Anyone who, without reasonable excuse, enters or remains on the premises in breach "
        f"of a closure order commits an offence ({offence.section}). {penalty_text(offence)}"
    )


def tenancy(on: dt.date) -> str:
    """What a closure order puts at risk for a tenant: the absolute ground for possession."""
    closed = parameter("possession_condition_closure_min", on=on)
    return (
        f"If the premises are someone's home, a closure order that keeps people out for more "
        f"than {closed.value} gives the landlord a ground to take the home back without "
        f"having to show that it is reasonable: for a secure tenancy under the Housing Act "
        f"1985, s.84A; for an assured tenancy under ground 7A of Schedule 2 to the Housing "
        f"Act 1988."
    )


def _authority(body: str, notice: Any, organisation: str) -> str:
    if not notice.senior_authority:
        return (
            "Issued by a police officer of at least the rank of inspector (s.76(1))."
            if body == "police"
            else f"Issued by {organisation or 'the local authority'} (s.76(1))."
        )
    if body == "police":
        return (
            "Issued for up to 48 hours by a police officer of at least the rank of "
            "superintendent (s.77(2)(a))."
        )
    return (
        f"Issued for up to 48 hours and so signed by the chief executive officer (head of paid "
        f"service) of {organisation or 'the local authority'}, or a person they have designated "
        f"(s.77(2)(b),(6))."
    )


def signature(body: str, notice: Any) -> dict[str, str]:
    """The signature block: name (only for a maker the read model shows it to), rank or
    position, organisation, and the authority the notice's length needs (s.77(2))."""
    issuer = person(notice.issued_by, body, notice.issuer_role)
    return {
        "name": issuer["name"],
        "label": "Rank" if body == "police" else "Position",
        "role": issuer["role"],
        "organisation": issuer["organisation"],
        "authority": _authority(body, notice, issuer["organisation"]),
        "signed_at": when(notice.issued_at),
    }
