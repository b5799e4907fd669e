"""Done means: a voluntary partner signed in to the Wisbech problem sees the action plan and
objectives but no person's details, on every page of the problem."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from clearhold.web import demo, demo_sharing

PERSONAL = (
    demo_sharing.DEMO_PERSON,
    "9 March 2001",
    demo_sharing.DEMO_VULNERABLE,
    demo_sharing.DEMO_OFFENDERS,
    demo_sharing.DEMO_VICTIMS,
    "Warned to stop gathering",
)


def _routes(patterns=None, prefix: str = ""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _problem_pages(problem) -> list[str]:
    """Every web page of the problem (not the API), filled from the URL conf with its objects."""
    closure = problem.closures.get()
    person = problem.people.get()
    values = {
        "problems/<int:pk>": problem.pk,
        "powers/closures/<int:pk>": closure.pk,
        "powers/people/<int:pk>": person.pk,
    }
    document = problem.documents.first()
    if document is not None:
        values["documents/<int:pk>"] = document.pk
    fills = {
        "problem_pk": problem.pk,
        "review_pk": problem.reviews.first().pk,
        "meeting_pk": problem.meetings.first().pk,
        "action_pk": problem.actions.first().pk,
        "event_pk": closure.notice.service.first().pk,
        "extension_pk": closure.order.extensions.first().pk,
        "kind_key": "closure_notice",
    }
    pages = []
    for route in _routes():
        if route.startswith(("api/", "admin/", "audit/")) or "<" not in route:
            continue
        head = next((h for h in values if route.startswith(h)), None)
        if head is None and "problem_pk" not in route:
            continue
        if "member_pk" in route or "appeal_pk" in route or "/consultation/<int:pk>" in route:
            continue  # POST-only, or nothing of the kind in the demo
        url = route.replace(head, f"{head.split('<')[0]}{values[head]}") if head else route
        for name, value in fills.items():
            url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
        assert "<" not in url, url
        pages.append("/" + url)
    return pages


@pytest.fixture
def wisbech(db):
    with override_settings(DEMO_MODE=True):
        demo.demo_partnership_load()
        demo.demo_problem_load()
    from clearhold.problems.models import Problem

    return Problem.objects.get()


def _sign_in(client, username: str) -> None:
    person = next(p for p in demo.PEOPLE if p.username == username)
    assert client.post("/sign-in/", {"username": username, "password": person.password})["Location"]


def test_the_voluntary_partner_sees_the_plan_and_objectives_but_no_persons_details(client, wisbech):
    _sign_in(client, "partner")
    page = client.get(wisbech.get_absolute_url()).content.decode()
    assert "75% fewer ASB reports within six months" in page
    assert "Fencing around the open space" in page
    assert "Lockable gate to the open space" in page
    assert "a named member of" in page  # organisations, not names
    pages = _problem_pages(wisbech)
    assert len(pages) > 30
    shown = 0
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code in (200, 403, 404), url
        if response.status_code == 200:
            shown += 1
            assert (
                not response.redirect_chain
                or "/audit/purpose/" not in (response.redirect_chain[-1][0])
            ), url
            body = response.content.decode()
            for text in PERSONAL:
                assert text not in body, (url, text)
    assert shown >= 8


def test_the_people_the_partnership_holds_data_about_are_there_for_those_named(
    client, wisbech, give_purpose
):
    _sign_in(client, "housing")
    give_purpose(client, wisbech, "safeguarding")
    vulnerable = client.get(f"/problems/{wisbech.pk}/vulnerable/").content.decode()
    assert demo_sharing.DEMO_VULNERABLE in vulnerable
    page = client.get(wisbech.get_absolute_url()).content.decode()
    assert demo_sharing.DEMO_OFFENDERS in page
    assert demo_sharing.DEMO_VICTIMS in page
    person = wisbech.people.get()
    assert demo_sharing.DEMO_PERSON in client.get(f"/powers/people/{person.pk}/").content.decode()


def test_the_demo_sharing_record_names_police_and_clarion(wisbech):
    record = wisbech.sharing_record
    named = {(r.organisation.name, r.data_class) for r in record.recipients.all()}
    assert named == {
        ("Cambridgeshire Constabulary", "restricted"),
        ("Clarion Housing Group", "restricted"),
        ("Clarion Housing Group", "special"),
    }
    assert record.lawful_basis == "6_1_e"
