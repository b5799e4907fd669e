from clearhold.powers.permissions import POWERS_USE
from clearhold.toolkit.navigation import Destination, add_destination

add_destination(
    Destination(
        label="Closures",
        href="/powers/",
        section="powers",
        action=POWERS_USE,
        summary="Closure notices and orders with every legal deadline, and the patrol pages.",
    )
)
