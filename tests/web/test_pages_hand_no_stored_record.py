"""Every page with an object in its address hands its template records read through the one
read model, except the pages listed below, which still pass a stored record and are to move.

The IDOR sweep's world (``test_idor_sweep``: every declared personal field canaried) is
rendered page by page as a member of the lead organisation with a purpose; each template
context is walked (``raw_records_in``) for a stored record or query set. A page off the list
that hands one fails, so a new page cannot start the habit again; a listed page that no longer
hands one fails too, so the list only shrinks. The dashboard has no object in its address: its
own guard is ``tests/security/test_section_read_model.py``.
"""

from __future__ import annotations

from tests.security.test_section_read_model import raw_records_in
from tests.web.test_idor_sweep import ROUTES, attempt, no_rate_limit, world  # noqa: F401

# Pages that still give their template a stored record (mostly the problem or closure a form
# page is about, for its heading): each is to be shown through the page's reader.
STILL_STORED = frozenset(
    {
        "powers:access",
        "powers:breach-new",
        "powers:closure-new",
        "powers:licence",
        "powers:operation-new",
        "powers:people",
        "powers:person",
        "powers:person-new",
        "powers:step-new",
        "resident_reports:detail",
        "resident_reports:page",
        "resident_reports:queue",
        "resident_reports:update-new",
    }
)


def test_no_page_but_the_listed_hands_its_template_a_stored_record(world, db):  # noqa: F811
    insider = world["users"]["insider"]
    stored, clean = {}, set()
    for route in ROUTES:
        if route.api or "GET" not in route.methods:
            continue
        url, response, _, _ = attempt(world, "insider", route, "GET")
        if response.status_code != 200 or response.context is None:
            continue
        found = raw_records_in(response, insider)
        if found and route.name not in STILL_STORED:
            stored[url] = found
        elif not found:
            clean.add(route.name)
    assert stored == {}, f"pages handing their template a stored record: {stored}"
    assert not clean & STILL_STORED, f"no longer stored, take off the list: {clean & STILL_STORED}"
