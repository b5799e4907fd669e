"""Opening an operation: one closure per premises, in walking order, all or nothing by default."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clearhold.powers.models import Closure, Operation
from clearhold.powers.selectors import operation_closures
from clearhold.powers.services_operation import PremisesPick, operation_create
from clearhold.powers.terms import terms_of
from tests.powers.operations.conftest import COMMUNAL


def test_each_premises_is_its_own_closure_in_walking_order(operation, blocks):
    closures = operation_closures(operation)
    assert [c.site for c in closures] == blocks
    assert [c.route_position for c in closures] == list(range(1, 11))
    first = closures[0]
    assert first.premises_description == (
        f"The communal areas of Block A, 1 Lanacre Avenue, London NW9 5FN: {COMMUNAL}"
    )
    assert first.body == "police"
    assert first.premises_kind == "communal_areas"
    terms = terms_of(first)
    assert terms.scope == "communal"
    assert terms.order_months == 3
    assert terms.varied == ()


def test_a_closure_varies_the_shared_terms(estate, blocks, estate_inspector):
    operation, _ = operation_create(
        user=estate_inspector,
        problem=estate,
        name="Operation Varied",
        picks=[
            PremisesPick(site=blocks[0]),
            PremisesPick(site=blocks[1], varied={"order_months": 2}),
        ],
    )
    one, two = operation_closures(operation)
    assert terms_of(one).order_months == 3
    assert terms_of(two).order_months == 2
    assert terms_of(two).varied == ("order_months",)


def test_a_refused_premises_stores_nothing_unless_the_user_proceeds(
    estate, blocks, site, estate_inspector
):
    picks = [PremisesPick(site=blocks[0]), PremisesPick(site=site), PremisesPick(site=blocks[1])]
    before = Closure.objects.count()
    operation, result = operation_create(
        user=estate_inspector, problem=estate, name="Operation Dakota", picks=picks
    )
    assert operation is None
    assert not result.stored
    assert [o.premises for o in result.refused] == ["West Street open space"]
    assert "Choose one of the problem’s sites." in result.refused[0].refused
    assert Closure.objects.count() == before
    assert not Operation.objects.exists()

    operation, result = operation_create(
        user=estate_inspector, problem=estate, name="Operation Dakota", picks=picks, proceed=True
    )
    assert result.stored
    assert [c.site for c in operation_closures(operation)] == [blocks[0], blocks[1]]
    assert [c.route_position for c in operation_closures(operation)] == [1, 3]


def test_a_partner_viewer_may_not_open_an_operation(estate, blocks, partner_viewer):
    with pytest.raises(PermissionDenied):
        operation_create(
            user=partner_viewer,
            problem=estate,
            name="Operation Dakota",
            picks=[PremisesPick(site=blocks[0])],
        )


def test_the_name_is_one_per_problem(operation, estate, blocks, estate_inspector):
    with pytest.raises(ValidationError, match="already has an operation called"):
        operation_create(
            user=estate_inspector,
            problem=estate,
            name="Operation Dakota",
            picks=[PremisesPick(site=blocks[0])],
        )
