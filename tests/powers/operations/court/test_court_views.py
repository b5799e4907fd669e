"""The operation's walk, listing and extensions pages through the Django client: a tap stores
the act and the photograph and moves on; the listing defaults to the order as applied for; a
refused premises is named and nothing is stored until the user says to keep the others."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clearhold.powers.models import ClosureOrder, Engagement, Hearing, OrderExtension, ServiceEvent
from clearhold.problems.services import partner_add
from tests.powers.operations.court.conftest import COURT


def _jpeg() -> bytes:
    """A photo Pillow decodes (the service photo is checked by decoding it)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "grey").save(out, format="JPEG")
    return out.getvalue()


JPEG = _jpeg()


def _url(name: str, *args) -> str:
    return reverse(f"powers:{name}", args=args)


def _body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_walk_lists_the_premises_in_street_order(client, issued, estate_constable):
    client.force_login(estate_constable)
    body = _body(client.get(_url("operation-walk", issued[0].operation_id)))
    walk = body[body.index('data-testid="walk"') :]
    places = [walk.index(f"Block {c}<") for c in "ABCDEFGHIJ"]
    assert places == sorted(places)
    assert "Start at Block A" in body


def test_one_tap_stores_the_act_and_the_photo_and_moves_on(client, issued, estate_constable):
    client.force_login(estate_constable)
    stop = _url("operation-walk-stop", issued[0].operation_id, issued[0].pk)
    page = _body(client.get(stop))
    assert 'accept="image/*" capture="environment"' in page
    assert page.count('name="act"') == 6
    photo = SimpleUploadedFile("door.jpg", JPEG, content_type="image/jpeg")
    response = client.post(stop, {"act": "b", "detail": "Entrance door", "photo": photo})
    assert response.status_code == 302
    assert response["Location"] == _url("operation-walk-stop", issued[0].operation_id, issued[1].pk)
    event = ServiceEvent.objects.get()
    assert (event.notice.closure, event.act, event.detail) == (issued[0], "b", "Entrance door")
    assert event.photo.name.endswith(".jpg")
    assert event.served_by == estate_constable


def test_a_council_officer_tapping_a_police_notice_is_refused(client, issued, manager):
    client.force_login(manager)
    stop = _url("operation-walk-stop", issued[0].operation_id, issued[0].pk)
    body = _body(client.post(stop, {"act": "a"}))
    assert "s.79(1)" in body
    assert not ServiceEvent.objects.exists()


def test_the_batch_form_names_the_refused_and_keeps_the_others_on_confirming(
    client, issued, estate_constable
):
    notice = issued[1].notice
    notice.issued_at = dt.datetime(2025, 5, 5, 16, 0, tzinfo=notice.issued_at.tzinfo)
    notice.save()
    client.force_login(estate_constable)
    url = _url("operation-service", issued[0].operation_id)
    data = {
        "premises": [str(issued[0].pk), str(issued[1].pk)],
        "act": "a",
        "served_at": "2025-05-05T15:30",
    }
    body = _body(client.post(url, data))
    refused = body.split('data-testid="refused"')[1]
    assert "<strong>Block B</strong>" in refused
    assert "<li>A notice cannot be served before it is issued.</li>" in refused
    assert 'data-testid="proceed">Go on for the others (1)</button>' in body
    assert not ServiceEvent.objects.exists()
    assert client.post(url, data | {"proceed": "on"}).status_code == 302
    assert list(ServiceEvent.objects.values_list("notice__closure", flat=True)) == [issued[0].pk]


def test_the_listing_defaults_to_orders_as_applied_for(client, served, estate_inspector):
    client.force_login(estate_inspector)
    operation = served[0].operation
    form = _body(client.get(_url("listing-new", operation.pk)))
    assert COURT.replace("’", "&rsquo;") in form or COURT in form
    response = client.post(
        _url("listing-new", operation.pk),
        {"court": COURT, "court_address": "448 High Road", "listed_at": "2025-05-07T10:00"},
    )
    listing = operation.listings.get()
    assert response["Location"] == _url("listing-hear", listing.pk)
    page = _body(client.get(response["Location"]))
    assert page.count('data-testid="row"') == 10
    assert page.count('value="order_made" selected') == 10
    assert "to 7 August 2025" in page
    data = {"heard_at": "2025-05-07T10:00"}
    for closure in served:
        data |= {f"p{closure.pk}-heard": "on", f"p{closure.pk}-outcome": "order_made"}
    data[f"p{served[2].pk}-outcome"] = "refused"
    data[f"p{served[3].pk}-ends_on"] = "2025-07-07"
    del data[f"p{served[9].pk}-heard"]  # not heard today
    assert client.post(_url("listing-hear", listing.pk), data).status_code == 302
    assert ClosureOrder.objects.count() == 8
    assert ClosureOrder.objects.get(closure=served[3]).ends_on == dt.date(2025, 7, 7)
    assert Hearing.objects.filter(listing=listing).count() == 9
    page = _body(client.get(_url("listing-hear", listing.pk)))
    assert page.count('data-testid="row"') == 1  # Block J still to be heard


def test_a_premises_heard_too_late_is_named_and_nothing_stored(
    client, served, listing, estate_inspector
):
    client.force_login(estate_inspector)
    data = {"heard_at": "2025-05-07T17:05"}  # after Block A's 48 hours from 15:30+10m×0
    for closure in served[:2]:
        data |= {f"p{closure.pk}-heard": "on", f"p{closure.pk}-outcome": "order_made"}
    body = _body(client.post(_url("listing-hear", listing.pk), data))
    assert "<strong>Block A</strong>" in body
    assert "s.80(3)" in body
    assert not Hearing.objects.exists()


