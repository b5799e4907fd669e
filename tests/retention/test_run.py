"""The retention run on fixed data: the dry run lists exactly what is due and changes nothing;
the real run deletes or anonymises exactly that, audits it, and is harmless the second time."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from typer.testing import CliRunner

from clearhold.attachments.models import Attachment
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.cli import app
from clearhold.documents.models import ConsultationResponse, GeneratedDocument
from clearhold.places.models import Unit
from clearhold.powers.models import Breach, Closure, EnforcementStep, Person
from clearhold.problems.models import Problem, Review, ReviewDecision, Stage, VulnerablePerson
from clearhold.problems.services import problem_update
from clearhold.retention.policy import PolicyError
from clearhold.retention.records import ANONYMISED_NAME, KINDS, REMOVED
from clearhold.retention.services import retention_run

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 6, 1)
SECRETS = ("Dan Example", "red coat", "hoarding, mental health", "BWV-0042", "Flat 1 says")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _closed(problem, on: dt.date) -> None:
    Problem.objects.filter(pk=problem.pk).update(stage=Stage.CLOSED)
    Review.objects.filter(problem=problem, months=12).update(
        decision=ReviewDecision.CLOSE,
        completed_at=dt.datetime(on.year, on.month, on.day, 12, tzinfo=dt.UTC),
    )


@dataclass
class World:
    due: set[tuple[str, int]]
    waiting: set[tuple[str, int]]
    other: dict


@pytest.fixture
def world(problem, site, manager) -> World:
    """Problem A closed 1 March 2018 (most is due on 1 June 2025), B closed 10 January 2024
    (nothing due yet), C still open (never due)."""
    a = problem
    Problem.objects.filter(pk=a.pk).update(
        offender_notes="Dan Example deals from the bench", place_notes="Broken fence"
    )
    _closed(a, dt.date(2018, 3, 1))
    b = Problem.objects.create(
        title="B", lead_organisation=a.lead_organisation, start_date=dt.date(2023, 1, 1)
    )
    for months in (3, 6, 12):
        Review.objects.create(problem=b, months=months, due_date=dt.date(2023, 1, 1))
    _closed(b, dt.date(2024, 1, 10))
    c = Problem.objects.create(
        title="C",
        lead_organisation=a.lead_organisation,
        start_date=dt.date(2015, 1, 1),
        offender_notes="Still open",
    )

    def person(problem, name, **kwargs):
        return Person.objects.create(problem=problem, name=name, added_by=manager, **kwargs)

    p1 = person(a, "Dan Example", date_of_birth=dt.date(1990, 1, 2), description="red coat")
    EnforcementStep.objects.create(
        person=p1, kind="cbo", on=dt.date(2017, 6, 1), ends_on=dt.date(2019, 6, 1),
        details="CBO: Dan Example not to enter", recorded_by=manager,
    )  # fmt: skip
    p2 = person(a, "Under order")
    EnforcementStep.objects.create(
        person=p2, kind="cbo", on=dt.date(2017, 6, 1), until_further_order=True,
        details="open-ended", recorded_by=manager,
    )  # fmt: skip
    p3 = person(b, "Recent person")
    p4 = person(c, "Open person")
    vulnerable_a = VulnerablePerson.objects.create(
        problem=a, description="hoarding, mental health", added_by=manager
    )
    vulnerable_b = VulnerablePerson.objects.create(problem=b, description="B", added_by=manager)
    closure = Closure.objects.create(
        problem=a, site=site, premises_description="West Street", premises_kind="land",
        body="police", created_by=manager,
    )  # fmt: skip
    breach = Breach.objects.create(
        closure=closure, occurred_at=timezone.now(), breach_of="order", person=p1,
        person_description="Tall, red coat", seen="red coat at the gate",
        video_reference="BWV-0042", offence_code="s86-2", offence_section="s.86(2)",
        max_penalty="3 months", recorded_by=manager,
    )  # fmt: skip
    unit = Unit.objects.create(site=site, name="Flat 1")
    response = ConsultationResponse.objects.create(
        problem=a, unit=unit, received_on=dt.date(2017, 1, 1), stance="objection",
        reason="Flat 1 says no", recorded_by=manager,
    )  # fmt: skip

    def document(problem, personal):
        made = GeneratedDocument(
            problem=problem, kind="letter", format="pdf", title="T", size=3, sha256="0" * 64,
            template_version="v1", personal_data=personal, created_by=manager,
        )  # fmt: skip
        made.file.save(f"doc-{personal}.pdf", ContentFile(b"Dan Example"), save=False)
        made.save()
        return made

    personal_doc, plain_doc = document(a, True), document(a, False)

    def attachment(problem):
        attached = Attachment(
            problem=problem, content_type=ContentType.objects.get_for_model(problem),
            object_id=problem.pk, kind="minutes", title="Minutes", filename="minutes.pdf",
            size=11, sha256="0" * 64, uploaded_by=manager,
        )  # fmt: skip
        attached.file.save("minutes.pdf", ContentFile(b"Dan Example"), save=False)
        attached.save()
        return attached

    minutes_a, minutes_b = attachment(a), attachment(b)
    due = {
        ("powers.person", p1.pk),
        ("powers.breach", breach.pk),
        ("problems.vulnerableperson", vulnerable_a.pk),
        ("problems.problem", a.pk),
        ("documents.consultationresponse", response.pk),
        ("documents.generateddocument", personal_doc.pk),
        ("attachments.attachment", minutes_a.pk),
    }
    waiting = {
        ("powers.person", p2.pk),
        ("powers.person", p3.pk),
        ("problems.vulnerableperson", vulnerable_b.pk),
        ("attachments.attachment", minutes_b.pk),
    }
    return World(
        due=due,
        waiting=waiting,
        other={
            "p4": p4,
            "plain_doc": plain_doc,
            "personal_doc": personal_doc,
            "c": c,
            "minutes_a": minutes_a,
        },
    )


def snapshot() -> dict:
    """Every row of every model retention touches, and the size of the audit log."""
    models = {kind.model for kind in KINDS.values()} | {EnforcementStep}
    rows = {m._meta.label: list(m.objects.order_by("pk").values()) for m in models}
    rows["audit"] = AuditEntry.objects.count()
    return rows


def found(run, *, due: bool) -> set[tuple[str, int]]:
    return {(t.rule.record, d.holding.pk) for t in run.types for d in (t.due if due else t.waiting)}


def test_dry_run_lists_exactly_what_is_due_and_changes_nothing(world):
    before = snapshot()
    run = retention_run(as_of=AS_OF)
    assert found(run, due=True) == world.due
    assert found(run, due=False) == world.waiting
    assert not run.applied
    assert snapshot() == before


def test_real_run_disposes_of_exactly_what_is_due_and_audits_it(
    world, media, django_capture_on_commit_callbacks
):
    personal_file = media / world.other["personal_doc"].file.name
    minutes_file = media / world.other["minutes_a"].file.name
    assert personal_file.exists()
    assert minutes_file.exists()
    last_entry = AuditEntry.objects.order_by("-id").first().pk
    with django_capture_on_commit_callbacks(execute=True):
        run = retention_run(as_of=AS_OF, apply=True)
    assert found(run, due=True) == world.due
    assert sum(t.done for t in run.types) == len(world.due)

    ids = {record: pk for record, pk in world.due}
    p1 = Person.objects.get(pk=ids["powers.person"])
    assert (p1.name, p1.date_of_birth, p1.description) == (ANONYMISED_NAME, None, "")
    assert [s.details for s in p1.steps.all()] == [""]
    assert p1.steps.get().kind == "cbo"
    breach = Breach.objects.get(pk=ids["powers.breach"])
    assert (breach.person_description, breach.seen, breach.video_reference) == ("", REMOVED, "")
    assert (breach.person_id, breach.offence_section) == (p1.pk, "s.86(2)")
    a = Problem.objects.get(pk=ids["problems.problem"])
    assert (a.offender_notes, a.place_notes) == ("", "Broken fence")
    assert not VulnerablePerson.objects.filter(pk=ids["problems.vulnerableperson"]).exists()
    assert not ConsultationResponse.objects.exists()
    assert list(GeneratedDocument.objects.all()) == [world.other["plain_doc"]]
    assert not personal_file.exists()
    assert not Attachment.objects.filter(pk=ids["attachments.attachment"]).exists()
    assert not minutes_file.exists()
    assert Attachment.objects.count() == 1  # problem B's: its clock has not run out

    for record, pk in world.waiting:
        assert KINDS[record].model.objects.filter(pk=pk).exists()
    waiting_people = {pk for record, pk in world.waiting if record == "powers.person"}
    assert {p.name for p in Person.objects.filter(pk__in=waiting_people)} == {
        "Under order",
        "Recent person",
    }
    assert Person.objects.get(pk=world.other["p4"].pk).name == "Open person"
    assert Problem.objects.get(pk=world.other["c"].pk).offender_notes == "Still open"

    entries = list(AuditEntry.objects.filter(pk__gt=last_entry).order_by("pk"))
    assert {(e.object_type, e.action) for e in entries} == {
        ("powers.person", AuditAction.CHANGE),
        ("powers.breach", AuditAction.CHANGE),
        ("problems.problem", AuditAction.CHANGE),
        ("problems.vulnerableperson", AuditAction.DELETE),
        ("documents.consultationresponse", AuditAction.DELETE),
        ("documents.generateddocument", AuditAction.DELETE),
        ("attachments.attachment", AuditAction.DELETE),
    }
    for entry in entries:
        assert entry.username == "clearhold retention"
        assert entry.changes["retention"]["ids"] == [ids[entry.object_type]]
        assert entry.changes["retention"]["as_of"] == "2025-06-01"
        written = json.dumps(entry.changes) + entry.detail + entry.object_repr
        assert not [s for s in SECRETS if s in written], "retention copied personal data"


def test_running_twice_is_harmless(world):
    retention_run(as_of=AS_OF, apply=True)
    before = snapshot()
    again = retention_run(as_of=AS_OF, apply=True)
    assert again.due_total == 0
    assert snapshot() == before


def test_a_real_run_refuses_a_future_day_and_changes_nothing(world):
    before = snapshot()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(PolicyError, match="is in the future: a real run"):
        retention_run(as_of=tomorrow, apply=True)
    assert snapshot() == before
    assert found(retention_run(as_of=tomorrow), due=True) > world.due  # a dry run may look ahead


def test_a_close_recorded_only_by_a_stage_change_starts_the_clock(manager, problem):
    VulnerablePerson.objects.create(problem=problem, description="x", added_by=manager)
    problem_update(user=manager, problem=problem, stage=Stage.CLOSED)
    today = timezone.localdate()
    assert retention_run(as_of=today).due_total == 0
    later = retention_run(as_of=today.replace(year=today.year + 2) + dt.timedelta(days=1))
    assert found(later, due=True) == {
        ("problems.vulnerableperson", VulnerablePerson.objects.get().pk)
    }


def test_a_closed_problem_with_no_known_close_is_never_due(manager, problem):
    VulnerablePerson.objects.create(problem=problem, description="x", added_by=manager)
    Problem.objects.filter(pk=problem.pk).update(stage=Stage.CLOSED)
    run = retention_run(as_of=dt.date(2099, 1, 1))
    assert run.due_total == 0
    assert [d.holding.waiting for t in run.types for d in t.waiting] == [
        "the problem is marked closed but its close date is not recorded"
    ]


def test_a_council_period_from_the_settings_is_used(world, settings):
    settings.CLEARHOLD_RETENTION_YEARS = {"problems.vulnerableperson": 10}
    due = found(retention_run(as_of=AS_OF), due=True)
    assert due == {d for d in world.due if d[0] != "problems.vulnerableperson"}


def test_deleted_records_have_nothing_pointing_at_them():
    """The real run deletes without cascading: nothing may refer to what it deletes."""
    for kind in KINDS.values():
        if kind.overwrite:
            continue
        assert [r.name for r in kind.model._meta.related_objects] == [], kind.record


def test_the_task_applies_the_policy(world):
    from clearhold.retention.tasks import retention_task

    result = retention_task.enqueue(as_of=AS_OF.isoformat())
    summary = result.return_value
    assert summary["applied"] is True
    assert sum(t["done"] for t in summary["types"]) == len(world.due)
    assert not VulnerablePerson.objects.filter(description__contains="mental health").exists()


runner = CliRunner()


def test_cli_dry_run_prints_the_due_records_as_json(world):
    before = snapshot()
    result = runner.invoke(app, ["retention", "--as-of", "2025-06-01", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    listed = {(t["record"], d["id"]) for t in out["types"] for d in t["due"]}
    assert listed == world.due
    assert out["applied"] is False
    assert snapshot() == before


def test_cli_apply_then_nothing_left(world):
    result = runner.invoke(app, ["retention", "--apply", "--as-of", "2025-06-01"])
    assert result.exit_code == 0, result.output
    assert f"Done: {len(world.due)} record(s)" in result.output
    again = runner.invoke(app, ["retention", "--as-of", "2025-06-01"]).output
    assert "0 record(s) are due" in " ".join(again.split())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2025-02-30"], "'2025-02-30' is not a real date written YYYY-MM-DD"),
        (["--apply", "--as-of", "2999-01-01"], "is in the future: a real run"),
        (["--enqueue"], "give --apply with it"),
    ],
)
def test_cli_bad_input_exits_2_saying_what_is_wrong(world, args, message):
    before = snapshot()
    result = runner.invoke(app, ["retention", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.replace("│", " ").split())
    assert snapshot() == before


def test_cli_a_bad_setting_exits_2(world, settings):
    settings.CLEARHOLD_RETENTION_YEARS = {"powers.person": 0}
    result = runner.invoke(app, ["retention"])
    assert result.exit_code == 2
    assert "CLEARHOLD_RETENTION_YEARS['powers.person']" in result.output
