"""Reading a problem's sharing record: who receives which data class, and whether it is due
for review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from clearhold.authz import SHARED_CLASSES, DataClass
from clearhold.problems.models import Problem
from clearhold.sharing.models import LawfulBasis, Recipient, SharingRecord

#: The problem's relation to its sharing record (one-to-one, reverse).
_RECORD = Problem._meta.get_field("sharing_record")


def with_sharing_record(problem: Problem) -> Problem:
    """``problem`` with its sharing record and recipients fetched onto it, for a page that
    reads them in several places (the problem page's partnership table and sharing section):
    ``sharing_record_of`` and ``classes_by_organisation`` then answer from what was fetched.
    Only for a page that reads and writes nothing after: what is fetched is not read again.
    The recipients come unordered (these answers need no order; the record's own page orders
    them), and the record itself is not read again when the problem's query joined it."""
    recipients = Recipient.objects.order_by()
    prefetch_related_objects([problem], Prefetch("sharing_record__recipients", recipients))
    return problem


def _fetched(problem: Any) -> tuple[bool, SharingRecord | None]:
    """Whether ``with_sharing_record`` fetched the record onto ``problem``, and the record (None:
    the problem has none)."""
    if isinstance(problem, Problem) and _RECORD.is_cached(problem):
        return True, _RECORD.get_cached_value(problem)
    return False, None


def sharing_record_of(*, problem: Any) -> SharingRecord | None:
    """The problem's sharing record with its recipients, holding the caller's problem (the
    read model checks every record against it: no second read of the problem)."""
    fetched, record = _fetched(problem)
    if fetched:
        return record
    record = SharingRecord.objects.filter(problem=problem).prefetch_related("recipients").first()
    if record is not None and isinstance(problem, Problem):
        record.problem = problem
    return record


def receives(*, problem: Any, organisation_id: int | None, data_class: str) -> bool:
    """Whether the organisation is named on the problem's sharing record for ``data_class``."""
    if organisation_id is None:
        return False
    fetched, record = _fetched(problem)
    if fetched:
        return record is not None and any(
            r.organisation_id == organisation_id and r.data_class == data_class
            for r in record.recipients.all()
        )
    return Recipient.objects.filter(
        record__problem=problem, organisation_id=organisation_id, data_class=data_class
    ).exists()


def classes_by_organisation(*, problem: Any) -> dict[int, set[str]]:
    """Organisation id -> the data classes it is named for on the problem (unordered: a
    dict needs no order, and the recipients' own order would join their organisations)."""
    named: dict[int, set[str]] = {}
    fetched, record = _fetched(problem)
    if fetched:
        pairs = (
            [(r.organisation_id, r.data_class) for r in record.recipients.all()] if record else []
        )
    else:
        recipients = Recipient.objects.filter(record__problem=problem).order_by()
        pairs = recipients.values_list("organisation_id", "data_class")
    for organisation_id, data_class in pairs:
        named.setdefault(organisation_id, set()).add(data_class)
    return named


def receives_label(classes: set[str], *, lead: bool = False) -> str:
    """What an organisation sees, in words, for the partnership table."""
    if lead:
        return "Everything (leads the problem)"
    shown = [c.label for c in SHARED_CLASSES if c in classes]
    if not shown:
        return "Everything but personal data"
    return "Public to the partnership, and " + " and ".join(s[0].lower() + s[1:] for s in shown)


@dataclass(frozen=True)
class Concern:
    """Something about the record the partnership should put right, in plain words."""

    message: str
    overdue: bool = False


def sharing_concerns(
    record: SharingRecord | None, *, today: dt.date | None = None
) -> list[Concern]:
    today = today or timezone.localdate()
    if record is None:
        return [Concern("No sharing record yet: only the lead organisation sees personal data.")]
    concerns = []
    if record.review_on and record.review_on < today:
        concerns.append(
            Concern(
                f"The information-sharing agreement was due for review on "
                f"{record.review_on:%-d %B %Y}. Review it, then record the next review date.",
                overdue=True,
            )
        )
    recipients = list(record.recipients.all())
    named = bool(recipients)
    if named and not record.lawful_basis:
        concerns.append(Concern("Organisations are named but no lawful basis is recorded."))
    special = any(r.data_class == DataClass.SPECIAL for r in recipients)
    if special and not record.special_condition:
        concerns.append(
            Concern("Special-category data is shared but no Schedule 1 condition is recorded.")
        )
    if record.lawful_basis == LawfulBasis.CONSENT and record.consent_status != "given":
        concerns.append(
            Concern(f"Consent is the basis; its status is: {record.get_consent_status_display()}.")
        )
    if named and not record.agreement_reference:
        concerns.append(Concern("No information-sharing agreement reference is recorded."))
    return concerns
