"""A voluntary partner's journey, in a browser: signs in, opens the problem and sees only what
the sharing record gives (the lead's member is "a named member of" the council on the problem,
the review and the downloaded report alike), is refused the site and the incident maps, which
the lead's analyst opens bare on defaults with the map at once. And the site page's labels at
1280 px never break inside a word. Every page checked with axe."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from clearhold.accounts.roles import Role
from clearhold.documents.kinds import kind_get
from clearhold.documents.services import document_generate
from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
from clearhold.places.services import site_licence_record
from clearhold.problems.actions import action_create
from clearhold.problems.models import Layer, ReviewDecision
from clearhold.problems.reviews import review_complete
from clearhold.problems.services import partner_add
from tests.conftest import PASSWORD
from tests.documents.conftest import pdf_text
from tests.e2e.conftest import screenshot, serious_violations, sign_in
from tests.incidents.policeuk_files import FENLAND

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "Manager Tester"

# Each word of each label (summary-list keys, table headers, form labels) must sit on one line:
# a word whose characters have more than one line box has been broken inside it.
WORDS_BROKEN = """() => {
  const broken = [];
  const labels = document.querySelectorAll(
    'main dt, main th, main label, main .govuk-summary-list__key');
  for (const label of labels) {
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[^\\s\\-\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture
def shared(problem, manager, council, charity):
    """The council leads; the voluntary partner is on the sharing record without personal data.
    The lead's manager owns an action and completed the 3-month review; the report of it is
    made without a purpose, so it names no one."""
    partner_add(user=manager, problem=problem, organisation=charity, sees_personal_data=False)
    action_create(
        user=manager,
        problem=problem,
        title="Fence the open space",
        layer=Layer.ENVIRONMENT,
        owner_organisation=council,
        owner=manager,
        due_date=dt.date(2025, 7, 1),
    )
    review = problem.reviews.get(months=3)
    review_complete(
        user=manager,
        review=review,
        narrative="Fencing is up.",
        decision=ReviewDecision.CONTINUE,
        today=dt.date(2025, 8, 7),
    )
    report = document_generate(
        user=manager, kind=kind_get("review_report"), subject=review, fmt="pdf", purpose=""
    )
    return review, report


def test_the_voluntary_partner_sees_what_the_sharing_record_gives_everywhere(
    page, axe, problem, site, manager, charity, make_user, shared, tmp_path
):
    review, report = shared
    make_user("outreach", charity, Role.PARTNER_VIEWER)
    withheld = f"a named member of {manager.organisation}"
    sign_in(page, "outreach", PASSWORD)

    page.goto(f"/problems/{problem.pk}/")
    main = page.locator("main")
    expect(page.get_by_test_id("members")).to_contain_text(withheld)
    expect(page.get_by_text("Fence the open space")).to_be_visible()
    expect(main).to_contain_text(withheld)
    assert NAME not in main.inner_text()
    assert serious_violations(axe, page) == []
    screenshot(page, "partner-problem")

    page.goto(f"/problems/{problem.pk}/reviews/{review.pk}/")
    expect(page.get_by_test_id("review-frozen")).to_contain_text(withheld)
    assert NAME not in page.locator("main").inner_text()
    assert serious_violations(axe, page) == []

    with page.expect_download() as download:
        page.evaluate(f"window.location.href = '/documents/{report.pk}/download/'")
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    text = " ".join(pdf_text(path.read_bytes(), tmp_path).split())
    assert "Fencing is up." in text
    assert NAME not in text
    assert f"Partnership manager, {manager.organisation}" in text

    for refused in (f"/sites/{site.pk}/", "/hotspots/"):
        response = page.goto(refused)
        assert response.status == 403
        assert NAME not in page.locator("main").inner_text()
        assert serious_violations(axe, page) == []


def test_the_leads_analyst_opens_the_hotspots_page_bare_on_defaults_with_a_map(
    page, axe, make_user, council
):
    files = sorted(FENLAND.glob("2025-0*.csv.gz"))
    import_batch_run(
        batch=import_batch_create(
            user=None, source="policeuk", files=[IncomingFile(p, p.name) for p in files]
        )
    )
    make_user("analyst", council, Role.ANALYST)
    sign_in(page, "analyst", PASSWORD)
    page.goto("/hotspots/")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    from_month = page.get_by_role("group", name="From month", exact=True)
    expect(from_month.get_by_label("Month", exact=True)).not_to_have_value("")
    expect(from_month.get_by_label("Year", exact=True)).not_to_have_value("")
    expect(page.get_by_label("Cell size (metres)")).to_have_value("100")
    expect(page.get_by_label("Gi* radius (metres)")).to_have_value("300")
    expect(page.get_by_role("button", name="Show hotspots")).to_be_visible()
    expect(page.locator(".ch-map")).to_be_visible()
    expect(page.locator(".ch-map path.leaflet-interactive")).not_to_have_count(0)
    expect(page.get_by_test_id("hotspot-clusters")).to_be_visible()
    assert serious_violations(axe, page) == []
    screenshot(page, "hotspots-bare")


def test_the_site_page_labels_never_break_inside_a_word_at_1280(
    browser, live_server, axe, site, manager
):
    site_licence_record(
        user=manager,
        site=site,
        licence_number="FDC/PL/0123",
        licensing_authority="Fenland District Council",
        licensing_authority_address="Fenland Hall, County Road, March PE15 8NQ",
    )
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, "manager", PASSWORD)
    page.goto(f"/sites/{site.pk}/")
    expect(page.locator("main dt").first).to_be_visible()
    assert page.locator("main .govuk-summary-list__key").count() >= 4
    assert page.evaluate(WORDS_BROKEN) == []
    assert serious_violations(axe, page) == []
    screenshot(page, "site-1280")
    context.close()
