"""The attachment form: what the file is, a title, and the file (checked as it is cleaned)."""

from __future__ import annotations

from django import forms

from clearhold.attachments.checks import MAX_BYTES, check_attachment
from clearhold.attachments.models import AttachmentKind
from clearhold.toolkit.forms import Form


class AttachmentForm(Form):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=AttachmentKind.choices,
        error_messages={"required": "Select what the file is"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Minutes of the partnership meeting, 4 December 2026",
        error_messages={"required": "Enter a title for the attachment"},
    )
    description = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label="File",
        help_text=f"A PDF, Word document, JPEG, PNG, WebP or HEIC image, up to "
        f"{MAX_BYTES // (1024 * 1024)} MB",
        error_messages={"required": "Choose the file to attach", "empty": "The file is empty"},
        validators=[check_attachment],
    )
