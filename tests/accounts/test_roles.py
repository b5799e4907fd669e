import pytest
from django.core.exceptions import ValidationError

from clearhold.accounts.models import User
from clearhold.accounts.roles import OrganisationType, Role, has_rank_at_least, role_allowed_in
from clearhold.accounts.services import user_create
from tests.conftest import PASSWORD


def test_police_ranks_order_officer_below_inspector_below_superintendent():
    assert has_rank_at_least(Role.SENIOR, Role.SUPERVISOR)
    assert has_rank_at_least(Role.SUPERVISOR, Role.SUPERVISOR)
    assert not has_rank_at_least(Role.OFFICER, Role.SUPERVISOR)
    assert not has_rank_at_least(Role.ANALYST, Role.OFFICER)


@pytest.mark.parametrize(
    ("role", "kind", "allowed"),
    [
        (Role.SUPERVISOR, OrganisationType.POLICE, True),
        (Role.SENIOR, OrganisationType.COUNCIL, True),
        (Role.SENIOR, OrganisationType.HOUSING, False),
        (Role.SUPERVISOR, OrganisationType.VOLUNTARY, False),
        (Role.OFFICER, OrganisationType.HOUSING, True),
        (Role.PARTNER_VIEWER, OrganisationType.VOLUNTARY, True),
    ],
)
def test_rank_roles_only_in_police_or_council(role, kind, allowed):
    assert role_allowed_in(role, kind) is allowed


def test_inspector_role_refused_in_a_charity_and_nothing_saved(charity):
    with pytest.raises(ValidationError) as refused:
        user_create(username="x", password=PASSWORD, organisation=charity, role=Role.SUPERVISOR)
    assert "a police force or a local council, not in a voluntary" in str(refused.value)
    assert not User.objects.filter(username="x").exists()


def test_short_password_refused_and_nothing_saved(police):
    with pytest.raises(ValidationError) as refused:
        user_create(username="y", password="short", organisation=police, role=Role.OFFICER)
    assert "at least 12 characters" in str(refused.value)
    assert not User.objects.filter(username="y").exists()


def test_superintendent_has_rank_for_inspector_decisions(make_user, police):
    superintendent = make_user("supt", police, Role.SENIOR)
    assert superintendent.has_rank_at_least(Role.SUPERVISOR)
    assert not make_user("pc", police, Role.OFFICER).has_rank_at_least(Role.SUPERVISOR)


def test_administrator_flag_follows_role_and_active(make_user, council):
    admin = make_user("adm", council, Role.ADMINISTRATOR)
    assert admin.is_administrator
    admin.is_active = False
    assert not admin.is_administrator
