"""Writing a problem's sharing record and naming who receives which data class.

Every write checks SHARING_CHANGE first and runs in a transaction, so a refused or invalid
record leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from clearhold.authz import SHARED_CLASSES, DataClass, require
from clearhold.problems.sharing_permissions import SHARING_CHANGE
from clearhold.sharing.models import (
    ConsentStatus,
    LawfulBasis,
    Recipient,
    SharingRecord,
    SpecialCondition,
)


def _check(
    *,
    problem: Any,
    lawful_basis: str,
    special_condition: str,
    signed_on: dt.date | None,
    review_on: dt.date | None,
    consent_status: str,
    recipients: Mapping[int, set[str]],
) -> None:
    errors: dict[str, str] = {}
    partners = set(problem.partners.values_list("organisation_id", flat=True))
    strangers = set(recipients) - partners
    if strangers:
        errors["recipients"] = (
            "Only the problem’s partner organisations can be named; add the organisation to "
            "the partnership first."
        )
    classes = {c for named in recipients.values() for c in named}
    if classes - set(SHARED_CLASSES):
        errors["recipients"] = "Name organisations only for restricted or special-category data."
    if lawful_basis and lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = "Choose a lawful basis from the list."
    if special_condition and special_condition not in SpecialCondition.values:
        errors["special_condition"] = "Choose a condition from the list."
    if consent_status not in ConsentStatus.values:
        errors["consent_status"] = "Choose the consent status from the list."
    if classes and not lawful_basis:
        errors["lawful_basis"] = "Choose the lawful basis for sharing personal data."
    if DataClass.SPECIAL in classes and not special_condition:
        errors["special_condition"] = (
            "Choose the Schedule 1 condition for sharing special-category data."
        )
    consent_based = lawful_basis == LawfulBasis.CONSENT or (
        special_condition == SpecialCondition.EXPLICIT_CONSENT
    )
    if consent_based and consent_status == ConsentStatus.NOT_NEEDED:
        errors["consent_status"] = "Consent is the basis: record whether it was given."
    if signed_on and review_on and review_on <= signed_on:
        errors["review_on"] = "The review date must be after the date the agreement was signed."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def sharing_record_save(
    *,
    user: Any,
    problem: Any,
    recipients: Mapping[int, set[str]],
    lawful_basis: str = "",
    special_condition: str = "",
    agreement_reference: str = "",
    signatories: str = "",
    signed_on: dt.date | None = None,
    review_on: dt.date | None = None,
    consent_status: str = ConsentStatus.NOT_NEEDED,
    consent_note: str = "",
) -> SharingRecord:
    """Save the whole record: its basis, agreement and consent, and exactly these recipients
    (organisation id -> data classes); organisations left out receive nothing more."""
    require(user, SHARING_CHANGE, problem)
    recipients = {org: set(classes) for org, classes in recipients.items() if classes}
    _check(
        problem=problem,
        lawful_basis=lawful_basis,
        special_condition=special_condition,
        signed_on=signed_on,
        review_on=review_on,
        consent_status=consent_status,
        recipients=recipients,
    )
    record = SharingRecord.objects.filter(problem=problem).first() or SharingRecord(problem=problem)
    record.lawful_basis = lawful_basis
    record.special_condition = special_condition
    record.agreement_reference = agreement_reference.strip()
    record.signatories = signatories.strip()
    record.signed_on = signed_on
    record.review_on = review_on
    record.consent_status = consent_status
    record.consent_note = consent_note.strip()
    record.updated_by = user
    record.full_clean()
    record.save()
    wanted = {(org, c) for org, classes in recipients.items() for c in classes}
    for recipient in record.recipients.all():
        key = (recipient.organisation_id, recipient.data_class)
        if key in wanted:
            wanted.discard(key)
        else:
            recipient.delete()
    for organisation_id, data_class in sorted(wanted):
        Recipient.objects.create(
            record=record, organisation_id=organisation_id, data_class=data_class
        )
    return record


@transaction.atomic
def recipient_set(
    *, user: Any, problem: Any, organisation: Any, data_class: str, receives: bool
) -> SharingRecord:
    """Name (or stop naming) one organisation for one data class on the problem's record."""
    require(user, SHARING_CHANGE, problem)
    if data_class not in SHARED_CLASSES:
        raise ValidationError({"data_class": "Only restricted or special-category data is named."})
    record, _ = SharingRecord.objects.get_or_create(problem=problem, defaults={"updated_by": user})
    if receives:
        Recipient.objects.get_or_create(
            record=record, organisation=organisation, data_class=data_class
        )
    else:
        for recipient in record.recipients.filter(organisation=organisation, data_class=data_class):
            recipient.delete()
    return record
