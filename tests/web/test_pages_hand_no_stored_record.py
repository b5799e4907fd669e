"""Every page with an object in its address hands its template records read through the one
read model, never a stored record.

The IDOR sweep's world (``test_idor_sweep``: every declared personal field canaried) is
rendered page by page as a member of the lead organisation with a purpose; each template
context is walked (``raw_records_in``) for a stored record or query set. A page that hands
one fails, so a new page cannot start the habit again. The dashboard has no object in its
address: its own guard is ``tests/security/test_section_read_model.py``.
"""

from __future__ import annotations

from tests.security.test_section_read_model import raw_records_in
from tests.web.test_idor_sweep import ROUTES, attempt, no_rate_limit, world  # noqa: F401


def test_no_page_hands_its_template_a_stored_record(world, db):  # noqa: F811
    insider = world["users"]["insider"]
    stored, rendered = {}, 0
    for route in ROUTES:
        if route.api or "GET" not in route.methods:
            continue
        url, response, _, _ = attempt(world, "insider", route, "GET")
        if response.status_code != 200 or response.context is None:
            continue
        rendered += 1
        if found := raw_records_in(response, insider):
            stored[url] = found
    assert rendered > 60, "the sweep's world renders the pages"
    assert stored == {}, f"pages handing their template a stored record: {stored}"


#: Pages outside any problem's sharing, each for its reason: the public index of open reporting
#: pages is for anyone, signed in or not (public fields of public pages); the people page is an
#: organisation's own staff list (administrators: every account), each view of it recorded in
#: the audit trail (``holds_personal_data``), which the sharing record has no say in.
OUTSIDE_SHARING = frozenset({"/report/", "/people/"})


def _list_pages() -> list[str]:
    """Every page without an id in its address that answers GET (lists, dashboards, forms)."""
    from django.urls import get_resolver

    from tests.web.test_idor_sweep import _routes

    return sorted(
        {
            "/" + r.pattern.lstrip("^").rstrip("$")
            for r in _routes(get_resolver())
            if not r.kwargs and not r.api and "GET" in r.methods
        }
        - OUTSIDE_SHARING
    )


def test_no_page_without_an_id_hands_its_template_a_stored_record(world, db):  # noqa: F811
    """The lists (the closures list, the patrol list, the reports' queues...) too."""
    insider = world["users"]["insider"]
    client = world["clients"]["insider"]
    stored, rendered = {}, 0
    for url in _list_pages():
        response = client.get(url)
        if response.status_code != 200 or response.context is None:
            continue
        rendered += 1
        if found := raw_records_in(response, insider):
            stored[url] = found
    assert rendered > 10, "the list pages render"
    assert stored == {}, f"pages handing their template a stored record: {stored}"
