from django import forms

from clearhold.audit.models import AuditAction


class AuditSearchForm(forms.Form):
    text = forms.CharField(label="Person, organisation or record", required=False, max_length=200)
    action = forms.ChoiceField(
        label="What happened", required=False, choices=[("", "Anything"), *AuditAction.choices]
    )
    date_from = forms.DateField(label="From (YYYY-MM-DD)", required=False)
    date_to = forms.DateField(label="To (YYYY-MM-DD)", required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return data