def test_extensions_together_consulted_applied_and_decided(client, ordered, estate_inspector):
    client.force_login(estate_inspector)
    url = _url("operation-extensions", ordered[0].closure.operation_id)
    page = _body(client.get(url))
    assert "7 August 2025" in page
    chosen = [str(o.pk) for o in ordered[:3]]
    consult = {
        "step": "consult",
        "consult-orders": chosen,
        "consult-who": "London Borough of Barnet",
        "consult-at": "2025-07-18T11:00",
    }
    assert client.post(url, consult).status_code == 302
    assert Engagement.objects.filter(kind="consult_extension").count() == 3
    apply = {"step": "apply", "apply-orders": chosen, "apply-applied_on": "2025-07-20"}
    assert client.post(url, apply | {"apply-months": "3"}).status_code == 302
    assert set(OrderExtension.objects.values_list("new_ends_on", flat=True)) == {
        dt.date(2025, 11, 7)
    }
    pending = [str(e.pk) for e in OrderExtension.objects.all()]
    decide = {
        "step": "decide",
        "decide-extensions": pending,
        "decide-granted": "yes",
        "decide-on": "2025-08-01",
    }
    assert client.post(url, decide).status_code == 302
    assert OrderExtension.objects.filter(granted_on=dt.date(2025, 8, 1)).count() == 3


def test_an_order_not_consulted_on_is_named(client, ordered, estate_inspector):
    client.force_login(estate_inspector)
    url = _url("operation-extensions", ordered[0].closure.operation_id)
    apply = {
        "step": "apply",
        "apply-orders": [str(ordered[0].pk)],
        "apply-applied_on": "2025-07-20",
        "apply-months": "3",
    }
    body = _body(client.post(url, apply))
    assert "<strong>Block A</strong>" in body
    assert "s.82(3),(4)" in body
    assert not OrderExtension.objects.exists()


def test_a_partner_viewer_and_an_outsider_are_refused(
    client, served, listing, estate, manager, partner_viewer, outmanager
):
    partner_add(
        user=manager,
        problem=estate,
        organisation=partner_viewer.organisation,
        sees_personal_data=False,
    )
    operation = served[0].operation
    urls = [
        _url("operation-walk", operation.pk),
        _url("operation-walk-stop", operation.pk, served[0].pk),
        _url("operation-service", operation.pk),
        _url("listing-new", operation.pk),
        _url("listing-hear", listing.pk),
        _url("operation-extensions", operation.pk),
    ]
    for user in (partner_viewer, outmanager):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [403] * len(urls), user
    client.force_login(partner_viewer)
    data = {"heard_at": "2025-05-07T10:00", f"p{served[0].pk}-heard": "on"}
    assert client.post(_url("listing-hear", listing.pk), data).status_code == 403
    assert not Hearing.objects.exists()


def test_a_decided_premises_has_nothing_left_to_serve(client, ordered, estate_constable):
    client.force_login(estate_constable)
    operation_pk = ordered[0].closure.operation_id
    walk = _body(client.get(_url("operation-walk", operation_pk)))
    assert "No notice is waiting to be served" in walk
    stop = _url("operation-walk-stop", operation_pk, ordered[0].closure_id)
    assert 'data-testid="nothing-to-serve"' in _body(client.get(stop))
    client.post(stop, {"act": "a"})
    assert ServiceEvent.objects.count() == 10  # only the fixture's


def test_the_six_month_order_is_named_and_the_others_kept_on_confirming(
    client, ordered, estate_inspector
):
    from clearhold.powers.services_operation_court import extension_consult_batch
    from clearhold.powers.services_order import extension_apply, extension_decide

    operation = ordered[0].closure.operation
    at = dt.datetime(2025, 7, 18, 11, 0, tzinfo=ordered[0].closure.notice.issued_at.tzinfo)
    extension_consult_batch(
        user=estate_inspector, operation=operation, orders=ordered[:3], who="Barnet", at=at
    )
    first, _ = extension_apply(
        user=estate_inspector,
        order=ordered[0],
        applied_on=dt.date(2025, 7, 20),
        new_ends_on=dt.date(2025, 11, 7),
    )
    extension_decide(user=estate_inspector, extension=first, granted=True, on=first.applied_on)
    client.force_login(estate_inspector)
    url = _url("operation-extensions", operation.pk)
    apply = {
        "step": "apply",
        "apply-orders": [str(o.pk) for o in ordered[:3]],
        "apply-applied_on": "2025-07-20",
        "apply-months": "3",
    }
    body = _body(client.post(url, apply))
    assert "<strong>Block A</strong>" in body
    assert "s.82(8)" in body
    assert 'name="apply-proceed" value="on" data-testid="proceed"' in body
    assert OrderExtension.objects.count() == 1
    assert client.post(url, apply | {"apply-proceed": "on"}).status_code == 302
    assert OrderExtension.objects.count() == 3


def test_an_adjournment_without_its_date_is_named_on_its_premises(
    client, served, listing, estate_inspector
):
    client.force_login(estate_inspector)
    data = {
        "heard_at": "2025-05-07T10:00",
        f"p{served[0].pk}-heard": "on",
        f"p{served[0].pk}-outcome": "order_made",
        f"p{served[1].pk}-heard": "on",
        f"p{served[1].pk}-outcome": "adjourned",
    }
    body = _body(client.post(_url("listing-hear", listing.pk), data))
    refused = body.split('data-testid="refused"')[1]
    assert "<strong>Block B</strong>" in refused
    assert "<li>Give the date and time the hearing was adjourned to.</li>" in refused
    assert not Hearing.objects.exists()
