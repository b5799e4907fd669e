"""Every form of the project, found by importing every module of every app, names its fields
in its messages and asks for dates in the GOV.UK date input; a form added later is caught too.

Also the toolkit itself: the date input's boxes (joined, shown back as typed, the first box
carrying the field's id) and the messages it writes."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re

import pytest
from django import forms

import clearhold
from clearhold.powers.forms_times import LocalDateTimeField, WallTimes
from clearhold.toolkit.forms import (
    DateInput,
    DateTimeInput,
    DayField,
    Form,
    GovukMessages,
    MonthInput,
)
from clearhold.toolkit.forms_messages import default_message

SKIPPED = (".migrations", ".tests", "clearhold.web.wsgi", "clearhold.cli")


def _every_module() -> None:
    for found in pkgutil.walk_packages(clearhold.__path__, "clearhold."):
        if not any(part in found.name for part in SKIPPED):
            importlib.import_module(found.name)


def _every_form() -> list[type[forms.BaseForm]]:
    _every_module()
    seen, stack = [], [forms.BaseForm]
    while stack:
        for kind in stack.pop().__subclasses__():
            stack.append(kind)
            if kind.__module__.startswith("clearhold.") and kind not in seen:
                seen.append(kind)
    return seen


FORMS = [kind for kind in _every_form() if not kind.__module__.startswith("clearhold.toolkit")]


def test_the_walk_finds_the_forms_of_every_app():
    apps = {kind.__module__.split(".")[1] for kind in FORMS}
    assert {"powers", "problems", "documents", "places", "accounts", "audit_reports"} <= apps
    assert len(FORMS) > 50


@pytest.mark.parametrize("form", FORMS, ids=lambda kind: f"{kind.__module__}.{kind.__name__}")
def test_each_form_names_its_fields_in_its_messages(form):
    assert issubclass(form, GovukMessages), "derive from clearhold.toolkit.forms.Form"
    for name, field in form.base_fields.items():
        for key in ("required", "invalid", "invalid_choice"):
            message = field.error_messages.get(key)
            if message is None:
                continue
            assert str(message) != default_message(field, key), f"{name}: bare {key} message"
            assert "This field" not in str(message), name


@pytest.mark.parametrize("form", FORMS, ids=lambda kind: f"{kind.__module__}.{kind.__name__}")
def test_each_date_is_asked_in_the_govuk_date_input_with_the_format_in_the_hint(form):
    for name, field in form.base_fields.items():
        if isinstance(field, forms.DateField | forms.DateTimeField):
            assert isinstance(field.widget, DateInput), f"{name} is not a GOV.UK date input"
            assert "For example" in str(field.help_text), f"{name}: no example in the hint"
        if isinstance(field, forms.DateTimeField):
            assert isinstance(field.widget, DateTimeInput), f"{name} has no time boxes"
        assert "YYYY" not in str(field.help_text), f"{name} asks for a date typed as text"


class Sample(Form):
    """A form as a future engineer might write it: bare fields, one added in ``__init__``."""

    name = forms.CharField(label="The site’s name")
    kind = forms.ChoiceField(label="Kind of place", choices=[("a", "A")])
    on = DayField(label="Date of the visit")
    count = forms.IntegerField(label="LSOA count")
    note = forms.CharField(label="Note (optional)", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["late"] = forms.CharField(label="Added later")


def test_the_base_form_turns_bare_messages_into_named_ones():
    form = Sample(data={"on-day": "30", "on-month": "2", "on-year": "2025", "count": "x"})
    assert not form.is_valid()
    assert form.errors == {
        "name": ["Enter the site’s name"],
        "kind": ["Select kind of place"],
        "on": ["Enter date of the visit as a real date"],
        "count": ["Enter LSOA count as a whole number"],
        "late": ["Enter added later"],
    }


def test_a_message_the_form_sets_itself_is_kept():
    class Own(Form):
        name = forms.CharField(label="Name", error_messages={"required": "Enter the name"})

    assert Own(data={}).errors == {"name": ["Enter the name"]}


def test_the_date_boxes_join_and_come_back_as_typed():
    form = Sample(data={"on-day": "7", "on-month": "5", "on-year": "2025"})
    form.is_valid()
    assert form.cleaned_data["on"] == dt.date(2025, 5, 7)
    wrong = Sample(data={"on-day": "31", "on-month": "6", "on-year": "2025"})
    html = str(wrong["on"])
    for shown in ('id="id_on"', 'name="on-day"', 'value="31"', 'id="id_on-month"', 'value="2025"'):
        assert shown in html
    assert "govuk-input--error" in html


def test_an_unbound_date_shows_its_initial_day_in_the_boxes():
    html = DateInput().render("on", dt.date(2025, 3, 27), {"id": "id_on"})
    for value in ('value="27"', 'value="3"', 'value="2025"'):
        assert value in html
    assert "govuk-input--error" not in html


def test_a_date_and_time_reads_five_boxes_and_the_old_single_value():
    class Timed(WallTimes, Form):
        at = LocalDateTimeField(label="At", what="when it happened")

    boxes = {"at-day": "5", "at-month": "12", "at-year": "2025", "at-hour": "6", "at-minute": "47"}
    form = Timed(data=boxes)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["at"].isoformat() == "2025-12-05T06:47:00+00:00"
    assert Timed(data={"at": "2025-12-05T06:47"}).is_valid()
    assert Timed(data={**boxes, "at-hour": "25"}).errors == {
        "at": ["Enter when it happened as a real date and time"]
    }
    html = DateTimeInput().render("at", form.cleaned_data["at"], {"id": "id_at"})
    for shown in ('id="id_at-hour"', 'value="06"', 'value="47"'):
        assert shown in html


def test_a_month_reads_month_and_year_boxes():
    field = forms.DateField(input_formats=["%Y-%m"], widget=MonthInput)
    typed = field.widget.value_from_datadict({"m-month": "3", "m-year": "2025"}, {}, "m")
    assert field.clean(typed) == dt.date(2025, 3, 1)
    assert 'id="id_m"' in field.widget.render("m", typed, {"id": "id_m"})


@pytest.mark.parametrize(
    ("url", "data", "named"),
    [
        ("/problems/new/", {"title": ""}, ["Enter title", "Enter the date the work started"]),
        ("/sites/new/", {"name": ""}, ["Enter the site’s name", "Select what kind of place it is"]),
    ],
)
def test_a_page_with_errors_says_so_first_in_its_title_and_links_to_each_field(
    client, manager, url, data, named
):
    client.force_login(manager)
    body = client.post(url, data).content.decode()
    assert re.search(r"<title>Error: ", body)
    start = body.index("govuk-error-summary__list")
    summary = body[start : body.index("</ul>", start)]
    for message in named:
        assert message in summary
    assert "This field is required" not in body
    for target in re.findall(r'href="#([^"]+)"', summary):
        assert f'id="{target}"' in body, f"#{target} lands nowhere"
