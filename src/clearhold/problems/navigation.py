from clearhold.problems.permissions import PROBLEMS_USE
from clearhold.toolkit.navigation import Destination, add_destination

add_destination(
    Destination(
        label="Problems",
        href="/problems/",
        section="problems",
        action=PROBLEMS_USE,
        summary="The partnership’s cases: partners, objectives, actions, meetings and reviews.",
    )
)
