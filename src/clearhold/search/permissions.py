"""Who may search: anyone who acts for an organisation or is named on a problem (the same people
the list of problems is for). What each finds is decided record by record in ``selectors``."""

from __future__ import annotations

from clearhold.authz import rule

SEARCH = "search.use"


@rule(
    SEARCH,
    "Your account is not linked to an organisation or a problem yet: ask your ClearHold "
    "administrator to add you to your organisation.",
)
def _search(user, obj) -> bool:
    return user.organisation_id is not None or user.memberships.exists()
