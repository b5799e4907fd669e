"""A time typed in the hour the clocks repeat was silently read as the first one (issue 16,
item 8).

Finding: 01:30 on the last Sunday of October happens twice in Europe/London (BST, then GMT).
The closure forms read such a time as its first occurrence without saying so, so a notice
served at the second 01:30 was recorded an hour early and every clock that runs from it (the
hearing window, the notice's end) was an hour out; the patrol breach form refused it with
Django's generic "may be ambiguous" and gave no way to enter it. Reproduced by posting
``at=2025-10-26T01:30`` to the engagement step (stored as 00:30 UTC) and by binding
``ServiceForm`` and ``BreachForm`` with that time.

What must hold: a time that happened twice is refused with a message naming both, with their
UTC offsets, and a choice between them; once chosen, the chosen instant is stored; a time that
never happened (the spring gap) is refused in plain words; an ordinary time is unaffected.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from clearhold.powers.forms_closure import HearingForm, ServiceForm
from clearhold.powers.forms_patrol import BreachForm
from clearhold.powers.models import Engagement, EngagementKind, Person

TWICE = "2025-10-26T01:30"
NEVER = "2025-03-30T01:30"
FIRST = dt.datetime(2025, 10, 26, 0, 30, tzinfo=dt.UTC)
SECOND = dt.datetime(2025, 10, 26, 1, 30, tzinfo=dt.UTC)


def _service(**data) -> ServiceForm:
    return ServiceForm({"document": "closure_notice", "act": "a", **data})


def test_a_time_that_happened_twice_is_asked_about_not_guessed():
    form = _service(served_at=TWICE)
    assert not form.is_valid()
    (message,) = form.errors["served_at"]
    assert "happened twice" in message
    assert "01:30 (BST, UTC+01:00)" in message
    assert "01:30 (GMT, UTC+00:00)" in message
    assert [c[0] for c in form.fields["served_at_which"].choices] == ["first", "second"]


@pytest.mark.parametrize(("which", "expected"), [("first", FIRST), ("second", SECOND)])
def test_the_chosen_occurrence_is_the_instant_recorded(which, expected):
    form = _service(served_at=TWICE, served_at_which=which)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["served_at"].astimezone(dt.UTC) == expected
    assert "served_at_which" not in form.cleaned_data


def test_a_time_in_the_spring_gap_is_refused_in_plain_words():
    form = _service(served_at=NEVER)
    assert not form.is_valid()
    assert "did not happen in the UK" in form.errors["served_at"][0]


def test_an_ordinary_time_needs_no_choice():
    form = _service(served_at="2025-10-26T03:30")
    assert form.is_valid(), form.errors
    assert "served_at_which" not in form.fields


def test_each_time_on_a_form_is_asked_about_on_its_own():
    form = HearingForm(
        {"court": "Cambridge", "heard_at": TWICE, "outcome": "adjourned", "adjourned_to": TWICE}
    )
    assert {"heard_at_which", "adjourned_to_which"} <= set(form.fields)


@pytest.mark.django_db
def test_the_breach_form_asks_too(closure):
    data = {"occurred_at": TWICE, "seen": "Two people went in", "arrest": "no"}
    form = BreachForm(data, closure=closure, people=Person.objects.none())
    assert not form.is_valid()
    assert "UTC+00:00" in form.errors["occurred_at"][0]
    chosen = BreachForm(
        {**data, "occurred_at_which": "second"}, closure=closure, people=Person.objects.none()
    )
    assert chosen.is_valid(), chosen.errors
    assert chosen.cleaned_data["occurred_at"].astimezone(dt.UTC) == SECOND


@pytest.mark.django_db
def test_the_page_asks_which_stores_nothing_then_stores_the_chosen_time(client, closure, inspector):
    client.force_login(inspector)
    url = reverse("powers:engagement-new", args=[closure.pk])
    data = {"kind": EngagementKind.CONSULT, "who": "Clarion Housing", "at": TWICE}
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "happened twice" in body
    assert 'name="at_which"' in body
    assert not Engagement.objects.exists()
    response = client.post(url, {**data, "at_which": "second"})
    assert response.status_code == 302
    assert Engagement.objects.get().at.astimezone(dt.UTC) == SECOND
