"""The form for making a personal API token."""

from __future__ import annotations

from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example: weekly report script. Only you see this name.",
        max_length=100,
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
