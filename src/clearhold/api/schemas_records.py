"""What the API returns for the records around a problem's papers: its sharing record, the
consultation log, the details its documents use and its practice write-up.

Kept apart from ``schemas.py`` so each module stays short; the same conventions hold: a field
marked *restricted* is ``null`` unless the caller gave a ``purpose`` and may see it.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from clearhold.api.schemas import OrganisationRef


class Choice(Schema):
    value: str = Field(description="The stored code; empty when nothing was chosen")
    label: str


class AgreementOut(Schema):
    reference: str = Field(description="The information-sharing agreement's reference")
    signatories: list[str] = Field(description="Name, role and organisation of each signatory")
    signed_on: dt.date | None
    review_on: dt.date | None
    review_overdue: bool = Field(description="Whether the review date has passed")


class ConsentOut(Schema):
    status: Choice
    note: str = Field(description="Whose consent, when and how it was recorded")


class RecipientOut(Schema):
    organisation: OrganisationRef
    data_classes: list[str] = Field(description="What it receives: restricted and/or special")


class SharingOut(Schema):
    problem_id: int
    recorded: bool = Field(description="Whether the partnership has made a sharing record yet")
    lawful_basis: Choice = Field(description="UK GDPR Article 6(1) basis")
    special_condition: Choice = Field(description="Article 9 / DPA 2018 Schedule 1 condition")
    agreement: AgreementOut
    consent: ConsentOut
    lead_organisation: OrganisationRef = Field(description="Sees everything: it leads")
    recipients: list[RecipientOut] = Field(
        description="The organisations named to receive restricted or special-category data"
    )
    concerns: list[str] = Field(description="What the partnership should put right")
    updated_at: dt.datetime | None


class HomeOut(Schema):
    unit_id: int
    name: str
    site_id: int
    site_name: str


class ConsultationResponseOut(Schema):
    id: int
    home: HomeOut
    received_on: dt.date
    stance: str
    stance_label: str
    reply_sent_on: dt.date | None
    recorded_at: dt.datetime
    reason: str | None = Field(description="Restricted: what the household said")
    reply: str | None = Field(description="Restricted: the reply sent")


class DocumentDetailsOut(Schema):
    problem_id: int
    recorded: bool = Field(description="Whether anyone has entered the details yet")
    residents_contact: str
    housing_advice: str
    legal_advice: str
    signatory: str


class WriteUpOut(Schema):
    problem_id: int
    saved: bool = Field(
        description="False: nobody has saved one yet, so this is the draft prefilled from the "
        "problem's record, not yet the partnership's own words"
    )
    organisation: str
    partners: str
    start_date: dt.date
    end_date: dt.date | None
    scale: str
    target_group: str | None = Field(
        description="Special category once saved (it is drafted from the notes on the people "
        "involved): null when withheld from you"
    )
    aim: str
    intended_outcome: str
    description: str
    overall_impact: str
    went_well: str
    challenges: str
    recommendations: str
    updated_at: dt.datetime | None
    withheld: list[str] = Field(
        default_factory=list, description="Fields withheld from you (null above)"
    )
