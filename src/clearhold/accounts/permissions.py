"""Rules for the accounts area: who may administer people and organisations."""

from __future__ import annotations

from clearhold.authz import rule

SIGNED_IN = "service.use"
ADMIN_AREA = "admin.open"


@rule(SIGNED_IN, "You need an active ClearHold account to use the service.")
def _signed_in(user, obj) -> bool:
    return True


@rule(ADMIN_AREA, "Only administrators can open the admin area.")
def _admin_area(user, obj) -> bool:
    return user.is_administrator
