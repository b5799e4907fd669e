"""Forms of an operation: its shared terms and premises, one closure's own terms, and the
batch steps before the court (informing and consulting; the notices).

The premises are ticked from the problem's sites (optionally one unit of a site, with a number
for the walking order) or uploaded as a CSV of addresses (``clearhold.ingest.premises_csv``);
an unmatched or ambiguous line refuses the form with its line number. The services check the
law again, per premises.
"""

from __future__ import annotations

from typing import Any

from django import forms

from clearhold.ingest.premises_csv import Place, match_premises, read_premises_csv
from clearhold.law.premises import PREMISES_KINDS
from clearhold.powers.forms_closure import Page, radios, text
from clearhold.powers.forms_exemptions import MANDATORY_ON_NOTICE, AllowListForm, Checkboxes
from clearhold.powers.forms_times import WallTimes, when
from clearhold.powers.models import PREMISES_KIND_LABELS, OrderScope
from clearhold.powers.services_operation import PremisesPick
from clearhold.powers.terms import ClosureTerms
from clearhold.toolkit.forms import Form

NOTICE_HOURS = [
    (24, "24 hours"),
    (48, "48 hours (a superintendent or the chief executive’s designate, s.77(2))"),
]
ORDER_MONTHS = [(1, "1 month"), (2, "2 months"), (3, "3 months (the most an order may run, s.80(6))")]
KINDS = [(k, PREMISES_KIND_LABELS[k]) for k in PREMISES_KINDS if k != "area"]
NEVER = float("inf")


class TermsForm(AllowListForm):
    """The terms each closure applies for; a notice always lets in residents and the owner."""

    fixed = MANDATORY_ON_NOTICE
    scope = radios(
        "What each order closes", OrderScope.choices, "what each order closes", initial="communal"
    )
    part_description = text(
        "The parts closed (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. the stairwells, corridors, landings and shared routes",
    )
    notice_hours = radios(
        "How long each notice lasts", NOTICE_HOURS, "how long the notice lasts", coerce=int
    )
    order_months = radios(
        "How long each order is applied for", ORDER_MONTHS, "how long the order", coerce=int
    )

    def terms(self) -> dict[str, Any]:
        """The five shared terms as the services take them."""
        data = self.cleaned_data
        return {
            "scope": data["scope"],
            "part_description": data.get("part_description") or "",
            "exemptions": self.exemptions(),
            "notice_hours": data["notice_hours"],
            "order_months": data["order_months"],
        }


