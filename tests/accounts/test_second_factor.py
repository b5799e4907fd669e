"""The second factor after a local password: who must give it, setting up an app, recovery
codes that work once, wrong codes audited and slowed, and every page closed until it is given."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhold.accounts.models import RecoveryCode, RecoveryCodeDevice
from clearhold.accounts.roles import Role
from clearhold.accounts.second_factor_rules import needs_second_factor
from clearhold.audit.models import AuditAction, AuditEntry
from tests.accounts.second_factor_helpers import app_code, enrol, sign_in

SET_UP = "/account/second-factor/set-up/"
VERIFY = "/account/second-factor/"


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.CLEARHOLD_OTP_REQUIRED = True


@pytest.fixture
def dpo(make_user, council):
    person = make_user("dpo", council, Role.ANALYST)
    person.data_protection_officer = True
    person.save()
    return person


@pytest.fixture
def caseworker(make_user, council, problem, manager):
    """A council officer named on the problem to see its special-category data."""
    from clearhold.problems.models import MemberRole
    from clearhold.problems.services import member_add

    person = make_user("caseworker", council, Role.OFFICER)
    member_add(
        user=manager,
        problem=problem,
        person=person,
        role=MemberRole.ENFORCEMENT,
        sees_special_category=True,
    )
    return person


def test_who_needs_a_second_factor(administrator, dpo, caseworker, officer, manager):
    assert needs_second_factor(administrator)
    assert needs_second_factor(dpo)
    assert needs_second_factor(caseworker)
    assert not needs_second_factor(officer)
    assert not needs_second_factor(manager)


def test_officer_without_sensitive_access_goes_straight_in(client, officer):
    sign_in(client, "officer")
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/people/", "/problems/", "/admin/", "/account/sessions/"])
def test_dpo_without_a_device_is_sent_to_set_one_up_from_every_page(client, dpo, path):
    sign_in(client, "dpo")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{SET_UP}?next=")


def test_sign_out_and_the_set_up_page_stay_open_before_the_second_factor(client, dpo):
    sign_in(client, "dpo")
    page = client.get(SET_UP)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert client.post(reverse("accounts:sign-out")).status_code == 200
    assert client.get("/").status_code == 302


def test_set_up_shows_ten_codes_once_stores_only_digests_and_is_audited(client, dpo):
    device, codes = enrol(client, "dpo")
    assert device.confirmed
    assert len(codes) == 10
    assert len(set(codes)) == 10
    digests = set(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(digests) == 10
    assert not digests & set(codes)
    assert client.get("/").status_code == 200
    details = set(AuditEntry.objects.filter(username="dpo").values_list("detail", flat=True))
    assert {"second factor set up", "recovery codes issued"} <= details


def test_enrolled_administrator_gives_the_app_code_after_the_password(client, administrator):
    device, _ = enrol(client, "administrator")
    client.post(reverse("accounts:sign-out"))
    sign_in(client, "administrator")
    assert client.get("/people/")["Location"] == f"{VERIFY}?next=%2Fpeople%2F"
    response = client.post(VERIFY, {"code": app_code(device, 1), "next": "/people/"})
    assert response["Location"] == "/people/"
    assert client.get("/people/").status_code == 200
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_IN, detail="second factor: authenticator app"
    ).exists()


def test_a_recovery_code_works_once(client, dpo):
    _, codes = enrol(client, "dpo")
    client.post(reverse("accounts:sign-out"))
    sign_in(client, "dpo")
    assert client.post(VERIFY, {"code": codes[0].lower()}).status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(detail="second factor: recovery code (9 left)").exists()
    client.post(reverse("accounts:sign-out"))
    sign_in(client, "dpo")
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200
    assert "Enter the code your authenticator app shows now" in again.content.decode()
    assert client.get("/").status_code == 302


def test_wrong_codes_are_audited_slowed_and_end_the_session_at_five(client, dpo):
    device, _ = enrol(client, "dpo")
    client.post(reverse("accounts:sign-out"))
    sign_in(client, "dpo")
    client.post(VERIFY, {"code": "000000"})
    # Right after a wrong code the device refuses even the right one for a while.
    client.post(VERIFY, {"code": app_code(device, 1)})
    assert client.get("/")["Location"].startswith(VERIFY)
    for _ in range(3):
        last = client.post(VERIFY, {"code": "000000"})
    assert last.status_code == 429
    assert "_auth_user_id" not in client.session
    failed = AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED, username="dpo")
    assert failed.filter(detail="wrong second-factor code").count() == 5
    assert AuditEntry.objects.filter(action=AuditAction.LOCKED_OUT, username="dpo").exists()
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_a_wrong_code_at_set_up_confirms_nothing_and_is_audited(client, dpo):
    sign_in(client, "dpo")
    client.get(SET_UP)
    response = client.post(SET_UP, {"code": "123456"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=dpo, confirmed=True).exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_IN_FAILED,
        detail="wrong code while setting up an authenticator app",
    ).exists()
    assert client.get("/").status_code == 302


def test_special_category_member_must_give_the_second_factor(client, caseworker):
    sign_in(client, "caseworker")
    assert client.get("/")["Location"].startswith(SET_UP)


def test_no_second_factor_when_the_setting_is_off(client, dpo, settings):
    settings.CLEARHOLD_OTP_REQUIRED = False
    sign_in(client, "dpo")
    assert client.get("/").status_code == 200


def test_an_administrator_can_clear_a_persons_lost_recovery_codes(client, dpo, administrator):
    enrol(client, "dpo")
    client.post(reverse("accounts:sign-out"))
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    enrol(client, "administrator")
    listing = client.get("/admin/accounts/recoverycodedevice/").content.decode()
    assert "Dpo Tester" in listing
    device = RecoveryCodeDevice.objects.get(user=dpo)
    client.post(f"/admin/accounts/recoverycodedevice/{device.pk}/delete/", {"post": "yes"})
    assert not RecoveryCode.objects.filter(device__user=dpo).exists()
