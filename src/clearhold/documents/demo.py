"""The demo's papers: what the Wisbech documents need beyond the case record.

The housing advice names Fenland District Council's Housing Options service from the advice
directory shipped for Fenland (``clearhold/data/advice/``) beside Shelter's national helpline;
the legal advice is the government's Civil Legal Advice line alone, because the directory's local
legal entry is a placeholder for the council to fill — so the demo shows the s.76(5)(g) warning
that a national line is not advice "in the area". The homes written to are illustrative: 48
flats at the retirement housing beside the open space, numbered 1–48 with no occupiers' names,
so the letter run, the CSV for a mailing house and the consultation log have something to work on.
The three-month review is completed on its due day, freezing its figures for the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from clearhold.documents.services import details_save
from clearhold.places.units import units_import
from clearhold.problems.models import ReviewDecision
from clearhold.problems.reviews import review_complete

FLATS = 48
HOUSING_ADVICE = (
    "Fenland District Council Housing Options, 01354 654321, Fenland Hall, County Road, March, "
    "Cambridgeshire PE15 8NQ\n"
    "Shelter housing advice helpline: 0808 800 4444 (free), england.shelter.org.uk"
)
LEGAL_ADVICE = "Civil Legal Advice: 0345 345 4 345, www.gov.uk/civil-legal-advice"
RESIDENTS_CONTACT = (
    "Fenland District Council ASB team, Fenland Hall, County Road, March PE15 8NQ; "
    "or Cambridgeshire Police on 101 (999 in an emergency)"
)


def units_csv() -> bytes:
    """The illustrative flats as the units CSV a partnership uploads."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "address", "residents"])
    for number in range(1, FLATS + 1):
        writer.writerow(
            [f"Flat {number}", f"Flat {number}\nOnyx Court\nWest Street\nWisbech PE13", 1]
        )
    return out.getvalue().encode()


def demo_documents_load(*, problem: Any, site: Any, manager: Any) -> None:
    """Advice contacts, the illustrative flats and the completed three-month review."""
    details_save(
        user=manager,
        problem=problem,
        residents_contact=RESIDENTS_CONTACT,
        housing_advice=HOUSING_ADVICE,
        legal_advice=LEGAL_ADVICE,
        signatory="ASB Officer, Fenland District Council",
    )
    if not site.units.exists():
        units_import(site=site, data=units_csv())
    review = problem.reviews.filter(months=3, completed_at=None).first()
    if review is not None:
        review_complete(
            user=manager,
            review=review,
            narrative="Fencing and the gate are in; the order was extended to 7 November "
            "2025 to hold the gains while lighting and CCTV are installed.",
            decision=ReviewDecision.CONTINUE,
            today=dt.date(2025, 8, 7),
        )