class OperationForm(TermsForm):
    """A new operation: its name and terms, and its premises ticked or uploaded."""

    name = text("Name of the operation", "the operation’s name", max_length=200)
    premises_kind = radios("What the premises are", KINDS, "what the premises are")
    premises = forms.MultipleChoiceField(
        label="Premises",
        choices=(),
        required=False,
        widget=Checkboxes,
        help_text="Tick the blocks or sites to close, each its own closure. Give a number to "
        "set the walking order; otherwise the order is as listed.",
    )
    addresses = forms.FileField(
        label="Or upload a CSV of addresses",
        required=False,
        help_text="Columns: address, and optionally unit (or flat) and route position. Each "
        "address must be a site of this problem, by name or address.",
        error_messages={"empty": "The file is empty: give one premises a line."},
    )

    field_order = ["name", "premises_kind", "scope", "part_description"]

    def __init__(self, *args, problem: Any, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {"scope": "communal", "premises_kind": "communal_areas", "notice_hours": 24},
        )
        kwargs["initial"].setdefault("order_months", 3)
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = "e.g. Operation Dakota"
        self.sites = list(problem.sites.prefetch_related("units").order_by("name", "id"))
        self.fields["premises"].choices = [(str(s.pk), s.name) for s in self.sites]
        for site in self.sites:
            self.fields[f"order_{site.pk}"] = forms.IntegerField(
                label=f"Place on the walking route of {site.name}",
                required=False,
                min_value=1,
                max_value=9999,
            )
            units = list(site.units.all())
            if units:
                self.fields[f"unit_{site.pk}"] = forms.ChoiceField(
                    label=f"Which part of {site.name}",
                    choices=[("", f"The whole of {site.name}")]
                    + [(str(u.pk), u.name) for u in units],
                    required=False,
                )
        self.picks: list[PremisesPick] = []

    def rows(self) -> list[dict[str, Any]]:
        """Each site with its tick, its walking-order box and its unit choice, for the page."""
        ticked = set(self["premises"].value() or ())
        return [
            {
                "site": site,
                "ticked": str(site.pk) in ticked,
                "order": self[f"order_{site.pk}"],
                "unit": self[f"unit_{site.pk}"] if f"unit_{site.pk}" in self.fields else None,
                "index": index,
            }
            for index, site in enumerate(self.sites, start=1)
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        ticked = cleaned.get("premises") or []
        upload = cleaned.get("addresses")
        if ticked and upload:
            self.add_error("addresses", "Tick premises or upload a CSV, not both.")
        elif upload:
            self.picks = self._from_csv(upload)
        elif ticked:
            self.picks = self._from_ticks(ticked, cleaned)
        elif not self.has_error("addresses"):
            self.add_error("premises", "Tick at least one premises, or upload a CSV of addresses.")
        return cleaned

    def _from_ticks(self, ticked: list[str], cleaned: dict) -> list[PremisesPick]:
        chosen = []
        for index, site in enumerate(self.sites):
            if str(site.pk) not in ticked:
                continue
            unit_pk = cleaned.get(f"unit_{site.pk}") or ""
            unit = next((u for u in site.units.all() if str(u.pk) == unit_pk), None)
            place = cleaned.get(f"order_{site.pk}")
            chosen.append(((place if place is not None else NEVER, index), site, unit))
        chosen.sort(key=lambda row: row[0])
        return [PremisesPick(site=site, unit=unit) for _, site, unit in chosen]

    def _from_csv(self, upload: Any) -> list[PremisesPick]:
        read = read_premises_csv(upload.read(2_000_000))
        places = [
            Place(
                site,
                (site.name, site.address or ""),
                tuple((u, (u.name, u.address or "")) for u in site.units.all()),
            )
            for site in self.sites
        ]
        matched, problems = match_premises(read.rows, places) if read.rows else ([], [])
        for problem in read.problems + problems:
            self.add_error("addresses", str(problem))
        return [PremisesPick(site=m.site, unit=m.unit) for m in matched]


class VaryForm(TermsForm):
    """One closure's own terms, shown as they stand (the operation's, as it varies them)."""

    page = Page(
        "Vary this premises’ terms",
        "Save the terms",
        "Terms saved for this premises.",
        "terms",
    )

    def __init__(self, *args, terms: ClosureTerms, **kwargs) -> None:
        codes = [e.get("code") for e in terms.exemptions]
        organisation = {e.get("code"): e.get("organisation") or "" for e in terms.exemptions}
        times = next((e.get("times") for e in terms.exemptions if e.get("times")), "")
        other = next((e.get("clause") for e in terms.exemptions if e.get("code") == "other"), "")
        kwargs["initial"] = {
            "scope": terms.scope,
            "part_description": terms.part_description,
            "notice_hours": terms.notice_hours,
            "order_months": terms.order_months,
            "exempt": [c for c in codes if c not in MANDATORY_ON_NOTICE],
            "housing_staff_organisation": organisation.get("housing_staff", ""),
            "council_staff_organisation": organisation.get("council_staff", ""),
            "times": times,
            "other_clause": other,
        }
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        return self.terms()


class WalkingOrderForm(Form):
    """A number per premises: the place on the walking route (and in street order)."""

    page = Page(
        "Change the walking order",
        "Save the walking order",
        "Walking order saved.",
        "premises",
    )

    def __init__(self, *args, closures: list[Any], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.closures = closures
        for place, closure in enumerate(closures, start=1):
            self.fields[f"place_{closure.pk}"] = forms.IntegerField(
                label=str(closure.premises_description),
                min_value=1,
                max_value=9999,
                initial=closure.route_position or place,
            )

    def places(self) -> dict[int, int]:
        """Closure id → the number given."""
        return {c.pk: self.cleaned_data[f"place_{c.pk}"] for c in self.closures}


class BatchForm(Form):
    """The premises a batch step is for (all offered, by default), and whether to keep the
    others when some are refused (the second button)."""

    closures = forms.MultipleChoiceField(
        label="Premises",
        choices=(),
        widget=Checkboxes,
        error_messages={"required": "Tick at least one premises."},
    )
    proceed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, offered: list[Any], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offered = offered
        self.fields["closures"].choices = [(str(c.pk), c.premises_description) for c in offered]
        self.initial.setdefault("closures", [str(c.pk) for c in offered])

    def chosen(self) -> list[Any]:
        """The ticked closures, in walking order."""
        ticked = set(self.cleaned_data.get("closures") or ())
        return [c for c in self.offered if str(c.pk) in ticked]


class EngagementsForm(WallTimes, BatchForm):
    page = Page(
        "Record informing and consulting for every premises",
        "Record for every premises",
        "Informing and consulting recorded for each premises.",
        "premises",
    )

    at = when("Informed and consulted at", "when they were informed and consulted")
    occupiers = text(
        "The people who live there, informed (s.76(6)(a))",
        "who was informed",
        max_length=200,
        initial="The residents of each premises",
    )
    interested = text(
        "Those with control, responsibility or an interest, informed (s.76(6)(b))",
        "who was informed",
        max_length=200,
        help_text="e.g. Barnet Homes, the freeholder",
    )
    consulted = text(
        "Consulted (s.76(7))",
        "who was consulted",
        max_length=200,
        help_text="e.g. Barnet Council",
    )
    how = text(
        "How (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. letters through every door on 3 July; meeting with Barnet Homes",
    )


class NoticesForm(WallTimes, BatchForm):
    page = Page(
        "Issue the closure notices",
        "Issue the notices",
        "Closure notices issued. Serve each now: each hearing clock runs from its service.",
        "premises",
    )

    issued_at = when("Issued at", "when the notices were issued")
    hearing_court = text(
        "Magistrates’ court hearing the applications",
        "the magistrates’ court (s.76(5)(e))",
        max_length=200,
        help_text="e.g. Willesden Magistrates’ Court",
    )
    hearing_court_address = text(
        "The court’s address",
        "the court’s address (s.76(5)(e))",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Printed on each notice, so that anyone affected can find the hearing.",
    )
    hearing_at = when("Hearing booked for", "when the hearing is booked")
    advice_is_local = forms.BooleanField(
        label="The housing and legal advice organisations shown are local to the premises "
        "(s.76(5)(g))",
        required=False,
    )
