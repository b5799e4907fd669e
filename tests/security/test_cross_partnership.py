"""A partnership manager of one organisation must not override another partnership (issue 15,
High 4).

Finding: the "all problems" tier (partnership managers and administrators) covered every
problem on the service. ``outmanager``, a partnership manager of an organisation outside the
Wisbech problem, read its victims notes and the people under enforcement through the API and
the pages, and rewrote its sharing record. Reproduced by signing in as such a manager and
requesting the problem's pages and API routes: every one answered 200, and a POST to the
sharing record's edit page saved it.

Must hold: the tier covers only problems where the manager's organisation is the lead or a
partner, and the sharing record is changed only by the lead organisation's partnership manager
or data protection officer. Here every page and API route with an id of the problem (generated
from the URL conf, as the IDOR sweep does) is tried as ``outmanager`` with every method: each is
refused (403 or 404, the refusal audited), shows no personal data, and changes nothing; the
problem appears in none of their lists.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from clearhold.accounts.roles import OrganisationType, Role
from clearhold.accounts.services import organisation_create, user_create
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.audit.reads import SESSION_KEY
from clearhold.authz import DataClass, can, may_see
from clearhold.problems.sharing_permissions import SHARING_CHANGE
from tests.web.idor_world import build_world
from tests.web.test_idor_sweep import (
    PARTNERSHIP_WIDE,
    REFUSED,
    ROUTES,
    SWEEP_PURPOSE,
    fingerprint,
    leaked,
    objects_of,
    request,
    url_of,
)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The sweep's problem (led by a police force) and a partnership manager of a council that
    is not in its partnership, signed in with a reading purpose already given."""
    from django.conf import settings

    media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            made = build_world()
            elsewhere = organisation_create(
                name="Elsewhere District Council", kind=OrganisationType.COUNCIL
            )
            made["outmanager"] = user_create(
                username="outmanager", password="sweep-password-2026", organisation=elsewhere,
                role=Role.PARTNERSHIP_MANAGER, first_name="Out", last_name="Manager",
            )  # fmt: skip
            client = Client(raise_request_exception=False)
            client.force_login(made["outmanager"])
            session = client.session
            session[SESSION_KEY] = {
                str(made["problem"].pk): {"purpose": SWEEP_PURPOSE.value, "note": "attack"}
            }
            session.save()
            made["client"] = client
            yield made
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            settings.MEDIA_ROOT = media


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.CLEARHOLD_API_RATE = "100000/min"


def _params():
    for route in ROUTES:
        for method in route.methods:
            yield pytest.param(route, method, id=f"{method} {route.name} {route.pattern}")


@pytest.mark.parametrize(("route", "method"), list(_params()))
def test_a_manager_of_another_organisation_is_refused_every_route(world, route, method, db):
    url = url_of(route, world)
    before = fingerprint()
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = request(world["client"], route, method, url)
    assert not leaked(response), f"{method} {url} showed {leaked(response)}"
    if objects_of(route, world) <= PARTNERSHIP_WIDE:
        return
    assert response.status_code in REFUSED, f"{method} {url} gave {response.status_code}"
    assert fingerprint() == before, f"{method} {url} changed a record"
    written = set(AuditEntry.objects.filter(pk__gt=last).values_list("action", flat=True))
    assert written == {AuditAction.REFUSED}, f"{method} {url} recorded {written}"


def test_the_sharing_record_of_another_partnership_cannot_be_rewritten(world, db):
    problem, outmanager = world["problem"], world["outmanager"]
    police = problem.lead_organisation
    before = fingerprint()
    response = world["client"].post(
        f"/problems/{problem.pk}/sharing/change/",
        {
            "lawful_basis": "6_1_e",
            "special_condition": "sch1_10",
            "consent_status": "not_needed",
            f"org_{outmanager.organisation_id}": ["restricted", "special"],
            f"org_{police.pk}": ["restricted"],
        },
    )
    assert response.status_code == 403
    assert fingerprint() == before
    assert not can(outmanager, SHARING_CHANGE, problem)
    for data_class in (DataClass.PUBLIC, DataClass.RESTRICTED, DataClass.SPECIAL):
        assert not may_see(outmanager, data_class, problem)


def test_the_problem_is_in_none_of_their_lists(world, db):
    client, problem = world["client"], world["problem"]
    for path in ("/problems/", "/problems/dashboard/", "/powers/", "/powers/patrol/"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert problem.title not in page.content.decode(), path
    listed = client.get("/api/problems", {"purpose": SWEEP_PURPOSE.value})
    assert listed.status_code == 200
    assert listed.json()["count"] == 0
