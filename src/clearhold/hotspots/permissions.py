from clearhold.authz import rule
from clearhold.incidents.permissions import _view as may_see_incidents

HOTSPOTS_VIEW = "hotspots.view"


@rule(HOTSPOTS_VIEW, "Your role cannot see the partnership’s incident data.")
def _view(user, obj) -> bool:
    return may_see_incidents(user, obj)
