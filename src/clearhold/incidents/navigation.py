from clearhold.incidents.permissions import INCIDENTS_VIEW
from clearhold.toolkit.navigation import Destination, add_destination

add_destination(
    Destination(
        label="Incidents",
        href="/incidents/",
        section="incidents",
        action=INCIDENTS_VIEW,
        summary="Police, CAD, council and housing incidents in one place: import files, "
        "filter, and see them on the map.",
    )
)
