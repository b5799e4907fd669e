"""The one-sentence answer to "did it work?", the WDQ line and the order of the warnings,
over every case: fell / rose / no change × larger than chance or not × objective met /
missed / not judged / none."""

from __future__ import annotations

import re

import pytest

from clearhold.analysis.evaluate import evaluate, objective_check
from clearhold.analysis.reading import (
    ReadingWarning,
    displacement_reading,
    headline,
    reading_warnings,
)

from .evaluate_fixtures import ASB, TARGET, TAXONOMY, build, join, monthly, standard


def run(before: int, after: int, *, when: str = "2025-12", buffer_after: int = 5):
    """The target has ``before`` incidents in 2024-06 and ``after`` in ``when``; the control
    has 100 a month throughout (2023-01 to 2025-12), so the data cover every month."""
    cells = {("target", "2023-03"): 1}  # so a site with none in the windows is still found
    if before:
        cells[("target", "2024-06")] = before
    if after:
        cells[("target", when)] = after
    incidents = join(
        build(cells),
        build(monthly("control", "2023-01", "2025-12", 100)),
        build(monthly("buffer", "2023-01", "2024-12", 5)),
        build(monthly("buffer", "2025-01", "2025-12", buffer_after)),
    )
    return evaluate(
        **incidents.kwargs(),
        target=TARGET,
        intervention="2025-01-01",
        categories=[ASB],
        valid_categories=TAXONOMY,
    )


CHANGES = [
    (40, 10, "fell from 40 in the 12 months before to 10 in the 12 months after, a fall larger"),
    (11, 6, "fell from 11 in the 12 months before to 6 in the 12 months after, but the change"),
    (10, 40, "rose from 10 in the 12 months before to 40 in the 12 months after, a rise larger"),
    (6, 11, "rose from 6 in the 12 months before to 11 in the 12 months after, but the change"),
    (11, 11, "did not change (11 in the 12 months before, 11 in the 12 months after)"),
    (0, 12, "rose from 0 in the 12 months before to 12 in the 12 months after, a rise larger"),
    (0, 1, "rose from 0 in the 12 months before to 1 in the 12 months after, but the change"),
    (0, 0, "did not change (0 in the 12 months before, 0 in the 12 months after)"),
]


@pytest.mark.parametrize(("before", "after", "said"), CHANGES)
def test_the_sentence_says_which_way_and_whether_chance_could_explain_it(before, after, said):
    sentence = headline(run(before, after), None, "West Street")
    assert sentence.startswith(f"Incidents at West Street {said}")
    assert sentence.endswith(".")
    assert sentence.count(".") == 1  # one sentence a manager can repeat
    chance = "too small to tell from chance" in sentence
    larger = "larger than chance would explain" in sentence
    assert not (chance and larger)
    assert ("did not change" in sentence) == (not chance and not larger)


@pytest.mark.parametrize(("before", "after", "said"), CHANGES)
@pytest.mark.parametrize(
    ("when", "pct", "within", "verdict"),
    [
        ("2025-12", 75, 6, "was met"),  # none in the first six months after
        ("2025-01", 75, 6, "was not met"),
        ("2025-01", 75, 24, "cannot be judged yet"),  # the data end before 24 months after
    ],
)
def test_the_sentence_ends_with_the_objective(before, after, said, when, pct, within, verdict):
    result = run(before, after, when=when)
    check = objective_check(result, pct, within)
    sentence = headline(result, check)
    if before == 0:  # no percentage can be taken of nothing
        verdict = "cannot be judged yet"
    elif after == 0 and when == "2025-01" and within == 6:
        verdict = "was met"
    assert sentence.endswith(f"; the objective of {pct}% fewer within {within} months {verdict}.")
    assert f"Incidents at the site {said}" in sentence


