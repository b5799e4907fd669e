from clearhold.resident_reports.permissions import REPORTS_LIST
from clearhold.toolkit.navigation import Destination, add_destination

add_destination(
    Destination(
        label="Residents’ reports",
        href="/problems/resident-reports/",
        section="resident_reports",
        action=REPORTS_LIST,
        summary="Problems residents reported on the public pages: check them, set their status "
        "and tell residents what was done.",
    )
)
