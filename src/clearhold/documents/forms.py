"""Forms of the documents pages: the format, the document details and an adapted template."""

from __future__ import annotations

from django import forms

from clearhold.documents.advice import AdviceDirectory
from clearhold.documents.models import DocumentDetails
from clearhold.toolkit.forms import Form, ModelForm
from clearhold.toolkit.uploads import HTML, check_upload


class FormatForm(Form):
    """The one choice every document asks for."""

    format = forms.ChoiceField(
        label="Format",
        choices=[("pdf", "PDF (to print or send)"), ("docx", "Word (DOCX, to edit)")],
        initial="pdf",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, formats: tuple[str, ...] = ("pdf", "docx"), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(self.fields["format"].choices) | {"csv": "CSV for a mailing house"}
        self.fields["format"].choices = [(f, labels[f]) for f in formats]


class DetailsForm(ModelForm):
    """The details the papers need; the council's advice directory's entries are offered as
    choices added to the housing and legal advice (one line each, local services first)."""

    class Meta:
        model = DocumentDetails
        fields = ["residents_contact", "housing_advice", "legal_advice", "signatory"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields[:3]}

    def __init__(self, *args, directory: AdviceDirectory | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offered: dict[str, dict[str, str]] = {}
        if directory is None:
            return
        for topic in ("housing", "legal"):
            services = {s.name: s for s in directory.offered(topic)}
            if not services:
                continue
            self.offered[topic] = {name: s.line for name, s in services.items()}
            self.fields[f"{topic}_from_directory"] = forms.MultipleChoiceField(
                label=f"Add {topic} advice from the {directory.council} directory",
                choices=[
                    (name, f"{s.line} ({'local' if s.scope == 'local' else 'national line'})")
                    for name, s in services.items()
                ],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="Each one chosen is added on its own line. Local services meet "
                "s.76(5)(g), which asks for organisations in the area.",
            )
        self.order_fields(
            [
                "residents_contact",
                "housing_advice",
                "housing_from_directory",
                "legal_advice",
                "legal_from_directory",
            ]
        )

    def details_fields(self) -> dict[str, str]:
        """The fields to save, with the chosen directory entries added (once each)."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        for topic, lines in self.offered.items():
            field = f"{topic}_advice"
            given = data[field].strip()
            for name in self.cleaned_data.get(f"{topic}_from_directory") or []:
                if lines[name] not in given:
                    given = f"{given}\n{lines[name]}".strip()
            data[field] = given
        return data


class TemplateForm(Form):
    source = forms.CharField(
        label="Template",
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text="HTML with {{ placeholders }}; the placeholders this document supplies are "
        "listed above.",
    )
    upload = forms.FileField(
        label="Or upload a file", required=False, help_text="An .html file, UTF-8, up to 200 KB"
    )
    note = forms.CharField(label="What changed, and why", max_length=300, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.data and self.files.get("upload"):
            self.fields["source"].required = False

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload:
            check_upload(upload, kinds=(HTML,), max_bytes=200_000, what="a template")
            try:
                cleaned["source"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError("The file is not UTF-8 text.") from None
        return cleaned
