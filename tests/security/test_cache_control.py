"""Personal data kept out of caches (issue 15, low 14).

Finding: pages and web downloads with personal data (the problem page, generated documents,
CSV exports, the API) were sent with no ``Cache-Control`` at all, so a browser (or a proxy) was
free to keep them on disk, where the next person at a shared computer finds them. Reproduced by
reading the headers of each as a signed-in person: no ``Cache-Control``.

Must hold: every response to a signed-in person, through a session or an API token, carries
``Cache-Control: no-store``; static files keep their own caching.
"""

from __future__ import annotations

import pytest

from clearhold.api.tokens import api_token_create
from clearhold.documents.consultation import response_record
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import Stance
from clearhold.documents.services import document_generate
from tests.documents.test_consultation import LAST_WEEK
from tests.documents.test_letters import homes

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_the_problem_page_is_not_stored(client, manager, problem):
    client.force_login(manager)
    page = client.get(problem.get_absolute_url())
    assert page.status_code == 200
    assert no_store(page)


def test_a_document_download_is_not_stored(client, manager, problem, site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (flat,) = homes(site, 1)
    response_record(
        user=manager,
        problem=problem,
        unit=flat,
        received_on=LAST_WEEK,
        stance=Stance.OBJECTION,
        reason="The gate blocks my path",
    )
    document = document_generate(
        user=manager, kind=kind_get("consultation_log"), subject=problem, fmt="csv"
    )
    client.force_login(manager)
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert no_store(download)


def test_a_csv_export_is_not_stored(client, administrator):
    client.force_login(administrator)
    export = client.get("/audit/export.csv")
    assert export["Content-Type"] == "text/csv"
    assert no_store(export)


def test_an_api_response_is_not_stored_for_a_token_or_a_session(client, officer):
    token = api_token_create(user=officer, name="cache test")[1]
    by_token = client.get("/api/incidents", headers={"Authorization": f"Bearer {token}"})
    assert by_token.status_code == 200
    assert no_store(by_token)
    client.force_login(officer)
    by_session = client.get("/api/incidents")
    assert by_session.status_code == 200
    assert no_store(by_session)


def test_a_static_file_keeps_its_own_caching(client, officer):
    client.force_login(officer)
    static = client.get("/static/dist/leaflet/leaflet.css")
    assert static.status_code == 200
    assert not no_store(static)
