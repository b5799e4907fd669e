"""The documents page and the consultation log page run as many queries for ten generated
documents, closures and responses as for two: a query per item (an N+1: each document's
maker's organisation, each response's problem) fails here, before a partnership with forty
closure orders and a letter to five hundred homes feels it. The documents page reads the
closures once, not once for each kind of document made from a closure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhold.accounts.roles import Role
from clearhold.documents.consultation import response_record
from clearhold.documents.models import GeneratedDocument, Stance
from clearhold.places.models import Unit
from clearhold.powers.services import closure_open
from tests.documents.conftest import inspector  # noqa: F401

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> list[str]:
    client.get(url)  # once to fill the per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _grow(number: int, *, problem, site, manager, inspector, make_user, council) -> None:  # noqa: F811
    """Items ``number`` of each kind the pages list: a closure, a document made by a different
    member, a home with an objection (its reason and reply restricted)."""
    closure_open(
        user=inspector,
        problem=problem,
        site=site,
        premises_description=f"Flat {number}, Onyx Court, Wisbech",
        premises_kind="land",
    )
    maker = make_user(f"maker{number}", council, Role.PARTNERSHIP_MANAGER)
    GeneratedDocument.objects.create(
        problem=problem,
        kind="consultation_log",
        format="pdf",
        title=f"Consultation log {number}",
        file=f"documents/log-{number}.pdf",
        size=1000,
        sha256="0" * 64,
        template_version="consultation_log@built-in",
        created_by=maker,
    )
    unit = Unit.objects.create(
        site=site, name=f"Flat {number}", address=f"Flat {number}\nOnyx Court"
    )
    response_record(
        user=manager,
        problem=problem,
        unit=unit,
        received_on=dt.date.today() - dt.timedelta(days=7),
        stance=Stance.OBJECTION,
        reason=f"Reason {number}",
        reply_sent_on=dt.date.today(),
        reply=f"Reply {number}",
    )


PAGES = ("documents:problem", "documents:consultation")


@pytest.fixture
def counts(client, problem, site, manager, inspector, make_user, council, give_purpose):  # noqa: F811
    """The query count of each page with two items of each kind, then with ten."""
    client.force_login(manager)
    give_purpose(client, problem)
    made = {"problem": problem, "site": site, "manager": manager, "inspector": inspector}
    found = {}
    for number in range(1, 11):
        _grow(number, make_user=make_user, council=council, **made)
        if number in (2, 10):
            found[number] = {p: _queries(client, reverse(p, args=[problem.pk])) for p in PAGES}
    return found


@pytest.mark.parametrize("page", PAGES)
def test_the_page_runs_as_many_queries_for_ten_items_as_for_two(counts, page):
    assert len(counts[10][page]) == len(counts[2][page]), counts


def test_the_documents_page_reads_the_closures_once_not_once_per_kind(counts):
    """Fifteen kinds are made from a closure: the page asked for the closures fifteen times."""
    closures = [sql for sql in counts[10]["documents:problem"] if 'FROM "powers_closure"' in sql]
    assert len(closures) == 1, closures
