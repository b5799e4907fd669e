"""On a desktop: a council partnership manager starts a closure from Closures, is told by name
what each empty field needs (the page title starting "Error: ", every error-summary link
focusing its field), works through the informing and consulting checklist by its links with
dates typed into GOV.UK day, month and year boxes, and a council officer then issues the notice
ClearHold writes, checked against the record — every page checked with axe. (Issue 17, items
4, 6 and 10.)"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clearhold.accounts.roles import Role
from clearhold.documents.models import DocumentDetails
from clearhold.law import UK
from clearhold.law.notices import CONTENT_RULES
from clearhold.powers.models import Closure, ClosureNotice, Engagement
from tests.conftest import PASSWORD
from tests.e2e.conftest import fill_date, serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BARE = "This field is required"


def _errors_name_and_focus_their_fields(page: Page, axe) -> list[str]:
    """The page says "Error: " first; each error-summary link names its field and, followed,
    puts the cursor in it. Returns the links' targets."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert BARE not in summary.inner_text()
    links = summary.get_by_role("link")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert targets
    for index, target in enumerate(targets):
        assert target.startswith("#id_")
        links.nth(index).click()
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        assert f"#{focused}" == target, f"{target} put the cursor on #{focused}"
    assert serious_violations(axe, page) == []
    return targets


def _record_through_the_checklist(page: Page, link: str, who: str, at: dt.datetime) -> None:
    page.get_by_test_id("before-notice").get_by_role("link", name=link).click()
    page.get_by_label("Who", exact=True).fill(who)
    fill_date(page, "When", at)
    page.get_by_role("button", name="Record it").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded")


def test_a_partnership_manager_starts_a_closure_and_a_council_officer_issues_its_notice(
    page, axe, make_user, council, problem, manager
):
    DocumentDetails.objects.create(
        problem=problem,
        housing_advice="Fenland District Council Housing Options, 01354 654321",
        legal_advice="Cambridge Citizens Advice, 0808 278 7808",
    )
    make_user("officer", council, Role.OFFICER)
    now = timezone.now().astimezone(UK).replace(second=0, microsecond=0)
    informed = now - dt.timedelta(hours=5)

    sign_in(page, "manager", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Closures").click()
    assert serious_violations(axe, page) == []
    page.get_by_role("link", name="Start a closure").click()
    page.get_by_role("button", name="Start the closure").click()
    targets = _errors_name_and_focus_their_fields(page, axe)
    assert {"#id_premises_description", "#id_premises_kind"} <= set(targets)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the premises")

    page.get_by_label("The premises, as the notice will identify them").fill(
        "The open space off West Street, Wisbech, within its boundary fence"
    )
    page.get_by_label("Land with a clear boundary").check()
    page.get_by_role("button", name="Start the closure").click()
    closure = Closure.objects.get()
    checklist = page.get_by_test_id("before-notice")
    expect(checklist).to_contain_text("Not yet")
    assert serious_violations(axe, page) == []

    page.get_by_test_id("before-notice").get_by_role(
        "link", name="Inform the people who live there"
    ).click()
    for box in ("Day", "Month", "Year", "Hour", "Minute"):
        page.get_by_role("group", name="When").get_by_label(box, exact=True).fill("")
    page.get_by_role("button", name="Record it").click()
    targets = _errors_name_and_focus_their_fields(page, axe)
    assert "#id_at" in targets  # the day box of the date input
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter when you informed or consulted them"
    )
    page.get_by_label("Who", exact=True).fill("Residents of Onyx Court")
    fill_date(page, "When", informed)
    page.get_by_role("button", name="Record it").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded")

    _record_through_the_checklist(
        page,
        "Inform those with control, responsibility or an interest",
        "Clarion Housing",
        informed,
    )
    _record_through_the_checklist(
        page, "Consult anyone appropriate", "Fenland District Council", informed
    )
    expect(checklist).not_to_contain_text("Not yet")
    assert Engagement.objects.filter(closure=closure).count() == 3
    assert serious_violations(axe, page) == []
    page.context.clear_cookies()

    sign_in(page, "officer", PASSWORD)
    page.goto(closure.get_absolute_url())
    page.get_by_role("link", name="Issue the closure notice").click()
    expect(page.get_by_test_id("notice-contents")).to_contain_text("Cambridge Citizens Advice")
    assert serious_violations(axe, page) == []
    for box in ("Day", "Month", "Year", "Hour", "Minute"):
        page.get_by_role("group", name="Issued at").get_by_label(box, exact=True).fill("")
    page.get_by_role("button", name="Issue the notice").click()
    targets = _errors_name_and_focus_their_fields(page, axe)
    assert {"#id_issued_at", "#id_hearing_court", "#id_advice_is_local"} <= set(targets)
    assert not ClosureNotice.objects.exists()

    fill_date(page, "Issued at", now - dt.timedelta(hours=1))
    page.get_by_label("Magistrates’ court hearing the application").fill(
        "Cambridge Magistrates’ Court"
    )
    page.get_by_label("The court’s address").fill("The Court House, Parkside, Cambridge CB1 1JA")
    fill_date(page, "Hearing booked for", now + dt.timedelta(hours=20))
    page.get_by_label("The housing and legal advice organisations shown are local").check()
    page.get_by_role("button", name="Issue the notice").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Serve it now")
    assert not page.title().startswith("Error")
    assert serious_violations(axe, page) == []
    notice = ClosureNotice.objects.get()
    assert sorted(notice.contents) == sorted(CONTENT_RULES)
