"""The review report and the practice write-up carry the residents' survey, read through the
maker's reader; the review report as it stood when the review was completed."""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.documents.content.survey import survey_context
from clearhold.documents.kinds import kind_get
from clearhold.documents.services import document_generate
from clearhold.documents.templating import check_template
from clearhold.documents.writeup import writeup_save
from clearhold.problems.reviews import review_complete
from clearhold.readmodel import Reader
from clearhold.surveys.models import Response, WaveLabel
from tests.documents.conftest import media, text_of  # noqa: F401  (media: autouse fixture)

SAFE, UNSAFE = "fairly_safe", "a_bit_unsafe"
SENTENCE = "Feel safe after dark: 33% → 67% (change +33 points, 95% CI +10 to +52)"


@pytest.fixture
def answered(units, survey, make_wave, answer):
    """30 households at the baseline and at three months: 8 safe both times, 2 before only,
    12 after only, 8 neither (paired)."""
    baseline = make_wave(WaveLabel.BASELINE, dt.date(2025, 4, 1))
    later = make_wave(WaveLabel.MONTH_3, dt.date(2025, 7, 20))
    pattern = [(True, True)] * 8 + [(True, False)] * 2 + [(False, True)] * 12 + [(False, False)] * 8
    for unit, (before, after) in zip(units, pattern, strict=False):
        answer(baseline, unit, {"safe_after_dark": SAFE if before else UNSAFE})
        answer(later, unit, {"safe_after_dark": SAFE if after else UNSAFE})
    return later


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_review_report_keeps_the_survey_as_at_its_completion(
    problem, manager, answered, units, answer, tmp_path
):
    review = review_complete(
        user=manager, review=problem.reviews.get(months=3), narrative="Quieter.",
        decision="continue", today=dt.date(2025, 8, 10),
    )  # fmt: skip
    for unit in units[30:60]:  # keyed in after the review was completed
        late = answer(answered, unit, {"safe_after_dark": UNSAFE})
        Response.objects.filter(pk=late.pk).update(
            submitted_at=review.completed_at + dt.timedelta(hours=1)
        )
    frozen = survey_context(Reader(manager), problem, as_at=review.completed_at)
    assert frozen["surveys"][0]["changes"][0]["sentence"] == SENTENCE
    live = survey_context(Reader(manager), problem)
    assert live["surveys"][0]["changes"][0]["sentence"] != SENTENCE
    document = document_generate(user=manager, kind=kind_get("review_report"), subject=review,
                                 fmt="pdf", purpose="problem_solving")  # fmt: skip
    text = _flat(text_of(document, tmp_path))
    assert "Residents’ survey" in text
    assert SENTENCE in text
    assert "30 of 30 households" in text


def test_the_write_up_carries_the_survey(problem, manager, answered, tmp_path):
    writeup_save(
        user=manager, problem=problem, organisation="Test District Council",
        partners="Test Constabulary",
        start_date=dt.date(2025, 5, 7), end_date=None, scale="One open space",
        target_group="Residents", aim="Stop the gatherings.", intended_outcome="Feel safer.",
        description="Fence.", overall_impact="Residents feel safer.", went_well="The fence.",
        challenges="Lighting.", recommendations="Ask residents.",
    )  # fmt: skip
    write_up = kind_get("practice_write_up")
    document = document_generate(user=manager, kind=write_up, subject=problem, fmt="docx",
                                 purpose="problem_solving")  # fmt: skip
    text = _flat(text_of(document, tmp_path))
    assert SENTENCE in text


def test_a_reader_outside_the_partnership_gets_no_survey(problem, outsider, answered):
    assert survey_context(Reader(outsider), problem) == {"surveys": [], "survey_objectives": []}


@pytest.mark.parametrize("key", ["review_report", "practice_write_up"])
def test_the_built_in_templates_use_the_survey_placeholders(key):
    kind = kind_get(key)
    check = check_template(kind.builtin_source(), kind.placeholders, kind.required)
    assert check.ok, check.errors
    assert "surveys" in kind.placeholders


def test_the_problem_page_and_the_document_say_the_same(client, problem, manager, answered):
    client.force_login(manager)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert SENTENCE in page
    assert survey_context(Reader(manager), problem)["surveys"][0]["changes"][0]["sentence"] == (
        SENTENCE
    )


def test_the_documents_chart_is_a_png_with_a_bar_pair_per_question():
    from clearhold.documents.figures import survey_chart

    png = survey_chart(
        ["Feel safe after dark", "Would report ASB"],
        [(0.34, 0.22, 0.49), (0.59, 0.44, 0.72)],
        [(0.61, 0.47, 0.74), (0.75, 0.61, 0.85)],
        ("Baseline", "6-month review"),
    )
    assert png.startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="both waves"):
        survey_chart(["One"], [(0.5, 0.4, 0.6)], [], ("Baseline", "Later"))
