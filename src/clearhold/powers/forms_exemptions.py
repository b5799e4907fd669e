"""The allow-list (who may still enter) as a form, shared by the notice and order forms.

A notice always lets in the people who live there and the owner (s.76(4)): the notice form
shows them as fixed and adds them whatever is ticked. An order may bar everyone (s.80(7)(a)),
so the order form offers them as ordinary checkboxes. Housing and council staff can be limited
to one organisation ("Staff of Clarion Housing"); an "other" clause is the order's own words.
The result is the list of ``clearhold.law.access`` exemptions as dicts, as the services store
it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, replace
from typing import Any

from django import forms

from clearhold.law.access import STANDARD_EXEMPTIONS, Exemption, exemptions_from_codes
from clearhold.toolkit.forms import Form

MANDATORY_ON_NOTICE = ("residents", "owner")
ORGANISATION_CODES = ("housing_staff", "council_staff")


class Checkboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose label id is the field's id (the first box's), so the GOV.UK error
    summary links to the group."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


class AllowListForm(Form):
    """Base form with the allow-list fields; ``fixed`` codes are always included."""

    fixed: tuple[str, ...] = ()

    exempt = forms.MultipleChoiceField(
        label="Who may still enter",
        choices=(),
        required=False,
        widget=Checkboxes,
    )
    housing_staff_organisation = forms.CharField(
        label="Housing provider (optional)",
        required=False,
        max_length=200,
        help_text="Limits the housing staff exemption to one provider, e.g. Clarion Housing",
    )
    council_staff_organisation = forms.CharField(
        label="Local authority (optional)",
        required=False,
        max_length=200,
        help_text="Limits the council staff exemption to one council, e.g. Fenland District "
        "Council",
    )
    times = forms.CharField(
        label="Only at these times (optional)",
        required=False,
        max_length=200,
        help_text="Limits the exemptions ticked above, e.g. 08:00 to 20:00 (s.76(3)(b), "
        "s.80(7)(b)); leave empty for at all times",
    )
    other_clause = forms.CharField(
        label="Anyone else, in the words of the document (optional)",
        required=False,
        max_length=300,
        help_text="e.g. Royal Mail staff delivering post, 07:00 to 18:00",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exempt"].choices = [
            (code, clause) for code, clause in STANDARD_EXEMPTIONS.items() if code not in self.fixed
        ]

    @property
    def fixed_clauses(self) -> list[str]:
        """The wording of the exemptions always included (shown, not ticked)."""
        return [STANDARD_EXEMPTIONS[code] for code in self.fixed]

    def clean(self) -> dict:
        cleaned = super().clean()
        ticked = set(cleaned.get("exempt") or ())
        for code in ORGANISATION_CODES:
            name = f"{code}_organisation"
            if (cleaned.get(name) or "").strip() and code not in ticked:
                self.add_error(
                    name,
                    f"You named an organisation but did not tick “{STANDARD_EXEMPTIONS[code]}”: "
                    "tick it, or clear the name.",
                )
        return cleaned

    def exemptions(self) -> list[dict]:
        """The allow-list as stored with the notice or order (``dataclasses.asdict``)."""
        return allow_list(self.cleaned_data, self.fixed)

    def without_allow_list(self) -> dict:
        """``cleaned_data`` less the allow-list fields (the rest goes to the service as is)."""
        names = set(AllowListForm.base_fields)
        return {k: v for k, v in self.cleaned_data.items() if k not in names}


def allow_list(data: Mapping[str, Any], fixed: tuple[str, ...] = ()) -> list[dict]:
    """The allow-list from the form's fields (``exempt``, the organisations, ``times``,
    ``other_clause``) as stored with a notice or order; also read by the court application,
    whose proposed allow-list is drafted with the same fields. ``fixed`` codes are always in.
    An unknown code raises ``ValueError``."""
    ticked = set(data.get("exempt") or ())
    codes = [code for code in STANDARD_EXEMPTIONS if code in fixed or code in ticked]
    unknown = ticked - set(STANDARD_EXEMPTIONS)
    if unknown:
        raise ValueError(f"Unknown exemption: {', '.join(sorted(unknown))}.")
    organisations = {
        code: str(data[f"{code}_organisation"]).strip()
        for code in ORGANISATION_CODES
        if code in ticked and str(data.get(f"{code}_organisation") or "").strip()
    }
    built = list(exemptions_from_codes(codes, organisation_by_code=organisations))
    times = str(data.get("times") or "").strip()
    if times:
        built = [replace(e, times=times) if e.code in ticked else e for e in built]
    other = str(data.get("other_clause") or "").strip()
    if other:
        built.append(Exemption(code="other", clause=other))
    return [asdict(exemption) for exemption in built]
