"""The problem page's survey results are kept under the survey data version: a new response,
a cleared comment or a changed wave is seen at once, a kept result is read again without
scoring, and it is never shown to someone who may not see the problem's survey."""

from __future__ import annotations

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from clearhold.readmodel import Reader
from clearhold.surveys.answering import text_review
from clearhold.surveys.models import Answer, TextReview, Wave, WaveLabel
from clearhold.surveys.scoring import problem_survey_results
from tests.surveys.results.test_results import BASE, LATER, SAFE, UNSAFE

UNREAD = ("Lights are out.", TextReview.UNREAD, "")


def _results(user, problem):
    return problem_survey_results(Reader(user), problem)


def _counted(user, problem) -> list[int]:
    """Each wave's household answers counted for the first item."""
    (results,) = _results(user, problem)
    return [w.items[0].counted for w in results.waves]


def _agreeing(user, problem) -> int:
    """The baseline's households agreeing with the first item."""
    (results,) = _results(user, problem)
    return results.waves[0].items[0].share.yes


def _both_waves(make_wave, answer, units, n: int, *, texts=None):
    baseline, later = make_wave(WaveLabel.BASELINE, BASE), make_wave(WaveLabel.MONTH_3, LATER)
    for unit in units[:n]:
        answer(baseline, unit, {"safe_after_dark": SAFE}, texts=texts)
        answer(later, unit, {"safe_after_dark": UNSAFE}, texts=texts)
    return baseline, later


def test_a_new_response_is_seen_at_once(problem, units, survey, make_wave, answer, manager):
    baseline, _later = _both_waves(make_wave, answer, units, 10)
    assert _counted(manager, problem) == [10, 10]
    answer(baseline, units[20], {"safe_after_dark": SAFE})
    assert _counted(manager, problem) == [11, 10]


def test_a_cleared_comment_is_seen_at_once(problem, units, survey, make_wave, answer, manager):
    _both_waves(make_wave, answer, units, 10, texts={"comments": UNREAD})
    (before,) = _results(manager, problem)
    assert before.waves[0].comments == []
    assert before.waves[0].comments_waiting == 10
    text_review(user=manager, answer=Answer.objects.filter(text__gt="").first(), clear=True)
    (after,) = _results(manager, problem)
    assert after.waves[0].comments == ["Lights are out."]
    assert after.waves[0].comments_waiting == 9


def test_a_changed_wave_is_seen_at_once(problem, units, survey, make_wave, answer, manager):
    _baseline, later = _both_waves(make_wave, answer, units, 10)
    assert [w.wave.label for w in _results(manager, problem)[0].waves][1] == WaveLabel.MONTH_3
    Wave.objects.filter(pk=later.pk).update(label=WaveLabel.MONTH_6)  # no save(), no signal
    assert [w.wave.label for w in _results(manager, problem)[0].waves][1] == WaveLabel.MONTH_6


def test_kept_results_are_read_again_not_scored(problem, units, survey, make_wave, answer, manager):
    _both_waves(make_wave, answer, units, 10)
    _results(manager, problem)
    with CaptureQueriesContext(connection) as captured:
        (again,) = _results(manager, problem)
    assert again.changes, "the two waves are compared"
    assert len(captured.captured_queries) == 1, "the surveys, with their data version"


def test_nothing_is_kept_inside_a_transaction_that_may_roll_back(
    problem, units, survey, make_wave, answer, manager
):
    """The rolled-back answer raised the count as much as the next one does: had its result
    been kept, the next view would read it under the next answer's count."""
    baseline, _later = _both_waves(make_wave, answer, units, 10)
    _results(manager, problem)
    with transaction.atomic():
        answer(baseline, units[20], {"safe_after_dark": SAFE})
        assert _agreeing(manager, problem) == 11
        transaction.set_rollback(True)
    answer(baseline, units[20], {"safe_after_dark": UNSAFE})
    assert _agreeing(manager, problem) == 10


def test_a_kept_result_is_not_shown_to_an_outsider(
    problem, units, survey, make_wave, answer, manager, outsider
):
    _both_waves(make_wave, answer, units, 10)
    assert _results(manager, problem)
    assert _results(outsider, problem) == []
