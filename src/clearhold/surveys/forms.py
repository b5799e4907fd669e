"""Forms for the survey: parsing only (the rules are in ``services`` and ``answering``).

The answer form is built from a wave's frozen questions: radios for the scales of
``items.SCALES`` (their values exactly, which the results read), a text box for free text.
Every question may be left blank, as on paper.
"""

from __future__ import annotations

from typing import Any

from django import forms

from clearhold.surveys.items import SCALES
from clearhold.surveys.models import QuestionKind, WaveLabel
from clearhold.toolkit.forms import DayField, Form

FREE_TEXT_HINT = "Please do not write anyone’s name, or anything that could identify someone."


class Radios(forms.RadioSelect):
    """Radios whose error-summary link goes to the first radio."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index is None else super().id_for_label(id_, index)


class SurveyForm(Form):
    site = forms.ModelChoiceField(
        label="Site",
        queryset=None,
        empty_label=None,
        help_text="Every home recorded at this site gets a letter with its own code",
        error_messages={"invalid_choice": "Choose one of this problem’s sites."},
    )
    title = forms.CharField(
        label="Title (optional)",
        max_length=200,
        required=False,
        help_text="For example: Residents’ survey of the West Street open space",
    )

    def __init__(self, *args, problem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = problem.sites.all()


class QuestionForm(Form):
    wording = forms.CharField(
        label="Question",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Plain words, one thing at a time. Never ask for a name.",
        error_messages={"required": "Enter the question."},
    )
    kind = forms.ChoiceField(
        label="How residents answer",
        choices=QuestionKind.choices,
        widget=Radios,
        error_messages={"required": "Choose how residents answer."},
    )


class WaveForm(Form):
    label = forms.ChoiceField(
        label="Which round of asking",
        choices=WaveLabel.choices,
        widget=Radios,
        help_text="A 3-, 6- or 12-month wave is tied to that review of the problem",
        error_messages={"required": "Choose which round of asking this is."},
    )
    opens_on = DayField(label="Opens on", what="the day it opens")
    closes_on = DayField(label="Closes on", what="the day it closes")


def _answer_field(question: dict[str, str]) -> forms.Field:
    if question["kind"] == QuestionKind.FREE_TEXT:
        return forms.CharField(
            label=question["wording"],
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=FREE_TEXT_HINT,
        )
    return forms.ChoiceField(
        label=question["wording"],
        required=False,
        choices=SCALES[question["kind"]].answers,
        widget=Radios,
        error_messages={"invalid_choice": "Choose one of the answers offered."},
    )


class AnswerForm(Form):
    """One field per question the wave asks, named by the question's key."""

    def __init__(self, *args, questions: list[dict[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question["key"]] = _answer_field(question)

    def answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class CodeForm(Form):
    code = forms.CharField(
        label="Your household code",
        max_length=20,
        help_text="It is on your letter, for example ACDE-3467",
        error_messages={"required": "Enter the code on your letter."},
    )


class DoorKnockForm(AnswerForm):
    """A paper answer keyed in at the door: the code on the household's letter, then answers."""

    code = forms.CharField(
        label="The household code on their letter",
        max_length=20,
        help_text="For example ACDE-3467",
        error_messages={"required": "Enter the household’s code."},
    )

    def answers(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "code"}


class TextReviewForm(Form):
    decision = forms.ChoiceField(
        label="Having read it",
        choices=[("clear", "It is free of names"), ("redact", "Redact it")],
        widget=Radios,
        error_messages={"required": "Say whether it is free of names or needs redacting."},
    )
    shown_text = forms.CharField(
        label="The answer as it may be shown (if you redact it)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Replace each name or identifying detail with [name removed]",
    )
