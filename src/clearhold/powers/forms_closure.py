"""Forms for the closure workflow: one per step, phone-first (radios, date and time pickers).

The forms only parse input and offer the choices that make sense; every rule of the Act is
checked again by the services, whose refusals come back onto these forms. Date-times are UK
wall times (Europe/London) typed into the GOV.UK date input's boxes (``forms_times``): a time inside
the hour skipped when the clocks go forward is refused as a typing error; for a time in the hour
repeated when they go back the form asks which of the two it was. The forms from the order on
(extension, discharge, appeals, costs) are in ``forms_order``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator

from clearhold.law import POWERS_IN_FORCE
from clearhold.places.models import Site
from clearhold.powers.forms_times import WHEN_HINT, WallTimes, when
from clearhold.powers.models import (
    Closure,
    EngagementKind,
    HearingOutcome,
    IssuerBody,
    ServiceAct,
    ServiceDocument,
)
from clearhold.powers.photos import photo_problem
from clearhold.toolkit.forms import DayField, Form
from clearhold.toolkit.ordering import NaturalModelChoiceField

PHOTO_TYPES = ("jpg", "jpeg", "png", "webp")
PHOTO_MAX_BYTES = 15 * 1024 * 1024


@dataclass(frozen=True)
class Page:
    """How a step form's page reads: its heading, its button, the message on success, and the
    section of the closure page it returns to."""

    title: str
    button: str
    success: str
    anchor: str


class Radios(forms.RadioSelect):
    """Radios whose label id is the field's id (the first radio's), so the GOV.UK error
    summary links to the group."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


def day(label: str, what: str, **kwargs) -> forms.DateField:
    """A day of a closure in the GOV.UK date input, named in its messages: not before the
    closure powers came into force, nor beyond the horizon."""
    kwargs.setdefault("since", POWERS_IN_FORCE)
    return DayField(label=label, what=what, **kwargs)


def radios(label: str, choices, what: str, **kwargs) -> forms.ChoiceField:
    kind = forms.TypedChoiceField if "coerce" in kwargs else forms.ChoiceField
    return kind(
        label=label,
        choices=choices,
        widget=Radios,
        error_messages={"required": f"Choose {what}."},
        **kwargs,
    )


def text(label: str, what: str = "", **kwargs) -> forms.CharField:
    if what:
        kwargs.setdefault("error_messages", {"required": f"Enter {what}."})
    return forms.CharField(label=label, **kwargs)


