"""The review report: made from a completed review's frozen snapshot, so later changes to the
plan or the incident data never alter it; a review not yet completed cannot be reported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from clearhold.documents.content.review import review_report
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import DocumentBlocked, document_generate
from clearhold.documents.templating import ListOf, Obj, check_template
from clearhold.incidents.models import ImportBatch, Incident
from clearhold.problems.actions import action_create, action_update
from clearhold.problems.models import ActionStatus, Layer, Vat
from clearhold.problems.objectives import objective_create, objective_progress
from clearhold.problems.reviews import review_complete
from clearhold.readmodel import Reader
from tests.documents.conftest import text_of

pytestmark = pytest.mark.django_db

REVIEW_DAY = dt.date(2025, 8, 10)  # the 3-month review of a problem started 7 May 2025
AT_SITE = (546470.0, 309250.0)  # inside the West Street open space
ELSEWHERE = (540000.0, 300000.0)  # in the force area, outside the site
NARRATIVE = "Fencing is up and the evening gatherings have moved on.\nPatrols to continue."


def _flat(text: str) -> str:
    return " ".join(text.split())


def add_incidents(counts: dict[dt.date, int], *, where=AT_SITE, start: int = 0) -> None:
    """Incidents of ASB in the given months; one elsewhere in each month so every month is
    covered by the data (a quiet month at the site is then a real 0)."""
    batch = ImportBatch.objects.create(source="policeuk")
    rows = []
    key = start
    for month, n in counts.items():
        for x, y, how_many in ((*where, n), (*ELSEWHERE, 1)):
            for _ in range(how_many):
                key += 1
                rows.append(
                    Incident(
                        batch=batch,
                        source="policeuk",
                        force="Cambridgeshire Constabulary",
                        category="asb-unclassified",
                        month=month,
                        easting=x,
                        northing=y,
                        row_key=key,
                    )
                )
    Incident.objects.bulk_create(rows)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, day = [], first
    while day <= last:
        out.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


@pytest.fixture
def incidents(db) -> None:
    baseline = {m: 2 for m in months(dt.date(2024, 5, 1), dt.date(2025, 4, 1))}
    add_incidents({**baseline, dt.date(2025, 5, 1): 1, dt.date(2025, 6, 1): 1,
                   dt.date(2025, 7, 1): 0})  # fmt: skip


@pytest.fixture
def objective(problem, manager, site, incidents):
    return objective_create(
        user=manager,
        problem=problem,
        title="75% fewer ASB reports in six months",
        categories=["asb-unclassified", "drugs", "public-order"],
        site=site,
        baseline_from=dt.date(2024, 5, 1),
        baseline_to=dt.date(2025, 4, 1),
        target_change_pct=-75,
        deadline=dt.date(2025, 11, 7),
    )


@pytest.fixture
def plan(problem, manager, council, police, constable):
    fencing = action_create(
        user=manager,
        problem=problem,
        title="Fence the open space",
        layer=Layer.ENVIRONMENT,
        owner_organisation=council,
        due_date=dt.date(2025, 7, 1),
        status=ActionStatus.DONE,
        cost="2800",
        vat=Vat.PLUS_VAT,
    )
    patrols = action_create(
        user=manager,
        problem=problem,
        title="Evening patrols on Fridays",
        layer=Layer.ENFORCEMENT,
        owner_organisation=police,
        due_date=dt.date(2025, 7, 15),
    )
    return fencing, patrols


@pytest.fixture
def completed(problem, manager, objective, plan):
    return review_complete(
        user=manager,
        review=problem.reviews.get(months=3),
        narrative=NARRATIVE,
        decision="change",
        today=REVIEW_DAY,
    )


def make(user, review, fmt: str = "pdf", purpose: str = "problem_solving") -> GeneratedDocument:
    """The report made with a purpose: who completed the review is staff, personal data."""
    return document_generate(
        user=user, kind=kind_get("review_report"), subject=review, fmt=fmt, purpose=purpose
    )


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_report_holds_the_period_objectives_actions_decision_and_narrative(
    completed, manager, fmt, tmp_path
):
    document = make(manager, completed, fmt)
    text = _flat(text_of(document, tmp_path))
    assert "3-month review" in text
    assert "The 3 months to 7 August 2025, with the figures as at 10 August 2025" in text
    assert "ASB on the West Street open space" in text
    # the objective, with the figures frozen on 10 August: June 1 and July 0 against 2 a month
    assert "75% fewer ASB reports in six months" in text
    assert "a 75% fall by 7 November 2025" in text
    assert "May 2024 to April 2025: 2.00 a month" in text
    assert "June 2025 to July 2025: 0.50 a month, a fall of 75%" in text
    assert "On track" in text
    assert "1 incident over June 2025 to July 2025" in text  # the frozen reason
    # actions by status, with the overdue one flagged
    assert "2 actions in the plan, 1 overdue at the review" in text
    assert "Planned (1)" in text
    assert "Done (1)" in text
    assert "Cancelled (0)" in text
    assert "Evening patrols on Fridays: Enforcement, Test Constabulary, due 15 July 2025" in text
    assert "Fence the open space: Environment, Test District Council, due 1 July 2025" in text
    assert "overdue" in text.split("Evening patrols")[1][:120]
    # decision and narrative
    assert "Change the plan" in text
    assert "Fencing is up and the evening gatherings have moved on." in text
    assert "Patrols to continue." in text
    assert "Manager Tester" in text
    assert document.personal_data is True  # who completed it: staff names are restricted


def test_without_a_purpose_the_report_names_no_one(completed, manager, tmp_path):
    document = make(manager, completed, purpose="")
    text = _flat(text_of(document, tmp_path))
    assert "Manager Tester" not in text
    assert "Partnership manager, Test District Council" in text
    assert document.personal_data is False


def test_later_changes_to_actions_and_incidents_do_not_change_the_report(
    completed, manager, objective, plan, tmp_path
):
    before = text_of(make(manager, completed), tmp_path)
    fencing, patrols = plan
    action_update(user=manager, action=patrols, status=ActionStatus.DONE)
    action_update(user=manager, action=fencing, title="Fence and light the open space")
    add_incidents({dt.date(2025, 6, 1): 9, dt.date(2025, 7, 1): 7}, start=10_000)
    # the live figures did change…
    live = objective_progress(objective, today=REVIEW_DAY)
    assert live.measured_total == 17
    assert live.to_dict() != completed.snapshot["objectives"][0]["progress"]
    # …the report did not
    completed.refresh_from_db()
    after = text_of(make(manager, completed), tmp_path)
    assert after == before
    assert "Fence and light" not in after
    assert "Planned (1)" in _flat(after)


def test_a_review_not_completed_is_blocked(problem, manager, objective, plan):
    open_review = problem.reviews.get(months=6)
    with pytest.raises(DocumentBlocked) as blocked:
        make(manager, open_review)
    assert "The 6-month review has not been completed yet" in blocked.value.messages[0]
    assert not GeneratedDocument.objects.exists()


def test_the_generate_page_offers_completed_reviews_only(
    client, completed, manager, problem, give_purpose
):
    client.force_login(manager)
    give_purpose(client, problem)
    page = client.get(reverse("documents:problem", args=[problem.pk]))
    (row,) = [r for r in page.context["available"] if r["kind"].key == "review_report"]
    assert row["subjects"] == [completed]
    url = reverse("documents:generate", args=[problem.pk, "review_report"])
    response = client.post(url, {"of": completed.pk, "doc-format": "pdf"})
    assert response.status_code == 302
    (document,) = GeneratedDocument.objects.filter(kind="review_report")
    assert document.problem == problem
    assert document.title == "3-month review report: ASB on the West Street open space"


def _keys_match(spec, value) -> None:
    if isinstance(spec, Obj):
        assert set(value) == set(spec.fields)
    elif isinstance(spec, ListOf) and spec.item is not None:
        for item in value:
            assert set(item) == set(spec.item.fields)


def test_the_built_in_template_passes_the_check_and_the_builder_supplies_every_placeholder(
    completed, manager
):
    kind = kind_get("review_report")
    check = check_template(kind.builtin_source(), kind.placeholders, kind.required)
    assert check.ok, check.errors
    reader = Reader(manager, purpose="problem_solving", log=False)
    context = review_report(subject=completed, reader=reader, inputs={}).context
    assert set(context) == set(kind.placeholders)
    for name, spec in kind.placeholders.items():
        _keys_match(spec, context[name])
    broken = kind.builtin_source().replace("{{ objective.status", "{{ objective.state")
    assert not check_template(broken, kind.placeholders, kind.required).ok
