"""Rules for sites: partners who run cases create them; everyone who sees incidents sees them."""

from __future__ import annotations

from clearhold.accounts.roles import Role
from clearhold.authz import rule

SITES_VIEW = "places.sites.view"
SITES_CREATE = "places.sites.create"


@rule(SITES_VIEW, "Your role cannot see the partnership’s sites.")
def _view(user, obj) -> bool:
    return user.role != Role.PARTNER_VIEWER or user.is_superuser


@rule(
    SITES_CREATE,
    "Only officers, analysts, partnership managers and administrators can create sites.",
)
def _create(user, obj) -> bool:
    return (
        user.role
        in (
            Role.OFFICER,
            Role.SUPERVISOR,
            Role.SENIOR,
            Role.ANALYST,
            Role.PARTNERSHIP_MANAGER,
            Role.ADMINISTRATOR,
        )
        or user.is_superuser
    )
