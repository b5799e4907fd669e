"""The person's digest settings form: on or off, how often, and which kinds."""

from __future__ import annotations

from django import forms

from clearhold.notifications.models import DigestSettings
from clearhold.toolkit.forms import ModelForm


class DigestSettingsForm(ModelForm):
    class Meta:
        model = DigestSettings
        fields = ["enabled", "frequency", "clocks", "actions", "reviews"]
        widgets = {"frequency": forms.RadioSelect}
        error_messages = {"frequency": {"required": "Choose how often to get the digest."}}

    def clean(self):
        data = super().clean()
        if data.get("enabled") and not any(data.get(k) for k in ("clocks", "actions", "reviews")):
            raise forms.ValidationError(
                "Choose at least one thing for the digest to list, or turn the digest off."
            )
        return data
