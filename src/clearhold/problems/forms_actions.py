"""Forms for the action plan and meetings. The services repeat every check; the forms only
parse input and offer the choices that make sense for this problem."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from clearhold.accounts.models import Organisation
from clearhold.problems.actions import COST_NEGATIVE, COST_NOT_A_NUMBER
from clearhold.problems.meetings import MAX_NEW_ACTIONS, ROW_PREFIX, meeting_attendee_choices
from clearhold.problems.models import ActionStatus, Layer, Problem, Vat
from clearhold.toolkit.forms import DATE_FORMATS, DATE_HINT, DayField, Form

__all__ = ["DATE_FORMATS", "DATE_HINT", "PoundsField"]


class PoundsField(forms.DecimalField):
    """A cost in pounds: accepts "2800", "2,800.50" or "£2,800"; never negative."""

    default_error_messages = {"invalid": COST_NOT_A_NUMBER}

    def __init__(self, **kwargs) -> None:
        super().__init__(max_digits=12, decimal_places=2, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)

    def validate(self, value) -> None:
        super().validate(value)
        if value is not None and value < Decimal(0):
            raise forms.ValidationError(COST_NEGATIVE, code="min_value")


def _partner_organisations(problem: Problem):
    return Organisation.objects.filter(pk__in=problem.partners.values("organisation_id")).order_by(
        "name"
    )


def _members(problem: Problem):
    return (
        get_user_model()
        .objects.filter(memberships__problem=problem)
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )


class ActionForm(Form):
    title = forms.CharField(
        label="Action", max_length=200, help_text="e.g. Fence the north boundary"
    )
    description = forms.CharField(label="Details (optional)", required=False, widget=forms.Textarea)
    layer = forms.ChoiceField(label="Layer", choices=Layer.choices)
    owner_organisation = forms.ModelChoiceField(
        label="Owner organisation",
        queryset=Organisation.objects.none(),
        help_text="A partner in this problem",
    )
    owner = forms.ModelChoiceField(
        label="Owner (optional)",
        queryset=get_user_model().objects.none(),
        required=False,
        help_text="A named member of this problem",
    )
    due_date = DayField(label="Due date", input_formats=DATE_FORMATS, help_text=DATE_HINT)
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, initial=ActionStatus.PLANNED
    )
    cost = PoundsField(
        label="Cost in pounds (optional)", required=False, help_text="e.g. 2800 or 2800.50"
    )
    vat = forms.ChoiceField(label="VAT", choices=Vat.choices, initial=Vat.NO_VAT)
    funder = forms.CharField(
        label="Funder (optional)",
        max_length=200,
        required=False,
        help_text="Who pays, e.g. Fenland District Council",
    )

    def __init__(self, *args, problem: Problem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = _partner_organisations(problem)
        self.fields["owner"].queryset = _members(problem)


class MeetingForm(Form):
    date = DayField(label="Date of the meeting", input_formats=DATE_FORMATS, help_text=DATE_HINT)
    attendees = forms.ModelMultipleChoiceField(
        label="Who attended",
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    decisions = forms.CharField(label="Decisions", required=False, widget=forms.Textarea)
    next_meeting = DayField(
        label="Next meeting (optional)",
        input_formats=DATE_FORMATS,
        required=False,
        help_text=f"Leave empty for one calendar month after this meeting. {DATE_HINT}",
    )

    def __init__(self, *args, problem: Problem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = meeting_attendee_choices(problem=problem)
        self.fields["attendees"].label_from_instance = _person_label


def _person_label(person) -> str:
    name = person.get_full_name() or person.username
    return f"{name}, {person.organisation}" if person.organisation_id else name


class NewActionRowForm(Form):
    """One optional decision that becomes an action: all four fields, or none."""

    title = forms.CharField(label="Action", max_length=200, required=False)
    layer = forms.ChoiceField(
        label="Layer", choices=[("", "Choose a layer"), *Layer.choices], required=False
    )
    owner_organisation = forms.ModelChoiceField(
        label="Owner organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose an organisation",
    )
    due_date = DayField(
        label="Due date", input_formats=DATE_FORMATS, required=False, help_text=DATE_HINT
    )

    REQUIRED = {
        "title": "Enter the action",
        "layer": "Choose the layer",
        "owner_organisation": "Choose the organisation that owns the action",
        "due_date": "Enter the due date",
    }

    def __init__(self, *args, problem: Problem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = _partner_organisations(problem)
        number = (self.prefix or "").rsplit("-", 1)[-1]
        if number.isdigit():
            for bound in self.fields.values():
                bound.label = f"{bound.label} (decision {int(number) + 1})"

    def is_blank(self) -> bool:
        return not any(self.data.get(self.add_prefix(name), "").strip() for name in self.fields)

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.is_blank():
            return cleaned
        for name, message in self.REQUIRED.items():
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        return cleaned


NewActionFormSet = forms.formset_factory(
    NewActionRowForm, extra=MAX_NEW_ACTIONS, max_num=MAX_NEW_ACTIONS, validate_max=True
)


def new_action_formset(data=None, *, problem: Problem):
    return NewActionFormSet(data, prefix=ROW_PREFIX, form_kwargs={"problem": problem})


def new_action_rows(formset) -> list[dict]:
    """The filled rows of a valid formset, as ``meeting_create`` takes them (row ``i`` of
    this list is form ``filled_row_indexes(formset)[i]``)."""
    return [form.cleaned_data for form in formset.forms if not form.is_blank()]


def filled_row_indexes(formset) -> list[int]:
    return [i for i, form in enumerate(formset.forms) if not form.is_blank()]


def meeting_errors_show(invalid: ValidationError, *, form: MeetingForm, formset) -> None:
    """Put ``meeting_create``'s errors on the meeting form and on the right new-action row
    (row keys ``new_actions-<i>-<field>`` count the filled rows only)."""
    rows = filled_row_indexes(formset)
    for name, errors in invalid.message_dict.items():
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == ROW_PREFIX and parts[1].isdigit():
            row_form = formset.forms[rows[int(parts[1])]]
            row_form.add_error(parts[2] if parts[2] in row_form.fields else None, errors)
        else:
            form.add_error(name if name in form.fields else None, errors)
