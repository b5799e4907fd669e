"""Survey results: shares, changes (independent and paired), response rates, open-link
answers apart, frozen questions only, anonymity thresholds and the free text shown."""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.analysis.survey import change_independent, change_paired, wilson
from clearhold.readmodel import Reader
from clearhold.surveys.models import Channel, TextReview, WaveLabel
from clearhold.surveys.scoring import survey_results

SAFE, UNSAFE = "fairly_safe", "a_bit_unsafe"
BASE, LATER = dt.date(2025, 4, 1), dt.date(2025, 10, 1)


@pytest.fixture
def more_units(units, site):
    from clearhold.places.models import Unit

    return units + [Unit.objects.create(site=site, name=f"House {n}") for n in range(1, 61)]


def _item(result, key):
    return next(i for i in result.items if i.key == key)


def test_independent_waves_give_the_issues_figure(
    more_units, survey, make_wave, answer, manager, issue_codes
):
    baseline, later = make_wave(WaveLabel.BASELINE, BASE), make_wave(WaveLabel.MONTH_6, LATER)
    first, second = more_units[:71], more_units[71:171]
    for n, unit in enumerate(first[:68]):
        answer(baseline, unit, {"safe_after_dark": SAFE if n < 23 else UNSAFE})
    for unit in first[68:71]:  # don't know: left out of the share, counted apart
        answer(baseline, unit, {"safe_after_dark": "dont_know"})
    for n, unit in enumerate(second):
        answer(later, unit, {"safe_after_dark": "very_safe" if n < 61 else "very_unsafe"},
               channel=Channel.DOOR_KNOCK)  # fmt: skip
    issue_codes(baseline, more_units[71:])  # letters to every home; most did not answer
    results = survey_results(Reader(manager), survey)
    base_item = _item(results.waves[0], "safe_after_dark")
    assert (base_item.share.yes, base_item.share.n, base_item.left_out) == (23, 68, 3)
    assert results.waves[0].rate.codes_issued == len(more_units)
    assert results.waves[0].rate.code_answers == 71
    change = next(c for c in results.changes if c.key == "safe_after_dark").change
    assert change == change_independent(23, 68, 61, 100)
    assert not change.paired
    from clearhold.surveys.display import change_text

    assert change_text(change) == "34% → 61% (change +27 points, 95% CI +12 to +41)"


def test_the_same_households_in_both_waves_are_paired(units, survey, make_wave, answer, manager):
    baseline, later = make_wave(WaveLabel.BASELINE, BASE), make_wave(WaveLabel.MONTH_3, LATER)
    # 30 households: 8 safe both times, 2 safe only before, 12 only after, 8 neither.
    pattern = [(True, True)] * 8 + [(True, False)] * 2 + [(False, True)] * 12 + [(False, False)] * 8
    for unit, (before, after) in zip(units, pattern, strict=False):
        answer(baseline, unit, {"safe_after_dark": SAFE if before else UNSAFE})
        answer(later, unit, {"safe_after_dark": SAFE if after else UNSAFE})
    results = survey_results(Reader(manager), survey)
    found = next(c for c in results.changes if c.key == "safe_after_dark")
    assert found.change == change_paired(8, 2, 12, 8)
    assert found.change.paired
    assert found.change.pairs == 30
    assert "30 households that answered both" in found.note


def test_a_few_households_in_both_waves_are_not_paired(units, survey, make_wave, answer, manager):
    baseline, later = make_wave(WaveLabel.BASELINE, BASE), make_wave(WaveLabel.MONTH_6, LATER)
    for n, unit in enumerate(units[:40]):
        answer(baseline, unit, {"safe_after_dark": SAFE if n % 3 == 0 else UNSAFE})
    for n, unit in enumerate(units[35:75]):  # five households answered both
        answer(later, unit, {"safe_after_dark": SAFE if n % 2 == 0 else UNSAFE})
    found = next(
        c for c in survey_results(Reader(manager), survey).changes if c.key == "safe_after_dark"
    )
    assert not found.change.paired
    assert found.change == change_independent(14, 40, 20, 40)
    assert "5 households answered both waves" in found.note


