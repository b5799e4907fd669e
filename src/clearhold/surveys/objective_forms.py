"""The survey objective form: parsing only; the service checks the rules and saves."""

from __future__ import annotations

from django import forms

from clearhold.surveys.display import short_name
from clearhold.surveys.items import SCALES
from clearhold.surveys.models import Question, Survey, WaveLabel
from clearhold.toolkit.forms import DayField, Form


class SurveyObjectiveForm(Form):
    survey = forms.ModelChoiceField(
        label="Survey",
        queryset=Survey.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of this problem’s surveys."},
    )
    question_key = forms.ChoiceField(label="Question", choices=())
    target_share = forms.DecimalField(
        label="Target share (%)",
        max_digits=5,
        decimal_places=2,
        help_text="For example 70 for “70% feel safe after dark”. For a “big problem” question "
        "the target is a ceiling: 20 means at most 20% say it is a big problem.",
        error_messages={"invalid": "Enter the target as a number, for example 70."},
    )
    by_label = forms.ChoiceField(
        label="By the wave",
        choices=[c for c in WaveLabel.choices if c[0] != WaveLabel.BASELINE],
    )
    by_date = DayField(label="By the date", error_messages={"invalid": "Enter a real date"})

    def __init__(self, *args, problem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        surveys = Survey.objects.filter(problem=problem).order_by("id")
        self.fields["survey"].queryset = surveys
        questions = Question.objects.filter(survey__in=surveys, kind__in=list(SCALES))
        self.fields["question_key"].choices = list(
            dict.fromkeys((q.key, short_name(q.key, q.wording)) for q in questions)
        )