class ClosureForm(Form):
    site = NaturalModelChoiceField(
        label="Site",
        queryset=Site.objects.none(),
        empty_label="Choose the site",
        error_messages={"required": "Choose the site."},
    )
    premises_description = text(
        "The premises, as the notice will identify them",
        "the premises",
        widget=forms.Textarea,
        help_text="s.76(5)(a), e.g. The open space off West Street, Wisbech, bounded by its fence",
    )
    premises_kind = radios(
        "Kind of premises",
        Closure._meta.get_field("premises_kind").choices,
        "the kind of premises",
    )
    boundary_defined = forms.BooleanField(
        label="A fence, walls or a title plan mark where the premises end",
        required=False,
        initial=True,
    )
    dwelling = forms.BooleanField(
        label="It is someone’s home (the landlord’s possession clock applies)", required=False
    )
    body = radios(
        "Who brings the closure (s.76(1))", IssuerBody.choices, "the police or the local authority"
    )

    def __init__(self, *args, problem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sites = problem.sites.all()
        self.fields["site"].queryset = sites
        if len(sites) == 1 and "site" not in self.initial:
            self.initial["site"] = sites[0].pk


class EngagementForm(WallTimes, Form):
    page = Page("Record informing or consulting", "Record it", "Recorded.", "engagements")

    kind = radios("What was done", EngagementKind.choices, "what was done")
    who = text(
        "Who", "who was informed or consulted", max_length=200, help_text="e.g. Clarion Housing"
    )
    at = when("When", "when you informed or consulted them")
    how = text("How, and what they said (optional)", required=False, widget=forms.Textarea)


class NoticeExtendForm(WallTimes, Form):
    page = Page(
        "Extend the closure notice",
        "Extend the notice",
        "Notice extended. Serve the extension notice.",
        "notice",
    )

    extension_hours = forms.IntegerField(
        label="Extend by (hours)",
        initial=24,
        min_value=1,
        help_text="At most 24 more hours, authorised by a superintendent or the chief "
        "executive’s designate (s.77(4))",
        error_messages={"required": "Enter how many hours to extend by."},
    )
    at = when("Extension notice issued at", "when the extension notice was issued")


def unavailable_field() -> forms.BooleanField:
    """The signer's statement that the person the Act names first cannot sign (s.78(4)–(6))."""
    return forms.BooleanField(
        label="I am signing because the officer or person who issued (or extended) the notice "
        "is not available",
        required=False,
        help_text="Only the person who issued or extended the notice signs it, unless they are "
        "not available; then another of the same or higher rank may (s.78(4)–(6)).",
    )


class NoticeVaryForm(WallTimes, Form):
    page = Page(
        "Vary the closure notice",
        "Vary the notice",
        "Notice varied. Serve the variation notice.",
        "notice",
    )

    at = when("Variation notice issued at", "when the variation notice was issued")
    part_removed = text(
        "The part of the premises the notice no longer covers (s.78(3))",
        "the part taken out of the notice",
        widget=forms.Textarea,
    )
    issuer_unavailable = unavailable_field()


class NoticeCancelForm(WallTimes, Form):
    page = Page(
        "Cancel the closure notice",
        "Cancel the notice",
        "Notice cancelled. Serve the cancellation notice.",
        "notice",
    )

    at = when("Cancellation notice issued at", "when the cancellation notice was issued")
    reason = text(
        "Why the grounds of s.76(1) are no longer met",
        "why the notice is cancelled",
        widget=forms.Textarea,
    )
    issuer_unavailable = unavailable_field()


def _photo_is_an_image(upload) -> None:
    """Refuse a photo over the size limit or one Pillow cannot decode (checked by decoding,
    not by its name or first bytes: an MP4 starts like a HEIC)."""
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError("The photograph must be smaller than 15 MB.")
    problem = photo_problem(upload)
    if problem:
        raise ValidationError(problem)


class ServiceForm(WallTimes, Form):
    page = Page("Record an act of service", "Record the service", "Service recorded.", "service")

    document = radios(
        "Document served",
        ServiceDocument.choices,
        "the document served",
        initial=ServiceDocument.CLOSURE_NOTICE,
    )
    act = radios("How it was served (s.79)", ServiceAct.choices, "how it was served")
    served_at = when("Served at", "when it was served")
    detail = text(
        "Where it was fixed, or to whom it was given (optional)",
        max_length=300,
        required=False,
        help_text="e.g. The main gate on West Street",
    )
    force_used = forms.BooleanField(
        label="Entered by force to fix it to a prominent place (s.79(4))", required=False
    )
    photo = forms.FileField(
        label="Photograph (optional)",
        required=False,
        help_text="A photograph of the notice where it was fixed: JPEG, PNG or WebP, under 15 MB",
        validators=[FileExtensionValidator(PHOTO_TYPES), _photo_is_an_image],
    )


class HearingForm(WallTimes, Form):
    page = Page("Record a hearing", "Record the hearing", "Hearing recorded.", "hearings")

    court = text("Court", "the court", max_length=200)
    heard_at = when("Heard at", "when the application was heard")
    outcome = radios("Outcome", HearingOutcome.choices, "the outcome")
    adjourned_to = when(
        "Adjourned to (if adjourned)",
        "when the hearing resumes",
        required=False,
        help_text="At most 14 days later (s.81(3)); " + WHEN_HINT,
    )
    continued_hours = forms.IntegerField(
        label="Notice continued for (hours, if continued)",
        required=False,
        min_value=1,
        help_text="At most 48 hours (s.81(2))",
    )
    notice_continued = forms.BooleanField(
        label="On adjourning, the court ordered the notice to continue until the adjourned "
        "hearing (s.81(4))",
        required=False,
        help_text="Only a notice still in force at this hearing can be continued",
    )
    notes = text(
        "Notes (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="Adjournment requests and reasons, the court’s findings",
    )