def test_the_wisbech_like_example_reads_as_the_issue_asks():
    result = run(11, 6, when="2025-02")
    sentence = headline(result, objective_check(result, 75, 6))
    assert sentence == (
        "Incidents at the site fell from 11 in the 12 months before to 6 in the 12 months "
        "after, but the change is too small to tell from chance; the objective of 75% fewer "
        "within 6 months was not met."
    )


def test_a_shorter_after_window_is_told_per_month():
    result = evaluate(
        **join(
            build({("target", "2024-06"): 24, ("target", "2025-03"): 3}),
            build(monthly("control", "2023-01", "2025-06", 100)),
        ).kwargs(),
        target=TARGET,
        intervention="2025-01-01",
        categories=[ASB],
        valid_categories=TAXONOMY,
    )
    said = "fell from 2.0 to 0.5 a month (24 in the 12 months before, 3 in the 6 months after)"
    assert said in headline(result, None)


def test_a_wdq_reading_is_not_stated_when_the_site_did_not_clearly_beat_the_control():
    result = run(11, 6, buffer_after=15)  # the buffer trebles: the WDQ would say "net harm"
    assert "net harm" in result.wdq.reading
    line = displacement_reading(result)
    assert line.startswith("Not read: the site did not do clearly better than the control")
    assert "net harm" not in line
    assert not any(w.code == "wdq_fragile" for w in reading_warnings(result))


def test_a_wdq_is_read_when_the_site_clearly_beat_the_control():
    result = evaluate(  # 10 a month at the site, then 3; the buffer and control steady
        **standard().kwargs(),
        target=TARGET,
        intervention="2025-01-01",
        categories=[ASB],
        valid_categories=TAXONOMY,
    )
    assert result.res.ci95[0] > 1
    assert displacement_reading(result) == f"{result.wdq.wdq:.2f}: {result.wdq.reading}."


def test_a_wdq_that_cannot_be_computed_says_why():
    assert displacement_reading(run(6, 11)).startswith("Not read: the target did not improve")


def test_too_few_incidents_leads_when_the_change_could_be_chance():
    warnings = reading_warnings(run(11, 6))
    assert warnings[0].code == "underpowered"
    assert warnings[0].line.startswith("Too few incidents (11 before)")
    assert "80% power" in warnings[0].why


def test_mixed_coverage_leads_every_other_warning():
    coverage = ReadingWarning("coverage_mixed", "The control mixes coverage.", "Because.")
    warnings = reading_warnings(run(11, 6), [coverage])
    assert warnings[0] is coverage
    assert [w.code for w in warnings[1:2]] == ["underpowered"]


def test_each_warning_is_one_line_with_its_reason_behind_it():
    result = run(11, 6, when="2025-02")
    for warning in reading_warnings(result):
        assert len(re.findall(r"\.\s+[A-Z]", warning.line)) == 0, warning.line
        assert warning.why
        assert warning.why != warning.line


def _peaked(level: int, peak: int, after: int):
    """``level`` a month from 2023 to September 2024, ``peak`` a month in the last three
    months before the intervention (October to December 2024), ``after`` a month from 2025."""
    incidents = join(
        standard(target_before=level, target_after=after),
        build(monthly("target", "2024-10", "2024-12", peak - level)),
    )
    return evaluate(
        **incidents.kwargs(),
        target=TARGET,
        intervention="2025-01-01",
        categories=[ASB],
        valid_categories=TAXONOMY,
    )


def test_a_peak_before_leads_when_the_fall_is_larger_than_chance():
    result = _peaked(8, 20, 3)
    codes = [w.code for w in reading_warnings(result)]
    assert codes[0] == "regression_to_mean"
    assert reading_warnings(result)[0].line.startswith(
        "The months just before the intervention were a peak"
    )


def test_too_few_incidents_comes_before_a_peak_when_the_fall_could_be_chance():
    codes = [w.code for w in reading_warnings(_peaked(1, 5, 2))]
    assert codes[:2] == ["underpowered", "regression_to_mean"]
