"""The closure workflow pages: each renders, the Wisbech journey runs through the forms, and
refusals (the law's and the authorisation layer's) come back on the page with nothing stored."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clearhold.law import UK
from clearhold.powers.models import (
    Closure,
    ClosureNotice,
    ClosureOrder,
    Engagement,
    EngagementKind,
    HearingOutcome,
    ServiceEvent,
)
from clearhold.powers.services import hearing_record
from clearhold.powers.services_order import appeal_record, extension_apply
from tests.powers.conftest import ADVISED, HEARD, SERVED, wisbech_exemptions


def _jpeg() -> bytes:
    """A photo Pillow decodes (the service photo is checked by decoding it)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "grey").save(out, format="JPEG")
    return out.getvalue()


JPEG = _jpeg()


def _url(name: str, *args) -> str:
    return reverse(f"powers:{name}", args=args)


def _post(client, url: str, data: dict) -> None:
    """POST a step form and insist it was accepted (else show the form's errors)."""
    response = client.post(url, data)
    errors = response.context["form"].errors if response.context else None
    assert response.status_code == 302, errors


def _body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def extension(order, inspector):
    from tests.powers.test_workflow import _consult_council

    _consult_council(order, inspector, dt.date(2025, 7, 28))
    return extension_apply(
        user=inspector,
        order=order,
        applied_on=dt.date(2025, 7, 30),
        new_ends_on=dt.date(2025, 11, 7),
    )[0]