def test_open_link_answers_are_reported_apart(units, survey, make_wave, answer, manager):
    wave = make_wave(WaveLabel.BASELINE, BASE)
    for n, unit in enumerate(units[:10]):
        answer(wave, unit, {"safe_after_dark": SAFE if n < 3 else UNSAFE})
    for _ in range(6):
        answer(wave, None, {"safe_after_dark": "very_safe"})
    result = survey_results(Reader(manager), survey).waves[0]
    item = _item(result, "safe_after_dark")
    assert item.share == wilson(3, 10)
    assert item.open_link == wilson(6, 6)
    assert (result.rate.code_answers, result.rate.open_link_answers) == (10, 6)
    assert any("open link" in w for w in result.rate.warnings)


def test_only_the_waves_frozen_questions_are_scored(units, survey, make_wave, answer, manager):
    wave = make_wave(WaveLabel.BASELINE, BASE, keys=("safe_after_dark",))
    for unit in units[:6]:
        answer(wave, unit, {"safe_after_dark": SAFE, "problem_litter": "very_big"})
    result = survey_results(Reader(manager), survey).waves[0]
    assert [i.key for i in result.items] == ["safe_after_dark"]


def test_fewer_than_five_answers_show_nothing(units, survey, make_wave, answer, manager):
    baseline, later = make_wave(WaveLabel.BASELINE, BASE), make_wave(WaveLabel.MONTH_6, LATER)
    for unit in units[:20]:
        answer(baseline, unit, {"safe_after_dark": SAFE})
    for unit in units[20:24]:
        answer(later, unit, {"safe_after_dark": UNSAFE},
               texts={"comments": ("Quiet now.", TextReview.CLEAR, "Quiet now.")})  # fmt: skip
    results = survey_results(Reader(manager), survey)
    assert _item(results.waves[1], "safe_after_dark").share is None
    assert results.waves[1].comments == []
    assert any("Fewer than 5" in w for w in results.waves[1].rate.warnings)
    found = next(c for c in results.changes if c.key == "safe_after_dark")
    assert found.change is None
    assert "Fewer than 5" in found.note


def test_free_text_is_shown_only_once_read(units, survey, make_wave, answer, manager):
    wave = make_wave(WaveLabel.BASELINE, BASE)
    texts = [
        ("John at number 4 deals.", TextReview.REDACTED, "[name removed] deals."),
        ("Lights are out.", TextReview.CLEAR, "Lights are out."),
        ("Dave Smith shouts at night.", TextReview.UNREAD, ""),
    ]
    for unit, text in zip(units[:3], texts, strict=True):
        answer(wave, unit, {"safe_after_dark": SAFE}, texts={"comments": text})
    for unit in units[3:8]:
        answer(wave, unit, {"safe_after_dark": UNSAFE})
    result = survey_results(Reader(manager), survey).waves[0]
    assert result.comments == ["[name removed] deals.", "Lights are out."]
    assert result.comments_waiting == 1


def test_someone_outside_the_partnership_gets_nothing(survey, outsider):
    assert survey_results(Reader(outsider), survey) is None


def test_the_problem_page_shows_the_survey_beside_the_objectives(
    client, units, survey, make_wave, answer, manager, outsider
):
    baseline, later = make_wave(WaveLabel.BASELINE, BASE), make_wave(WaveLabel.MONTH_6, LATER)
    pattern = [(True, True)] * 8 + [(True, False)] * 2 + [(False, True)] * 12 + [(False, False)] * 8
    for unit, (before, after) in zip(units, pattern, strict=False):
        answer(baseline, unit, {"safe_after_dark": SAFE if before else UNSAFE})
        answer(later, unit, {"safe_after_dark": SAFE if after else UNSAFE})
    client.force_login(manager)
    page = client.get(survey.problem.get_absolute_url()).content.decode()
    assert "Residents’ survey" in page
    assert "Feel safe after dark: 33% → 67% (change +33 points" in page
    assert "<svg" in page
    assert "Illustrative answers" not in page
    assert page.index("residents-survey") < page.index('id="objectives"')
    client.force_login(outsider)
    assert client.get(survey.problem.get_absolute_url()).status_code in (403, 404)
