"""Rules for incident data: who may see the store and who may load files into it."""

from __future__ import annotations

from clearhold.accounts.roles import Role
from clearhold.authz import rule

INCIDENTS_VIEW = "incidents.view"
INCIDENTS_IMPORT = "incidents.import"
PROFILES_MANAGE = "incidents.profiles.manage"
INCIDENTS_BATCH_CONFIRM = "incidents.batch_confirm"

IMPORTERS = frozenset(
    {
        Role.OFFICER,
        Role.SUPERVISOR,
        Role.SENIOR,
        Role.ANALYST,
        Role.PARTNERSHIP_MANAGER,
        Role.ADMINISTRATOR,
    }
)


@rule(INCIDENTS_VIEW, "Your role cannot see the partnership’s incident data.")
def _view(user, obj) -> bool:
    return user.role != Role.PARTNER_VIEWER or user.is_superuser


@rule(
    INCIDENTS_IMPORT,
    "Only officers, analysts, partnership managers and administrators can import incident data.",
)
def _import(user, obj) -> bool:
    return user.role in IMPORTERS or user.is_superuser


@rule(PROFILES_MANAGE, "Only analysts and administrators can create column-mapping profiles.")
def _profiles(user, obj) -> bool:
    return user.role in (Role.ANALYST, Role.ADMINISTRATOR) or user.is_superuser


@rule(
    INCIDENTS_BATCH_CONFIRM,
    "Only the organisation that started this import, or an administrator, can confirm it.",
)
def _confirm(user, batch) -> bool:
    if not _import(user, batch):
        return False
    if user.is_administrator:
        return True
    return batch.organisation_id is not None and batch.organisation_id == user.organisation_id
