"""The hotspot page's filters and settings (parsing only; the checks live in the analysis)."""

from __future__ import annotations

from django import forms

from clearhold.areas import AreaError, area_from_geojson
from clearhold.incidents.forms import MonthField, check_month_order
from clearhold.ingest import Category
from clearhold.places.models import Site
from clearhold.toolkit.forms import Form

ASB = [c.value for c in Category if c.value.startswith("asb-")]


class HotspotForm(Form):
    category = forms.MultipleChoiceField(
        label="Categories",
        required=False,
        choices=[(c.value, c.label) for c in Category],
        widget=forms.CheckboxSelectMultiple,
    )
    month_from = MonthField(label="From month")
    month_to = MonthField(label="To month")
    site = forms.ModelChoiceField(
        label="Area",
        queryset=Site.objects.all(),
        required=False,
        empty_label="Everywhere in the data",
    )
    lsoa = forms.CharField(
        label="LSOA names starting with",
        required=False,
        max_length=60,
        help_text="e.g. Fenland 003 for Wisbech town centre",
    )
    area_geojson = forms.CharField(
        label="Or paste an area outline (GeoJSON polygon, longitude and latitude)",
        required=False,
        widget=forms.Textarea,
    )
    cell = forms.FloatField(label="Cell size (metres)", min_value=10, max_value=5000, initial=100)
    bandwidth = forms.FloatField(
        label="Density bandwidth (metres)",
        required=False,
        min_value=10,
        max_value=20000,
        help_text="Leave empty for 2.5 cells",
    )
    radius = forms.FloatField(
        label="Gi* radius (metres)", min_value=10, max_value=50000, initial=300
    )

    study_area = forms.ChoiceField(
        label="Grid over",
        required=False,
        choices=[
            ("lsoas", "The LSOAs in the data (empty land around them left out)"),
            ("box", "The whole box around the incidents"),
        ],
        help_text="A pasted outline or a site's area, when given, is used instead.",
    )
    inference = forms.ChoiceField(
        label="Significance of hot and cold spots",
        required=False,
        choices=[
            ("analytic", "Analytic z (any grid)"),
            ("permutation", "Permutation test, 999 shuffles (small grids only)"),
        ],
    )
    seed = forms.IntegerField(
        label="Permutation seed",
        required=False,
        min_value=0,
        max_value=2**32 - 1,
        help_text="Leave empty for a fresh one; the report names the seed used",
    )

    def clean(self):
        data = super().clean()
        check_month_order(self, data)
        data["study_area"] = data.get("study_area") or "lsoas"
        data["inference"] = data.get("inference") or "analytic"
        data["area"] = None
        if data.get("area_geojson"):
            try:
                data["area"] = area_from_geojson(data["area_geojson"])
            except AreaError as problem:
                self.add_error("area_geojson", str(problem))
        elif data.get("site"):
            data["area"] = area_from_geojson(data["site"].boundary)
        return data
