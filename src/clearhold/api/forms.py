"""The form for making a personal API token: what it is for, and how many days it works."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator

from clearhold.api.tokens import DEFAULT_DAYS, max_days
from clearhold.toolkit.forms import Form


class TokenForm(Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example: weekly report script. Only you see this name.",
        max_length=100,
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    days = forms.IntegerField(
        label="How many days should it work?",
        initial=DEFAULT_DAYS,
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Enter the number of days as a whole number, for example 90",
            "min_value": "A token must work for at least 1 day",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        longest = max_days()
        days = self.fields["days"]
        days.help_text = (
            f"{DEFAULT_DAYS} if left empty, at most {longest}. It stops working after that; "
            "then make a new one."
        )
        days.validators.append(
            MaxValueValidator(longest, f"A token can work for at most {longest} days")
        )

    def clean_days(self) -> int:
        days = self.cleaned_data.get("days")
        return DEFAULT_DAYS if days is None else days
