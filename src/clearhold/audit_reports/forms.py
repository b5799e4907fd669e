"""Forms of the audit pages: search, the purpose of a read, the DPO report, subject access."""

from django import forms

from clearhold.accounts.models import Organisation
from clearhold.audit.models import AuditAction
from clearhold.audit.purposes import Purpose
from clearhold.authz import SHARED_CLASSES
from clearhold.toolkit.forms import DayField, Form


class AuditSearchForm(Form):
    text = forms.CharField(label="Person, organisation or record", required=False, max_length=200)
    action = forms.ChoiceField(
        label="What happened", required=False, choices=[("", "Anything"), *AuditAction.choices]
    )
    date_from = DayField(label="From", what="the ‘from’ date", required=False)
    date_to = DayField(label="To", what="the ‘to’ date", required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return data


class PurposeForm(Form):
    purpose = forms.ChoiceField(
        label="Why do you need the personal data on this problem?",
        error_messages={"required": "Select why you need the personal data"},
        choices=Purpose.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="What is the purpose?", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("purpose") == Purpose.OTHER and not data.get("note", "").strip():
            self.add_error("note", "Say what the purpose is")
        return data


class ReadReportForm(Form):
    date_from = DayField(label="From", what="the ‘from’ date", required=False)
    date_to = DayField(label="To", what="the ‘to’ date", required=False)
    organisation = forms.ChoiceField(label="Organisation", required=False)
    data_class = forms.ChoiceField(
        label="Data class",
        required=False,
        choices=[("", "Any"), *[(c.value, c.label) for c in SHARED_CLASSES]],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = Organisation.objects.values_list("name", flat=True)
        self.fields["organisation"].choices = [("", "Any"), *[(n, n) for n in names]]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return data


class SubjectSearchForm(Form):
    name = forms.CharField(
        label="Name or words from the record",
        max_length=200,
        help_text="A person under enforcement by name; a vulnerable person by words in the record",
    )
