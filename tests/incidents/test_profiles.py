"""Partner files through a mapping profile made in the web page."""

from __future__ import annotations

import pytest

from clearhold.accounts.roles import Role
from clearhold.incidents.models import ImportStatus, Incident, MappingProfileRecord
from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run

COUNCIL_LOG = """Case Ref,Reported,Easting,Northing,Address,Problem
FDC-001,03/05/2025,546100,309700,Onyx Court,Noise nuisance
FDC-002,04/05/2025,546150,309720,West Street,Fly tipping
FDC-003,31/02/2025,546120,309710,John Thompson Road,Noise nuisance
"""

FORM = {
    "name": "fenland-council-asb",
    "label": "Fenland District Council ASB log",
    "date_column": "Reported",
    "date_formats": "%d/%m/%Y",
    "location_kind": "en",
    "first_coordinate_column": "Easting",
    "second_coordinate_column": "Northing",
    "category_column": "Problem",
    "reference_column": "Case Ref",
    "location_column": "Address",
    "category_rules": "noise => asb-nuisance\nfly tipping => asb-environmental",
}


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


def test_analyst_creates_a_profile_then_imports_a_council_log_with_it(client, analyst, tmp_path):
    client.force_login(analyst)
    response = client.post("/incidents/profiles/new/", FORM)
    assert response.status_code == 302, response.content.decode()
    assert MappingProfileRecord.objects.get().organisation == analyst.organisation
    assert "Fenland District Council ASB log" in client.get("/incidents/import/").content.decode()

    path = tmp_path / "asb-log.csv"
    path.write_text(COUNCIL_LOG)
    files = [IncomingFile(path, path.name)]
    rejected = import_batch_run(
        batch=import_batch_create(user=analyst, source=FORM["name"], files=files)
    )
    assert rejected.status == ImportStatus.REJECTED
    [error] = rejected.error_report
    assert (error["row"], error["column"], error["value"]) == (4, "Reported", "31/02/2025")

    kept = import_batch_run(
        batch=import_batch_create(
            user=analyst, source=FORM["name"], files=files, keep_valid_rows=True
        )
    )
    assert kept.status == ImportStatus.STORED
    assert dict(Incident.objects.values_list("reference", "category")) == {
        "FDC-001": "asb-nuisance",
        "FDC-002": "asb-environmental",
    }
    incident = Incident.objects.get(reference="FDC-001")
    assert incident.precision == "day"
    assert incident.latitude == pytest.approx(52.66, abs=0.05)


def test_a_profile_missing_a_date_column_is_refused_with_the_reason(client, analyst):
    client.force_login(analyst)
    response = client.post(
        "/incidents/profiles/new/", {**FORM, "date_column": "", "date_formats": ""}
    )
    assert response.status_code == 200
    assert "give either a date/time column or a date column" in response.content.decode()
    assert not MappingProfileRecord.objects.exists()


def test_a_bad_category_rule_names_its_line(client, analyst):
    client.force_login(analyst)
    response = client.post("/incidents/profiles/new/", {**FORM, "category_rules": "noise => loud"})
    assert "Line 1: “loud” is not a category code" in response.content.decode()


def test_officers_cannot_create_profiles(client, officer):
    client.force_login(officer)
    assert client.post("/incidents/profiles/new/", FORM).status_code == 403
    assert not MappingProfileRecord.objects.exists()


def test_police_uk_is_listed_once_on_the_import_and_incident_pages(client, analyst):
    client.force_login(analyst)
    for url in ("/incidents/import/", "/incidents/"):
        page = client.get(url)
        assert page.status_code == 200
        body = page.content.decode()
        options = [
            line for line in body.splitlines() if "<option" in line or 'type="radio"' in line
        ]
        named = [o for o in options if "police.uk" in o.lower()]
        assert len(named) <= 1, named
        assert body.lower().count('value="policeuk"') == 1, url
