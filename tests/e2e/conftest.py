"""Browser journeys: Debian's Chromium driven by Playwright against Django's live server.

Never downloads a browser: Playwright launches the system binary named by CLEARHOLD_CHROMIUM
(default /usr/bin/chromium, installed by `make test` / `.ci/run` with apt-get). The flags keep
Chromium from reaching out to the network, which this machine does not have.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from clearhold.law import UK
from tests.powers.conftest import (  # noqa: F401  (the Wisbech closure, for journeys)
    closure,
    inspector,
    live_order,
    notice,
    prepared,
    served,
)

CHROMIUM = os.environ.get("CLEARHOLD_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("CLEARHOLD_TEST_ARTIFACTS", "test-results"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_the_event_loop() -> Iterator[None]:
    """Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    test itself and the test database's set-up (session-scoped, after the browser starts) are
    synchronous and safe here. Set only once a journey is collected to run (never in the
    PostgreSQL pass, which deselects them); servers a test starts drop it with every other
    DJANGO_ variable (tests/serving/processes.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium) "
            "or set CLEARHOLD_CHROMIUM. `make test` does this for you."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def csp_violations(page: Page) -> list[str]:
    """The Content Security Policy refusals Chromium reports on ``page`` (filled as they come)."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = csp_violations(page)
    yield page
    context.close()
    assert refused == [], "the page broke the Content Security Policy"


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = csp_violations(page)
    yield page
    context.close()
    assert refused == [], "the page broke the Content Security Policy"


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def serious_violations(axe: Axe, page: Page) -> list[str]:
    """axe-core violations of serious or critical impact, as readable lines."""
    results = axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def fill_date(page: Page, legend: str, when: dt.date, *, exact: bool = True) -> None:
    """Type ``when`` into the GOV.UK date input whose fieldset's legend is ``legend``: day,
    month and year, and hour and minute (UK time) for a date and time."""
    group = page.get_by_role("group", name=legend, exact=exact)
    boxes = {"Day": when.day, "Month": when.month, "Year": when.year}
    if isinstance(when, dt.datetime):
        local = when.astimezone(UK)
        boxes = {"Day": local.day, "Month": local.month, "Year": local.year}
        boxes |= {"Hour": f"{local:%H}", "Minute": f"{local:%M}"}
    for box, value in boxes.items():
        group.get_by_label(box, exact=True).fill(str(value))


def read_date(page: Page, legend: str) -> str:
    """What the GOV.UK date input under ``legend`` holds, as ``YYYY-MM-DD`` with ``THH:MM``
    when it has hour and minute boxes (empty boxes read as empty parts)."""
    group = page.get_by_role("group", name=legend, exact=True)

    def box(name: str) -> str:
        found = group.get_by_label(name, exact=True)
        return found.input_value().zfill(2) if found.count() else ""

    day = f"{box('Year')}-{box('Month')}-{box('Day')}"
    return f"{day}T{box('Hour')}:{box('Minute')}" if box("Hour") else day


def fill_month(page: Page, legend: str, month: dt.date) -> None:
    """Type ``month`` into the GOV.UK month and year boxes under ``legend``."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Month", exact=True).fill(str(month.month))
    group.get_by_label("Year", exact=True).fill(str(month.year))
