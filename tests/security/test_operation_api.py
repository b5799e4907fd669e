"""The API shows an operation's closures as the pages do, and to nobody else (issue 20).

The API has no routes for operations or listings; an operation's premises are closures, which
``/api/closures`` lists. Reproduced by asking for them with the tokens of a member of the
problem, an outsider organisation's officer and a partnership manager of another organisation,
after the operation's notices are issued and served.

What must hold: the member gets every premises, each with the status and notice the operation
page shows; the issuer's name is withheld without a purpose, as on the closure's page; the
others get none of the closures and a refusal for each one asked for by id.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from clearhold.powers.selectors import operation_closures
from clearhold.powers.state import status
from tests.api.conftest import call, token_of  # noqa: F401  (the API's own test client)
from tests.powers.operations.papers import issue_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(operation, estate_inspector):
    """The first three blocks' notices issued."""
    for closure in operation_closures(operation)[:3]:
        issue_notice(closure, estate_inspector)
    return operation


def test_a_member_sees_each_premises_as_the_operation_page_does(
    issued,
    estate_constable,
    client,
    call,  # noqa: F811
    token_of,  # noqa: F811
):
    token = token_of(estate_constable)
    listed = call("GET", "/api/closures", token=token, problem=issued.problem_id).data["items"]
    closures = operation_closures(issued)
    assert {c["id"] for c in listed} == {c.pk for c in closures}
    now = timezone.now()
    by_id = {c["id"]: c for c in listed}
    client.force_login(estate_constable)
    page = client.get(reverse("powers:operation", args=[issued.pk])).content.decode()
    for closure in closures:
        assert by_id[closure.pk]["status"] == status(closure, now)
        assert by_id[closure.pk]["premises_description"] == closure.premises_description
        assert status(closure, now) in page
    one = call("GET", f"/api/closures/{closures[0].pk}", token=token).data
    assert one["notice"]["issued_by"] is None  # a name: only with a purpose
    assert "notice.issued_by" in one["withheld"]


def test_nobody_outside_the_problem_gets_its_operations_closures(
    issued,
    outsider,
    outmanager,
    call,  # noqa: F811
    token_of,  # noqa: F811
):
    closures = operation_closures(issued)
    for person in (outsider, outmanager):
        token = token_of(person)
        listed = call("GET", "/api/closures", token=token, problem=issued.problem_id)
        assert listed.status_code == 200
        assert listed.data["items"] == []
        for closure in closures[:2]:
            one = call("GET", f"/api/closures/{closure.pk}", token=token)
            assert one.status_code in (403, 404)
            assert "Block" not in one.content.decode()
