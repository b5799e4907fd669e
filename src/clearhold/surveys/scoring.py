"""A survey's results: per wave and item the headline share with its interval, and the change
from the baseline to the latest wave with its interval and test.

Only a wave's frozen questions are scored (``Wave.questions``), so an item added later is
never read into an earlier wave. Answers by household code (online, or keyed in at the door)
are the survey; open-link answers (anyone, any number of times) are scored apart and never
mixed in. The change is *paired* (McNemar, Newcombe's paired interval) when at least three in
four of the households that answered the item in each wave answered it in both — matched
through their unit's code — and is then computed on those households; otherwise the two waves
are treated as independent samples (which, with some households in both, if anything widens
the interval: their answers agree more often than strangers' do). The statistics are in
:mod:`clearhold.analysis.survey`.

Every figure is read through the reader's problem (``reader.may_see``): the fields read are all
public (no names; free text only once a member has read it and cleared or redacted it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from clearhold.analysis.survey import (
    MIN_BREAKDOWN,
    Change,
    ResponseRate,
    Share,
    change_independent,
    change_paired,
    response_rate,
    wilson,
)
from clearhold.authz import DataClass
from clearhold.readmodel import Reader
from clearhold.surveys.items import SCALES, headline
from clearhold.surveys.models import (
    Answer,
    Channel,
    HouseholdCode,
    Response,
    Survey,
    TextReview,
    Wave,
    WaveLabel,
)
from clearhold.surveys.results_cache import survey_scored, with_version
from clearhold.toolkit.ordering import in_order

FREE_TEXT = "free_text"
#: The change is paired when the households that answered the item in both waves are at least
#: this share of each wave's answers: the paired shares are then nearly the waves' own shares.
PAIRED_SHARE = 0.75


@dataclass
class ItemResult:
    """One item in one wave: the household share (None below :data:`MIN_BREAKDOWN` answers
    counted) and the open-link share apart, with the don't-knows left out of both."""

    key: str
    wording: str
    kind: str
    phrase: str
    higher_is_better: bool
    share: Share | None
    open_link: Share | None
    counted: int
    left_out: int


@dataclass
class WaveResult:
    wave: Wave
    rate: ResponseRate
    items: list[ItemResult]
    comments: list[str] = field(default_factory=list)
    comments_waiting: int = 0
    as_at: dt.datetime | None = None
    #: Each frozen question's household answers as (unit, value), read once for the wave's
    #: shares and kept for pairing its households with another wave's (:func:`item_change`).
    household: dict[str, list[tuple[int | None, str]]] = field(default_factory=dict)


@dataclass
class ItemChange:
    key: str
    wording: str
    phrase: str
    higher_is_better: bool
    change: Change | None
    note: str = ""

    @property
    def better(self) -> bool | None:
        """Whether the change is an improvement that the interval excludes 0 for."""
        if self.change is None or self.change.low <= 0 <= self.change.high:
            return None
        return (self.change.difference > 0) == self.higher_is_better


@dataclass
class SurveyResults:
    survey: Survey
    waves: list[WaveResult]
    baseline: WaveResult | None
    latest: WaveResult | None
    changes: list[ItemChange]

    @property
    def illustrative(self) -> bool:
        return any(w.wave.illustrative for w in self.waves)


def _answers(wave: Wave, as_at: dt.datetime | None):
    """The wave's answers, only those given by ``as_at`` when it is set."""
    answers = Answer.objects.filter(response__wave=wave)
    return answers if as_at is None else answers.filter(response__submitted_at__lte=as_at)


def _values(
    wave: Wave, as_at: dt.datetime | None
) -> dict[str, dict[str, list[tuple[int | None, str]]]]:
    """Each frozen question's answers as (unit, value), split by household and open link."""
    keys = {q["key"] for q in wave.questions}
    found: dict[str, dict[str, list[tuple[int | None, str]]]] = {
        "household": defaultdict(list),
        "open_link": defaultdict(list),
    }
    rows = (
        _answers(wave, as_at)
        .filter(question_key__in=keys)
        .values_list("question_key", "value", "response__channel", "response__code__unit_id")
    )
    for key, value, channel, unit in rows:
        side = "open_link" if channel == Channel.OPEN_LINK else "household"
        found[side][key].append((unit, value))
    return found


