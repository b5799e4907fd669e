"""Change tracking keeps personal data out of the audit trail, which is kept for ever.

A restricted or special-category field is named as changed with its values not recorded;
a public field keeps its before and after; an object named by personal data is called by its
kind and id.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhold.accounts.models import Organisation
from clearhold.audit.context import acting_as
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.audit.services import NOT_RECORDED, _changes, track
from clearhold.powers.people import person_add
from clearhold.problems.models import Member, VulnerablePerson
from clearhold.problems.services import problem_update

SECRET = "Zebedee-Quintrell-4471"


def entries_of(obj) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("pk")
    )


def written(entries) -> str:
    return " ".join(json.dumps(e.changes) + e.object_repr + e.detail for e in entries)


def all_written() -> str:
    return written(AuditEntry.objects.all())


def test_a_personal_field_is_named_as_changed_but_its_values_are_not_recorded(problem, manager):
    problem_update(user=manager, problem=problem, victim_notes=f"Lives at 3 Mill Lane, {SECRET}")
    problem_update(user=manager, problem=problem, offender_notes=f"Alleged dealer {SECRET}")
    problem_update(user=manager, problem=problem, victim_notes=f"Moved away, {SECRET}")
    problem_update(user=manager, problem=problem, victim_notes="")
    changes = [e.changes for e in entries_of(problem) if e.action == AuditAction.CHANGE]
    assert changes == [
        {"victim_notes": ["", NOT_RECORDED]},
        {"offender_notes": ["", NOT_RECORDED]},
        {"victim_notes": [NOT_RECORDED, NOT_RECORDED]},
        {"victim_notes": [NOT_RECORDED, ""]},
    ]
    assert SECRET not in all_written()


def test_a_public_field_still_shows_before_and_after(problem, manager):
    old = problem.title
    problem_update(user=manager, problem=problem, title="Drug dealing by the West Street shops")
    changed = [e for e in entries_of(problem) if e.action == AuditAction.CHANGE]
    assert [e.changes for e in changed] == [
        {"title": [old, "Drug dealing by the West Street shops"]}
    ]
    assert changed[0].object_repr == "Drug dealing by the West Street shops"


def test_a_person_is_created_changed_and_deleted_without_their_details(problem, manager):
    with acting_as(manager):
        person = person_add(
            user=manager, problem=problem, name=SECRET, description=f"Tall, {SECRET}"
        )
        person.description = f"Short, {SECRET}"
        person.save()
        person_id = person.pk
        person.delete()
    person.pk = person_id
    created, changed, deleted = entries_of(person)
    assert created.changes["name"] == [None, NOT_RECORDED]
    assert created.changes["problem_id"] == [None, problem.pk]  # public: which problem
    assert changed.changes == {"description": [NOT_RECORDED, NOT_RECORDED]}
    assert deleted.changes["name"] == [NOT_RECORDED, None]
    assert {e.object_repr for e in (created, changed, deleted)} == {f"powers.person:{person_id}"}
    assert SECRET not in all_written()


def test_a_vulnerable_persons_description_is_not_recorded(problem, manager):
    vulnerable = VulnerablePerson.objects.create(
        problem=problem, description=f"Mental health crisis, {SECRET}", added_by=manager
    )
    (created,) = entries_of(vulnerable)
    assert created.changes["description"] == [None, NOT_RECORDED]
    assert created.changes["problem_id"] == [None, problem.pk]  # public: which problem
    assert SECRET not in all_written()


def test_who_was_given_access_is_kept_but_not_their_name(problem, manager, constable):
    member = Member.objects.get(problem=problem, user=constable)
    (created,) = entries_of(member)
    assert created.changes["user_id"] == [None, constable.pk]
    assert created.object_repr == f"problems.member:{member.pk}"
    assert "Constable Tester" not in written([created])


def test_a_staff_accounts_rights_are_kept_but_not_their_name(officer):
    officer.last_name = SECRET
    officer.role = "supervisor"
    officer.is_superuser = True
    officer.save()
    changed = [e for e in entries_of(officer) if e.action == AuditAction.CHANGE][-1]
    assert changed.changes == {
        "is_superuser": [False, True],
        "last_name": [NOT_RECORDED, NOT_RECORDED],
        "role": ["officer", "supervisor"],
    }
    created = entries_of(officer)[0]
    assert created.changes["username"] == [None, "officer"]
    assert SECRET not in all_written()


def test_a_documents_inputs_are_recorded_only_while_it_holds_no_personal_data(
    problem, manager, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from clearhold.documents.models import GeneratedDocument

    settings.MEDIA_ROOT = tmp_path

    def document(personal: bool) -> GeneratedDocument:
        made = GeneratedDocument(
            problem=problem, kind="resident_letter", format="pdf", title="Letters", size=3,
            sha256="0" * 64, template_version="resident_letter@1", personal_data=personal,
            inputs={"addressee": SECRET}, created_by=manager,
        )  # fmt: skip
        made.file.save("letters.pdf", ContentFile(b"%PDF"), save=False)
        made.save()
        return made

    public = document(personal=False)
    assert entries_of(public)[0].changes["inputs"] == [None, {"addressee": SECRET}]
    personal = document(personal=True)
    assert entries_of(personal)[0].changes["inputs"] == [None, NOT_RECORDED]
    # Made public later: what it held while personal is still not recorded.
    personal.personal_data = False
    personal.inputs = {"addressee": "the occupier"}
    personal.save()
    changed = entries_of(personal)[-1].changes
    assert changed["inputs"] == [NOT_RECORDED, NOT_RECORDED]
    assert changed["personal_data"] == [True, False]
    assert SECRET not in written(entries_of(personal))


def test_every_canaried_field_of_a_whole_problem_stays_out_of_the_trail(db, settings, tmp_path):
    """Every restricted and special-category field the IDOR sweep canaries, created at once."""
    from tests.web.idor_world import CANARY, build_world, canary, every_canary

    settings.MEDIA_ROOT = tmp_path
    build_world()
    assert AuditEntry.objects.filter(action=AuditAction.CREATE).count() > 20
    assert AuditEntry.objects.filter(action=AuditAction.CHANGE).count() > 5  # the canaries
    trail = written(AuditEntry.objects.exclude(detail__startswith=CANARY))  # not the world's own
    kept = {canary("accounts.user", "username")}  # the trail names staff by user name, by design
    assert sorted(c for c in every_canary() - kept if c in trail) == []


def test_a_field_named_to_track_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match=r"accounts\.Organisation has no fields nickname"):
        track(Organisation, keep_values=("nickname",))


values = st.one_of(st.none(), st.text(max_size=8), st.integers(), st.booleans())
states = st.dictionaries(st.sampled_from("abcd"), values)


@given(before=states, after=states, withheld=st.sets(st.sampled_from("abcd")))
def test_a_withheld_value_is_never_written_and_every_change_is_named(before, after, withheld):
    changes = _changes(before, after, frozenset(withheld))
    assert set(changes) == {
        k for k in before.keys() | after.keys() if before.get(k) != after.get(k)
    }
    for key, (old, new) in changes.items():
        for value, recorded in ((before.get(key), old), (after.get(key), new)):
            if key in withheld and value not in (None, "", [], {}):
                assert recorded == NOT_RECORDED
            else:
                assert recorded == value
