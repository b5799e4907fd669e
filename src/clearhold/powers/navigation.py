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
