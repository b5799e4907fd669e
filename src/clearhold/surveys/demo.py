"""The demo's residents' survey at the Wisbech site: a baseline before the closure order and a
6-month wave, with ILLUSTRATIVE answers (``Wave.illustrative``; the page says so).

The case study reported residents' feelings only through quotes, so these answers are made up
to show the page, never presented as findings. They are chosen to read the way the issue's
example does and to be honest about their uncertainty: 44 of the 48 flats answered both waves
(door-knocking at retirement housing), 15 felt safe after dark at the baseline and 27 at six
months — one household less safe, thirteen more — so the page shows 34% → 61% (change +27
points, 95% CI +11 to +41, paired: McNemar exact p = 0.002). An objective of 70% by the
6-month review is then *not met*, with an interval that includes 70%.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.utils import timezone

from clearhold.surveys.items import SCALES, STANDARD_ITEMS
from clearhold.surveys.models import (
    Answer,
    Channel,
    HouseholdCode,
    Question,
    Response,
    Survey,
    SurveyObjective,
    TextReview,
    Wave,
    WaveLabel,
)

TITLE = "Residents’ survey: the open space off West Street"
HOUSEHOLDS = 44
#: Per item, how many of the 44 households gave the headline answer at the baseline and at six
#: months, and the first household giving it at six months (so some change each way: with
#: 15, 27 and 1, household 0 is less safe, 1–14 as safe as before, 15–27 safer).
HEADLINE = {
    "safe_after_dark": (15, 27, 1),
    "problem_drugs": (31, 14, 3),
    "problem_asb": (33, 16, 2),
    "problem_litter": (19, 12, 5),
    "confidence_local": (12, 22, 2),
    "would_report": (26, 33, 4),
}
COMMENTS = {
    WaveLabel.BASELINE: (
        ("People dealing by the bench near the gate most evenings. I don't go out after six.",
         TextReview.CLEAR, ""),
        ("The path is dark and the lights have been out for months.", TextReview.CLEAR, ""),
        ("Number 12's grandson is one of them.", TextReview.REDACTED,
         "[name removed] is one of them."),
    ),
    WaveLabel.MONTH_6: (
        ("Much quieter since the gate went in. I sit outside again in the summer.",
         TextReview.CLEAR, ""),
        ("Still some litter by the fence at weekends.", TextReview.UNREAD, ""),
    ),
}  # fmt: skip


def _answers(key: str, kind: str, wave_index: int) -> list[str]:
    """The illustrative values of one item for the 44 households, in household order."""
    before, after, shift = HEADLINE[key]
    scale = SCALES[kind]
    yes_values = sorted(scale.headline, key=scale.values.index)
    no_values = [v for v in scale.values if v not in scale.headline and v != "dont_know"]
    yes = set(range(before)) if wave_index == 0 else set(range(shift, shift + after))
    return [
        yes_values[i % len(yes_values)] if i in yes else no_values[i % len(no_values)]
        for i in range(HOUSEHOLDS)
    ]


def _wave(survey: Survey, label: str, opens: dt.date, closes: dt.date, review: Any) -> Wave:
    return Wave.objects.create(
        survey=survey,
        label=label,
        review=review,
        opens_on=opens,
        closes_on=closes,
        opened_at=timezone.make_aware(dt.datetime.combine(opens, dt.time(9))),
        questions=[
            {"key": q.key, "wording": q.wording, "kind": q.kind} for q in survey.questions.all()
        ],
        illustrative=True,
    )


def _fill(wave: Wave, units: list[Any], index: int, keyed_by: Any) -> None:
    """A code for every flat; answers from the first 44, keyed in at the door."""
    values = {
        q["key"]: _answers(q["key"], q["kind"], index)
        for q in wave.questions
        if q["key"] in HEADLINE
    }
    comments = COMMENTS.get(wave.label, ())
    for i, unit in enumerate(units):
        digest = hashlib.sha256(f"illustrative demo code {wave.pk}-{unit.pk}".encode()).hexdigest()
        code = HouseholdCode.objects.create(wave=wave, unit=unit, digest=digest)
        if i >= HOUSEHOLDS:
            continue
        code.used_at = wave.opened_at
        code.save(update_fields=["used_at"])
        response = Response.objects.create(
            wave=wave, channel=Channel.DOOR_KNOCK, code=code, keyed_by=keyed_by
        )
        Answer.objects.bulk_create(
            Answer(response=response, question_key=key, value=answers[i])
            for key, answers in values.items()
        )
        if i < len(comments):
            text, review, redacted = comments[i]
            Answer.objects.create(
                response=response,
                question_key="comments",
                text=text,
                text_review=review,
                shown_text=redacted or (text if review == TextReview.CLEAR else ""),
                reviewed_by=keyed_by if review != TextReview.UNREAD else None,
            )
    # Answered while the wave was open (the field is set on saving, so set it afterwards).
    Response.objects.filter(wave=wave).update(submitted_at=wave.opened_at + dt.timedelta(days=3))


def demo_survey_load(*, problem: Any, site: Any, manager: Any) -> Survey | None:
    """The survey, its two illustrative waves and a 70% objective on feeling safe after dark."""
    if Survey.objects.filter(problem=problem, title=TITLE).exists():
        return None
    units = list(site.units.order_by("id"))
    if len(units) < HOUSEHOLDS:
        return None
    survey = Survey.objects.create(problem=problem, site=site, title=TITLE, created_by=manager)
    for position, item in enumerate(STANDARD_ITEMS):
        Question.objects.create(
            survey=survey,
            key=item.key,
            wording=item.wording,
            kind=item.kind,
            source=item.source,
            position=position,
        )
    six_months = problem.reviews.filter(months=6).first()
    baseline = _wave(survey, WaveLabel.BASELINE, dt.date(2025, 4, 7), dt.date(2025, 4, 30), None)
    later = _wave(
        survey, WaveLabel.MONTH_6, dt.date(2025, 10, 13), dt.date(2025, 11, 3), six_months
    )
    _fill(baseline, units, 0, manager)
    _fill(later, units, 1, manager)
    SurveyObjective.objects.create(
        problem=problem,
        survey=survey,
        question_key="safe_after_dark",
        target_share=Decimal("70"),
        by_label=WaveLabel.MONTH_6,
        by_date=dt.date(2025, 11, 7),
    )
    return survey