def _share(values: list[tuple[int | None, str]], kind: str) -> tuple[Share | None, int, int]:
    counted = [h for _unit, v in values if (h := headline(kind, v)) is not None]
    yes = sum(counted)
    share = wilson(yes, len(counted)) if len(counted) >= MIN_BREAKDOWN else None
    return share, len(counted), len(values) - len(counted)


def _comments(
    reader: Reader, wave: Wave, shown: bool, as_at: dt.datetime | None
) -> tuple[list[str], int]:
    """Free text a member has read and cleared (or redacted), and how many still wait: one
    query of the wave's free-text answers, their raw text left unread (only what was cleared
    is ever shown), each with the problem it is checked against."""
    free = [q["key"] for q in wave.questions if q["kind"] == FREE_TEXT]
    if not free:
        return [], 0
    answers = (
        _answers(wave, as_at)
        .filter(question_key__in=free)
        .exclude(text="")
        .defer("text")
        .select_related("response__wave__survey__problem")
        .order_by("id")
    )
    found = list(answers)
    read = [a for a in found if a.text_review != TextReview.UNREAD]
    waiting = len(found) - len(read)
    if not shown:
        return [], waiting
    return [str(a.shown_text) for a in reader.show_all(read) if a.shown_text], waiting


def _counted(waves: QuerySet[Wave], as_at: dt.datetime | None) -> QuerySet[Wave]:
    """The waves with their household codes and their responses by channel (as at ``as_at``)
    counted in the same query, a subquery each: the problem page scores every wave."""
    responses = Response.objects.filter(wave=OuterRef("pk"))
    if as_at is not None:
        responses = responses.filter(submitted_at__lte=as_at)
    open_link = Q(channel=Channel.OPEN_LINK)
    return waves.annotate(
        codes_issued=_count(HouseholdCode.objects.filter(wave=OuterRef("pk"))),
        code_answers=_count(responses.exclude(open_link)),
        open_answers=_count(responses.filter(open_link)),
    )


def _count(rows: QuerySet) -> Coalesce:
    """A correlated COUNT of ``rows`` (filtered on the outer wave), 0 when there are none."""
    counted = rows.order_by().values("wave").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def wave_result(reader: Reader, wave: Wave, as_at: dt.datetime | None = None) -> WaveResult:
    """One wave's response rate, item shares and cleared comments (as at ``as_at``); the wave
    comes from :func:`_counted` with the same ``as_at``."""
    values = _values(wave, as_at)
    rate = response_rate(wave.codes_issued, wave.code_answers, wave.open_answers)
    items = []
    for question in wave.questions:
        scale = SCALES.get(question["kind"])
        if scale is None:
            continue
        share, counted, left_out = _share(values["household"][question["key"]], scale.kind)
        open_share, _n, _left = _share(values["open_link"][question["key"]], scale.kind)
        items.append(
            ItemResult(
                question["key"],
                question["wording"],
                scale.kind,
                scale.headline_phrase,
                scale.higher_is_better,
                share if rate.breakdown_shown else None,
                open_share,
                counted,
                left_out,
            )
        )
    comments, waiting = _comments(reader, wave, rate.breakdown_shown, as_at)
    return WaveResult(wave, rate, items, comments, waiting, as_at, values["household"])


def _by_unit(result: WaveResult, key: str, kind: str) -> dict[int, bool]:
    """Each household's headline answer to ``key`` in the wave, by its unit."""
    return {
        unit: h
        for unit, value in result.household.get(key, ())
        if unit is not None and (h := headline(kind, value)) is not None
    }


