"""Findings (issue 17, items 2 and 5) on the patrol pages.

* A visitor whose invitation nobody knew was shown green "Allowed": it is amber, "Ask who
  invited them", with the clause, and links to check again once asked.
* The breach form started from an access check forgot the check's answers and took the page's
  load time as "when": it now carries who they said they were, the answer with its clause,
  the flat, and the time of the check.
* Flats were listed 1, 10, 11, 2: they are listed in natural order.
* "Use my location" was blocked by ClearHold's own ``Permissions-Policy: geolocation=()``: the
  breach page allows it for its own origin; every other page still denies it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from clearhold.law import UK
from clearhold.places.models import Unit
from clearhold.powers.models import Breach
from tests.web.date_boxes import typed_datetime

FLATS = ("Flat 10", "Flat 2", "Flat 1", "Flat 11", "Flat 3")


@pytest.fixture
def flats(live_order):
    for name in FLATS:
        Unit.objects.create(site=live_order.closure.site, name=name, address=f"{name}, Onyx Court")
    return live_order


def _access(client, user, closure, **query):
    client.force_login(user)
    return client.get(reverse("powers:access", args=[closure.pk]), query).content.decode()


def _breach_link(body: str) -> str:
    found = re.search(r'href="([^"]*/breaches/new/[^"]*)"', body)
    assert found, "no Record a breach link"
    return html.unescape(found.group(1))


def test_a_visitor_whose_invitation_is_unknown_is_amber_not_allowed(client, constable, flats):
    body = _access(client, constable, flats.closure, kind="resident_visitor", unit="Flat 3")
    assert 'data-verdict="ask"' in body
    assert 'data-allowed="no"' in body
    assert "govuk-notification-banner--success" not in body
    assert ">Ask who invited them<" in body
    assert "Clause: “Visitors invited by a resident”" in body
    assert "Record a breach" not in body  # nothing known says they may not be here
    assert "invited=yes" in body  # check again once asked
    assert "invited=no" in body


def test_the_answer_once_asked_settles_it(client, constable, flats):
    yes = _access(client, constable, flats.closure, kind="resident_visitor", invited="yes")
    no = _access(client, constable, flats.closure, kind="resident_visitor", invited="no")
    assert 'data-verdict="allowed"' in yes
    assert 'data-verdict="refused"' in no
    assert "Record a breach" in no


def test_the_breach_form_carries_the_access_check_over(client, constable, flats):
    body = _access(
        client, constable, flats.closure, kind="resident_visitor", unit=" flat 3", invited="no"
    )
    link = _breach_link(body)
    checked = parse_qs(urlsplit(link).query)["checked"][0]
    page = client.get(link).content.decode()
    assert typed_datetime(page, "occurred_at") == checked  # the check's time, not this page's
    flat_3 = Unit.objects.get(name="Flat 3")
    assert re.search(rf'<option value="{flat_3.pk}"[^>]*selected', page)
    assert "Said they were: visiting a resident, flat 3; invited by a resident: no." in page
    assert 'data-testid="carried"' in page
    assert "only when a resident has invited them" in page  # the answer, quoting the clause
    assert "Access check at" in page


def test_a_breach_recorded_from_the_check_keeps_its_answers(client, constable, flats):
    body = _access(client, constable, flats.closure, kind="contractor", organisation="Fix-it")
    link = _breach_link(body)
    page = client.get(link)
    form = page.context["form"]
    data = {name: form[name].value() for name in ("occurred_at", "person_description", "seen")}
    data |= {"arrest": "no", "unit": "", "place": "Stairwell B"}
    client.post(link, data)
    breach = Breach.objects.get()
    checked = parse_qs(urlsplit(link).query)["checked"][0]
    assert f"{breach.occurred_at.astimezone(UK):%Y-%m-%dT%H:%M}" == checked
    assert breach.person_description == "Said they were: a maintenance contractor, Fix-it."
    assert "lists no exemption for contractors" in breach.seen


def test_without_a_check_or_with_a_future_one_when_defaults_to_now(client, constable, flats):
    client.force_login(constable)
    url = reverse("powers:breach-new", args=[flats.closure.pk])
    later = timezone.localtime() + dt.timedelta(hours=3)
    for query in ({}, {"kind": "contractor", "checked": f"{later:%Y-%m-%dT%H:%M}"}):
        page = client.get(url, query)
        shown = page.context["form"]["occurred_at"].value()
        assert shown != f"{later:%Y-%m-%dT%H:%M}"
        assert 'data-testid="carried"' not in page.content.decode()


def test_flats_are_listed_in_natural_order(client, constable, flats):
    access = _access(client, constable, flats.closure)
    assert re.findall(r'<option value="(Flat \d+)">', access) == [
        "Flat 1",
        "Flat 2",
        "Flat 3",
        "Flat 10",
        "Flat 11",
    ]
    breach = client.get(reverse("powers:breach-new", args=[flats.closure.pk])).content.decode()
    assert re.findall(r">(Flat \d+),", breach) == [
        "Flat 1",
        "Flat 2",
        "Flat 3",
        "Flat 10",
        "Flat 11",
    ]


def test_only_the_breach_page_may_ask_for_the_location(client, constable, flats):
    client.force_login(constable)
    closure = flats.closure
    breach = client.get(reverse("powers:breach-new", args=[closure.pk]))
    assert "data-ch-locate" in breach.content.decode()
    assert "geolocation=(self)" in breach["Permissions-Policy"]
    assert "camera=()" in breach["Permissions-Policy"]
    for url in (
        reverse("powers:access", args=[closure.pk]),
        reverse("powers:patrol"),
        closure.get_absolute_url(),
        "/",
    ):
        page = client.get(url)
        assert "geolocation=()" in page["Permissions-Policy"], url
        assert "data-ch-locate" not in page.content.decode(), url
