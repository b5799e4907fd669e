"""The forms toolkit: the base forms whose messages name their fields, the GOV.UK date input,
and putting a service's refusal back on the form that asked for it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from clearhold.toolkit.forms_dates import (
    DATE_FORMATS,
    DATE_HINT,
    DATE_TIME_HINT,
    MONTH_HINT,
    DateInput,
    DateTimeInput,
    DayField,
    MonthField,
    MonthInput,
    day,
)
from clearhold.toolkit.forms_messages import Form, FormMeta, GovukMessages, ModelForm


def add_validation_errors(form: forms.Form, error: ValidationError) -> None:
    """Attach each field's messages to that field (others to the whole form), so the GOV.UK
    error summary links to the right input."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


__all__ = [
    "DATE_FORMATS",
    "DATE_HINT",
    "DATE_TIME_HINT",
    "MONTH_HINT",
    "DateInput",
    "DateTimeInput",
    "DayField",
    "Form",
    "FormMeta",
    "GovukMessages",
    "ModelForm",
    "MonthField",
    "MonthInput",
    "add_validation_errors",
    "day",
]
