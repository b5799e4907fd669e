"""Residents' survey of confidence and feelings of safety, in waves before and after.

A survey belongs to one site of a problem; its questions are the recognised items (Crime
Survey for England and Wales wording where it exists, ``clearhold.surveys.items``) plus any the
partnership adds. A wave is one round of asking (the baseline, then at the 3-, 6- and 12-month
reviews); once it opens its questions are frozen (``Wave.questions`` keeps the wording asked).
Households answer with a one-time code printed on their letter, so one answer per home and no
names; an officer may key in a paper answer on a door-knock; an open link collects answers at
events, marked as such.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class QuestionKind(models.TextChoices):
    AGREE = "agree", "Agree or disagree (five points)"
    SAFETY = "safety", "How safe do you feel (four points)"
    PROBLEM = "problem", "How much of a problem (four points)"
    YES_NO = "yes_no", "Yes or no"
    FREE_TEXT = "free_text", "Free text"


class Survey(models.Model):
    problem = models.ForeignKey(
        "problems.Problem", on_delete=models.CASCADE, related_name="surveys"
    )
    site = models.ForeignKey("places.Site", on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One item of a survey; ``key`` names it across waves (so waves can be compared)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=60)
    wording = models.TextField()
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    source = models.CharField(
        max_length=200, blank=True, help_text="e.g. Crime Survey for England and Wales"
    )
    position = models.PositiveSmallIntegerField(default=0)
    added_by_partnership = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="one_question_key_per_survey")
        ]

    def __str__(self) -> str:
        return self.wording


class WaveLabel(models.TextChoices):
    BASELINE = "baseline", "Baseline (before the intervention)"
    MONTH_3 = "month_3", "3-month review"
    MONTH_6 = "month_6", "6-month review"
    MONTH_12 = "month_12", "12-month review"
    OTHER = "other", "Other"


class Wave(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    label = models.CharField(max_length=20, choices=WaveLabel.choices)
    review = models.ForeignKey(
        "problems.Review", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opens_on = models.DateField()
    closes_on = models.DateField()
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a member closed it: no answer is taken after"
    )
    questions = models.JSONField(
        default=list,
        blank=True,
        help_text="The questions as asked, frozen when the wave opens: key, wording, kind",
    )
    illustrative = models.BooleanField(
        default=False, help_text="Demo answers made up to show the page; never real residents"
    )

    class Meta:
        ordering = ["opens_on", "id"]

    def __str__(self) -> str:
        return f"{self.survey} — {self.get_label_display()}"

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def problem(self):
        """The survey's problem: what a document made from the wave (its letters) belongs to."""
        return self.survey.problem


class HouseholdCode(models.Model):
    """A one-time code printed on one unit's letter: only its digest is stored."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="codes")
    unit = models.ForeignKey("places.Unit", on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "unit"], name="one_code_per_unit_per_wave")
        ]

    def __str__(self) -> str:
        return f"Household code {self.pk} for {self.wave}"


class Channel(models.TextChoices):
    CODE = "code", "Online with a household code"
    DOOR_KNOCK = "door_knock", "On paper at the door, keyed in by an officer"
    OPEN_LINK = "open_link", "Open link (e.g. at an event): not one per household"


class Response(models.Model):
    """One household's (or, by the open link, one person's) answers to a wave: no names."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    code = models.OneToOneField(
        HouseholdCode, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.wave}"


class TextReview(models.TextChoices):
    UNREAD = "unread", "Not yet read"
    CLEAR = "clear", "Read: free of names"
    REDACTED = "redacted", "Read: names redacted"


class Answer(models.Model):
    """One answer: ``value`` is the chosen option's key; free text waits in ``text`` until a
    member has read it and marked it free of names or redacted it (``shown_text``)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_key = models.SlugField(max_length=60)
    value = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True)
    text_review = models.CharField(
        max_length=10, choices=TextReview.choices, default=TextReview.UNREAD
    )
    shown_text = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_key"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_key}"


class SurveyObjective(models.Model):
    """A SMART objective on a survey item: e.g. 70% feel safe after dark by the 6-month
    review, measured live from the latest wave like the incident objectives."""

    problem = models.ForeignKey(
        "problems.Problem", on_delete=models.CASCADE, related_name="survey_objectives"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="objectives")
    question_key = models.SlugField(max_length=60)
    target_share = models.DecimalField(
        max_digits=5, decimal_places=2, help_text="Per cent of answers agreeing, 0 to 100"
    )
    by_label = models.CharField(max_length=20, choices=WaveLabel.choices)
    by_date = models.DateField()

    def __str__(self) -> str:
        return f"{self.target_share}% on {self.question_key} by {self.get_by_label_display()}"


class SurveyVersion(models.Model):
    """One row: how many times any survey, wave, household code, response or answer was
    added, changed or removed, kept by database triggers (``survey_changes.py``). The problem
    page's survey results are cached under it (``results_cache.py``), so a new response, a
    cleared comment or a changed wave is seen at once."""

    changes = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.changes} changes"