def test_every_page_renders_for_a_member(client, order, extension, inspector, problem):
    closure = order.closure
    appeal = appeal_record(
        user=inspector,
        closure=closure,
        decision_on=dt.date(2025, 5, 7),
        lodged_on=dt.date(2025, 5, 20),
        appellant="A resident",
    )
    client.force_login(inspector)
    pages = [
        _url("list"),
        _url("closure-new", problem.pk),
        _url("closure", closure.pk),
        *(
            _url(name, closure.pk)
            for name in (
                "engagement-new",
                "notice-issue",
                "notice-extend",
                "notice-cancel",
                "service-new",
                "hearing-new",
                "order-new",
                "extension-new",
                "order-discharge",
                "appeal-new",
                "cost-new",
            )
        ),
        _url("extension-decide", closure.pk, extension.pk),
        _url("appeal-conclude", closure.pk, appeal.pk),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert 'class="govuk-heading-l"' in response.content.decode(), page


def test_the_closure_page_shows_every_section(client, order, extension, inspector):
    client.force_login(inspector)
    body = _body(client.get(_url("closure", order.closure.pk)))
    for heading in (
        "Clocks",
        "Informing and consultation",
        "Notice",
        "Service",
        "Hearings",
        "Order",
        "Breaches",
    ):
        assert f">{heading}</h2>" in body
    assert 'data-testid="clocks"' in body
    assert "Application heard by" in body
    assert "s.80(3),(4)" in body
    assert 'govuk-tag--green">Done' in body
    assert "Awaiting decision" in body
    assert "Record the court’s decision on extending to 7 November 2025" in body
    assert "Staff of Clarion Housing" in body


def test_the_list_shows_the_closure_and_its_status(client, order, inspector):
    client.force_login(inspector)
    body = _body(client.get(_url("list")))
    assert order.closure.premises_description in body
    assert "ASB on the West Street open space" in body
    assert 'govuk-tag--grey">Order ended' in body


def test_a_live_order_shows_upcoming_clocks_and_patrol_steps(client, live_order, constable):
    client.force_login(constable)
    body = _body(client.get(_url("closure", live_order.closure.pk)))
    assert 'data-testid="status">Order in force' in body
    assert 'govuk-tag--blue">Upcoming' in body
    assert _url("breach-new", live_order.closure.pk) in body
    assert _url("notice-issue", live_order.closure.pk) not in body


def test_next_steps_offer_the_notice_only_to_those_who_may_issue_it(
    client, prepared, inspector, constable
):
    issue_url = _url("notice-issue", prepared.pk)
    client.force_login(inspector)
    assert issue_url in _body(client.get(_url("closure", prepared.pk)))
    client.force_login(constable)
    body = _body(client.get(_url("closure", prepared.pk)))
    assert issue_url not in body
    assert _url("engagement-new", prepared.pk) in body


def test_the_wisbech_journey_through_the_forms(
    client, problem, site, inspector, constable, media, advice
):
    client.force_login(inspector)
    _post(
        client,
        _url("closure-new", problem.pk),
        {
            "site": site.pk,
            "premises_description": "The open space off West Street, Wisbech, bounded by its fence",
            "premises_kind": "land",
            "boundary_defined": "on",
            "body": "police",
        },
    )
    closure = Closure.objects.get()
    assert closure.body == "police"
    assert closure.created_by == inspector
    for kind, who in (
        (EngagementKind.INFORM_OCCUPIERS, "Residents of the retirement flats"),
        (EngagementKind.INFORM_INTERESTED, "Clarion Housing"),
        (EngagementKind.CONSULT, "Fenland District Council"),
    ):
        _post(
            client,
            _url("engagement-new", closure.pk),
            {"kind": kind, "who": who, "at": "2025-05-05T11:00", "how": "By letter"},
        )
    _post(
        client,
        _url("notice-issue", closure.pk),
        {
            "hours": "24",
            "issued_at": "2025-05-05T14:00",
            **ADVISED,
            "hearing_court": "Cambridge Magistrates' Court",
            "hearing_at": "2025-05-07T10:00",
        },
    )
    notice = ClosureNotice.objects.get()
    assert notice.issued_at == dt.datetime(2025, 5, 5, 14, 0, tzinfo=UK)
    assert [e["code"] for e in notice.exemptions] == ["residents", "owner"]

    client.force_login(constable)
    response = client.post(
        _url("service-new", closure.pk),
        {
            "document": "closure_notice",
            "act": "a",
            "served_at": "2025-05-05T15:30",
            "detail": "The main gate on West Street",
            "photo": SimpleUploadedFile("gate.jpg", JPEG, content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    event = ServiceEvent.objects.get()
    assert event.served_at == SERVED
    assert event.photo

    client.force_login(inspector)
    _post(
        client,
        _url("hearing-new", closure.pk),
        {
            "court": "Cambridge Magistrates' Court",
            "heard_at": "2025-05-07T10:00",
            "outcome": HearingOutcome.ORDER_MADE,
        },
    )
    _post(
        client,
        _url("order-new", closure.pk),
        {
            "made_on": "2025-05-07",
            "ends_on": "",
            "court": "Cambridge Magistrates' Court",
            "partial": "partial",
            "scope": "whole",
            "exempt": [
                "residents",
                "residents_visitors",
                "emergency_services",
                "housing_staff",
                "council_staff",
            ],
            "housing_staff_organisation": "Clarion Housing",
            "council_staff_organisation": "Fenland District Council",
        },
    )
    order = ClosureOrder.objects.get()
    assert order.ends_on == dt.date(2025, 8, 7)
    by_code = {e["code"]: e for e in order.exemptions}
    assert by_code == {e["code"]: e | {"units": []} for e in wisbech_exemptions()}

    _post(
        client,
        _url("engagement-new", closure.pk),
        {
            "kind": EngagementKind.CONSULT_EXTENSION,
            "who": "Fenland District Council",
            "at": "2025-07-28T09:00",
        },
    )
    _post(
        client,
        _url("extension-new", closure.pk),
        {"applied_on": "2025-07-30", "new_ends_on": "2025-11-07"},
    )
    extension = order.extensions.get()
    _post(
        client,
        _url("extension-decide", closure.pk, extension.pk),
        {"granted": "yes", "on": "2025-08-05"},
    )

    body = _body(client.get(_url("closure", closure.pk)))
    ends = body.split('data-testid="order-ends"')[1].split("</dd>")[0]
    latest = body.split('data-testid="latest-end"')[1].split("</dd>")[0]
    assert "7 November 2025" in ends
    assert "set at 7 August 2025" in ends
    assert "7 November 2025" in latest
    assert "Granted 5 August 2025" in body
    assert "Staff of Fenland District Council" in body
    assert _url("service-photo", closure.pk, event.pk) in body
    photo = client.get(_url("service-photo", closure.pk, event.pk))
    assert photo.status_code == 200
    assert b"".join(photo.streaming_content).startswith(b"\xff\xd8\xff")  # saved again


def test_a_four_month_order_shows_the_s80_6_error_and_stores_nothing(client, served, inspector):
    closure = served.closure
    hearing_record(
        user=inspector,
        closure=closure,
        court="Cambridge Magistrates' Court",
        heard_at=HEARD,
        outcome=HearingOutcome.ORDER_MADE,
    )
    client.force_login(inspector)
    response = client.post(
        _url("order-new", closure.pk),
        {
            "made_on": "2025-05-07",
            "ends_on": "2025-09-07",
            "court": "Cambridge Magistrates' Court",
            "partial": "full",
            "scope": "whole",
        },
    )
    body = _body(response)
    assert "govuk-error-summary" in body
    assert "s.80(6)" in body
    assert "CO-05" in body
    assert not ClosureOrder.objects.exists()


def test_a_constable_is_refused_the_notice_form(client, prepared, constable):
    client.force_login(constable)
    assert client.get(_url("notice-issue", prepared.pk)).status_code == 403
    response = client.post(
        _url("notice-issue", prepared.pk), {"hours": "24", "issued_at": "2025-05-05T14:00"}
    )
    assert response.status_code == 403
    assert not ClosureNotice.objects.exists()


def test_an_outsider_is_refused_the_closure_page(client, prepared, outsider):
    client.force_login(outsider)
    assert client.get(_url("closure", prepared.pk)).status_code == 403
    assert client.get(_url("engagement-new", prepared.pk)).status_code == 403


def test_an_outsider_cannot_see_a_service_photograph(client, served, outsider, media):
    event = served.service.get()
    event.photo = SimpleUploadedFile("gate.jpg", JPEG)
    event.save()
    client.force_login(outsider)
    assert client.get(_url("service-photo", served.closure.pk, event.pk)).status_code == 403


def test_a_time_that_does_not_exist_is_a_form_error(client, prepared, inspector):
    client.force_login(inspector)
    before = Engagement.objects.count()
    response = client.post(
        _url("engagement-new", prepared.pk),
        {
            "kind": EngagementKind.CONSULT,
            "who": "Fenland District Council",
            "at": "2025-03-30T01:30",
        },
    )
    body = _body(response)
    assert "govuk-error-summary" in body
    assert "01:30 on 30 March 2025 did not happen in the UK" in body
    assert Engagement.objects.count() == before


def test_the_notice_form_fixes_residents_and_owner(client, prepared, inspector):
    client.force_login(inspector)
    body = _body(client.get(_url("notice-issue", prepared.pk)))
    assert body.count('data-testid="fixed-exemption"') == 2
    assert "People who habitually live on the premises" in body
    assert 'value="residents"' not in body
    assert "Identify the premises (s.76(5)(a))" in body
    assert 'name="contents"' not in body


def test_a_missing_content_is_named_on_the_notice_form(client, prepared, inspector):
    """No advice contacts on record: the notice would lack s.76(5)(g), so it is refused."""
    client.force_login(inspector)
    response = client.post(
        _url("notice-issue", prepared.pk),
        {
            "hours": "24",
            "issued_at": "2025-05-05T14:00",
            **ADVISED,
            "hearing_court": "Cambridge Magistrates' Court",
            "hearing_at": "2025-05-07T10:00",
        },
    )
    body = _body(response)
    assert "No housing and legal advice contacts are recorded for this problem" in body
    assert "(s.76(5)(g))" in body
    assert not ClosureNotice.objects.exists()


def test_an_organisation_without_its_exemption_is_a_form_error(client, prepared, inspector, advice):
    client.force_login(inspector)
    response = client.post(
        _url("notice-issue", prepared.pk),
        {
            "hours": "24",
            "issued_at": "2025-05-05T14:00",
            **ADVISED,
            "housing_staff_organisation": "Clarion Housing",
            "hearing_court": "Cambridge Magistrates' Court",
            "hearing_at": "2025-05-07T10:00",
        },
    )
    assert "You named an organisation but did not tick" in _body(response)
    assert not ClosureNotice.objects.exists()


def test_a_hearing_booked_late_is_issued_with_a_warning(client, prepared, inspector, advice):
    client.force_login(inspector)
    response = client.post(
        _url("notice-issue", prepared.pk),
        {
            "hours": "24",
            "issued_at": "2025-05-05T14:00",
            **ADVISED,
            "hearing_court": "Cambridge Magistrates' Court",
            "hearing_at": "2025-05-07T16:00",
        },
        follow=True,
    )
    body = _body(response)
    assert ClosureNotice.objects.exists()
    assert "more than the hearing window" in body
    assert "CO-02" in body


def test_a_service_photo_must_be_an_image(client, notice, constable, media):
    client.force_login(constable)
    response = client.post(
        _url("service-new", notice.closure.pk),
        {
            "document": "closure_notice",
            "act": "a",
            "served_at": "2025-05-05T15:30",
            "photo": SimpleUploadedFile("gate.jpg", b"<script>alert(1)</script>"),
        },
    )
    assert "must be a JPEG, PNG or WebP image" in _body(response)
    assert not ServiceEvent.objects.exists()


def test_service_by_someone_outside_the_police_is_refused_on_the_form(client, notice, manager):
    client.force_login(manager)
    response = client.post(
        _url("service-new", notice.closure.pk),
        {"document": "closure_notice", "act": "a", "served_at": "2025-05-05T15:30"},
    )
    assert "served by a constable (s.79(1))" in _body(response)
    assert not ServiceEvent.objects.exists()


def test_a_refused_hearing_records_nothing(client, served, inspector):
    client.force_login(inspector)
    response = client.post(
        _url("hearing-new", served.closure.pk),
        {
            "court": "Cambridge Magistrates' Court",
            "heard_at": "2025-05-07T16:00",
            "outcome": HearingOutcome.ORDER_MADE,
        },
    )
    assert "s.80(3),(4)" in _body(response)
    assert not served.closure.hearings.exists()


def test_a_cost_goes_into_the_ledger_with_a_total(client, order, inspector):
    client.force_login(inspector)
    for amount, description in (("2,800", "Fencing"), ("£3800", "Lockable gate")):
        _post(
            client,
            _url("cost-new", order.closure.pk),
            {"kind": "securing", "on": "2025-05-20", "amount": amount, "description": description},
        )
    body = _body(client.get(_url("closure", order.closure.pk)))
    total = body.split('data-testid="costs-total"')[1].split("</td>")[0]
    assert "£6,600.00" in total


def test_a_partner_viewer_sees_no_steps(client, order, partner_viewer, problem, manager):
    from clearhold.problems.services import partner_add

    partner_add(
        user=manager,
        problem=problem,
        organisation=partner_viewer.organisation,
        sees_personal_data=False,
    )
    client.force_login(partner_viewer)
    body = _body(client.get(_url("closure", order.closure.pk)))
    assert 'data-testid="next-steps"' not in body
    assert client.get(_url("cost-new", order.closure.pk)).status_code == 403


def test_times_limit_the_ticked_exemptions_not_residents(client, prepared, inspector, advice):
    client.force_login(inspector)
    _post(
        client,
        _url("notice-issue", prepared.pk),
        {
            "hours": "24",
            "issued_at": "2025-05-05T14:00",
            **ADVISED,
            "exempt": ["contractors"],
            "times": "08:00 to 18:00",
            "hearing_court": "Cambridge Magistrates' Court",
            "hearing_at": "2025-05-07T10:00",
        },
    )
    times = {e["code"]: e["times"] for e in ClosureNotice.objects.get().exemptions}
    assert times == {"residents": None, "owner": None, "contractors": "08:00 to 18:00"}
