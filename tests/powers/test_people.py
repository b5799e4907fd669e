"""Graduated enforcement per person: the ladder's statutory prerequisites, the chronology with
breaches, and who may see people under enforcement (personal data, every view audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.authz import Refused
from clearhold.law import UK
from clearhold.powers.breaches import breach_record
from clearhold.powers.models import EnforcementStep, Person, StepKind
from clearhold.powers.people import chronology, ladder, person_add, step_record
from clearhold.problems.services import partner_add

ADULT_DOB = dt.date(1990, 3, 14)


@pytest.fixture
def person(problem, manager):
    return person_add(
        user=manager,
        problem=problem,
        name="Jordan Example",
        date_of_birth=ADULT_DOB,
        description="Seen on the benches by the gate most evenings",
    )


def _step(user, person, kind, on, **kwargs):
    return step_record(user=user, person=person, kind=kind, on=on, **kwargs)


def _messages(error: ValidationError) -> str:
    return " ".join(m for messages in error.message_dict.values() for m in messages)


# The ladder's prerequisites ---------------------------------------------------------------


def test_a_notice_without_a_prior_warning_is_refused_with_s43_5_and_nothing_stored(person, manager):
    with pytest.raises(ValidationError) as refused:
        _step(manager, person, StepKind.CPN, dt.date(2025, 5, 20))
    assert "kind" in refused.value.message_dict
    assert "s.43(5)" in _messages(refused.value)
    assert not EnforcementStep.objects.exists()


def test_a_notice_without_a_prior_warning_is_refused_on_the_form(
    client, person, manager, give_purpose
):
    client.force_login(manager)
    give_purpose(client, person.problem)
    page = client.post(
        f"/powers/people/{person.pk}/steps/new/", {"kind": "cpn", "on": "2025-05-20"}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "There is a problem" in body
    assert "s.43(5)" in body
    assert 'href="#id_kind"' in body
    assert not EnforcementStep.objects.exists()


def test_warning_then_notice_is_accepted_with_a_warning_when_too_soon(person, manager):
    _, found = _step(manager, person, StepKind.CPW, dt.date(2025, 5, 1))
    assert found == []
    notice, found = _step(manager, person, StepKind.CPN, dt.date(2025, 5, 4))
    assert notice.pk
    assert notice.kind == StepKind.CPN
    assert [f.code for f in found] == ["GE-03"]
    assert "s.43(5)(b)" in found[0].section
    assert notice.organisation == manager.organisation
    assert notice.recorded_by == manager


def test_the_time_the_warning_gave_decides_too_soon(person, manager):
    step_record(
        user=manager, person=person, kind=StepKind.CPW, on=dt.date(2025, 5, 1), compliance_days=14
    )
    _, early = _step(manager, person, StepKind.CPN, dt.date(2025, 5, 10))
    assert [f.code for f in early] == ["GE-03"]
    assert "14" in early[0].message
    _, _ = _step(manager, person, StepKind.CPW, dt.date(2025, 6, 1))
    person.steps.filter(on=dt.date(2025, 6, 1)).update(compliance_days=3)
    _, later = _step(manager, person, StepKind.CPN, dt.date(2025, 6, 5))
    assert later == []


def test_the_too_soon_warning_is_shown_after_recording_on_the_page(
    client, person, manager, give_purpose
):
    _step(manager, person, StepKind.CPW, dt.date(2025, 5, 1))
    client.force_login(manager)
    give_purpose(client, person.problem)
    page = client.post(
        f"/powers/people/{person.pk}/steps/new/",
        {"kind": "cpn", "on": "2025-05-04", "details": "Stop gathering at the gate"},
        follow=True,
    )
    body = page.content.decode()
    assert page.redirect_chain[-1][0] == f"/powers/people/{person.pk}/#chronology"
    assert "[GE-03]" in body
    assert "Recorded: Community protection notice (s.43)." in body
    assert EnforcementStep.objects.filter(kind=StepKind.CPN).count() == 1


def test_a_15_year_old_is_refused_a_warning(problem, manager):
    young = person_add(
        user=manager, problem=problem, name="A Youth", date_of_birth=dt.date(2010, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        _step(manager, young, StepKind.CPW, dt.date(2025, 5, 1))
    assert "s.43(1)" in _messages(refused.value)
    assert "is 15" in _messages(refused.value)
    assert not EnforcementStep.objects.exists()


def test_a_17_year_olds_injunction_until_further_order_is_refused(problem, manager):
    young = person_add(
        user=manager, problem=problem, name="B Youth", date_of_birth=dt.date(2008, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        _step(
            manager,
            young,
            StepKind.CIVIL_INJUNCTION,
            dt.date(2025, 5, 1),
            until_further_order=True,
        )
    assert "until_further_order" in refused.value.message_dict
    assert "s.1(6)" in _messages(refused.value)
    assert not EnforcementStep.objects.exists()
    step, found = _step(
        manager, young, StepKind.CIVIL_INJUNCTION, dt.date(2025, 5, 1), ends_on=dt.date(2026, 5, 1)
    )
    assert step.pk
    assert [f.code for f in found] == ["GE-12"]  # consult the youth offending team


def test_dates_in_the_future_are_refused_except_the_end_date(person, problem, manager):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        _step(manager, person, StepKind.INFORMAL_LETTER, tomorrow)
    assert "on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        person_add(user=manager, problem=problem, name="Unborn", date_of_birth=tomorrow)
    assert "date_of_birth" in refused.value.message_dict
    step, _ = _step(
        manager, person, StepKind.ABC, timezone.localdate(), ends_on=tomorrow + dt.timedelta(90)
    )
    assert step.ends_on > timezone.localdate()


def test_only_an_injunction_or_order_runs_until_further_order(person, manager):
    with pytest.raises(ValidationError) as refused:
        _step(manager, person, StepKind.ABC, dt.date(2025, 5, 1), until_further_order=True)
    assert "until_further_order" in refused.value.message_dict


def test_a_person_needs_a_name(problem, manager):
    with pytest.raises(ValidationError) as refused:
        person_add(user=manager, problem=problem, name="   ")
    assert "name" in refused.value.message_dict
    assert not Person.objects.exists()


# The chronology and the ladder -------------------------------------------------------------


def test_the_person_page_lists_steps_and_a_breach_in_date_order(
    client, problem, manager, inspector, order, give_purpose
):
    person = person_add(
        user=manager, problem=problem, name="Jordan Example", date_of_birth=ADULT_DOB
    )
    _step(
        manager, person, StepKind.CIVIL_INJUNCTION, dt.date(2025, 7, 1), ends_on=dt.date(2026, 7, 1)
    )
    _step(manager, person, StepKind.CPW, dt.date(2025, 4, 1))
    _step(manager, person, StepKind.CPN, dt.date(2025, 4, 20))
    breach = breach_record(
        user=inspector,
        closure=order.closure,
        occurred_at=dt.datetime(2025, 6, 1, 21, 30, tzinfo=UK),
        seen="Climbed the fence into the closed open space",
        person=person,
    )

    entries = chronology(person)
    assert [e.kind for e in entries] == ["cpw", "cpn", "breach", "civil_injunction"]
    cpn = entries[1]
    assert cpn.appeal_by == dt.date(2025, 5, 10)  # 21 days beginning with the day (s.46(2))
    assert "s.48" in cpn.consequence
    assert entries[0].consequence == ""  # a warning is not an order or notice
    assert entries[2].label == "Breach of a closure order (s.86(2))"
    assert entries[2].consequence == breach.max_penalty

    client.force_login(manager)
    give_purpose(client, problem)
    body = client.get(f"/powers/people/{person.pk}/").content.decode()
    table = body[body.index('data-testid="chronology"') :]
    positions = [
        table.index(text)
        for text in (
            "1 April 2025",
            "Community protection notice (s.43)",
            "Climbed the fence",
            "Civil injunction (s.1)",
        )
    ]
    assert positions == sorted(positions)
    assert "10 May 2025" in table  # the notice's appeal-by date
    assert 'class="govuk-table ch-table--responsive"' in body
    assert 'data-label="Appeal by"' in body


def test_the_ladder_shows_the_rungs_reached(person, manager):
    _step(manager, person, StepKind.CPW, dt.date(2025, 4, 1))
    _step(manager, person, StepKind.CPN, dt.date(2025, 4, 20))
    reached = {rung.kind: rung.latest for rung in ladder(person) if rung.reached}
    assert reached == {"cpw": dt.date(2025, 4, 1), "cpn": dt.date(2025, 4, 20)}
    assert [rung.kind for rung in ladder(person)][:4] == ["informal_letter", "abc", "cpw", "cpn"]


def test_the_people_list_shows_latest_step_and_age_today(
    client, problem, manager, person, give_purpose
):
    _step(manager, person, StepKind.CPW, dt.date(2025, 4, 1))
    _step(manager, person, StepKind.CPN, dt.date(2025, 4, 20))
    client.force_login(manager)
    give_purpose(client, problem)
    body = client.get(f"/powers/problems/{problem.pk}/people/").content.decode()
    today = timezone.localdate()
    age = today.year - 1990 - ((today.month, today.day) < (3, 14))
    assert "Jordan Example" in body
    assert f'data-label="Age today">{age}<' in body
    assert "Community protection notice (s.43)" in body
    assert f"/powers/problems/{problem.pk}/people/new/" in body


def test_the_forms_offer_the_ladder_as_radios_and_dates_as_date_inputs(
    client, problem, manager, person, give_purpose
):
    client.force_login(manager)
    give_purpose(client, person.problem)
    body = client.get(f"/powers/people/{person.pk}/steps/new/").content.decode()
    for value, label in StepKind.choices:
        assert f'value="{value}"' in body
        assert label in body
    assert body.count('class="govuk-date-input"') == 2
    assert 'type="checkbox"' in body
    added = client.post(
        f"/powers/problems/{problem.pk}/people/new/",
        {"name": "Sam Other", "date_of_birth": "2001-02-03"},
    )
    sam = Person.objects.get(name="Sam Other")
    assert added["Location"] == f"/powers/people/{sam.pk}/"
    assert sam.date_of_birth == dt.date(2001, 2, 3)
    assert sam.added_by == manager


# Who may see people under enforcement ------------------------------------------------------


def _pages(problem, person) -> list[str]:
    return [
        f"/powers/problems/{problem.pk}/people/",
        f"/powers/problems/{problem.pk}/people/new/",
        f"/powers/people/{person.pk}/",
        f"/powers/people/{person.pk}/steps/new/",
    ]


def test_a_partner_viewer_is_refused_even_with_personal_data_shared(
    client, problem, manager, partner_viewer, person
):
    partner_add(
        user=manager,
        problem=problem,
        organisation=partner_viewer.organisation,
        sees_personal_data=True,
    )
    client.force_login(partner_viewer)
    for path in _pages(problem, person):
        assert client.get(path).status_code == 403, path
    with pytest.raises(Refused):
        person_add(user=partner_viewer, problem=problem, name="X")


def test_an_officer_of_a_partner_without_personal_data_is_refused(
    client, problem, manager, make_user, charity, person
):
    partner_add(user=manager, problem=problem, organisation=charity, sees_personal_data=False)
    worker = make_user("worker", charity, Role.OFFICER)
    client.force_login(worker)
    for path in _pages(problem, person):
        response = client.get(path)
        assert response.status_code == 403, path
    assert "personal data" in client.get(_pages(problem, person)[0]).content.decode()
    with pytest.raises(Refused):
        step_record(user=worker, person=person, kind=StepKind.CPW, on=dt.date(2025, 5, 1))
    assert not EnforcementStep.objects.exists()


def test_an_outsider_is_refused(client, problem, outsider, person):
    client.force_login(outsider)
    for path in _pages(problem, person):
        assert client.get(path).status_code == 403, path
    assert (
        client.post(_pages(problem, person)[3], {"kind": "cpw", "on": "2025-05-01"}).status_code
        == 403
    )
    assert not EnforcementStep.objects.exists()


def test_once_personal_data_is_shared_a_police_officer_records_for_their_force(
    client, problem, manager, constable, police, person, give_purpose
):
    client.force_login(constable)
    assert client.get(f"/powers/people/{person.pk}/").status_code == 403
    partner_add(user=manager, problem=problem, organisation=police, sees_personal_data=True)
    step, _ = _step(constable, person, StepKind.INFORMAL_LETTER, dt.date(2025, 4, 1))
    assert step.organisation == police
    give_purpose(client, problem, "enforcement")
    assert client.get(f"/powers/people/{person.pk}/").status_code == 200


def test_viewing_a_person_or_the_list_writes_an_audit_record(
    client, problem, manager, person, give_purpose
):
    client.force_login(manager)
    give_purpose(client, problem, "enforcement")
    assert client.get(f"/powers/people/{person.pk}/").status_code == 200
    seen = AuditEntry.objects.filter(
        action=AuditAction.VIEW,
        username="manager",
        object_type="powers.person",
        object_id=str(person.pk),
    )
    assert seen.count() == 1
    assert "personal data" in seen.get().detail
    client.get(f"/powers/problems/{problem.pk}/people/")
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, username="manager", object_type="problems.problem"
    ).exists()


def test_a_refused_view_is_audited_as_refused_not_viewed(client, problem, outsider, person):
    client.force_login(outsider)
    client.get(f"/powers/people/{person.pk}/")
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW, username="outsider").exists()
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, username="outsider").exists()
