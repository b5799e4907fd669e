"""Error messages that name their field, in the GOV.UK style, for every form of the service.

Django's defaults ("This field is required.", "Enter a valid date.") do not say which field is
wrong, and an error summary of three "This field is required." lines helps nobody. Every form
derives from ``Form`` or ``ModelForm`` here (or uses ``FormMeta`` with ``GovukMessages``): each
default message left on a field becomes "Enter <its label>", "Select <its label>", "Enter <its
label> as a real date", and so on. A message a form sets itself is kept.
"""

from __future__ import annotations

import re

from django import forms
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.models import ModelFormMetaclass

CHOOSING = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.FileField)


def what_it_is(label: object) -> str:
    """The label as it reads inside a sentence: first letter lower case (unless the first word
    is an acronym such as LSOA), without a trailing bracket ("(optional)", "(metres)"), colon
    or question mark."""
    text = str(label or "").strip().rstrip(":?").strip()
    text = re.sub(r"\s*\([^()]*(\([^()]*\)[^()]*)*\)$", "", text).strip() or text
    first = text.split(" ", 1)[0] if text else ""
    if not first.isalpha() or (len(first) > 1 and first.isupper()):
        return text
    return text[:1].lower() + text[1:]


def default_message(field: forms.Field, key: str) -> str | None:
    """Django's own message for ``key`` on this kind of field (a field class of the project may
    set its own default, which is kept)."""
    for kind in type(field).__mro__:
        if not kind.__module__.startswith("django."):
            continue
        found = getattr(kind, "default_error_messages", {}).get(key)
        if found is not None:
            return str(found)
    return None


def _invalid(field: forms.Field, what: str) -> str:
    if isinstance(field, forms.DateTimeField):
        return f"Enter {what} as a real date and time"
    if isinstance(field, forms.DateField):
        return f"Enter {what} as a real date"
    if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField):
        return f"Enter {what} as a whole number"
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return f"Enter {what} as a number"
    if isinstance(field, forms.EmailField):
        return f"Enter {what} as an email address, like name@example.com"
    return f"Enter {what} in the right format"


def govuk_message(field: forms.Field, key: str, what: str) -> str:
    """The GOV.UK message for ``key`` on this field."""
    if key == "required":
        return f"Select {what}" if isinstance(field, CHOOSING) else f"Enter {what}"
    if key in ("invalid_choice", "invalid_list"):
        return f"Select {what} from the list"  # nosec B608: words for a person, not SQL
    return _invalid(field, what)


def govuk_messages(fields: dict[str, forms.Field]) -> None:
    """Replace each Django default message on these fields with one naming the field."""
    for name, field in fields.items():
        what = what_it_is(field.label or name.replace("_", " "))
        for key in ("required", "invalid", "invalid_choice", "invalid_list"):
            current = field.error_messages.get(key)
            if current is not None and str(current) == default_message(field, key):
                field.error_messages[key] = govuk_message(field, key, what)


class FormMeta(DeclarativeFieldsMetaclass):
    """Gives every declared field of the form its named messages when the class is made."""

    def __new__(mcs, name, bases, attrs):
        made = super().__new__(mcs, name, bases, attrs)
        govuk_messages(made.base_fields)
        return made


class ModelFormMeta(ModelFormMetaclass):
    """``FormMeta`` for model forms, whose fields come from the model."""

    def __new__(mcs, name, bases, attrs):
        made = super().__new__(mcs, name, bases, attrs)
        govuk_messages(made.base_fields)
        return made


class GovukMessages:
    """Form mixin: fields added in ``__init__`` get named messages too, before validation."""

    def full_clean(self) -> None:
        govuk_messages(self.fields)
        super().full_clean()


class Form(GovukMessages, forms.Form, metaclass=FormMeta):
    """The base of every form of the service."""


class ModelForm(GovukMessages, forms.ModelForm, metaclass=ModelFormMeta):
    """The base of every model form of the service."""
