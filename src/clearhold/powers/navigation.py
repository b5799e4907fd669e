from clearhold.powers.permissions import PATROL_MENU
from clearhold.problems.permissions import PROBLEMS_LIST
from clearhold.toolkit.navigation import Destination, add_destination

add_destination(
    Destination(
        label="Closures",
        href="/powers/",
        section="powers",
        action=PROBLEMS_LIST,
        summary="Closure notices and orders with every legal deadline, and the patrol pages.",
    )
)
add_destination(
    Destination(
        label="On patrol",
        href="/powers/patrol/",
        section="patrol",
        action=PATROL_MENU,
        summary="Closures in force near you: may this person be here, and record a breach.",
    )
)
