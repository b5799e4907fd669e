"""A certificate of service of the closure notices (s.79), signed by the officer.

Each act of service recorded on the closure is one line: the notice served, the act under
s.79(2)(a)-(e) or s.79(3), when, where or to whom, by whom (a name the maker may not see
prints as nothing), whether force was used to enter (s.79(4)) and the photograph's reference.
The acts of s.79(2) that are to be done "if possible" and were not recorded are listed, so the
certificate never claims more than the record holds.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import PERSON, PREMISES, day, person, premises, text, when
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.powers.models import ServiceAct
from clearhold.powers.state import notice_of
from clearhold.readmodel import Reader

CERTIFICATE = {
    "reference": None,
    "date": None,
    "premises": PREMISES,
    "notice": Obj.of("issued_at", "hours"),
    "server": None,
    "acts": ListOf(Obj.of("document", "act", "at", "detail", "by", "force", "photo")),
    "not_recorded": ListOf(None),
    "officer": PERSON,
}
REQUIRED = {"acts": "a certificate of service must list each act of service (s.79(2))."}
NO_NOTICE = "No closure notice has been issued on this closure: there is nothing to certify."
NO_SERVICE = (
    "No act of service is recorded (s.79(2)): record each act of service on the closure page "
    "first, with when, where and by whom."
)
SERVERS = {
    "police": "a constable, the notice having been issued by a police officer (s.79(1)(a))",
    "council": "a representative of the local authority that issued the notice (s.79(1)(b), "
    "s.79(5))",
}
STATUTORY_ACTS = (
    ServiceAct.PROMINENT_PLACE,
    ServiceAct.MEANS_OF_ACCESS,
    ServiceAct.OUTBUILDINGS,
    ServiceAct.PERSON_IN_CONTROL,
    ServiceAct.RESIDENTS,
)


#: Premises that are, or may be, part of a building: a copy of the notice goes to the
#: occupiers of its other parts, if possible (s.79(3)); a house may stand alone.
IN_A_BUILDING = {
    "part_of_building": "",
    "communal_areas": "",
    "dwelling": ", if the home is part of a larger building (a flat)",
}


def _act(event: Any, body: str) -> dict[str, str]:
    photo = PurePosixPath(text(event.photo.name)).name if event.photo else ""
    return {
        "document": event.get_document_display(),
        "act": event.get_act_display(),
        "at": when(event.served_at),
        "detail": text(event.detail),
        "by": person(event.served_by, body)["name"],
        "force": "Yes" if event.force_used else "No",
        "photo": photo or "None taken",
    }


def service_certificate(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    title = f"Certificate of service: {text(closure.premises_description)}"
    notice = notice_of(closure)
    if notice is None:
        return Content(title, {}, [NO_NOTICE])
    events = list(notice.service.select_related("served_by"))
    if not events:
        return Content(title, {}, [NO_SERVICE])
    done = {event.act for event in events}
    expected = [act.label for act in STATUTORY_ACTS if act not in done]
    if closure.premises_kind in IN_A_BUILDING and ServiceAct.OTHER_OCCUPIERS not in done:
        expected.append(f"{ServiceAct.OTHER_OCCUPIERS.label}{IN_A_BUILDING[closure.premises_kind]}")
    context = {
        "reference": f"CH-{closure.problem_id}-{closure.pk}",
        "date": day(timezone.localdate()),
        "premises": premises(closure),
        "notice": {"issued_at": when(notice.issued_at), "hours": notice.hours},
        "server": SERVERS.get(closure.body, SERVERS["council"]),
        "acts": [_act(event, closure.body) for event in events],
        "not_recorded": expected,
        "officer": person(reader.show(reader.user, within=subject.problem), closure.body),
    }
    return Content(title, context)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="service_certificate",
            title="Certificate of service",
            subject="closure",
            placeholders=CERTIFICATE,
            build=service_certificate,
            required=REQUIRED,
            description="Each act of service of the notices under s.79: when, where, how, by "
            "whom and the photograph, signed by the officer.",
        )
    )
