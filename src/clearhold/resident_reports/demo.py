"""The demo's public reporting page for the Wisbech open space, with one "you said, we did"
update, so ``make demo`` shows a resident's side at ``/report/`` as well as the partnership's.

The update's words are the partnership's own account of what it did (the closure order and the
clean-up); no resident report is made up: the demo has none until someone sends one.
"""

from __future__ import annotations

from typing import Any

from clearhold.ingest.taxonomy import Category
from clearhold.resident_reports.models import ReportUpdate
from clearhold.resident_reports.services import reporting_page_open, update_publish

PUBLIC_NAME = "The open space off West Street, Wisbech"
SLUG = "wisbech-west-street"
YOU_SAID = "People gather on the open space at night, leave drug litter and shout at residents."
WE_DID = (
    "A closure order now stops anyone but residents and their visitors going onto the open "
    "space at night. The council cleared the litter and cut back the hedges, and officers "
    "patrol in the evenings."
)


def demo_reporting_load(*, problem: Any, site: Any, manager: Any) -> None:
    """Open the Wisbech site's reporting page and publish its update (once: repeatable)."""
    page = reporting_page_open(
        user=manager,
        problem=problem,
        site=site,
        public_name=PUBLIC_NAME,
        slug=SLUG,
        categories=[Category.ASB_NUISANCE, Category.DRUGS, Category.ASB_ENVIRONMENTAL],
    )
    if not ReportUpdate.objects.filter(page=page).exists():
        update_publish(user=manager, page=page, you_said=YOU_SAID, we_did=WE_DID)
