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
from clearhold.web.demo_sharing import demo_sharing_load, demo_sharing_record_save


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
    """Create the Wisbech organisations and people that do not exist yet; return the people."""
    return partnership_load(ORGANISATIONS, PEOPLE)


def partnership_load(
    organisations: tuple[tuple[str, str, str], ...], people: tuple[DemoPerson, ...]
) -> tuple[DemoPerson, ...]:
    """Create a demo partnership's organisations and people that do not exist yet (refused
    outside demo mode: the passwords are published); return the people."""
    if not settings.DEMO_MODE:
        raise DemoModeRequired(
            "The demo partnership has published passwords; load it only with CLEARHOLD_DEMO=1."
        )
    made = {}
    for name, short_name, kind in organisations:
        made[name] = Organisation.objects.filter(name=name).first() or organisation_create(
            name=name, short_name=short_name, kind=kind
        )
    for person in people:
        if not User.objects.filter(username=person.username).exists():
            user_create(
                username=person.username,
                password=person.password,
                organisation=made[person.organisation],
                role=person.role,
                first_name=person.first_name,
                last_name=person.last_name,
                email=f"{person.username}@demo.clearhold.invalid",
                job_title=person.job_title,
            )
    return people


DEMO_DATA = Path(__file__).resolve().parent.parent / "data" / "policeuk" / "fenland"


def demo_incidents_load() -> str:
    """Import the packaged police.uk Fenland files (2024-01 to 2025-12) unless already held.
    Returns the import's message. Re-running is a no-op: the files' checksums are known."""
    return policeuk_files_load(DEMO_DATA, "Fenland")


