"""The forms of residents' reports: the public report form (with its honeypot, time stamp and
photo checks), the reference lookup, and the partnership's moderation, update and page forms."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from clearhold.ingest.taxonomy import Category
from clearhold.resident_reports.abuse import HONEYPOT, stamp_problem
from clearhold.resident_reports.categories import RESIDENT_WORDING, offered
from clearhold.resident_reports.models import Moderation, ReportStatus
from clearhold.toolkit.forms import Form
from clearhold.toolkit.forms_dates import day
from clearhold.toolkit.images import pixels_problem, without_metadata
from clearhold.toolkit.uploads import JPEG, PNG, WEBP, check_upload

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_KINDS = (JPEG, PNG, WEBP)
TIME_FORMATS = ["%H:%M", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p", "%H%M"]
OLDEST_DAYS = 366
CONSENT_NEEDED = "Tick the box to say we may contact you, or leave your contact details out."


class ReportForm(Form):
    """A resident's report. ``leave_blank`` is the honeypot, ``stamp`` the signed time the form
    was given out."""

    category = forms.ChoiceField(
        label="What is the problem?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the problem is",
            "invalid_choice": "Choose one of the problems listed",
        },
    )
    what_happened = forms.CharField(
        label="What happened?",
        max_length=2000,
        widget=forms.Textarea,
        help_text="Tell us what you saw or heard. You do not need to name anyone.",
        error_messages={
            "required": "Tell us what happened",
            "max_length": "Tell us what happened in 2,000 characters or fewer",
        },
    )
    where = forms.CharField(
        label="Describe the place (optional)",
        max_length=300,
        required=False,
        help_text="For example, by the bins behind the flats, or the bench near the gate.",
    )
    latitude = forms.FloatField(required=False, min_value=49.0, max_value=61.0)
    longitude = forms.FloatField(required=False, min_value=-9.0, max_value=2.5)
    occurred_on = day("When did it happen?", "the day it happened")
    occurred_time = forms.TimeField(
        label="What time? (optional)",
        required=False,
        input_formats=TIME_FORMATS,
        help_text="For example, 9:30pm or 21:30",
        error_messages={"invalid": "Enter the time like 9:30pm or 21:30"},
    )
    photo = forms.FileField(
        label="Add a photo (optional)",
        required=False,
        help_text="A JPEG, PNG or WebP photo up to 10 MB. We remove its location and camera "
        "details before we keep it. Do not put yourself in danger to take a photo.",
    )
    contact_name = forms.CharField(label="Your name (optional)", max_length=120, required=False)
    contact_email = forms.EmailField(
        label="Email address (optional)",
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    contact_phone = forms.CharField(label="Phone number (optional)", max_length=40, required=False)
    contact_consent = forms.BooleanField(
        label="You may contact me about this report",
        required=False,
    )
    leave_blank = forms.CharField(label="Leave this box empty", required=False)
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, categories: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = offered(categories)
        self.clean_photo_result: tuple[bytes, str] | None = None

    def clean_occurred_on(self) -> dt.date:
        when = self.cleaned_data["occurred_on"]
        today = timezone.localdate()
        if when > today:
            raise ValidationError("The day it happened must be today or in the past")
        if when < today - dt.timedelta(days=OLDEST_DAYS):
            raise ValidationError(
                "The day it happened must be within the last year: for older problems, "
                "call 101 or your council"
            )
        return when

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not re.fullmatch(r"\+?[\d\s()-]{7,20}", phone):
            raise ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
        return phone

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        check_upload(upload, kinds=PHOTO_KINDS, max_bytes=PHOTO_MAX_BYTES, what="a photo")
        problem = pixels_problem(upload)
        if problem:
            raise ValidationError(f"“{upload.name}” {problem}.")
        self.clean_photo_result = without_metadata(upload)
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("leave_blank"):
            raise ValidationError(HONEYPOT, code="honeypot")
        late_or_early = stamp_problem(cleaned.get("stamp", ""))
        if late_or_early:
            raise ValidationError(late_or_early, code="stamp")
        contact = [cleaned.get(n) for n in ("contact_name", "contact_email", "contact_phone")]
        if any(contact) and not cleaned.get("contact_consent"):
            self.add_error("contact_consent", CONSENT_NEEDED)
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            cleaned["latitude"] = cleaned["longitude"] = None
        return cleaned

    def refused_as(self) -> str:
        """ "honeypot" or "stamp" when the form was refused as not sent by a person, else ""."""
        for error in self.non_field_errors().as_data():
            if error.code in ("honeypot", "stamp"):
                return error.code
        return ""


class CheckForm(Form):
    reference = forms.CharField(
        label="Your reference",
        max_length=20,
        help_text="It is 10 letters and numbers, for example KQ7RD-W3HXM",
        error_messages={"required": "Enter your reference"},
    )


class ModerationForm(Form):
    moderation = forms.ChoiceField(
        label="Is this a real report?",
        widget=forms.RadioSelect,
        choices=[
            (Moderation.ACCEPTED, "Accept it: it becomes an incident at the site"),
            (Moderation.REJECTED, "Reject it: spam, abuse or not about this place"),
        ],
        error_messages={"required": "Choose whether to accept or reject the report"},
    )
    status = forms.ChoiceField(
        label="What the resident sees",
        choices=[(s.value, s.label) for s in ReportStatus if s != ReportStatus.CLOSED],
        help_text="A rejected report shows as closed",
    )


class UpdateForm(Form):
    you_said = forms.CharField(
        label="You said",
        max_length=300,
        help_text="What residents told you, in brief. This is shown to the public: name no one.",
        error_messages={"required": "Enter what residents told you"},
    )
    we_did = forms.CharField(
        label="We did",
        max_length=2000,
        widget=forms.Textarea,
        help_text="What the partnership did about it. This is shown to the public: name no one.",
        error_messages={"required": "Enter what the partnership did"},
    )


class ReportingPageForm(Form):
    site = forms.ModelChoiceField(queryset=None, label="Site", empty_label=None)
    public_name = forms.CharField(
        label="Public name",
        max_length=120,
        help_text="The name residents know the place by, e.g. Chapel Road park",
    )
    slug = forms.SlugField(
        label="Web address",
        max_length=60,
        help_text="Lower-case letters, numbers and hyphens: the page is at /report/<this>/",
    )
    categories = forms.MultipleChoiceField(
        label="What residents can report",
        widget=forms.CheckboxSelectMultiple,
        choices=[(c, w) for c, w in RESIDENT_WORDING.items() if c != Category.ASB_UNCLASSIFIED],
        help_text="“Something else” is always offered",
        error_messages={"required": "Choose at least one kind of problem"},
    )

    def __init__(self, *args, sites, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
