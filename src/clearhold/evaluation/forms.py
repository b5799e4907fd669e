"""The Evaluate page's choices (parsing only)."""

from __future__ import annotations

from django import forms

from clearhold.areas import AreaError, area_from_geojson
from clearhold.ingest import Category
from clearhold.ingest.policeuk import POLICEUK_FIRST_MONTH, POLICEUK_SINCE
from clearhold.toolkit.forms import DayField, Form

DEFAULT_CATEGORIES = ["asb-unclassified", "drugs", "public-order"]
COMPARE_CHOICES = [
    ("matched", "Matched areas (same level and trend before)"),
    ("synthetic", "A synthetic control (a weighted mix of areas)"),
    ("area", "The area control, side by side"),
]


class EvaluationForm(Form):
    intervention = DayField(
        label="Date the intervention began",
        what="the date the intervention began",
        help_text="For example, the date the closure order was made: 27 3 2025",
        since=POLICEUK_FIRST_MONTH,
        since_why=POLICEUK_SINCE,
    )
    category = forms.MultipleChoiceField(
        label="Categories",
        choices=[(c.value, c.label) for c in Category],
        widget=forms.CheckboxSelectMultiple,
    )
    months_before = forms.IntegerField(label="Months before", min_value=1, max_value=60, initial=12)
    months_after = forms.IntegerField(label="Months after", min_value=1, max_value=60, initial=12)
    buffer_m = forms.FloatField(
        label="Displacement buffer (metres)",
        min_value=0,
        max_value=5000,
        initial=250,
        help_text="A ring this wide around the site, to see whether the problem moved next door",
    )
    control_lsoa = forms.CharField(
        label="Comparison area: LSOA names starting with (optional)",
        required=False,
        max_length=60,
        help_text="e.g. Fenland 00 for the LSOAs of Wisbech and around",
    )
    control_geojson = forms.CharField(
        label="Comparison area (optional GeoJSON polygon)",
        required=False,
        widget=forms.Textarea,
        help_text="Leave empty to compare with the rest of the force's data",
    )
    compare = forms.MultipleChoiceField(
        label="Also compare with",
        required=False,
        choices=COMPARE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Small areas (LSOAs) in the same data that looked like the site before",
    )
    wdd_control = forms.ChoiceField(
        label="Control for the WDD test and the time series",
        choices=[
            ("same-size", "Five same-size areas nearby with the most similar counts before"),
            ("control", "The comparison area above"),
        ],
        required=False,
        initial="same-size",
        help_text="The WDD test compares counts, so a control of the site's size is fairer",
    )
    target_reduction = forms.FloatField(
        label="Objective: fall wanted (%)",
        required=False,
        min_value=1,
        max_value=100,
        help_text="e.g. 75",
    )
    within_months = forms.IntegerField(
        label="Objective: within months",
        required=False,
        min_value=1,
        max_value=60,
    )
    claim = forms.FloatField(
        label="The partnership's claimed fall (%)",
        required=False,
        min_value=0,
        max_value=100,
        help_text="What the partnership says happened, e.g. 80; checked against the data",
    )

    def clean(self):
        data = super().clean()
        data["control"] = None
        data["wdd_control"] = data.get("wdd_control") or "same-size"
        if data.get("control_geojson") and data.get("control_lsoa"):
            self.add_error(
                "control_lsoa", "Give the comparison area as LSOAs or as an outline, not both"
            )
        elif data.get("control_geojson"):
            try:
                data["control"] = area_from_geojson(data["control_geojson"])
            except AreaError as problem:
                self.add_error("control_geojson", str(problem))
        return data
