"""Where each record type of the retention policy lives in the database, and how it is disposed.

One entry per rule of :data:`clearhold.retention.policy.RULES` that deletes or anonymises: its
model, the path to its problem, which rows still hold personal data (an anonymised row does
not, so a second run finds nothing), and what anonymising overwrites. Anonymising overwrites
the fields themselves: the overwritten values are the marker, so no model needs a new field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q

from clearhold.attachments.models import Attachment
from clearhold.documents.models import ConsultationResponse, GeneratedDocument
from clearhold.powers.models import Breach, EnforcementStep, Person
from clearhold.problems.models import Problem, VulnerablePerson
from clearhold.resident_reports.models import ReportPhoto, ResidentReport

ANONYMISED_NAME = "Anonymised person"
REMOVED = "Removed under the retention policy."
PEOPLE_NOTES = ("offender_notes", "victim_notes", "handler_notes", "guardian_notes")
RESIDENT_CONTACT = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "sender_digest",
    "device_digest",
)


def _person_children(ids: list[int]) -> int:
    """Clear the details of the anonymised people's enforcement steps; the steps stay."""
    return EnforcementStep.objects.filter(person_id__in=ids).exclude(details="").update(details="")


@dataclass(frozen=True)
class RecordKind:
    record: str
    model: type[Model]
    problem_field: str
    holding: Q
    overwrite: dict[str, Any] = field(default_factory=dict)
    also: Callable[[list[int]], int] | None = None
    # The record's own day its clock starts on (a date or moment field), for records kept for
    # one event whether or not a problem has closed; "" for the problem's close.
    counted_from_field: str = ""


KINDS: dict[str, RecordKind] = {
    kind.record: kind
    for kind in (
        RecordKind(
            record="powers.person",
            model=Person,
            problem_field="problem_id",
            holding=~Q(name=ANONYMISED_NAME)
            | Q(date_of_birth__isnull=False)
            | ~Q(description="")
            | Q(pk__in=EnforcementStep.objects.exclude(details="").values("person_id")),
            overwrite={"name": ANONYMISED_NAME, "date_of_birth": None, "description": ""},
            also=_person_children,
        ),
        RecordKind(
            record="powers.breach",
            model=Breach,
            problem_field="closure__problem_id",
            holding=~Q(person_description="") | ~Q(seen=REMOVED) | ~Q(video_reference=""),
            overwrite={"person_description": "", "seen": REMOVED, "video_reference": ""},
        ),
        RecordKind(
            record="problems.vulnerableperson",
            model=VulnerablePerson,
            problem_field="problem_id",
            holding=Q(),
        ),
        RecordKind(
            record="problems.problem",
            model=Problem,
            problem_field="id",
            holding=Q(*[~Q(**{name: ""}) for name in PEOPLE_NOTES], _connector=Q.OR),
            overwrite=dict.fromkeys(PEOPLE_NOTES, ""),
        ),
        RecordKind(
            record="documents.consultationresponse",
            model=ConsultationResponse,
            problem_field="problem_id",
            holding=Q(),
        ),
        RecordKind(
            record="documents.generateddocument",
            model=GeneratedDocument,
            problem_field="problem_id",
            holding=Q(personal_data=True),
        ),
        RecordKind(
            record="attachments.attachment",
            model=Attachment,
            problem_field="problem_id",
            holding=Q(),
        ),
        RecordKind(
            record="resident_reports.residentreport",
            model=ResidentReport,
            problem_field="problem_id",
            holding=Q(*[~Q(**{name: ""}) for name in RESIDENT_CONTACT], _connector=Q.OR),
            overwrite={**dict.fromkeys(RESIDENT_CONTACT, ""), "contact_consent": False},
            counted_from_field="received_at",
        ),
        RecordKind(
            record="resident_reports.reportphoto",
            model=ReportPhoto,
            problem_field="report__problem_id",
            holding=Q(),
            counted_from_field="report__received_at",
        ),
    )
}
