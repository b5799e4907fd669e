import pytest
from django.test import override_settings

from clearhold.accounts.models import Organisation, User
from clearhold.accounts.roles import Role
from clearhold.web.demo import PEOPLE, DemoModeRequired, demo_partnership_load


def test_demo_loader_refuses_outside_demo_mode(db):
    with pytest.raises(DemoModeRequired):
        demo_partnership_load()
    assert not User.objects.exists()


@override_settings(DEMO_MODE=True)
def test_demo_loads_the_wisbech_partners_with_every_role_and_is_repeatable(client, db):
    demo_partnership_load()
    demo_partnership_load()
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Cambridgeshire Constabulary",
        "Fenland District Council",
        "Clarion Housing Group",
        "Change Grow Live",
    }
    assert {u.role for u in User.objects.all()} == set(Role.values)
    assert User.objects.count() == len(PEOPLE)
    person = PEOPLE[0]
    signed_in = client.post("/sign-in/", {"username": person.username, "password": person.password})
    assert signed_in.status_code == 302
    assert person.organisation in client.get("/").content.decode()
