"""Advice in the area (issue 16, item 6): s.76(5)(g) asks a closure notice for organisations
“in the area” that advise on housing and legal matters. The council's directory of local
services loads from its JSON file (a malformed file is refused with a sentence naming the
file), the document details form offers its entries, and the papers warn, without blocking,
when only national lines are given."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from clearhold.documents.advice import (
    PACKAGED,
    AdviceDirectoryError,
    advice_warnings,
    directory_for,
    directory_load,
    directory_parse,
)
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import DocumentDetails
from clearhold.documents.services import details_save, document_generate

FENLAND = PACKAGED / "fenland-district-council.json"
SHELTER = "Shelter housing advice helpline: 0808 800 4444 (free), england.shelter.org.uk"
CLA = "Civil Legal Advice: 0345 345 4 345, www.gov.uk/civil-legal-advice"
LOCAL = "Fenland District Council Housing Options, 01354 654321, Fenland Hall, March"


def test_the_shipped_fenland_directory_loads_with_local_services_and_marked_gaps():
    directory = directory_load(FENLAND)
    assert directory.council == "Fenland District Council"
    housing = directory.offered("housing")
    assert housing[0].scope == "local"  # local services first
    assert housing[0].name == "Fenland District Council Housing Options"
    assert {s.name for s in housing if s.scope == "national"} >= {"Shelter housing advice helpline"}
    gaps = {s.name: s.status for s in directory.to_fill()}
    assert gaps["Citizens Advice Rural Cambridgeshire"] == "to_confirm"
    assert any(name.startswith("PLACEHOLDER") for name in gaps)
    offered = [s.name for s in directory.offered("legal")]
    assert not any(name.startswith("PLACEHOLDER") for name in offered)  # never on a notice


def test_the_directory_is_chosen_by_council_or_by_the_setting(settings, tmp_path):
    settings.CLEARHOLD_ADVICE_DIRECTORY = ""
    assert directory_for("Fenland District Council").source == str(FENLAND)
    assert directory_for("Test District Council") is None
    own = tmp_path / "ours.json"
    own.write_text(json.dumps({"council": "Our Council", "services": []}), encoding="utf-8")
    settings.CLEARHOLD_ADVICE_DIRECTORY = str(own)
    assert directory_for("Fenland District Council").council == "Our Council"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "is not valid JSON"),
        ("[]", "must hold an object"),
        ('{"council": "X", "services": [{"helps_with": ["housing"]}]}', "service 1 has no name"),
        (
            '{"council": "X", "services": [{"name": "A", "helps_with": ["housing"], '
            '"scope": "local"}]}',
            "service 1 (A) is listed but gives no phone, address or website",
        ),
        (
            '{"council": "X", "services": [{"name": "A", "helps_with": "housing", '
            '"scope": "local", "phone": "1"}]}',
            "“helps_with” must list",
        ),
        (
            '{"council": "X", "services": [{"name": "A", "helps_with": ["legal"], '
            '"scope": "regional", "phone": "1"}]}',
            "“scope” must be one of local, national",
        ),
    ],
)
def test_a_malformed_directory_is_refused_naming_the_file(tmp_path, content, says):
    path = tmp_path / "broken-council.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AdviceDirectoryError) as refused:
        directory_load(path)
    assert str(path) in str(refused.value)
    assert says in str(refused.value)


def test_a_missing_directory_file_is_named(tmp_path):
    with pytest.raises(AdviceDirectoryError, match=r"nowhere\.json does not exist"):
        directory_load(tmp_path / "nowhere.json")


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
SERVICE = st.fixed_dictionaries(
    {"name": st.text(max_size=8), "helps_with": JSONISH, "scope": JSONISH},
    optional={"phone": JSONISH, "status": JSONISH},
)


@given(st.one_of(JSONISH, st.fixed_dictionaries({"council": JSONISH, "services": JSONISH}),
                 st.fixed_dictionaries({"council": st.just("X"),
                                        "services": st.lists(SERVICE, max_size=3)})))  # fmt: skip
def test_any_json_either_loads_or_is_refused_with_the_file_named(data):
    try:
        directory = directory_parse(data, "council.json")
    except AdviceDirectoryError as refused:
        said = str(refused)
    else:
        said = "council.json"
        assert all(s.name and s.helps_with for s in directory.services)
    assert "council.json" in said


def test_only_national_lines_are_warned_about_naming_s76_5_g():
    warned = advice_warnings(SHELTER, CLA)
    assert len(warned) == 2
    assert all(w.startswith("s.76(5)(g):") for w in warned)
    assert "housing advice names only national lines" in warned[0]
    assert advice_warnings(f"{SHELTER}\n{LOCAL}", "") == []  # a local one is given
    assert advice_warnings("", "") == []  # nothing given: the notice's own check blocks
    # A national line written differently is still national (its number).
    assert advice_warnings("Shelter, 0808-800-4444", "") != []


@pytest.mark.django_db
def test_the_generate_page_warns_and_the_notice_is_still_made(served, inspector, manager, client):
    details_save(
        user=manager, problem=served.closure.problem, residents_contact="ASB team, 01354 000000",
        housing_advice=SHELTER, legal_advice=f"{CLA}\nCambridge Law Centre, 01223 000000",
        signatory="ASB Officer",
    )  # fmt: skip
    client.force_login(inspector)
    problem = served.closure.problem
    url = reverse("documents:generate", args=[problem.pk, "closure_notice"])
    page = client.get(url).content.decode()
    assert 'data-testid="advice-warnings"' in page
    assert "s.76(5)(g): the housing advice names only national lines" in page
    assert "legal advice names only national" not in page
    letter = reverse("documents:generate", args=[problem.pk, "court_application"])
    assert 'data-testid="advice-warnings"' not in client.get(letter).content.decode()
    document = document_generate(
        user=inspector, kind=kind_get("closure_notice"), subject=served.closure, fmt="pdf"
    )
    assert document.pk  # a warning, not a refusal


@pytest.mark.django_db
def test_the_details_form_offers_the_directory_and_adds_the_chosen_entries(
    problem, manager, client, settings
):
    settings.CLEARHOLD_ADVICE_DIRECTORY = str(FENLAND)
    client.force_login(manager)
    url = reverse("documents:details", args=[problem.pk])
    page = client.get(url).content.decode()
    assert "Add housing advice from the Fenland District Council directory" in page
    assert "Fenland District Council Housing Options, 01354 654321" in page
    assert "Citizens Advice Rural Cambridgeshire (contact details to confirm)" in page
    response = client.post(
        url,
        {"residents_contact": "ASB team", "housing_advice": SHELTER, "legal_advice": CLA,
         "signatory": "ASB Officer",
         "housing_from_directory": ["Fenland District Council Housing Options"]},
    )  # fmt: skip
    assert response.status_code == 302
    saved = DocumentDetails.objects.get(problem=problem)
    assert saved.housing_advice.splitlines() == [
        SHELTER,
        "Fenland District Council Housing Options, 01354 654321, "
        "Fenland Hall, County Road, March, Cambridgeshire PE15 8NQ",
    ]
    shown = client.get(url).content.decode()
    assert "housing advice names only national" not in shown
    assert "s.76(5)(g): the legal advice names only national lines" in shown


@pytest.mark.django_db
def test_a_malformed_configured_directory_is_named_on_the_details_page(
    problem, manager, client, settings, tmp_path
):
    broken = tmp_path / "our-council.json"
    broken.write_text('{"council": "Ours", "services": {}}', encoding="utf-8")
    settings.CLEARHOLD_ADVICE_DIRECTORY = str(broken)
    client.force_login(manager)
    page = client.get(reverse("documents:details", args=[problem.pk]))
    assert page.status_code == 200
    assert f"The advice directory {broken} cannot be used: “services” must be a list." in (
        page.content.decode().replace("&#x27;", "'")
    )
