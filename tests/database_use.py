"""Which tests use the database, for CI's PostgreSQL pass (`--database-tests-only`).

A test that cannot reach the database gives the same result on SQLite and on PostgreSQL, so the
second pass runs only the tests that can. pytest-django blocks database access unless a test
asks for it, so asking is what counts: the django_db marker, a database fixture anywhere among
its fixtures (db, transactional_db, live_server, django_db_setup ...), a Django TestCase with
databases, or the django_db_blocker that lifts the block. A test that reaches a database some
other way (a process or connection given DATABASE_URL) carries the `database` marker. A test
can also ask for a fixture by name while it runs (request.getfixturevalue), which no reading of
its signature sees: every run therefore checks, after each test counted as not using the
database, that it did not open it (`undeclared_database_use`), so the SQLite pass, which runs
every test, fails before the PostgreSQL pass could leave such a test out.
"""

from __future__ import annotations

import pytest

# pytest-django's fixtures that open the database; db, transactional_db and the others all
# ask for _django_db_helper, and live_server turns on transactional_db.
DATABASE_FIXTURES = frozenset(
    {
        "_django_db_helper",
        "django_db_setup",
        "live_server",
        "django_assert_num_queries",
        "django_assert_max_num_queries",
    }
)
# What lifts pytest-django's block on the database without a database fixture.
UNBLOCKER = "django_db_blocker"
OWN_MODULES = ("pytest_django", "_pytest", "pytest", "xdist", "hypothesis")


def uses_database(item: pytest.Item) -> bool:
    """Whether ``item`` may use a database (when unsure: yes)."""
    if item.get_closest_marker("django_db") or item.get_closest_marker("database"):
        return True
    info = getattr(item, "_fixtureinfo", None)
    if info is None:  # not a Python test function: kept
        return True
    if DATABASE_FIXTURES & set(item.fixturenames) or UNBLOCKER in info.argnames:
        return True
    if _is_django_database_testcase(getattr(item, "cls", None)):
        return True
    return any(
        UNBLOCKER in fixture.argnames
        for fixtures in info.name2fixturedefs.values()
        for fixture in fixtures
        if not getattr(fixture.func, "__module__", "").startswith(OWN_MODULES)
    )


def _is_django_database_testcase(cls: type | None) -> bool:
    """A Django TestCase that declares databases (pytest-django's own test for one)."""
    if cls is None:
        return False
    from django.test import SimpleTestCase

    return issubclass(cls, SimpleTestCase) and bool(cls.databases)


def undeclared_database_use(request: pytest.FixtureRequest) -> str | None:
    """After a test counted as database-free: why it did use the database, if it did."""
    opened = DATABASE_FIXTURES & set(request.fixturenames)
    if not opened:
        return None
    return (
        f"{request.node.nodeid} asked for {', '.join(sorted(opened))} while it ran but is "
        "counted as not using the database, so CI's PostgreSQL pass would skip it: ask for "
        "db (or mark it django_db / database) in its signature."
    )
