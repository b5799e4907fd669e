"""The web form for a column-mapping profile: a partner's file layout described in plain fields.

Category rules are typed one per line as ``words => category`` (e.g. ``fly tipping =>
asb-environmental``); rules are tried in order before ClearHold's default CAD rules, so a
partnership adds its own wording without losing the defaults.
"""

from __future__ import annotations

from django import forms

from clearhold.ingest import DEFAULT_CAD_TYPE_MAP, CadRule, CadTypeMap, Category, MappingProfile
from clearhold.toolkit.forms import Form

OPTIONAL_COLUMNS = ("reference_column", "location_column", "description_column", "outcome_column")


def _formats(text: str) -> tuple[str, ...]:
    return tuple(f.strip() for f in text.split(",") if f.strip())


class MappingProfileForm(Form):
    name = forms.SlugField(
        label="Short name",
        max_length=60,
        help_text="Lower-case letters, digits and hyphens, e.g. fenland-council-asb",
    )
    label = forms.CharField(
        label="Description", max_length=200, help_text="e.g. Fenland District Council ASB case log"
    )
    datetime_column = forms.CharField(
        label="Date and time column",
        required=False,
        help_text="One column holding both, e.g. Date/Time",
    )
    datetime_formats = forms.CharField(
        label="Date and time formats",
        required=False,
        help_text="Comma-separated, e.g. %d/%m/%Y %H:%M",
    )
    date_column = forms.CharField(
        label="Date column",
        required=False,
        help_text="Use this instead when the date and time are in separate columns",
    )
    date_formats = forms.CharField(label="Date formats", required=False, help_text="e.g. %d/%m/%Y")
    time_column = forms.CharField(label="Time column", required=False)
    location_kind = forms.ChoiceField(
        label="How is the place given?",
        error_messages={"required": "Select how the place is given"},
        choices=[
            ("latlon", "Latitude and longitude"),
            ("en", "Easting and northing (British National Grid)"),
        ],
    )
    first_coordinate_column = forms.CharField(label="Latitude or easting column")
    second_coordinate_column = forms.CharField(label="Longitude or northing column")
    category_column = forms.CharField(label="Incident type column", help_text="e.g. Incident Type")
    reference_column = forms.CharField(label="Reference column", required=False)
    location_column = forms.CharField(label="Location text column", required=False)
    description_column = forms.CharField(
        label="Description column", required=False, help_text="Free text; it may hold personal data"
    )
    outcome_column = forms.CharField(label="Outcome column", required=False)
    category_rules = forms.CharField(
        label="Your own incident-type rules (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="One per line, words => category code, e.g. fly tipping => asb-environmental. "
        "Codes: " + ", ".join(c.value for c in Category),
    )

    def clean_category_rules(self) -> tuple[CadRule, ...]:
        rules = []
        for number, line in enumerate(self.cleaned_data["category_rules"].splitlines(), 1):
            if not line.strip():
                continue
            words, arrow, code = line.partition("=>")
            if not arrow or not words.strip():
                raise forms.ValidationError(f"Line {number}: write it as words => category code")
            try:
                rules.append(CadRule(pattern=words.strip(), category=Category(code.strip())))
            except ValueError:
                raise forms.ValidationError(
                    f"Line {number}: “{code.strip()}” is not a category code"
                ) from None
        return tuple(rules)

    def profile(self) -> MappingProfile:
        """The profile described by the (valid) form; ValueError lists what does not fit."""
        data = self.cleaned_data
        coordinates = (
            {
                "latitude_column": data["first_coordinate_column"],
                "longitude_column": data["second_coordinate_column"],
            }
            if data["location_kind"] == "latlon"
            else {
                "easting_column": data["first_coordinate_column"],
                "northing_column": data["second_coordinate_column"],
            }
        )
        return MappingProfile(
            name=data["name"],
            label=data["label"],
            category_column=data["category_column"],
            datetime_column=data["datetime_column"] or None,
            datetime_formats=_formats(data["datetime_formats"]),
            date_column=data["date_column"] or None,
            date_formats=_formats(data["date_formats"]),
            time_column=data["time_column"] or None,
            location_kind=data["location_kind"],
            type_map=CadTypeMap(
                rules=data["category_rules"] + DEFAULT_CAD_TYPE_MAP.rules,
                default=DEFAULT_CAD_TYPE_MAP.default,
            ),
            **coordinates,
            **{name: data[name] or None for name in OPTIONAL_COLUMNS},
        )
