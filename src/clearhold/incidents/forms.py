"""Forms for importing files and filtering the incident list (input parsing only, no rules)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from clearhold.ingest import Category
from clearhold.toolkit.forms import Form, MonthField
from clearhold.toolkit.uploads import CSV, CSV_GZ, XLSX, check_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else single(data, initial)


class ImportForm(Form):
    source = forms.ChoiceField(
        label="What kind of file is it?",
        error_messages={"required": "Select what kind of file it is"},
    )
    files = MultipleFileField(
        label="Files",
        help_text="CSV (or .csv.gz) for police.uk; CSV or Excel (.xlsx) for partner files. "
        "You can choose several files.",
    )
    keep_valid_rows = forms.BooleanField(
        label="If some rows have problems, import the valid rows and keep a report of the rest",
        required=False,
    )
    replace_force_months = forms.BooleanField(
        label="Replace an earlier police.uk download of the same force and month",
        required=False,
    )

    def __init__(self, *args, sources: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = sources
        limit = filesizeformat(settings.CLEARHOLD_UPLOAD_MAX_BYTES)
        self.fields["files"].help_text += f" Up to {limit} in all."

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            check_upload(
                upload,
                kinds=(CSV, CSV_GZ, XLSX),
                max_bytes=settings.CLEARHOLD_UPLOAD_MAX_BYTES,
                what="an incidents file",
            )
        total = sum(f.size for f in files)
        if total > settings.CLEARHOLD_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                f"The files add up to {filesizeformat(total)}, over the limit of "
                f"{filesizeformat(settings.CLEARHOLD_UPLOAD_MAX_BYTES)}. Import them in smaller "
                "groups, or use the command line (clearhold import) for very large sets."
            )
        return files


class ReplacementConfirmForm(Form):
    """The confirmation of a replacement; when it removes more than half of a force-month, the
    box naming the counts must be ticked (checked again by the service)."""

    understood = forms.BooleanField(required=False)

    def __init__(self, *args, sentence: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["understood"].label = sentence


def check_month_order(form: forms.Form, data: dict) -> None:
    """Add an error to ``month_to`` when it comes before ``month_from``."""
    if data.get("month_from") and data.get("month_to") and data["month_from"] > data["month_to"]:
        form.add_error("month_to", "The ‘to’ month must be the same as or after the ‘from’ month")


class IncidentFilterForm(Form):
    category = forms.MultipleChoiceField(
        label="Categories",
        required=False,
        choices=[(c.value, c.label) for c in Category],
        widget=forms.CheckboxSelectMultiple,
    )
    source = forms.ChoiceField(label="Source", required=False)
    month_from = MonthField(label="From month", required=False)
    month_to = MonthField(label="To month", required=False)
    lsoa = forms.CharField(label="LSOA code or name", required=False, max_length=120)
    text = forms.CharField(label="Location or reference contains", required=False, max_length=120)

    def __init__(self, *args, sources: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "Any source"), *sources]

    def clean(self):
        data = super().clean()
        check_month_order(self, data)
        return data
