"""A problem's sharing record: the lawful basis, the agreement, consent, and which
organisations receive which data classes.

Read by whoever may read it on the web (``SHARING_VIEW``: everyone associated with the problem,
so partners know what is shared with whom and why); anyone else is refused, and the refusal
audited, by the error handler. Changing the record stays on the web, where the lead
organisation's form checks it as a whole.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from clearhold.api.common import Id, org_ref
from clearhold.api.errors import responses
from clearhold.api.schemas_records import SharingOut
from clearhold.authz import require
from clearhold.problems.selectors import problem_get
from clearhold.problems.sharing_permissions import SHARING_VIEW
from clearhold.problems.sharing_selectors import sharing_concerns, sharing_record_of
from clearhold.readmodel import Reader
from clearhold.sharing.models import SharingRecord

router = Router(tags=["information sharing"])


def _choice(record: Any, name: str) -> dict[str, str]:
    return {"value": getattr(record, name), "label": getattr(record, f"get_{name}_display")()}


def _recipients(record: Any) -> list[dict[str, Any]]:
    named: dict[int, dict[str, Any]] = {}
    if record is None:
        return []
    for recipient in record.recipients.select_related("organisation"):
        row = named.setdefault(
            recipient.organisation_id,
            {"organisation": org_ref(recipient.organisation), "data_classes": []},
        )
        row["data_classes"].append(recipient.data_class)
    return list(named.values())


@router.get("/problems/{problem_id}/sharing", response=responses(SharingOut))
def sharing(request: HttpRequest, problem_id: Id) -> dict:
    """The problem's sharing record; ``recorded`` is false (and the rest empty) when the
    partnership has not made one, in which case only the lead organisation sees personal
    data."""
    found = problem_get(user=request.auth, pk=problem_id)
    require(request.auth, SHARING_VIEW, found)
    record = sharing_record_of(problem=found)
    concerns = sharing_concerns(record)
    with Reader(request.auth) as reader:
        return _sharing(found, reader.show(record), record, concerns, reader)


def _sharing(found: Any, record: Any, stored: Any, concerns: list, reader: Reader) -> dict:
    """The reply, every record read through ``reader`` (``record`` may be None: none yet)."""
    shown = record or reader.show(SharingRecord(problem=found))  # none yet: the defaults
    return {
        "problem_id": found.pk,
        "recorded": record is not None,
        "lawful_basis": _choice(shown, "lawful_basis"),
        "special_condition": _choice(shown, "special_condition"),
        "agreement": {
            "reference": shown.agreement_reference,
            "signatories": [
                line.strip() for line in shown.signatories.splitlines() if line.strip()
            ],
            "signed_on": shown.signed_on,
            "review_on": shown.review_on,
            "review_overdue": any(c.overdue for c in concerns),
        },
        "consent": {"status": _choice(shown, "consent_status"), "note": shown.consent_note},
        "lead_organisation": org_ref(reader.show(found).lead_organisation),
        "recipients": _recipients(record),
        "concerns": [c.message for c in concerns],
        "updated_at": stored.updated_at if stored else None,
    }
