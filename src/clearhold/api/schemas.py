"""What the API returns and accepts: one typed schema per record, for the OpenAPI document.

Fields marked *restricted* (personal data) or *special category* are ``null`` unless the caller
asked with a ``purpose`` and may see them; ``withheld`` then lists what was left out.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from ninja import Field, Schema

T = TypeVar("T")
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]  # no NUL: PostgreSQL text refuses it
MAX_COST = Decimal("1e10")  # what an action's cost column holds (12 digits, 2 after the point)


class Page(Schema, Generic[T]):
    count: int = Field(description="How many records match, across all pages")
    limit: int
    offset: int
    items: list[T]


class OrganisationRef(Schema):
    id: int
    name: str


class ProblemSummary(Schema):
    id: int
    title: str
    summary: str
    stage: str
    phase: str
    start_date: dt.date
    lead_organisation: OrganisationRef
    site_ids: list[int]


class ProblemOut(ProblemSummary):
    place_notes: str
    handler_notes: str
    place_manager_notes: str
    guardian_notes: str
    risks: dict[str, bool]
    offender_notes: str | None = Field(description="Special category: allegations about offenders")
    victim_notes: str | None = Field(description="Restricted: activity and victims")
    withheld: list[str]


class PartnerOut(Schema):
    organisation: OrganisationRef
    sees_personal_data: bool


class MemberOut(Schema):
    id: int
    role: str
    organisation: OrganisationRef | None
    sees_special_category: bool
    user_id: int | None = Field(description="Restricted")
    name: str | None = Field(description="Restricted")
    withheld: list[str] = Field(default_factory=list, description="Fields withheld from you")


class ObjectiveOut(Schema):
    id: int
    title: str
    categories: list[str]
    site_id: int
    baseline_from: dt.date
    baseline_to: dt.date
    target_change_pct: float
    deadline: dt.date
    created_at: dt.datetime


class ObjectiveDetail(ObjectiveOut):
    progress: dict[str, Any] = Field(description="Live progress measured on the incident store")


class ObjectiveIn(Schema):
    title: Text
    categories: list[Text]
    site_id: int = Field(ge=1, le=2**62)
    baseline_from: dt.date
    baseline_to: dt.date
    target_change_pct: float
    deadline: dt.date


class ActionOut(Schema):
    id: int
    title: str
    description: str
    layer: str
    status: str
    owner_organisation: OrganisationRef
    owner_name: str | None = Field(description="Restricted")
    withheld: list[str] = Field(default_factory=list, description="Fields withheld from you")
    due_date: dt.date
    overdue: bool
    cost: Decimal | None
    vat: str
    funder: str
    meeting_id: int | None
    created_at: dt.datetime


class ActionIn(Schema):
    title: Text
    layer: Text
    owner_organisation_id: int = Field(ge=1, le=2**62)
    due_date: dt.date
    description: Text = ""
    owner_id: int | None = Field(None, ge=1, le=2**62)
    status: Text = "planned"
    cost: Decimal | None = Field(
        None, allow_inf_nan=False, lt=MAX_COST, description="Pounds, e.g. 2800.50"
    )
    vat: Text = "none"
    funder: Text = ""


class ActionChange(Schema):
    title: Text | None = None
    layer: Text | None = None
    owner_organisation_id: int | None = Field(None, ge=1, le=2**62)
    due_date: dt.date | None = None
    description: Text | None = None
    owner_id: int | None = Field(None, ge=1, le=2**62)
    status: Text | None = None
    cost: Decimal | None = Field(None, allow_inf_nan=False, lt=MAX_COST)
    vat: Text | None = None
    funder: Text | None = None


class MeetingOut(Schema):
    id: int
    date: dt.date
    notes: str
    decisions: str
    next_meeting: dt.date | None
    attendee_organisations: list[str]
    attendees: list[str] | None = Field(description="Restricted: the people who attended")
    withheld: list[str] = Field(default_factory=list, description="Fields withheld from you")


class ReviewOut(Schema):
    id: int
    months: int
    due_date: dt.date
    completed_at: dt.datetime | None
    decision: str
    narrative: str
    snapshot: dict[str, Any]
    completed_by: str | None = Field(description="Restricted")
    withheld: list[str] = Field(default_factory=list, description="Fields withheld from you")


class ReviewDetail(ReviewOut):
    frozen: bool = Field(description="Whether the figures were frozen when it was completed")
    figures: dict[str, Any] = Field(
        description="Objectives and actions as the review sees them: the snapshot once "
        "completed, measured now while open"
    )


class VulnerablePersonOut(Schema):
    id: int
    description: str
    added_at: dt.datetime


class SiteOut(Schema):
    id: int
    name: str
    kind: str
    address: str
    managing_landlord: str
    boundary: dict[str, Any] = Field(description="GeoJSON geometry, WGS84")
    easting: float
    northing: float
    area_m2: float


class UnitOut(Schema):
    id: int
    site_id: int
    name: str
    address: str
    residents: int


class IncidentOut(Schema):
    id: int
    source: str
    reference: str
    category: str
    source_category: str
    month: dt.date
    occurred: dt.datetime | None
    precision: str
    longitude: float | None
    latitude: float | None
    easting: float | None
    northing: float | None
    location: str
    lsoa_code: str
    lsoa_name: str
    outcome: str
    force: str


class ServiceOut(Schema):
    document: str
    act: str
    served_at: dt.datetime
    force_used: bool


class NoticeOut(Schema):
    issued_at: dt.datetime
    issuer_role: str
    issued_by: str | None = Field(description="Restricted")
    hours: int
    senior_authority: bool
    exemptions: list[dict[str, Any]]
    hearing_court: str
    hearing_court_address: str = Field(description="Where the court sits (s.76(5)(e))")
    hearing_at: dt.datetime
    extension_hours: int
    extension_issued_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancellation_reason: str
    varied_at: dt.datetime | None
    part_removed: str
    service: list[ServiceOut]


class HearingOut(Schema):
    id: int
    court: str
    heard_at: dt.datetime
    outcome: str
    adjourned_to: dt.datetime | None
    continued_hours: int | None
    notice_continued: bool = Field(
        description="On adjourning, the court ordered the notice to continue until then (s.81(4))"
    )
    notes: str


class ExtensionOut(Schema):
    applied_on: dt.date
    new_ends_on: dt.date
    granted_on: dt.date | None
    refused_on: dt.date | None


class OrderOut(Schema):
    made_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    current_ends_on: dt.date
    court: str
    partial: bool
    scope: str
    part_description: str
    exemptions: list[dict[str, Any]]
    bars_residents: bool
    discharged_on: dt.date | None
    extensions: list[ExtensionOut]


class AppealOut(Schema):
    id: int
    against: str = Field(
        description="The decision appealed against: making, extension or refusal (s.84(1)-(3))"
    )
    decision_on: dt.date
    lodged_on: dt.date
    outcome: str
    concluded_on: dt.date | None
    appellant: str | None = Field(description="Restricted")


class ClosureSummary(Schema):
    id: int
    problem_id: int
    site_id: int
    premises_description: str
    premises_kind: str
    body: str
    status: str
    created_at: dt.datetime


class ClosureOut(ClosureSummary):
    notice: NoticeOut | None
    hearings: list[HearingOut]
    order: OrderOut | None
    appeals: list[AppealOut]
    withheld: list[str]


class BreachOut(Schema):
    id: int
    closure_id: int
    occurred_at: dt.datetime
    breach_of: str
    unit_id: int | None
    place: str
    latitude: float | None
    longitude: float | None
    arrest: bool
    offence_code: str
    offence_section: str
    max_penalty: str
    recorded_at: dt.datetime
    seen: str | None = Field(description="Restricted: what was seen (it can name people)")
    person_id: int | None = Field(description="Restricted")
    person_description: str | None = Field(description="Restricted")
    video_reference: str | None = Field(description="Restricted")
    withheld: list[str] = Field(default_factory=list, description="Fields withheld from you")


class StepOut(Schema):
    kind: str
    on: dt.date
    ends_on: dt.date | None
    until_further_order: bool
    compliance_days: int | None
    organisation: str | None
    details: str


class PersonOut(Schema):
    id: int
    problem_id: int
    name: str
    date_of_birth: dt.date | None
    description: str
    added_at: dt.datetime
    steps: list[StepOut]


class DocumentOut(Schema):
    id: int
    problem_id: int
    closure_id: int | None
    kind: str
    format: str
    title: str
    size: int
    sha256: str
    template_version: str
    personal_data: bool
    created_at: dt.datetime
    download_url: str
