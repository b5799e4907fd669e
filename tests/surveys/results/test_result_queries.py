"""A survey's results cost a fixed number of queries per wave: pairing an item's households
reads the answers the wave already read, and the cleared comments are read with the problem
they are checked against, so more items, households or comments add no query (the problem
page scores every survey of the problem on every view)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearhold.readmodel import Reader
from clearhold.surveys.models import TextReview, WaveLabel
from clearhold.surveys.scoring import survey_results
from tests.surveys.results.test_results import BASE, LATER, SAFE, UNSAFE

#: The survey's problem is checked, then its waves listed with their codes and responses
#: counted; per wave: its answers, its free-text comments.
QUERIES = 1 + 2 * 2


def _queries(manager, survey) -> int:
    with CaptureQueriesContext(connection) as captured:
        results = survey_results(Reader(manager), survey)
    assert results.changes, "the two waves are compared"
    return len(captured.captured_queries)


def test_more_households_and_comments_add_no_query(units, survey, make_wave, answer, manager):
    baseline, later = make_wave(WaveLabel.BASELINE, BASE), make_wave(WaveLabel.MONTH_3, LATER)
    cleared = ("Lights are out.", TextReview.CLEAR, "Lights are out.")
    for unit in units[:10]:
        answer(baseline, unit, {"safe_after_dark": SAFE}, texts={"comments": cleared})
        answer(later, unit, {"safe_after_dark": UNSAFE}, texts={"comments": cleared})
    few = _queries(manager, survey)
    for unit in units[10:40]:
        answer(baseline, unit, {"safe_after_dark": UNSAFE}, texts={"comments": cleared})
        answer(later, unit, {"safe_after_dark": SAFE}, texts={"comments": cleared})
    assert _queries(manager, survey) == few == QUERIES
