"""Answering: one answer per household code, enforced by the database; the door-knock and the
open link; refusals residents can read; a limit on wrong codes per address."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from clearhold.surveys.answering import (
    AlreadyAnswered,
    response_at_door,
    response_by_open_link,
    response_with_code,
)
from clearhold.surveys.codes import event_token
from clearhold.surveys.models import Answer, Channel, HouseholdCode, Response
from clearhold.surveys.services import wave_close

pytestmark = pytest.mark.django_db
SAFE = {"safe_after_dark": "fairly_safe", "problem_drugs": "very_big", "comments": "Better lit"}


@pytest.fixture(autouse=True)
def fresh_limits():
    from django.core.cache import cache

    cache.clear()


def test_an_answer_by_code_is_stored_without_names_and_uses_the_code(wave, homes):
    household = wave.codes.get(unit=homes[0])
    response = response_with_code(household_code=household, given=SAFE)
    assert response.channel == Channel.CODE
    assert response.keyed_by is None
    stored = {a.question_key: (a.value, a.text) for a in response.answers.all()}
    assert stored == {
        "safe_after_dark": ("fairly_safe", ""),
        "problem_drugs": ("very_big", ""),
        "comments": ("", "Better lit"),
    }
    household.refresh_from_db()
    assert household.used_at is not None


def test_a_second_answer_with_a_code_read_before_the_first_was_stored_is_refused(wave, homes):
    """Two phones open the same letter's form: both hold the code unused; the second to send
    loses at the database, and nothing of it is stored."""
    first_phone = HouseholdCode.objects.select_related("wave").get(wave=wave, unit=homes[1])
    second_phone = HouseholdCode.objects.select_related("wave").get(wave=wave, unit=homes[1])
    response_with_code(household_code=first_phone, given=SAFE)
    assert second_phone.used_at is None  # its copy still says unused
    with pytest.raises(AlreadyAnswered):
        response_with_code(household_code=second_phone, given={"would_report": "no"})
    assert Response.objects.filter(code=first_phone).count() == 1
    assert not Answer.objects.filter(question_key="would_report").exists()


def test_the_database_itself_refuses_a_second_response_for_a_code(wave, homes):
    household = wave.codes.get(unit=homes[2])
    Response.objects.create(wave=wave, channel=Channel.CODE, code=household)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(wave=wave, channel=Channel.CODE, code=household)


def test_values_the_scale_does_not_offer_and_empty_answers_are_refused(wave, homes):
    household = wave.codes.get(unit=homes[0])
    with pytest.raises(ValidationError) as wrong:
        response_with_code(household_code=household, given={"safe_after_dark": "quite_safe"})
    assert "safe_after_dark" in wrong.value.message_dict
    with pytest.raises(ValidationError):
        response_with_code(household_code=household, given={})
    household.refresh_from_db()
    assert household.used_at is None  # a refused answer does not use the code


def test_a_closed_wave_takes_no_answer(manager, wave, homes):
    wave_close(user=manager, wave=wave)
    household = wave.codes.select_related("wave").get(unit=homes[0])
    with pytest.raises(ValidationError):
        response_with_code(household_code=household, given=SAFE)
    with pytest.raises(ValidationError):
        response_by_open_link(wave=household.wave, given=SAFE)


def test_an_officer_keys_in_a_paper_answer_and_is_named_on_it(constable, wave, homes):
    household = wave.codes.get(unit=homes[3])
    response = response_at_door(user=constable, household_code=household, given=SAFE)
    assert response.channel == Channel.DOOR_KNOCK
    assert response.keyed_by == constable


def test_open_link_answers_are_marked_and_not_one_per_home(wave):
    for _ in range(2):
        response_by_open_link(wave=wave, given=SAFE)
    assert Response.objects.filter(wave=wave, channel=Channel.OPEN_LINK).count() == 2
    assert Response.objects.filter(wave=wave, channel=Channel.OPEN_LINK, code__isnull=False)\
        .count() == 0  # fmt: skip


def test_a_resident_answers_by_code_and_the_second_use_is_refused(client, wave, homes,
                                                                  code_of_home):  # fmt: skip
    code = code_of_home(wave, homes[0])
    entered = client.post(reverse("residents:code"), {"code": code.lower().replace("-", " ")})
    assert entered.status_code == 302
    assert entered["Location"] == f"/s/{code}/"
    form = client.get(entered["Location"])
    assert "How safe do you feel walking alone" in form.content.decode()
    sent = client.post(f"/s/{code}/", SAFE)
    assert sent.status_code == 302
    assert sent["Location"] == reverse("residents:thanks")
    again = client.post(f"/s/{code}/", {"would_report": "yes"})
    assert "already answered" in again.content.decode()
    assert Response.objects.filter(wave=wave).count() == 1


def test_wrong_codes_are_limited_per_address(client, settings, wave):
    settings.CLEARHOLD_SURVEY_CODE_TRIES = 3
    for _ in range(3):
        refused = client.post(reverse("residents:code"), {"code": "AAAA-2222"})
        assert "We could not find that code" in refused.content.decode()
    assert client.post(reverse("residents:code"), {"code": "AAAA-2222"}).status_code == 429
    assert client.get("/s/AAAA-2223/").status_code == 429


def test_the_event_link_takes_answers_marked_open_link(client, wave):
    url = reverse("residents:event", args=[event_token(wave.pk)])
    assert client.get(url).status_code == 200
    assert client.post(url, SAFE).status_code == 302
    assert Response.objects.get(wave=wave).channel == Channel.OPEN_LINK
    assert client.get(reverse("residents:event", args=["0" * 24])).status_code == 404


def test_the_door_knock_page_saves_answers_for_the_code_on_the_letter(
    client, constable, wave, homes, code_of_home
):
    client.force_login(constable)
    url = reverse("surveys:door-knock", args=[wave.pk])
    saved = client.post(url, {"code": code_of_home(wave, homes[0]), **SAFE})
    assert saved.status_code == 302
    again = client.post(url, {"code": code_of_home(wave, homes[0]), **SAFE})
    assert "already answered this wave" in again.content.decode()
    assert Response.objects.get().keyed_by == constable
