"""Roles and organisation types, and the rules that tie them together.

Kept free of models so the closure-power rules (which depend on rank) and the tests can use
them directly. Rank matters in law: a closure notice needs an inspector (police) or the
council's designate, and a 48-hour notice or an extension needs a superintendent or the chief
executive's designate (Anti-social Behaviour, Crime and Policing Act 2014, ss.76-77).
"""

from __future__ import annotations

from django.db import models


class OrganisationType(models.TextChoices):
    POLICE = "police", "Police force"
    COUNCIL = "council", "Local council"
    HOUSING = "housing", "Housing provider"
    FIRE = "fire", "Fire and rescue service"
    HEALTH = "health", "Health"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    OTHER = "other", "Other"


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    SUPERVISOR = "supervisor", "Supervisor (inspector rank)"
    SENIOR = "senior", "Senior officer (superintendent or chief executive designate)"
    ANALYST = "analyst", "Analyst"
    PARTNERSHIP_MANAGER = "partnership_manager", "Partnership manager"
    PARTNER_VIEWER = "partner_viewer", "Partner viewer"
    ADMINISTRATOR = "administrator", "Administrator"


# Seniority order for the closure powers: an officer of a higher rank may do what a lower one may.
RANK_ORDER: dict[str, int] = {
    Role.OFFICER: 1,
    Role.SUPERVISOR: 2,
    Role.SENIOR: 3,
}

# Which organisation types may hold which roles. Police ranks belong to police forces; the
# "senior" role is also the council chief executive's designate; everyone else is open.
ROLE_ORGANISATION_TYPES: dict[str, tuple[str, ...]] = {
    Role.SUPERVISOR: (OrganisationType.POLICE, OrganisationType.COUNCIL),
    Role.SENIOR: (OrganisationType.POLICE, OrganisationType.COUNCIL),
}


def role_allowed_in(role: str, organisation_type: str) -> bool:
    """Whether a person in an organisation of this type may hold this role."""
    allowed = ROLE_ORGANISATION_TYPES.get(role)
    return allowed is None or organisation_type in allowed


def has_rank_at_least(role: str, minimum: str) -> bool:
    """Whether ``role`` carries at least the rank of ``minimum`` (officer < supervisor < senior)."""
    return RANK_ORDER.get(role, 0) >= RANK_ORDER[minimum]


def role_refusal(role: str, organisation_type: str) -> str:
    """A plain sentence saying why a role cannot be held in an organisation of this type."""
    allowed = " or ".join(
        f"a {OrganisationType(t).label.lower()}" for t in ROLE_ORGANISATION_TYPES[role]
    )
    here = OrganisationType(organisation_type).label.lower()
    return (
        f"The role “{Role(role).label}” can only be held by someone in {allowed}, not in a {here}."
    )
