"""The API tokens page in the service navigation."""

from clearhold.api.permissions import API_USE
from clearhold.toolkit.navigation import Destination, add_destination

add_destination(
    Destination(
        label="API",
        href="/account/api-tokens/",
        section="api",
        action=API_USE,
        summary="Personal tokens for scripts, and the API documentation.",
    )
)
