"""UK wall times typed into forms, turned into instants without guessing.

The GOV.UK date input with hour and minute boxes (``toolkit.forms.DateTimeInput``) gives a wall
time with no zone. ``LocalDateTimeField`` reads it in
the current time zone (Europe/London) through the law core's ``wall_time``: a time inside the
hour skipped when the clocks go forward is refused with a plain message; a time inside the hour
repeated when they go back (01:30 on the last Sunday of October) happened twice, so the form
shows both, with their offsets, and asks which (``WallTimes`` adds a ``<name>_which`` choice
after the field) rather than silently taking one.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from clearhold.law import (
    POWERS_IN_FORCE,
    AmbiguousTimeError,
    NonexistentTimeError,
    describe_reading,
    wall_time,
    wall_time_readings,
)
from clearhold.toolkit.forms import DATE_TIME_HINT, DateTimeInput
from clearhold.toolkit.forms_dates import check_in_range

LOCAL_INPUT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
WHEN_HINT = DATE_TIME_HINT
WHICH = {"first": 0, "second": 1}


def _parse(text: str, formats) -> dt.datetime | None:
    for pattern in formats:
        try:
            return dt.datetime.strptime(text, pattern)
        except (TypeError, ValueError):
            continue
    return None


class LocalDateTimeField(forms.DateTimeField):
    """A UK wall time from the GOV.UK date input with hour and minute boxes, as an aware
    datetime (Europe/London).

    ``which`` is the occurrence chosen for a time that happened twice (``"first"`` or
    ``"second"``); ``WallTimes`` sets it from the form's data. Every such time records an act
    under the closure powers, so it is refused before they came into force (``since``) and
    beyond the horizon (``clearhold.law.dates``).
    """

    widget = DateTimeInput

    def __init__(self, *, what: str, since: dt.date = POWERS_IN_FORCE, **kwargs) -> None:
        kwargs.setdefault("input_formats", LOCAL_INPUT)
        kwargs.setdefault("help_text", WHEN_HINT)
        messages = {
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a real date and time",
        }
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)
        self.which: str = ""
        self.what, self.since = what, since

    def validate(self, value) -> None:
        super().validate(value)
        check_in_range(self, value, self.what, self.since)

    def prepare_value(self, value):
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value

    def wall(self, value) -> dt.datetime | None:
        """The naive wall time typed, or None when it is not a date and time."""
        if isinstance(value, dt.datetime):
            return value
        if value in self.empty_values:
            return None
        return _parse(str(value).strip(), self.input_formats)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        naive = self.wall(value)
        if naive is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if timezone.is_aware(naive):
            return naive
        check_in_range(self, naive, self.what, self.since)  # before the zone: 0001 overflows it
        try:
            return wall_time(naive, which=WHICH.get(self.which), zone=_zone())
        except NonexistentTimeError:
            raise ValidationError(
                f"{naive:%H:%M on %-d %B %Y} did not happen in the UK: the clocks went forward "
                "an hour that night. Check the time.",
                code="nonexistent",
            ) from None
        except AmbiguousTimeError as twice:
            first, second = (describe_reading(r) for r in twice.readings)
            raise ValidationError(
                f"{naive:%H:%M on %-d %B %Y} happened twice in the UK: the clocks went back an "
                f"hour that night. Choose which below: the first {first} or the second {second}.",
                code="ambiguous",
            ) from None


def _zone():
    return timezone.get_current_timezone()


def _readings(wall: dt.datetime) -> tuple:
    """The instants a wall time names; none at the ends of the calendar (the field refuses
    those by name when it cleans)."""
    try:
        return wall_time_readings(wall, _zone())
    except (OverflowError, ValueError):
        return ()


def which_field(label: str, readings) -> forms.ChoiceField:
    """The choice between the two occurrences of a time that happened twice."""
    first, second = (describe_reading(r) for r in readings)
    return forms.ChoiceField(
        label=f"{label}: which {readings[0]:%H:%M}?",
        choices=[
            ("first", f"The first {first}, before the clocks went back"),
            ("second", f"The second {second}, after the clocks went back"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )


class WallTimes:
    """Form mixin: after each ``LocalDateTimeField`` whose typed time happened twice, a
    ``<name>_which`` choice between the two; the field reads the choice when it cleans."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.which_names: list[str] = []
        if not self.is_bound:
            return
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if not isinstance(field, LocalDateTimeField):
                continue
            typed = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            wall = field.wall(typed)
            readings = () if wall is None or wall.tzinfo else _readings(wall)
            if len(readings) == 2:
                fields[f"{name}_which"] = which_field(str(field.label), readings)
                field.which = str(self.data.get(self.add_prefix(f"{name}_which"), ""))
                self.which_names.append(f"{name}_which")
        self.fields = fields

    def clean(self):
        """The choices only settle their fields' instants; the services never see them."""
        cleaned = super().clean()
        for name in self.which_names:
            cleaned.pop(name, None)
        return cleaned


def when(label: str, what: str, **kwargs) -> LocalDateTimeField:
    return LocalDateTimeField(label=label, what=what, **kwargs)
