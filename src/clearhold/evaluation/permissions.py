from clearhold.authz import rule
from clearhold.incidents.permissions import _view as may_see_incidents

EVALUATION_RUN = "evaluation.run"


@rule(EVALUATION_RUN, "Your role cannot see the partnership’s incident data.")
def _run(user, obj) -> bool:
    return may_see_incidents(user, obj)
