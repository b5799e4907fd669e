"""The header search, per role: each finds only records they may open, people and other
personal data only where the sharing record gives it and a purpose was given, and a restricted
field never matches (nor shows in a snippet) for someone who may not see it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from clearhold.attachments.services import attachment_add
from clearhold.powers.models import Person
from tests.attachments.conftest import media, pdf  # noqa: F401  (a store of its own)
from tests.powers.conftest import closure, inspector  # noqa: F401

VICTIM = "Mrs Hartley at flat 3 is harassed nightly"
SUMMARY = "Groups gather by flat 3 at night"
PERSON = "Jordan Quillfeather"
ATTACHED = "Letter from the Onyx Court residents"


@pytest.fixture
def world(problem, manager, closure):  # noqa: F811
    problem.summary = SUMMARY
    problem.victim_notes = VICTIM
    problem.save()
    Person.objects.create(problem=problem, name=PERSON, description="Tall", added_by=manager)
    attachment_add(
        user=manager, problem=problem, record=problem, upload=pdf(), kind="letter", title=ATTACHED
    )
    return problem


def results(client, text: str) -> tuple[str, list[tuple[str, str]]]:
    """The page and its hits as (kind, name) pairs."""
    answer = client.get(reverse("search:results"), {"q": text})
    assert answer.status_code == 200
    page = answer.content.decode()
    found = re.findall(
        r'<strong class="govuk-tag govuk-tag--grey">([^<]+)</strong>\s*<a class="govuk-link" '
        r'href="[^"]+">([^<]+)</a>',
        page,
    )
    return page, found


def kinds(found) -> set[str]:
    return {kind for kind, _ in found}


def signed_in(client, user, problem=None, give_purpose=None):
    client.force_login(user)
    if give_purpose is not None:
        give_purpose(client, problem)
    return client


@pytest.mark.parametrize("who", ["manager", "administrator"])
def test_the_lead_organisation_finds_everything_with_a_purpose(
    client, world, who, request, give_purpose
):
    user = request.getfixturevalue(who)
    signed_in(client, user, world, give_purpose)
    _, found = results(client, "west street")
    assert {"Problem", "Site", "Closure"} <= kinds(found)
    _, found = results(client, "quillfeather")
    assert found == [("Person", PERSON)]
    page, found = results(client, "hartley")
    assert found == [("Problem", world.title)]
    assert "Mrs Hartley" in page
    _, found = results(client, "onyx court")
    assert ("Attachment", ATTACHED) in found


def test_without_a_purpose_restricted_fields_do_not_match(client, world, manager):
    signed_in(client, manager)
    for text in ("quillfeather", "hartley", "onyx court"):
        page, found = results(client, text)
        assert found == [], text
        assert "0 results" in page
    _, found = results(client, "west street")
    assert {"Problem", "Site", "Closure"} <= kinds(found)


def test_a_partner_not_shared_personal_data_never_matches_it_even_with_a_purpose(
    client, world, constable, give_purpose
):
    signed_in(client, constable, world, give_purpose)
    _, found = results(client, "west street")
    assert {"Problem", "Site", "Closure"} <= kinds(found)
    for text in ("quillfeather", "hartley", "onyx court"):
        assert results(client, text)[1] == [], text
    page, found = results(client, "flat 3")
    assert found == [("Problem", world.title)]
    assert SUMMARY in page
    assert "Hartley" not in page


def test_another_organisation_finds_the_partnership_sites_but_none_of_the_problem(
    client, world, outmanager, give_purpose
):
    signed_in(client, outmanager)
    page, found = results(client, "west street")
    assert kinds(found) == {"Site"}
    assert world.title not in page
    assert results(client, "flat 3")[1] == []


def test_a_partner_viewer_of_no_partnership_finds_nothing(client, world, partner_viewer):
    signed_in(client, partner_viewer)
    assert results(client, "west street")[1] == []


def test_every_hit_opens_for_the_person_who_found_it(client, world, manager, give_purpose):
    signed_in(client, manager, world, give_purpose)
    links = []
    for text in ("st", "er"):
        page = client.get(reverse("search:results"), {"q": text}).content.decode()
        links += re.findall(
            r'govuk-tag--grey">[^<]+</strong>\s*<a class="govuk-link" href="([^"]+)"', page
        )
    assert len(set(links)) >= 5
    for link in links:
        assert client.get(link).status_code == 200, link


def test_a_search_too_short_says_so(client, world, manager):
    signed_in(client, manager)
    page = client.get(reverse("search:results"), {"q": "w"}).content.decode()
    assert "<title>Error: " in page
    assert "Enter at least 2 letters or numbers to search for" in page
    assert 'href="#search-page-q"' in page


def test_the_search_is_guarded_and_in_the_header(client, db, manager):
    from clearhold.accounts.models import User

    answer = client.get(reverse("search:results"), {"q": "west"})
    assert answer.status_code == 302
    assert "/sign-in/" in answer["Location"]
    nobody = User.objects.create(username="nobody", is_active=True)
    client.force_login(nobody)
    assert client.get(reverse("search:results"), {"q": "west"}).status_code == 403
    assert 'id="header-search-q"' not in client.get("/").content.decode()
    client.force_login(manager)
    assert 'id="header-search-q"' in client.get("/").content.decode()
