"""Forms for opening a problem, its analysis, partnership and vulnerable people."""

from __future__ import annotations

from django import forms

from clearhold.accounts.models import Organisation, User
from clearhold.places.models import Site
from clearhold.problems.models import MemberRole, Phase, Problem, Stage
from clearhold.toolkit.forms import DayField, Form, ModelForm


class ProblemForm(Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="e.g. ASB on the open space off West Street, Wisbech",
    )
    sites = forms.ModelMultipleChoiceField(
        label="Sites",
        queryset=Site.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Make a site from the Hotspots page if it is not listed",
    )
    start_date = DayField(label="Start date", what="the date the work started")
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea)


class AnalysisForm(ModelForm):
    class Meta:
        model = Problem
        fields = [
            "stage",
            "phase",
            "summary",
            "offender_notes",
            "place_notes",
            "victim_notes",
            "handler_notes",
            "place_manager_notes",
            "guardian_notes",
            "risk_firearms",
            "risk_intimidation",
            "risk_exploitation",
            "risk_vulnerable_residents",
        ]
        widgets = {
            "stage": forms.Select(choices=Stage.choices),
            "phase": forms.Select(choices=Phase.choices),
        }


class MemberForm(Form):
    person = forms.ModelChoiceField(
        label="Person", queryset=User.objects.filter(is_active=True).select_related("organisation")
    )
    role = forms.ChoiceField(label="Role in this problem", choices=MemberRole.choices)
    sees_special_category = forms.BooleanField(
        label="Named to see vulnerable people’s details (special-category data)", required=False
    )
    manages_membership = forms.BooleanField(
        label="Manages the problem’s membership (adds and removes people and organisations)",
        required=False,
    )


class PartnerForm(Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.all(),
        help_text="It will see what is public to the partnership; what else it receives is set "
        "on the sharing record",
    )


class VulnerablePersonForm(Form):
    description = forms.CharField(
        label="Who, why they are vulnerable, and the support in place", widget=forms.Textarea
    )
