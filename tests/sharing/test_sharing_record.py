"""The sharing record decides who sees restricted and special-category data on a problem."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhold.accounts.roles import Role
from clearhold.authz import DataClass, Refused, may_see, visible_fields
from clearhold.problems.models import Member, MemberRole
from clearhold.problems.services import partner_add
from clearhold.problems.sharing_services import sharing_record_save
from clearhold.sharing.models import Recipient, SharingRecord

SIGNED = dt.date.today() - dt.timedelta(days=30)


def _record(user, problem, recipients, **fields):
    values = {
        "lawful_basis": "6_1_e",
        "special_condition": "sch1_10",
        "agreement_reference": "CSP ISA 1",
        "signed_on": SIGNED,
        "review_on": SIGNED + dt.timedelta(days=365),
    }
    return sharing_record_save(
        user=user, problem=problem, recipients=recipients, **{**values, **fields}
    )


@pytest.fixture
def partners(problem, manager, police, charity, make_user):
    """A police officer and a charity worker, each flagged on the problem for special category,
    and a charity partner viewer; neither organisation is named on the sharing record yet. The
    flags are set directly (``member_add`` refuses them until the record names the
    organisation), as a record that later stops naming an organisation leaves them: the rule
    must still follow the record."""
    people = {
        "pc": make_user("pc", police, Role.OFFICER),
        "worker": make_user("worker", charity, Role.OFFICER),
        "viewer": make_user("viewer", charity, Role.PARTNER_VIEWER),
    }
    for organisation in (police, charity):
        partner_add(user=manager, problem=problem, organisation=organisation)
    for person in people.values():
        Member.objects.create(
            problem=problem, user=person, role=MemberRole.SUPPORT, sees_special_category=True
        )
    return people


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    named=st.fixed_dictionaries(
        {
            "police": st.sets(st.sampled_from(["restricted", "special"])),
            "charity": st.sets(st.sampled_from(["restricted", "special"])),
        }
    )
)
def test_naming_an_organisation_for_a_class_grants_exactly_that_class(
    problem, manager, police, charity, partners, named
):
    organisations = {"police": police, "charity": charity}
    _record(manager, problem, {organisations[k].pk: v for k, v in named.items()})
    for user, key in ((partners["pc"], "police"), (partners["worker"], "charity")):
        for data_class in (DataClass.RESTRICTED, DataClass.SPECIAL):
            assert may_see(user, data_class, problem) == (data_class in named[key]), (
                key,
                data_class,
            )
        assert may_see(user, DataClass.PUBLIC, problem)
    viewer = partners["viewer"]
    assert may_see(viewer, DataClass.RESTRICTED, problem) == ("restricted" in named["charity"])


def test_the_lead_organisation_and_managers_need_no_naming(problem, manager, administrator):
    assert may_see(manager, DataClass.RESTRICTED, problem)
    assert may_see(administrator, DataClass.RESTRICTED, problem)
    # Special category stays with members named for it, whatever the role.
    assert not may_see(manager, DataClass.SPECIAL, problem)


def test_an_organisation_outside_the_problem_sees_nothing_even_if_named_elsewhere(
    problem, manager, police, outsider
):
    assert not may_see(outsider, DataClass.PUBLIC, problem)
    assert not may_see(outsider, DataClass.RESTRICTED, problem)


def test_visible_fields_hide_the_analysis_people_from_a_partner(problem, manager, partners):
    worker = partners["worker"]
    shown = visible_fields(worker, problem)
    assert "place_notes" in shown
    assert "title" in shown
    assert "victim_notes" not in shown
    assert "offender_notes" not in shown
    _record(manager, problem, {worker.organisation_id: {"restricted"}})
    shown = visible_fields(worker, problem)
    assert "victim_notes" in shown
    assert "offender_notes" not in shown


def test_partner_add_writes_through_to_the_sharing_record(problem, manager, charity):
    partner_add(user=manager, problem=problem, organisation=charity, sees_personal_data=True)
    assert Recipient.objects.filter(organisation=charity, data_class="restricted").exists()
    partner = problem.partners.get(organisation=charity)
    assert partner.sees_personal_data
    partner_add(user=manager, problem=problem, organisation=charity, sees_personal_data=False)
    assert not Recipient.objects.filter(organisation=charity).exists()


# Validation: a refused or invalid record stores nothing -----------------------------------


@pytest.mark.parametrize(
    ("fields", "named", "field"),
    [
        ({"special_condition": ""}, {"special"}, "special_condition"),
        ({"lawful_basis": ""}, {"restricted"}, "lawful_basis"),
        ({"lawful_basis": "6_1_a"}, {"restricted"}, "consent_status"),
        ({"review_on": SIGNED}, {"restricted"}, "review_on"),
        ({"lawful_basis": "made_up"}, {"restricted"}, "lawful_basis"),
    ],
)
def test_an_incomplete_record_is_refused_naming_the_field_and_nothing_is_stored(
    problem, manager, partners, fields, named, field
):
    with pytest.raises(ValidationError) as refused:
        _record(manager, problem, {partners["pc"].organisation_id: named}, **fields)
    assert field in refused.value.message_dict
    assert not SharingRecord.objects.exists()
    assert not Recipient.objects.exists()


def test_only_partner_organisations_can_be_named(problem, manager, council, make_user):
    from clearhold.accounts.services import organisation_create

    stranger = organisation_create(name="Elsewhere Trust", kind="voluntary")
    with pytest.raises(ValidationError, match="partner organisations"):
        _record(manager, problem, {stranger.pk: {"restricted"}})
    assert not Recipient.objects.exists()


# Edit rights ---------------------------------------------------------------------------------


def test_who_may_change_the_sharing_record(
    client, problem, manager, administrator, partners, make_user, council, police
):
    """The lead organisation's partnership manager and its data protection officer; not its
    other staff, not an administrator (who administers accounts, not case data), and no one of
    another organisation, whatever their role."""
    lead_officer = make_user("lead", council, Role.OFFICER)
    lead_viewer = make_user("leadviewer", council, Role.PARTNER_VIEWER)
    lead_dpo = make_user("leaddpo", council, Role.OFFICER)
    lead_dpo.data_protection_officer = True
    lead_dpo.save()
    police_manager = make_user("policemanager", police, Role.PARTNERSHIP_MANAGER)
    police_officer = partners["pc"]
    url = f"/problems/{problem.pk}/sharing/change/"
    post = {"lawful_basis": "6_1_e", "consent_status": "not_needed",
            f"org_{police_officer.organisation_id}": ["restricted"]}  # fmt: skip
    for user, allowed in (
        (manager, True),
        (lead_dpo, True),
        (administrator, False),
        (lead_officer, False),
        (lead_viewer, False),
        (police_manager, False),
        (police_officer, False),
        (partners["viewer"], False),
    ):
        client.force_login(user)
        assert (client.get(url).status_code == 200) == allowed, user
    for refused in (police_officer, lead_officer, police_manager):
        client.force_login(refused)
        assert client.post(url, post).status_code == 403
    assert not Recipient.objects.exists()
    with pytest.raises(Refused):
        _record(police_officer, problem, {police_officer.organisation_id: {"restricted"}})
    client.force_login(lead_dpo)
    saved = client.post(url, post)
    assert saved.status_code == 302
    assert may_see(police_officer, DataClass.RESTRICTED, problem)


def test_the_edit_page_names_what_is_wrong(client, problem, manager, partners):
    client.force_login(manager)
    org = partners["pc"].organisation_id
    page = client.post(
        f"/problems/{problem.pk}/sharing/change/",
        {"consent_status": "not_needed", f"org_{org}": ["special"]},
    ).content.decode()
    assert "There is a problem" in page
    assert "Choose the Schedule 1 condition" in page
    assert not SharingRecord.objects.exists()


def test_the_consent_note_warns_that_every_partner_reads_it(client, problem, manager):
    client.force_login(manager)
    page = client.get(f"/problems/{problem.pk}/sharing/change/").content.decode()
    assert "Every partner can read this record: do not name residents here." in page


def test_every_partner_can_read_the_record_and_the_problem_page_links_it(
    client, problem, manager, partners
):
    _record(manager, problem, {partners["pc"].organisation_id: {"restricted"}})
    client.force_login(partners["viewer"])
    page = client.get(f"/problems/{problem.pk}/sharing/").content.decode()
    assert "CSP ISA 1" in page
    assert "Public task" in page
    problem_page = client.get(f"/problems/{problem.pk}/").content.decode()
    assert f"/problems/{problem.pk}/sharing/" in problem_page
    assert "change it" not in problem_page


def test_a_passed_review_date_shows_a_warning_on_the_problem_page(
    client, problem, manager, partners
):
    _record(
        manager,
        problem,
        {partners["pc"].organisation_id: {"restricted"}},
        signed_on=dt.date(2020, 1, 1),
        review_on=dt.date(2021, 1, 1),
    )
    client.force_login(manager)
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    assert 'data-testid="sharing-review-overdue"' in page
    assert "due for review on 1 January 2021" in page
    _record(manager, problem, {partners["pc"].organisation_id: {"restricted"}})
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    assert "sharing-review-overdue" not in page
