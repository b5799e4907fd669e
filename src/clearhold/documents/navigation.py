from clearhold.documents.permissions import DOCUMENTS_USE
from clearhold.toolkit.navigation import Destination, add_destination

add_destination(
    Destination(
        label="Document templates",
        href="/documents/templates/",
        section="documents",
        action=DOCUMENTS_USE,
        summary="The wording of notices, court papers and letters, adaptable by your council.",
    )
)