def item_change(before: WaveResult, after: WaveResult, item: ItemResult) -> ItemChange:
    """The change in one item from ``before`` to ``after``: paired on the households that
    answered both when they are :data:`PAIRED_SHARE` of each wave's answers, else
    independent."""
    result = ItemChange(item.key, item.wording, item.phrase, item.higher_is_better, None)
    old = next((i for i in before.items if i.key == item.key and i.kind == item.kind), None)
    if old is None:
        result.note = "Not asked in the baseline wave."
        return result
    if old.share is None or item.share is None:
        result.note = f"Fewer than {MIN_BREAKDOWN} answers in a wave: no change is shown."
        return result
    first, second = _by_unit(before, item.key, item.kind), _by_unit(after, item.key, item.kind)
    pairs = first.keys() & second.keys()
    if len(pairs) >= MIN_BREAKDOWN and len(pairs) >= PAIRED_SHARE * max(old.counted, item.counted):
        table = defaultdict(int)
        for unit in pairs:
            table[(first[unit], second[unit])] += 1
        result.change = change_paired(
            table[(True, True)], table[(True, False)], table[(False, True)], table[(False, False)]
        )
        result.note = f"Paired: the {len(pairs)} households that answered both waves."
        return result
    result.change = change_independent(old.share.yes, old.share.n, item.share.yes, item.share.n)
    if pairs:
        result.note = (
            f"{len(pairs)} households answered both waves, too few to pair: the waves are "
            "compared as independent samples, which if anything widens the interval."
        )
    return result


Scored = tuple[list[WaveResult], WaveResult | None, WaveResult | None, list[ItemChange]]


def _scored(reader: Reader, opened: QuerySet[Wave], as_at: dt.datetime | None = None) -> Scored:
    """The ``opened`` waves' results (as at ``as_at``), the baseline, the latest wave with
    answers, and each item's change from the one to the other."""
    waves = [
        wave_result(reader, w, as_at) for w in _counted(opened, as_at).order_by("opens_on", "id")
    ]
    baseline = next((w for w in waves if w.wave.label == WaveLabel.BASELINE), None)
    later = [w for w in waves if w is not baseline and w.rate.code_answers]
    latest = later[-1] if baseline is not None and later else None
    changes = (
        [item_change(baseline, latest, item) for item in latest.items]
        if baseline is not None and latest is not None
        else []
    )
    return waves, baseline, latest, changes


def survey_results(
    reader: Reader, survey: Survey, as_at: dt.datetime | None = None
) -> SurveyResults | None:
    """The survey's opened waves with their results, and the change from the baseline to the
    latest wave; None when the reader may not see the survey's problem. With ``as_at``, only
    the waves opened and the answers given by then (what a completed review saw)."""
    if not reader.may_see(DataClass.PUBLIC, survey.problem):
        return None
    opened = survey.waves.exclude(opened_at=None)
    if as_at is not None:
        opened = opened.filter(opened_at__lte=as_at)
    return SurveyResults(survey, *_scored(reader, opened, as_at))


def _current_results(reader: Reader, survey: Survey) -> SurveyResults:
    """The survey's results as they stand, kept under its data version (``results_cache``:
    public fields only, the same for everyone the caller let past its check). The waves are
    read by the survey's id, not through it, so a kept result holds no survey or problem."""

    def scored() -> Scored:
        return _scored(reader, Wave.objects.filter(survey_id=survey.pk).exclude(opened_at=None))

    return SurveyResults(survey, *survey_scored(survey, scored))


def problem_survey_results(
    reader: Reader, problem: Any, as_at: dt.datetime | None = None
) -> list[SurveyResults]:
    """Every survey of the problem with its results, oldest first (as at ``as_at``; without,
    as they stand, kept under the survey data version). Each survey is read through the
    problem given, so the page's own record decides what the reader sees."""
    if not reader.may_see(DataClass.PUBLIC, problem):
        return []
    # The site's name is shown, never its outline (a long GeoJSON text read for nothing).
    surveys = problem.surveys.select_related("site").defer("site__boundary")
    surveys = surveys.order_by()  # sorted here, oldest first (``in_order``)
    if as_at is not None:
        in_time = in_order(surveys, "created_at", "id")
        return [r for s in in_time if (r := survey_results(reader, s, as_at))]
    in_time = in_order(with_version(surveys), "created_at", "id")
    return [_current_results(reader, survey) for survey in in_time]
