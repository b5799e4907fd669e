"""The demo partnership, built in code (no fixtures): the Wisbech partners and one person per role.

Used only in demo mode: the passwords are printed for anyone to read, so the loader refuses to
run unless ``CLEARHOLD_DEMO=1``. Running it again changes nothing that already exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from clearhold.accounts.models import Organisation, User
from clearhold.accounts.roles import OrganisationType, Role
from clearhold.accounts.services import organisation_create, user_create


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    organisation: str
    role: str
    job_title: str

    @property
    def password(self) -> str:
        return f"{self.first_name.lower()}-clear-hold-2026"


ORGANISATIONS: tuple[tuple[str, str, str], ...] = (
    ("Cambridgeshire Constabulary", "Cambs Police", OrganisationType.POLICE),
    ("Fenland District Council", "Fenland DC", OrganisationType.COUNCIL),
    ("Clarion Housing Group", "Clarion", OrganisationType.HOUSING),
    ("Change Grow Live", "CGL", OrganisationType.VOLUNTARY),
)

PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson(
        "officer", "Sam", "Jones", "Cambridgeshire Constabulary", Role.OFFICER, "Police Constable"
    ),
    DemoPerson(
        "inspector", "Priya", "Patel", "Cambridgeshire Constabulary", Role.SUPERVISOR, "Inspector"
    ),
    DemoPerson(
        "superintendent",
        "Grace",
        "Okafor",
        "Cambridgeshire Constabulary",
        Role.SENIOR,
        "Superintendent",
    ),
    DemoPerson(
        "analyst",
        "Lin",
        "Chen",
        "Cambridgeshire Constabulary",
        Role.ANALYST,
        "Crime and intelligence analyst",
    ),
    DemoPerson(
        "manager",
        "Rhys",
        "Hughes",
        "Fenland District Council",
        Role.PARTNERSHIP_MANAGER,
        "Community safety partnership manager",
    ),
    DemoPerson(
        "housing",
        "Aisha",
        "Begum",
        "Clarion Housing Group",
        Role.OFFICER,
        "Neighbourhood housing officer",
    ),
    DemoPerson(
        "partner", "Tom", "Walsh", "Change Grow Live", Role.PARTNER_VIEWER, "Outreach worker"
    ),
    DemoPerson(
        "admin",
        "Jo",
        "Reid",
        "Fenland District Council",
        Role.ADMINISTRATOR,
        "ClearHold administrator",
    ),
)


class DemoModeRequired(RuntimeError):
    """The demo loader was called outside demo mode."""


@transaction.atomic
def demo_partnership_load() -> tuple[DemoPerson, ...]:
    """Create the demo organisations and people that do not exist yet; return the people."""
    if not settings.DEMO_MODE:
        raise DemoModeRequired(
            "The demo partnership has published passwords; load it only with CLEARHOLD_DEMO=1."
        )
    organisations = {}
    for name, short_name, kind in ORGANISATIONS:
        organisations[name] = Organisation.objects.filter(name=name).first() or organisation_create(
            name=name, short_name=short_name, kind=kind
        )
    for person in PEOPLE:
        if not User.objects.filter(username=person.username).exists():
            user_create(
                username=person.username,
                password=person.password,
                organisation=organisations[person.organisation],
                role=person.role,
                first_name=person.first_name,
                last_name=person.last_name,
                email=f"{person.username}@demo.clearhold.invalid",
                job_title=person.job_title,
            )
    return PEOPLE


DEMO_DATA = Path(__file__).resolve().parent.parent / "data" / "policeuk" / "fenland"


def demo_incidents_load() -> str:
    """Import the packaged police.uk Fenland files (2024-01 to 2025-12) unless already held.
    Returns the import's message. Re-running is a no-op: the files' checksums are known."""
    from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run

    files = sorted(DEMO_DATA.glob("*.csv.gz"))
    batch = import_batch_create(
        user=None,
        source="policeuk",
        files=[IncomingFile(path=path, name=path.name) for path in files],
    )
    return import_batch_run(batch=batch).message
