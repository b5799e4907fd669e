"""Fixtures shared by the Django tests: a small partnership with one person per role."""

from __future__ import annotations

import pytest

from clearhold.accounts.models import Organisation, User
from clearhold.accounts.roles import OrganisationType, Role
from clearhold.accounts.services import organisation_create, user_create

PASSWORD = "a-long-test-password-2026"


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
