"""The closure notice form checks the notice ClearHold writes against the record (s.76(5)) and
asks the officer only what the record cannot know; the three records needed first (s.76(6),(7))
are one checklist; Closures offers "Start a closure" and police officers find "On patrol".
(Issue 17, items 4 and 6.)"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from clearhold.accounts.roles import Role
from clearhold.law import UK
from clearhold.law.notice_contents import NoticeFacts, contents_of, notice_checklist
from clearhold.law.notices import CONTENT_RULES, check_contents
from clearhold.powers.models import ClosureNotice, Engagement, EngagementKind
from tests.powers.conftest import ADVISED

HEARING = dt.datetime(2025, 5, 7, 10, 0, tzinfo=UK)
WORDS = st.sampled_from(["", "  ", "Cambridge Magistrates’ Court", "The Court House, CB1 1JA"])


def _url(name: str, *args) -> str:
    return reverse(f"powers:{name}", args=args)


def _notice_post(**changes) -> dict:
    return {
        "hours": "24",
        "issued_at-day": "5",
        "issued_at-month": "5",
        "issued_at-year": "2025",
        "issued_at-hour": "14",
        "issued_at-minute": "00",
        "hearing_court": "Cambridge Magistrates’ Court",
        "hearing_at-day": "7",
        "hearing_at-month": "5",
        "hearing_at-year": "2025",
        "hearing_at-hour": "10",
        "hearing_at-minute": "00",
        **ADVISED,
        **changes,
    }


@given(
    premises=WORDS,
    court=WORDS,
    address=WORDS,
    booked=st.booleans(),
    housing=WORDS,
    legal=WORDS,
    local=st.booleans(),
)
def test_each_content_is_present_exactly_when_the_record_holds_what_it_needs(
    premises, court, address, booked, housing, legal, local
):
    facts = NoticeFacts(
        premises=premises,
        hearing_court=court,
        hearing_court_address=address,
        hearing_at=HEARING if booked else None,
        housing_advice=housing,
        legal_advice=legal,
        advice_is_local=local,
    )
    checks = {check.key: check for check in notice_checklist(facts)}
    expected = {
        "identifies_premises": bool(premises.strip()),
        "explains_effect": True,
        "states_offence": True,
        "states_order_application": bool(court.strip()),
        "hearing_when_and_where": bool(court.strip() and address.strip() and booked),
        "explains_order_effect": True,
        "housing_and_legal_advice_contacts": bool(housing.strip() and legal.strip() and local),
    }
    assert list(checks) == list(CONTENT_RULES)
    assert {key: check.present for key, check in checks.items()} == expected
    for check in checks.values():
        assert bool(check.missing) != check.present
        assert not check.missing or check.section in check.missing
    blocked = {f.section for f in check_contents(contents_of(tuple(checks.values())))}
    assert blocked == {CONTENT_RULES[k][0] for k, ok in expected.items() if not ok}


def test_the_hearing_content_says_when_and_where():
    facts = NoticeFacts(
        premises="The open space off West Street",
        hearing_court="Cambridge Magistrates’ Court",
        hearing_court_address="The Court House,\nParkside, Cambridge CB1 1JA",
        hearing_at=HEARING,
    )
    hearing = notice_checklist(facts)[4]
    assert hearing.says == (
        "Cambridge Magistrates’ Court, The Court House, Parkside, Cambridge CB1 1JA, "
        "at 10:00 on 7 May 2025"
    )


def test_the_form_shows_what_the_notice_will_contain_and_no_tick_boxes(
    client, prepared, inspector, advice
):
    client.force_login(inspector)
    body = client.get(_url("notice-issue", prepared.pk)).content.decode()
    assert 'name="contents"' not in body
    assert 'data-testid="notice-contents"' in body
    assert "The open space off West Street, Wisbech, bounded by its fence" in body
    assert "Cambridge Citizens Advice, 0808 278 7808" in body
    assert 'name="advice_is_local"' in body
    assert body.count("Will contain") == 4  # (a), (b), (c), (f); (g) waits for the tick


def test_a_notice_from_the_record_stores_the_seven_contents(client, prepared, inspector, advice):
    client.force_login(inspector)
    response = client.post(_url("notice-issue", prepared.pk), _notice_post())
    assert response.status_code == 302, response.context["form"].errors
    notice = ClosureNotice.objects.get()
    assert sorted(notice.contents) == sorted(CONTENT_RULES)
    assert notice.hearing_at == HEARING
    assert notice.hearing_court_address == ADVISED["hearing_court_address"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"hearing_court_address": ""}, "hearing_court_address", "Enter the court’s address"),
        ({"advice_is_local": ""}, "advice_is_local", "Confirm the advice organisations are local"),
        (
            {f"hearing_at-{box}": "" for box in ("day", "month", "year", "hour", "minute")},
            "hearing_at",
            "Enter when the hearing is booked",
        ),
    ],
)
def test_what_the_notice_would_lack_refuses_it_on_its_field(
    client, prepared, inspector, advice, change, field, message
):
    client.force_login(inspector)
    response = client.post(_url("notice-issue", prepared.pk), _notice_post(**change))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert f'href="#id_{field}"' in body
    assert "(s.76(5)(" in response.context["form"].errors[field][0]
    assert not ClosureNotice.objects.exists()


def test_no_advice_on_record_refuses_the_notice_and_links_to_document_details(
    client, prepared, inspector
):
    client.force_login(inspector)
    response = client.post(_url("notice-issue", prepared.pk), _notice_post())
    body = response.content.decode()
    assert "No housing and legal advice contacts are recorded for this problem" in body
    assert reverse("documents:details", args=[prepared.problem_id]) in body
    assert 'href="#notice-contents"' in body
    assert not ClosureNotice.objects.exists()


def test_an_empty_notice_form_names_each_field_and_each_link_lands_on_it(
    client, prepared, inspector, advice
):
    client.force_login(inspector)
    response = client.post(_url("notice-issue", prepared.pk), {"hours": "", "issued_at-day": ""})
    body = response.content.decode()
    assert re.search(r"<title>Error: ", body)
    assert "This field is required" not in body
    summary = body[
        body.index("govuk-error-summary") : body.index("</ul>", body.index("govuk-error-summary"))
    ]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert "id_issued_at" in targets
    for target in targets:
        assert f'id="{target}"' in body, f"the link to #{target} lands nowhere"
    assert 'name="issued_at-day"' in body
    assert "Enter when the notice was issued" in body


def test_the_closure_page_lists_the_three_records_before_the_notice(client, closure, inspector):
    client.force_login(inspector)
    body = client.get(closure.get_absolute_url()).content.decode()
    for kind in (EngagementKind.INFORM_OCCUPIERS, EngagementKind.INFORM_INTERESTED, "consult"):
        assert f"{_url('engagement-new', closure.pk)}?kind={kind}" in body
    assert body.count("Not yet") == 3
    Engagement.objects.create(
        closure=closure,
        kind=EngagementKind.CONSULT,
        who="Fenland District Council",
        at=HEARING - dt.timedelta(days=3),
        recorded_by=inspector,
    )
    body = client.get(closure.get_absolute_url()).content.decode()
    assert body.count("Not yet") == 2
    assert "Fenland District Council" in body


def test_closures_offers_start_a_closure_on_the_problem(client, problem, inspector):
    client.force_login(inspector)
    body = client.get(_url("list")).content.decode()
    assert "Start a closure" in body
    assert _url("closure-new", problem.pk) in body


def test_a_viewer_is_not_offered_start_a_closure(client, problem, make_user, charity):
    viewer = make_user("viewer", charity, Role.PARTNER_VIEWER)
    client.force_login(viewer)
    assert "Start a closure" not in client.get(_url("list")).content.decode()


def test_on_patrol_is_in_the_menu_for_police_officers_only(client, officer, manager):
    client.force_login(officer)
    menu = client.get("/").content.decode()
    assert 'href="/powers/patrol/">On patrol' in menu.replace("\n", "")
    client.force_login(manager)
    assert ">On patrol<" not in client.get("/").content.decode()