def policeuk_files_load(folder: Path, label: str) -> str:
    """Import the packaged police.uk files in ``folder`` unless every one is already held
    (known by its checksum); returns the import's message."""
    import hashlib

    from clearhold.incidents.models import ImportFile
    from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run

    files = sorted(folder.glob("*.csv.gz"))
    checksums = {hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    held = set(
        ImportFile.objects.filter(stored=True, sha256__in=checksums).values_list(
            "sha256", flat=True
        )
    )
    if held == checksums:
        return f"The {label} incidents are already loaded ({len(files)} files)."
    batch = import_batch_create(
        user=None,
        source="policeuk",
        files=[IncomingFile(path=path, name=path.name) for path in files],
    )
    return import_batch_run(batch=batch).message


WISBECH_SITE = Path(__file__).resolve().parent.parent / "data" / "wisbech-site.geojson"
MORE_PARTNERS = (("Ferry Project", "Ferry Project"), ("The Salvation Army", "Salvation Army"))


@transaction.atomic
def demo_problem_load() -> str:
    """The Wisbech open-space problem as the partnership ran it: the site, the six partners,
    the SMART target (75% fewer ASB reports within six months of the 7 May 2025 order), the
    environmental actions with their real costs, a partnership meeting, and its reviews."""
    import datetime as dt

    from clearhold.problems.models import Problem
    from clearhold.problems.services import problem_create

    title = "ASB on the open space off West Street and Onyx Court, Wisbech"
    if Problem.objects.filter(title=title).exists():
        return "The Wisbech problem is already loaded."
    manager = User.objects.get(username="manager")
    people = {u.username: u for u in User.objects.filter(username__in=[p.username for p in PEOPLE])}
    organisations = {o.name: o for o in Organisation.objects.all()}
    for name, short in MORE_PARTNERS:
        organisations[name] = Organisation.objects.filter(name=name).first() or organisation_create(
            name=name, short_name=short, kind=OrganisationType.VOLUNTARY
        )
    site = _wisbech_site(manager)
    problem = problem_create(
        user=manager,
        title=title,
        start_date=dt.date(2025, 5, 7),
        sites=[site],
        summary="Drug dealing, intimidation and ASB on the open space beside retirement "
        "housing. Closure order made 7 May 2025, extended to 7 November 2025.",
    )
    _wisbech_partnership(manager, problem, people, organisations)
    _wisbech_plan(manager, problem, site, organisations)
    _wisbech_first_meeting(manager, problem, people, organisations)
    _wisbech_papers(manager, problem, site, people, organisations)
    return f"Loaded the Wisbech problem: {problem.title}, with its closure order and papers."


def _wisbech_site(manager):
    """The open space off West Street, made once from the packaged outline."""
    from clearhold.places.models import Site
    from clearhold.places.services import site_create

    return Site.objects.filter(name="Open space off West Street, Wisbech").first() or site_create(
        user=manager,
        name="Open space off West Street, Wisbech",
        kind="open_space",
        boundary=WISBECH_SITE.read_text(),
        managing_landlord="Clarion Housing Group",
        address="West Street, Onyx Court and John Thompson Road, Wisbech PE13",
        origin="Police.uk snap points of West Street, Onyx Court and John Thompson Road, "
        "buffered by 50 m",
    )


def _wisbech_partnership(manager, problem, people: dict, organisations: dict) -> None:
    """The five partners, the sharing record agreed before anyone is named, then the members."""
    from clearhold.problems.models import MemberRole
    from clearhold.problems.services import member_add, partner_add

    for name in (
        "Cambridgeshire Constabulary",
        "Clarion Housing Group",
        "Change Grow Live",
        "Ferry Project",
        "The Salvation Army",
    ):
        partner_add(
            user=manager,
            problem=problem,
            organisation=organisations[name],
            sees_personal_data=name in ("Cambridgeshire Constabulary", "Clarion Housing Group"),
        )
    # What each partner receives is agreed before its people are named on the problem.
    demo_sharing_record_save(problem=problem, people=people, organisations=organisations)
    for username, role in (
        ("officer", MemberRole.ENFORCEMENT),
        ("inspector", MemberRole.ENFORCEMENT),
        ("housing", MemberRole.HOUSING),
        ("analyst", MemberRole.ANALYST),
        ("partner", MemberRole.SUPPORT),
    ):
        member_add(
            user=manager,
            problem=problem,
            person=people[username],
            role=role,
            sees_special_category=username == "housing",
        )


# The council's environmental actions: title, cost (None: not published) and due date.
WISBECH_ACTIONS = (
    ("Fencing around the open space", "2800", (2025, 6, 13)),
    ("Lockable gate to the open space", "3800", (2025, 6, 27)),
    ("Improved lighting on the path", None, (2025, 7, 31)),
    ("CCTV covering the open space", None, (2025, 8, 29)),
)


def _wisbech_plan(manager, problem, site, organisations: dict) -> None:
    """The SMART objective and the council's environmental actions with their real costs."""
    import datetime as dt
    from decimal import Decimal

    from clearhold.problems.actions import action_create
    from clearhold.problems.models import Layer, Vat
    from clearhold.problems.objectives import objective_create

    objective_create(
        user=manager,
        problem=problem,
        title="75% fewer ASB reports within six months",
        categories=["asb-unclassified"],
        site=site,
        baseline_from=dt.date(2024, 5, 1),
        baseline_to=dt.date(2025, 4, 1),
        target_change_pct=-75,
        deadline=dt.date(2025, 11, 7),
    )
    for action_title, cost, due in WISBECH_ACTIONS:
        action_create(
            user=manager,
            problem=problem,
            title=action_title,
            layer=Layer.ENVIRONMENT,
            owner_organisation=organisations["Fenland District Council"],
            due_date=dt.date(*due),
            cost=Decimal(cost) if cost else None,
            vat=Vat.PLUS_VAT if cost else Vat.NO_VAT,
            funder="Fenland District Council" if cost else "",
        )


def _wisbech_first_meeting(manager, problem, people: dict, organisations: dict) -> None:
    """The first partnership meeting after the order, with the two actions it agreed."""
    import datetime as dt

    from clearhold.problems.meetings import meeting_create
    from clearhold.problems.models import Layer

    meeting_create(
        user=manager,
        problem=problem,
        date=dt.date(2025, 5, 20),
        attendees=[manager, people["officer"], people["housing"]],
        notes="First partnership meeting after the closure order.",
        decisions="Write to every resident; weekly police patrols; coffee with a cop.",
        new_actions=[
            {
                "title": "Letter to every resident explaining the order",
                "layer": Layer.HOUSING_COMMUNITY,
                "owner_organisation": organisations["Clarion Housing Group"],
                "due_date": dt.date(2025, 5, 30),
            },
            {
                "title": "Coffee with a cop at the retirement housing",
                "layer": Layer.HOUSING_COMMUNITY,
                "owner_organisation": organisations["Cambridgeshire Constabulary"],
                "due_date": dt.date(2025, 6, 10),
            },
        ],
    )


def _wisbech_papers(manager, problem, site, people: dict, organisations: dict) -> None:
    """The closure, its papers, the survey, residents' reports, the personal data the sharing
    record governs, and the reviews: in that order, as each builds on the last."""
    from clearhold.documents.demo import demo_documents_load
    from clearhold.powers.demo import demo_closure_load
    from clearhold.resident_reports.demo import demo_reporting_load
    from clearhold.surveys.demo import demo_survey_load
    from clearhold.web.demo_story import demo_story_bring_to_stage

    demo_closure_load(
        problem=problem, site=site, inspector=people["inspector"], constable=people["officer"]
    )
    demo_documents_load(problem=problem, site=site, manager=manager)
    demo_survey_load(problem=problem, site=site, manager=manager)
    demo_reporting_load(problem=problem, site=site, manager=manager)
    demo_sharing_load(problem=problem, people=people, organisations=organisations)
    demo_story_bring_to_stage(problem=problem, manager=manager)
