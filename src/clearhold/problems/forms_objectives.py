"""Forms for objectives and reviews: parsing only. The rules (an empty metric, a site not on
the problem, a deadline before the start, a review completed twice…) live in the services,
whose field messages the views put back on these forms."""

from __future__ import annotations

from django import forms

from clearhold.ingest.taxonomy import Category
from clearhold.problems.models import ReviewDecision
from clearhold.toolkit.forms import DayField, Form, MonthField


class Checkboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose error-summary link goes to the first box (the template gives it the
    field's id), as the GOV.UK pattern asks; Django links a checkbox group to nothing."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index is None else super().id_for_label(id_, index)


class Radios(forms.RadioSelect):
    """Radios whose error-summary link goes to the first radio (see :class:`Checkboxes`)."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return id_ if index is None else super().id_for_label(id_, index)


class ObjectiveForm(Form):
    title = forms.CharField(
        label="Objective",
        max_length=200,
        required=False,
        help_text="For example: 75% fewer ASB reports at the open space within six months",
    )
    categories = forms.MultipleChoiceField(
        label="Incidents counted",
        required=False,
        widget=Checkboxes,
        choices=[(c.value, c.label) for c in Category],
    )
    site = forms.ModelChoiceField(
        label="Site",
        queryset=None,
        empty_label=None,
        help_text="Incidents inside this site’s outline are counted",
        error_messages={"invalid_choice": "Choose one of this problem’s sites."},
    )
    baseline_from = MonthField(label="Baseline: first month", what="the baseline’s first month")
    baseline_to = MonthField(label="Baseline: last month", what="the baseline’s last month")
    target_change_pct = forms.FloatField(
        label="Target change (%)",
        help_text="Negative for a fall: −75 means 75% fewer",
        error_messages={"invalid": "Enter the target as a number, for example -75."},
    )
    deadline = DayField(
        label="Deadline",
        error_messages={"invalid": "Enter the deadline as a real date"},
    )

    def __init__(self, *args, problem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = problem.sites.all()

    def full_clean(self) -> None:
        # Accept the typographic minus sign the hint shows.
        if self.is_bound and "target_change_pct" in self.data:
            data = self.data.copy()
            data["target_change_pct"] = str(data["target_change_pct"]).replace("−", "-")
            self.data = data
        super().full_clean()


class ReviewForm(Form):
    narrative = forms.CharField(
        label="What the review found",
        widget=forms.Textarea,
        required=False,
        help_text="Progress against each objective, what worked, what did not, and why",
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=ReviewDecision.choices,
        widget=Radios,
        required=False,
    )
