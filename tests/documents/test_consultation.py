"""The consultation log: responses per home, objections with reasons, replies sent; its pages
and the document made from it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clearhold.authz import Refused
from clearhold.documents.consultation import consultation_log, response_record
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import ConsultationResponse, Stance
from clearhold.documents.services import DocumentBlocked, document_generate
from clearhold.places.models import Site, Unit
from clearhold.problems.services import partner_add
from tests.documents.conftest import docx_xml, stored, text_of
from tests.documents.test_letters import homes

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_WEEK = TODAY - dt.timedelta(days=7)


@pytest.fixture
def flats(site):
    return homes(site, 5)


def record(user, problem, unit, **fields):
    values = {"received_on": LAST_WEEK, "stance": Stance.SUPPORT} | fields
    return response_record(user=user, problem=problem, unit=unit, **values)


def _form(unit, **fields) -> dict:
    return {
        "unit": unit.pk,
        "received_on": LAST_WEEK.isoformat(),
        "stance": "objection",
        "reason": "",
        "reply_sent_on": "",
        "reply": "",
    } | fields


def test_a_response_recorded_on_the_page_shows_in_the_log(
    client, problem, flats, manager, give_purpose
):
    client.force_login(manager)
    give_purpose(client, problem)
    form = client.get(reverse("documents:consultation-new", args=[problem.pk])).content.decode()
    assert f'<option value="{flats[4].pk}">Flat 5, West Street open space</option>' in form
    assert 'type="radio" value="objection"' in form
    response = client.post(
        reverse("documents:consultation-new", args=[problem.pk]),
        _form(flats[2], reason="Closing the path makes my walk to the bus stop longer."),
    )
    assert response.status_code == 302
    shown = client.get(reverse("documents:consultation", args=[problem.pk])).content.decode()
    assert "Closing the path makes my walk to the bus stop longer." in shown
    assert "Flat 3" in shown
    assert 'data-testid="responses"' in shown
    assert "4 homes with no response" in shown
    saved = ConsultationResponse.objects.get()
    assert (saved.unit, saved.stance, saved.recorded_by) == (flats[2], "objection", manager)


def test_an_objection_without_a_reason_is_refused(client, problem, flats, manager):
    client.force_login(manager)
    response = client.post(
        reverse("documents:consultation-new", args=[problem.pk]), _form(flats[0])
    )
    assert response.status_code == 200
    assert "Say why they object." in response.content.decode()
    assert not ConsultationResponse.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"received_on": (TODAY + dt.timedelta(days=1)).isoformat()},
         "The date received cannot be in the future"),
        ({"reply_sent_on": (TODAY + dt.timedelta(days=2)).isoformat(), "reply": "Thanks"},
         "The date the reply was sent cannot be in the future"),
        ({"reply_sent_on": (LAST_WEEK - dt.timedelta(days=1)).isoformat()},
         "The reply cannot have been sent"),
        ({"reply": "We wrote back"}, "Enter the date the reply was sent."),
    ],
)  # fmt: skip
def test_impossible_dates_are_refused(client, problem, flats, manager, fields, message):
    client.force_login(manager)
    form = _form(flats[0], stance="comment", **fields)
    response = client.post(reverse("documents:consultation-new", args=[problem.pk]), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ConsultationResponse.objects.exists()


def test_a_home_on_another_site_is_refused(problem, manager):
    elsewhere = Site.objects.create(name="Elsewhere", boundary={}, easting=0, northing=0, area_m2=1)
    stranger = Unit.objects.create(site=elsewhere, name="Flat 1", address="1 Far Road")
    with pytest.raises(ValidationError) as refused:
        record(manager, problem, stranger)
    assert refused.value.message_dict["unit"] == ["Choose a home on one of this problem’s sites."]


def test_a_reply_can_be_added_later(client, problem, flats, manager, give_purpose):
    client.force_login(manager)
    give_purpose(client, problem)
    first = record(manager, problem, flats[1], stance=Stance.OBJECTION, reason="Noise")
    response = client.post(
        reverse("documents:consultation-edit", args=[problem.pk, first.pk]),
        _form(flats[1], reason="Noise", reply_sent_on=TODAY.isoformat(), reply="Patrols start"),
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.reply_sent_on, first.reply) == (TODAY, "Patrols start")
    assert ConsultationResponse.objects.count() == 1


def test_the_log_counts_by_stance_and_names_homes_without_a_response(problem, flats, manager):
    record(manager, problem, flats[0])
    record(manager, problem, flats[1], stance=Stance.OBJECTION, reason="Noise")
    record(manager, problem, flats[1], stance=Stance.COMMENT, reason="And the lights")
    log = consultation_log(problem=problem)
    assert {c.stance: c.count for c in log.counts} == {
        "support": 1,
        "objection": 1,
        "comment": 0,
        "none": 3,
    }  # fmt: skip  (homes, not responses: flat 2's later comment leaves it an objection)
    assert [u.name for u in log.silent] == ["Flat 3", "Flat 4", "Flat 5"]
    assert [r.reason for r in log.objections] == ["Noise"]
    assert len(log.awaiting_reply) == 3
    assert len(consultation_log(problem=problem, stance="comment").responses) == 1


def test_an_outsider_is_refused_the_log_and_the_form(client, problem, flats, outsider):
    client.force_login(outsider)
    for name in ("documents:consultation", "documents:consultation-new"):
        assert client.get(reverse(name, args=[problem.pk])).status_code == 403


def test_a_partner_viewer_can_read_the_log_but_not_what_households_said_nor_add_to_it(
    client, problem, flats, manager, partner_viewer
):
    partner_add(
        user=manager,
        problem=problem,
        organisation=partner_viewer.organisation,
        sees_personal_data=False,
    )
    record(manager, problem, flats[0], reason="Good idea")
    client.force_login(partner_viewer)
    shown = client.get(reverse("documents:consultation", args=[problem.pk]))
    assert shown.status_code == 200
    # What a household said is personal data: the viewer's organisation is not named for it.
    assert "Good idea" not in shown.content.decode()
    assert "Flat 1" in shown.content.decode()
    assert "not shared with your organisation" in shown.content.decode()
    assert "Record a response" not in shown.content.decode()
    new = reverse("documents:consultation-new", args=[problem.pk])
    assert client.get(new).status_code == 403
    assert client.post(new, _form(flats[1], reason="x")).status_code == 403
    with pytest.raises(Refused):
        record(partner_viewer, problem, flats[1])
    assert ConsultationResponse.objects.count() == 1


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_consultation_log_document(problem, flats, manager, fmt, tmp_path):
    record(manager, problem, flats[0], stance=Stance.OBJECTION, reason="The gate blocks my path",
           reply_sent_on=TODAY, reply="Agreed")  # fmt: skip
    record(manager, problem, flats[3], stance=Stance.SUPPORT, reason="About time")
    document = document_generate(
        user=manager,
        kind=kind_get("consultation_log"),
        subject=problem,
        fmt=fmt,
        purpose="problem_solving",
    )
    text = " ".join(text_of(document, tmp_path).split())
    assert "We wrote to 5 homes." in text
    marked = text if fmt == "pdf" else docx_xml(stored(document))
    assert "OFFICIAL-SENSITIVE: PERSONAL DATA" in marked
    assert document.personal_data is True
    assert "The gate blocks my path" in text
    assert "Agreed" in text
    assert "About time" in text
    assert "2 answered and 3 did not." in text
    assert "We have not yet replied to 1 of the responses received." in text
    assert "Flat 2, Flat 3, Flat 5" in text


def test_the_consultation_log_as_csv(problem, flats, manager):
    record(manager, problem, flats[0], stance=Stance.OBJECTION, reason='Too far, "really"')
    document = document_generate(
        user=manager,
        kind=kind_get("consultation_log"),
        subject=problem,
        fmt="csv",
        purpose="problem_solving",
    )
    assert document.personal_data is True
    rows = list(csv.DictReader(io.StringIO(stored(document).decode("utf-8-sig"))))
    assert rows == [
        {
            "unit": "Flat 1",
            "site": "West Street open space",
            "received_on": LAST_WEEK.isoformat(),
            "stance": "Objects",
            "reason": 'Too far, "really"',
            "reply_sent_on": "",
            "reply": "",
        }
    ]


def test_no_homes_blocks_the_log(problem, manager):
    with pytest.raises(DocumentBlocked) as blocked:
        document_generate(
            user=manager, kind=kind_get("consultation_log"), subject=problem, fmt="pdf"
        )
    assert "no homes or units recorded" in blocked.value.messages[0]
