from clearhold.hotspots.permissions import HOTSPOTS_VIEW
from clearhold.places.permissions import SITES_VIEW
from clearhold.toolkit.navigation import Destination, add_destination

add_destination(
    Destination(
        label="Hotspots",
        href="/hotspots/",
        section="hotspots",
        action=HOTSPOTS_VIEW,
        summary="Where incidents concentrate: kernel density, Gi* hot spots, repeat places "
        "and the monthly trend.",
    )
)
add_destination(
    Destination(
        label="Sites",
        href="/sites/",
        section="places",
        action=SITES_VIEW,
        summary="The blocks, estates and open spaces the partnership is working on.",
    )
)
