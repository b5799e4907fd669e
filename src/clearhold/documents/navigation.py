from clearhold.accounts.permissions import IN_ORGANISATION
from clearhold.toolkit.navigation import Destination, add_destination

add_destination(
    Destination(
        label="Document templates",
        href="/documents/templates/",
        section="documents",
        action=IN_ORGANISATION,
        summary="The wording of notices, court papers and letters, adaptable by your council.",
    )
)
