"""The audit trail names people by pseudonym, never by name or value (issue 15, low 10).

Finding: the append-only audit trail, kept for ever and out of reach of retention, held names of
people under enforcement ("enforcement record of Alex Example" as an entry's object text, from
the reads of the person pages) and the offender and victim notes drafted into the practice
write-up's target group (a field declared public, so its saved text was copied into
``changes``). So the names and notes outlived the retention policy. Reproduced by recording a
person, a step, a breach naming them, reading their page and saving a write-up drafted from the
problem's notes, then searching every entry's text.

Must hold: entries name a person by a stable pseudonym (``powers.person:17``): the object text of
any entry about a restricted or special-category record is its model label and id, a description
written for a page has the person's name replaced by it, and change tracking names restricted and
special-category fields without their values. The subject-access export still finds every entry
about the person (including the breach that names them) and resolves the pseudonym to them.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from clearhold.audit.models import AuditEntry
from clearhold.audit_reports.subject_access import subject_access_export
from clearhold.documents.writeup import WRITEUP_FIELDS, writeup_prefill, writeup_save
from clearhold.powers.breaches import breach_record
from clearhold.powers.models import StepKind
from clearhold.powers.people import person_add, step_record
from clearhold.problems.models import MemberRole
from clearhold.problems.services import member_add, problem_update, vulnerable_person_add
from clearhold.readmodel import Reader
from tests.powers.conftest import SERVED

pytestmark = pytest.mark.django_db

NAME = "Alex Example"
DESCRIPTION = "Seen on the benches by the gate most evenings"
OFFENDER_NOTES = "Groups of young adults drinking by the Zircon Walk garages"
VICTIM_NOTES = "Residents of Flint Close and Mrs Harper at number 4"
WITNESS = "A man in a red Harrington jacket"
SECRETS = (NAME, "Alex", DESCRIPTION, "Zircon Walk", "Flint Close", "Mrs Harper", "Harrington")


def trail_text(entry: AuditEntry) -> str:
    return " ".join(
        [entry.object_repr, entry.detail, json.dumps(entry.changes), entry.subjects]
        + [str(f) for f in entry.fields]
    )


@pytest.fixture
def recorded(client, give_purpose, problem, manager, served, constable):
    """A person under enforcement, with a step, a breach naming them and a read of their page,
    and a write-up saved from a problem whose notes name people."""
    person = person_add(
        user=manager,
        problem=problem,
        name=NAME,
        date_of_birth=dt.date(1990, 3, 14),
        description=DESCRIPTION,
    )
    step_record(user=manager, person=person, kind=StepKind.INFORMAL_LETTER, on=dt.date.today())
    breach_record(
        user=constable,
        closure=served.closure,
        occurred_at=SERVED + dt.timedelta(hours=2),
        seen="Two people entering the land",
        person=person,
        person_description=WITNESS,
    )
    client.force_login(manager)
    give_purpose(client, problem)
    assert client.get(person.get_absolute_url()).status_code == 200
    problem_update(
        user=manager, problem=problem, offender_notes=OFFENDER_NOTES, victim_notes=VICTIM_NOTES
    )
    lead = Reader(manager, purpose="problem_solving", log=False)
    drafted = writeup_prefill(problem=problem, reader=lead)
    assert "Flint Close" in drafted["target_group"]  # the write-up carries the notes
    fields = {key: drafted.get(key) or "Plain text." for key in WRITEUP_FIELDS}
    fields["end_date"] = None
    writeup_save(user=manager, problem=problem, **fields)
    writeup_save(user=manager, problem=problem, **(fields | {"target_group": f"{NAME} and co"}))
    return person


def test_no_entry_names_the_person_or_copies_the_notes(recorded):
    entries = list(AuditEntry.objects.all())
    assert len(entries) > 5
    for entry in entries:
        text = trail_text(entry)
        for secret in SECRETS:
            assert secret not in text, (entry.action, entry.object_type, text)


def test_entries_about_the_person_use_their_pseudonym(recorded):
    key = f"powers.person:{recorded.pk}"
    about = AuditEntry.objects.filter(object_type="powers.person", object_id=str(recorded.pk))
    assert {e.object_repr for e in about} == {key}
    assert {e.action for e in about} >= {"create", "view"}
    written = AuditEntry.objects.get(object_type="documents.practicewriteup", action="change")
    assert "target_group" in written.changes
    assert NAME not in json.dumps(written.changes)


def test_a_vulnerable_person_is_named_by_pseudonym(problem, manager):
    member_add(
        user=manager,
        problem=problem,
        person=manager,
        role=MemberRole.LEAD,
        sees_special_category=True,
    )
    vulnerable = vulnerable_person_add(
        user=manager, problem=problem, description=f"{NAME}, lives alone at number 4"
    )
    entries = AuditEntry.objects.filter(object_type="problems.vulnerableperson")
    assert entries.exists()
    for entry in entries:
        assert entry.object_repr == f"problems.vulnerableperson:{vulnerable.pk}"
        assert NAME not in trail_text(entry)


def test_the_subject_access_export_still_finds_and_names_the_entries(recorded):
    seen = subject_access_export(subject=recorded)["seen_by"]
    kinds = {(row["what"], row["record"]) for row in seen}
    assert ("Created", NAME) in kinds  # the pseudonym resolved to the person
    assert ("Viewed personal data", NAME) in kinds
    breach_entries = AuditEntry.objects.filter(object_type="powers.breach")
    assert breach_entries.exists()
    assert all(f"|powers.person:{recorded.pk}|" in e.subjects for e in breach_entries)
    step_entries = AuditEntry.objects.filter(object_type="powers.enforcementstep")
    found = {row["record"] for row in seen}
    for entry in [*breach_entries, *step_entries]:
        assert entry.object_repr in found
