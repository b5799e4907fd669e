"""Issue 15, high 4 (templates): a partnership manager of any organisation rewrote every
partnership's papers.

Found: document templates belonged to nobody. ``outmanager``, the partnership manager of an
organisation with no part in the Wisbech problem, saved a new letter template and the Wisbech
partnership's next letters printed it; they could also read every adapted template. Reproduced
by saving a template as that manager and generating the Wisbech letters.

Must hold: a template belongs to an organisation; a problem's documents use its lead
organisation's newest template, or the shipped wording when the lead has none; only that
organisation's administrators and partnership managers adapt its templates, and no one sees
another organisation's; existing templates become their uploader's organisation's.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from clearhold.accounts.roles import OrganisationType, Role
from clearhold.accounts.services import organisation_create
from clearhold.authz import Refused
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import DocumentTemplate
from clearhold.documents.services import document_generate, template_upload
from clearhold.problems.models import Problem
from tests.documents.conftest import media, pdf_text, stored  # noqa: F401  (fixtures)
from tests.documents.test_letters import WHAT, homes

pytestmark = pytest.mark.django_db

LETTER = kind_get("resident_letter")
LEAD_WORDING = "Fenland wording for West Street residents."
OUTSIDE_WORDING = "Wording of an organisation with no part in this problem."


def adapted(wording: str) -> str:
    return LETTER.builtin_source().replace("</h1>", f"</h1><p>{wording}</p>", 1)


@pytest.fixture
def elsewhere(db):
    return organisation_create(name="Elsewhere District Council", kind=OrganisationType.COUNCIL)


@pytest.fixture
def outmanager(make_user, elsewhere):
    """A partnership manager of an organisation that is neither lead nor partner in Wisbech."""
    return make_user("outmanager", elsewhere, Role.PARTNERSHIP_MANAGER)


def letters_text(problem, user, tmp_path) -> tuple[str, str]:
    document = document_generate(
        user=user, kind=LETTER, subject=problem, fmt="pdf", inputs={"description": WHAT}
    )
    return pdf_text(stored(document), tmp_path), document.template_version


@pytest.fixture
def wisbech(problem, site, manager):
    """The Wisbech problem, led by the manager's council, with two homes and the details the
    letters need."""
    from clearhold.documents.services import details_save

    homes(site, 2)
    details_save(
        user=manager,
        problem=problem,
        residents_contact="Fenland District Council ASB team, 01354 654321",
        signatory="Jo Smith, ASB Officer",
    )
    assert problem.lead_organisation == manager.organisation
    return problem


def test_another_organisations_edit_never_reaches_the_wisbech_letters(
    client, wisbech, manager, outmanager, tmp_path
):
    client.force_login(outmanager)
    url = reverse("documents:template", args=[LETTER.key])
    response = client.post(url, {"source": adapted(OUTSIDE_WORDING), "note": "ours"})
    assert response.status_code == 302
    saved = DocumentTemplate.objects.get()
    assert saved.organisation == outmanager.organisation
    text, version = letters_text(wisbech, manager, tmp_path)
    assert OUTSIDE_WORDING not in text
    assert version.startswith("resident_letter@built-in#")


def test_the_leads_own_template_is_used(client, wisbech, manager, outmanager, tmp_path):
    template_upload(user=outmanager, kind=LETTER, source=adapted(OUTSIDE_WORDING))
    client.force_login(manager)
    url = reverse("documents:template", args=[LETTER.key])
    assert client.post(url, {"source": adapted(LEAD_WORDING)}).status_code == 302
    text, version = letters_text(wisbech, manager, tmp_path)
    assert LEAD_WORDING in " ".join(text.split())
    assert OUTSIDE_WORDING not in text
    assert version.startswith("resident_letter@1#")


def test_a_manager_of_another_organisation_cannot_see_or_list_the_leads_template(
    client, manager, outmanager
):
    template_upload(user=manager, kind=LETTER, source=adapted(LEAD_WORDING), note="Fenland note")
    client.force_login(outmanager)
    listing = client.get(reverse("documents:templates")).content.decode()
    assert "Version 1" not in listing
    page = client.get(reverse("documents:template", args=[LETTER.key])).content.decode()
    assert LEAD_WORDING not in page
    assert "Fenland note" not in page
    assert "the built-in template" in page
    # The lead's own manager sees it.
    client.force_login(manager)
    assert "Version 1" in client.get(reverse("documents:templates")).content.decode()


def test_only_the_organisations_own_managers_change_its_templates(
    manager, outmanager, administrator, make_user, council
):
    template_upload(user=manager, kind=LETTER, source=adapted(LEAD_WORDING))
    theirs = template_upload(user=outmanager, kind=LETTER, source=adapted(OUTSIDE_WORDING))
    assert theirs.organisation == outmanager.organisation
    assert theirs.version == 1  # numbered within its own organisation
    # The administrator of the lead council adapts the council's template, not the shipped one.
    again = template_upload(user=administrator, kind=LETTER, source=adapted(LEAD_WORDING))
    assert (again.organisation, again.version) == (manager.organisation, 2)
    officer = make_user("councilofficer", council, Role.OFFICER)
    with pytest.raises(Refused):
        template_upload(user=officer, kind=LETTER, source=adapted(LEAD_WORDING))
    assert DocumentTemplate.objects.count() == 3


def test_a_problem_led_by_a_fresh_organisation_prints_the_shipped_wording(
    wisbech, manager, elsewhere, outmanager, tmp_path
):
    template_upload(user=manager, kind=LETTER, source=adapted(LEAD_WORDING))
    fresh = organisation_create(name="Fresh Housing Trust", kind=OrganisationType.HOUSING)
    Problem.objects.filter(pk=wisbech.pk).update(lead_organisation=fresh)
    text, version = letters_text(Problem.objects.get(pk=wisbech.pk), manager, tmp_path)
    assert LEAD_WORDING not in " ".join(text.split())
    assert version.startswith("resident_letter@built-in#")


def test_existing_templates_become_their_uploaders_organisations(manager, outmanager):
    migration = importlib.import_module("clearhold.documents.migrations.0002_template_organisation")
    ours = DocumentTemplate.objects.create(
        kind=LETTER.key, version=1, source="<p>a</p>", uploaded_by=manager
    )
    theirs = DocumentTemplate.objects.create(
        kind=LETTER.key, version=2, source="<p>b</p>", uploaded_by=outmanager
    )
    migration.owned_by_the_uploader(apps, None)
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.organisation == manager.organisation
    assert theirs.organisation == outmanager.organisation
