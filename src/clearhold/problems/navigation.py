from clearhold.problems.permissions import PROBLEMS_LIST
from clearhold.toolkit.navigation import Destination, add_destination

add_destination(
    Destination(
        label="Problems",
        href="/problems/",
        section="problems",
        action=PROBLEMS_LIST,
        summary="The partnership’s cases: partners, objectives, actions, meetings and reviews.",
    )
)
