"""The dashboard, the problem page's sections and the problem's own pages (timeline, meeting,
review, sharing record) hand templates records read through the one read model, never a
stored record.

The finding (last session's note): the dashboard and the problem page's sections passed raw
closures, problems, reviews, actions and meetings to their templates. A template given a stored
record can walk from it (``review.completed_by``, ``closure.problem.victim_notes``,
``meeting.attendees``) to whatever the read model withholds, and nothing would be audited.

The guard renders these pages, as a voluntary partner (no personal data shared) and as the lead
manager with a purpose, and walks every value the templates were given (dicts, lists,
dataclasses, named tuples): each record in it must be wrapped by the reader (``Shown``) or a
query set of wrapped records (``ShownRecords``). The one stored record allowed is the signed-in
user's own (Django's ``user`` in every page's context).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.db import models
from django.http import HttpRequest
from django.urls import reverse

from clearhold.problems.actions import action_create
from clearhold.problems.models import Layer
from clearhold.surveys.services import survey_create, wave_create, wave_open
from tests.api.conftest import wisbech  # noqa: F401
from tests.powers.operations.conftest_orders import operation_orders  # noqa: F401
from tests.powers.test_live import _served_just_now
from tests.surveys.conftest import homes  # noqa: F401

# Objects whose insides are not the pages' data (Django's own, forms, the request).
_SKIPPED = (HttpRequest, str, bytes, int, float, bool, dt.date, dt.datetime, dt.timedelta)


def _raw_records(value: Any, path: str, seen: set[int], found: list[str], me: Any) -> None:
    """Append ``path`` of each stored record (or query set of them) reachable from ``value``."""
    if value is None or isinstance(value, _SKIPPED):
        return
    if isinstance(value, models.Model):
        if value != me:
            found.append(f"{path}: {value._meta.label} {value.pk}")
        return
    if isinstance(value, models.QuerySet | models.Manager):
        found.append(f"{path}: query set of {value.model._meta.label}")
        return
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple | set | frozenset):
        items = enumerate(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
    else:
        return
    for key, item in items:
        _raw_records(item, f"{path}.{key}", seen, found, me)


def raw_records_in(response, user) -> list[str]:
    """Where in a rendered page's template context a stored record was handed over."""
    found: list[str] = []
    seen: set[int] = set()
    for context in response.context:
        for key, value in context.flatten().items():
            if key in {"user", "request", "perms", "messages", "csrf_token"}:
                continue
            _raw_records(value, key, seen, found, user)
    return sorted(set(found))


@pytest.fixture
def planned(wisbech, manager, partner_viewer, site, homes):  # noqa: F811
    """Wisbech with an open action the voluntary partner owns (for their dashboard) and a
    residents' survey with its baseline open (for the problem page's survey section)."""
    survey = survey_create(user=manager, problem=wisbech["problem"], site=site)
    baseline = wave_create(
        user=manager,
        survey=survey,
        label="baseline",
        opens_on=dt.date(2025, 4, 1),
        closes_on=dt.date(2025, 4, 30),
    )
    wave_open(user=manager, wave=baseline)
    action_create(
        user=manager,
        problem=wisbech["problem"],
        title="Offer outreach at the gate",
        layer=Layer.HOUSING_COMMUNITY,
        owner_organisation=partner_viewer.organisation,
        owner=partner_viewer,
        due_date=dt.date(2025, 7, 1),
    )
    return wisbech


def _pages(problem) -> dict[str, str]:
    meeting, review = problem.meetings.get(), problem.reviews.order_by("due_date").first()
    return {
        "dashboard": reverse("problems:dashboard"),
        "problem": problem.get_absolute_url(),
        "timeline": reverse("problems:timeline", args=[problem.pk]),
        "meeting": reverse("problems:meeting", args=[problem.pk, meeting.pk]),
        "review": reverse("problems:review", args=[problem.pk, review.pk]),
        "sharing record": reverse("sharing:record", args=[problem.pk]),
    }


PAGES = ["dashboard", "problem", "timeline", "meeting", "review", "sharing record"]


@pytest.mark.parametrize("page", PAGES)
def test_a_partner_viewer_is_handed_no_stored_record(client, planned, partner_viewer, page):
    client.force_login(partner_viewer)
    response = client.get(_pages(planned["problem"])[page])
    assert response.status_code == 200
    found = raw_records_in(response, partner_viewer)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("page", PAGES)
def test_the_lead_with_a_purpose_is_handed_no_stored_record(
    client, planned, manager, give_purpose, page
):
    client.force_login(manager)
    give_purpose(client, planned["problem"])
    response = client.get(_pages(planned["problem"])[page])
    assert response.status_code == 200
    found = raw_records_in(response, manager)
    assert found == [], "\n".join(found)


def test_the_closure_clocks_hand_over_no_stored_closure(client, prepared, inspector, constable):
    """A closure whose hearing is overdue: its clock is on the dashboard, the problem page and
    the closures list."""
    _served_just_now(prepared, inspector, constable, hours_ago=50)
    client.force_login(inspector)
    pages = ("problems:dashboard", "powers:list")
    for url in (*map(reverse, pages), prepared.problem.get_absolute_url()):
        response = client.get(url)
        assert "Application heard by" in response.content.decode(), url
        found = raw_records_in(response, inspector)
        assert found == [], "\n".join(found)


def test_an_operations_line_hands_over_no_stored_record(
    client,
    operation_orders,  # noqa: F811
    estate_inspector,
):
    client.force_login(estate_inspector)
    response = client.get(reverse("problems:dashboard"))
    assert 'data-testid="operation-clocks-line"' in response.content.decode()
    found = raw_records_in(response, estate_inspector)
    assert found == [], "\n".join(found)
