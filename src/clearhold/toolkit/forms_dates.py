"""The one date style of the service: the GOV.UK date input (day, month and year boxes; hour and
minute boxes where a time is needed; month and year alone for a month).

The widget joins the boxes into one ISO-like text (``2025-05-07``, ``2025-05-07 14:30``,
``2025-05``) that the field parses as before, so a field keeps its own parsing and its own
messages; the text remembers the boxes as typed, so a refused date comes back as it was entered.
A form posted with the field's single name (``issued_at=2025-05-07T14:30``: older clients and
tests) is still read.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from clearhold.law.dates import EARLIEST_DAY, day_refusal
from clearhold.toolkit.forms_messages import what_it_is

DATE_HINT = "For example, 27 3 2025"
DATE_TIME_HINT = "UK time, 24-hour clock. For example, 27 3 2025 at 14 30"
MONTH_HINT = "For example, 3 2025"
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

_TYPED = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ](\d{1,2}):(\d{1,2}))?")


class Typed(str):
    """The joined text of the boxes, remembering each box as typed."""

    parts: tuple[str, ...] = ()

    def __new__(cls, text: str, parts: tuple[str, ...]) -> Typed:
        made = super().__new__(cls, text)
        made.parts = parts
        return made


def _pad(part: str) -> str:
    return part.zfill(2) if part.isdigit() else part


class DateInput(forms.MultiWidget):
    """GOV.UK date input: day, month and year boxes. The day box carries the field's id, so an
    error-summary link (``#id_<field>``) lands on it; the others are ``<id>-month``, ``<id>-year``
    and post as ``<name>-month``, ``<name>-year``."""

    template_name = "web/widgets/date_input.html"
    govuk_date = True
    boxes: tuple[tuple[str, str, int], ...] = (
        ("day", "Day", 2),
        ("month", "Month", 2),
        ("year", "Year", 4),
    )

    def __init__(self, attrs=None) -> None:
        widgets = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in self.boxes]
        super().__init__(widgets, attrs)
        self.widgets_names = [f"-{name}" for name, _, _ in self.boxes]

    def join(self, parts: dict[str, str]) -> str:
        return f"{parts['year']}-{_pad(parts['month'])}-{_pad(parts['day'])}"

    def value_from_datadict(self, data, files, name):
        typed = tuple(str(data.get(name + suffix) or "").strip() for suffix in self.widgets_names)
        if not any(typed):
            return data.get(name)
        named = dict(zip((box for box, _, _ in self.boxes), typed, strict=True))
        return Typed(self.join(named), typed)

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)

    def id_for_label(self, id_, index=None):
        return id_

    def decompress(self, value) -> list[str]:
        empty = [""] * len(self.boxes)
        if value in (None, ""):
            return empty
        if isinstance(value, Typed):
            return list(value.parts)
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        if isinstance(value, dt.date):
            found = {"day": value.day, "month": value.month, "year": value.year}
            if isinstance(value, dt.datetime):
                found |= {"hour": f"{value:%H}", "minute": f"{value:%M}"}
            return [str(found.get(box, "")) for box, _, _ in self.boxes]
        match = _TYPED.match(str(value))
        if not match:
            return empty
        year, month, day, hour, minute = match.groups()
        found = {"day": day, "month": month, "year": year, "hour": hour, "minute": minute}
        return [found.get(box) or "" for box, _, _ in self.boxes]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id", "")
        for index, (sub, (box, label, width)) in enumerate(
            zip(context["widget"]["subwidgets"], self.boxes, strict=True)
        ):
            sub["attrs"]["id"] = field_id if index == 0 else f"{field_id}-{box}"
            sub["box"] = box
            sub["label"] = label
            sub["width"] = width
            sub["invalid"] = str(sub["attrs"].get("aria-invalid", "")) == "true"
        return context


class DateTimeInput(DateInput):
    """GOV.UK date input with hour and minute boxes (24-hour clock) after the year."""

    boxes = (*DateInput.boxes, ("hour", "Hour", 2), ("minute", "Minute", 2))

    def join(self, parts: dict[str, str]) -> str:
        return f"{super().join(parts)} {_pad(parts['hour'])}:{_pad(parts['minute'])}"


class MonthInput(DateInput):
    """GOV.UK date input for a month: month and year boxes (the month box carries the id)."""

    boxes = (("month", "Month", 2), ("year", "Year", 4))

    def join(self, parts: dict[str, str]) -> str:
        return f"{parts['year']}-{_pad(parts['month'])}"


def check_in_range(field: forms.Field, value, what: str, since: dt.date, why: str = "") -> None:
    """Refuse ``value`` (a day or an instant) before ``since`` or beyond the horizon, naming
    the field: a year typed as 0001 or 9999 would otherwise reach a clock and fail there."""
    if value in field.empty_values:
        return
    refusal = day_refusal(
        value,
        today=timezone.localdate(),
        what=what or what_it_is(field.label),
        since=since,
        why=why,
    )
    if refusal:
        raise ValidationError(refusal, code="out_of_range")


class DayField(forms.DateField):
    """A day typed into the GOV.UK date input, from ``since`` (1 January 1900 unless the field
    records a power that began later) up to the horizon (``clearhold.law.dates``)."""

    widget = DateInput

    def __init__(
        self, *, what: str = "", since: dt.date = EARLIEST_DAY, since_why: str = "", **kwargs
    ) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("help_text", DATE_HINT)
        if what:
            messages = {"required": f"Enter {what}", "invalid": f"Enter {what} as a real date"}
            kwargs["error_messages"] = messages | kwargs.get("error_messages", {})
        super().__init__(**kwargs)
        self.what, self.since, self.since_why = what, since, since_why

    def validate(self, value) -> None:
        super().validate(value)
        check_in_range(self, value, self.what, self.since, self.since_why)


def day(label: str, what: str = "", **kwargs) -> DayField:
    """A date field in the house style; ``what`` names it in its messages ("Enter <what>")."""
    return DayField(label=label, what=what, **kwargs)


class MonthField(forms.DateField):
    """A month typed into month and year boxes, as the first day of that month, from
    ``since`` up to the horizon."""

    widget = MonthInput

    def __init__(
        self, *, what: str = "", since: dt.date = EARLIEST_DAY, since_why: str = "", **kwargs
    ) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m"])
        kwargs.setdefault("help_text", MONTH_HINT)
        what = what or what_it_is(kwargs.get("label", "the month"))
        messages = {"required": f"Enter {what}", "invalid": f"Enter {what} as a real month"}
        kwargs["error_messages"] = messages | kwargs.get("error_messages", {})
        super().__init__(**kwargs)
        self.what, self.since, self.since_why = what, since, since_why

    def validate(self, value) -> None:
        super().validate(value)
        check_in_range(self, value, self.what, self.since, self.since_why)


def dates_refused(
    values: dict[str, tuple[str, dt.date | None]], *, since: dt.date = EARLIEST_DAY
) -> dict[str, list[str]]:
    """For a service (the API and the CLI reach it without a form): each field whose date lies
    before ``since`` or beyond the horizon, with why. ``values`` maps a field to what it is
    called in a sentence and its date: ``{"due_date": ("the due date", day)}``."""
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    for name, (what, value) in values.items():
        refusal = day_refusal(value, today=today, what=what, since=since) if value else ""
        if refusal:
            errors[name] = [refusal]
    return errors
