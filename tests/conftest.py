"""Fixtures shared by the Django tests: a small partnership with one person per role."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from clearhold.accounts.models import Organisation, User
from clearhold.accounts.roles import OrganisationType, Role
from clearhold.accounts.services import organisation_create, user_create
from clearhold.places.services import site_create
from clearhold.problems.services import problem_create
from tests.database_use import undeclared_database_use, uses_database

# No time limit on a hypothesis example: speed is measured in bench/, never asserted in a test
# (a loaded machine made the 200 ms default fail a correct property).
hypothesis_settings.register_profile("clearhold", deadline=None)
hypothesis_settings.load_profile("clearhold")

# The command line's output is checked as text: a narrow console (80 columns wherever standard
# output is not a terminal, as in the workers of the parallel PostgreSQL pass) must not wrap the
# words a test looks for. A test that gives its own COLUMNS keeps it.
os.environ.setdefault("COLUMNS", "200")

PASSWORD = "a-long-test-password-2026"
WISBECH_TARGET = Path(__file__).resolve().parents[1] / "docs" / "wisbech-target.geojson"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the database (CI's PostgreSQL pass: the others give "
        "the same result on SQLite, where they have run); see tests/database_use.py",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With --database-tests-only, leave out the tests that cannot reach the database."""
    if not config.getoption("database_tests_only"):
        return
    kept, left_out = [], []
    for item in items:
        (kept if uses_database(item) else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(autouse=True)
def _database_use_declared(request):
    """A test counted as not using the database must not have opened it (tests/database_use.py):
    otherwise CI's PostgreSQL pass would leave out a test that uses the database."""
    yield
    if not uses_database(request.node):
        problem = undeclared_database_use(request)
        if problem:
            pytest.fail(problem, pytrace=False)


@pytest.fixture(autouse=True)
def _empty_results_cache():
    """Each test starts with no cached hotspot or evaluation results: a rolled-back test can
    leave the store at the same data version as the next test's with other incidents."""
    from django.core.cache import caches

    from clearhold.incidents.results_cache import forget_recent

    caches["results"].clear()
    forget_recent()


@pytest.fixture(autouse=True)
def _forget_readiness():
    """Each test starts with no readiness known: /readyz keeps a "not ready" for a few seconds,
    which would outlive the test that made it."""
    from clearhold.serving.health import readiness_forget

    readiness_forget()


@pytest.fixture
def police(db) -> Organisation:
    return organisation_create(name="Test Constabulary", kind=OrganisationType.POLICE)


@pytest.fixture
def council(db) -> Organisation:
    return organisation_create(name="Test District Council", kind=OrganisationType.COUNCIL)


@pytest.fixture
def charity(db) -> Organisation:
    return organisation_create(name="Test Outreach Trust", kind=OrganisationType.VOLUNTARY)


@pytest.fixture
def make_user(db):
    def make(username: str, organisation: Organisation, role: str = Role.OFFICER) -> User:
        return user_create(
            username=username,
            password=PASSWORD,
            organisation=organisation,
            role=role,
            first_name=username.title(),
            last_name="Tester",
        )

    return make


@pytest.fixture
def officer(make_user, police) -> User:
    return make_user("officer", police, Role.OFFICER)


@pytest.fixture
def partner_viewer(make_user, charity) -> User:
    return make_user("viewer", charity, Role.PARTNER_VIEWER)


@pytest.fixture
def administrator(make_user, council) -> User:
    return make_user("administrator", council, Role.ADMINISTRATOR)


@pytest.fixture
def fenland(db):
    """The packaged police.uk Fenland incidents, 2024-01 to 2025-12, in the store."""
    from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
    from tests.incidents.policeuk_files import FENLAND

    files = sorted(FENLAND.glob("*.csv.gz"))
    batch = import_batch_create(
        user=None, source="policeuk", files=[IncomingFile(p, p.name) for p in files]
    )
    return import_batch_run(batch=batch)


# The Wisbech problem shared by the problems and powers tests.
@pytest.fixture
def manager(make_user, council):
    return make_user("manager", council, Role.PARTNERSHIP_MANAGER)


@pytest.fixture
def site(db, manager):
    return site_create(
        user=manager,
        name="West Street open space",
        kind="open_space",
        boundary=WISBECH_TARGET.read_text(),
    )


@pytest.fixture
def problem(site, manager):
    return problem_create(
        user=manager,
        title="ASB on the West Street open space",
        start_date=dt.date(2025, 5, 7),
        sites=[site],
    )


@pytest.fixture
def constable(make_user, police, problem, manager):
    """A police officer named on the problem (enforcement); the police are a partner."""
    from clearhold.problems.models import MemberRole
    from clearhold.problems.services import member_add, partner_add

    person = make_user("constable", police, Role.OFFICER)
    partner_add(user=manager, problem=problem, organisation=police)
    member_add(user=manager, problem=problem, person=person, role=MemberRole.ENFORCEMENT)
    return person


@pytest.fixture
def outsider(make_user, charity):
    """An officer of an organisation that is not a partner in the problem."""
    return make_user("outsider", charity, Role.OFFICER)


@pytest.fixture
def outmanager(make_user):
    """A partnership manager of an organisation outside the problem's partnership."""
    elsewhere = organisation_create(
        name="Elsewhere District Council", kind=OrganisationType.COUNCIL
    )
    return make_user("outmanager", elsewhere, Role.PARTNERSHIP_MANAGER)


@pytest.fixture
def give_purpose():
    """Answer the purpose page for a problem, as a person does before their first page with
    personal data on it (the answer is kept in the session)."""

    def give(client, problem, purpose: str = "problem_solving", note: str = "") -> None:
        answered = client.post(
            f"/audit/purpose/{problem.pk}/", {"purpose": purpose, "note": note, "next": "/"}
        )
        assert answered.status_code == 302, answered.content.decode()[:500]

    return give
