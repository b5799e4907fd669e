from clearhold.audit.permissions import DPO_REPORT
from clearhold.toolkit.navigation import Destination, add_destination

add_destination(
    Destination(
        label="Data protection",
        href="/audit/data-protection/",
        section="data-protection",
        action=DPO_REPORT,
        summary="Who saw personal data, when and why; subject-access requests.",
    )
)
