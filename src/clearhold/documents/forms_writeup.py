"""The practice write-up form: parsing only; the service checks the dates and saves."""

from __future__ import annotations

from django import forms

from clearhold.documents.models import PracticeWriteUp
from clearhold.documents.writeup import WRITEUP_FIELDS
from clearhold.toolkit.forms import DATE_HINT, DayField, ModelForm


class WriteUpForm(ModelForm):
    start_date = DayField(label="Start date", what="the start date")
    end_date = DayField(
        label="End date (optional)",
        what="the end date",
        required=False,
        help_text=f"Leave empty while the work goes on. {DATE_HINT}",
    )

    class Meta:
        model = PracticeWriteUp
        fields = list(WRITEUP_FIELDS)
        labels = {
            "organisation": "Organisation",
            "partners": "Partners",
            "scale": "Scale of initiative",
            "target_group": "Target group",
            "aim": "Aim",
            "intended_outcome": "Intended outcome",
            "description": "Description",
            "overall_impact": "Overall impact",
            "went_well": "What went well",
            "challenges": "Challenges",
            "recommendations": "Recommendations",
        }
        help_texts = {
            "organisation": "The organisation that led the work",
            "partners": "One organisation a line",
            "scale": "For example: one open space of 2.6 hectares, or an estate of 500 homes",
            "target_group": "Who the work was aimed at: the people causing the problem, or "
            "those affected by it",
            "aim": "What the work set out to do",
            "intended_outcome": "The change you wanted to see, with numbers and a date",
            "description": "What was done, by whom, and what it cost",
            "overall_impact": "What difference it made, with the evaluation figures and their "
            "intervals. Keep the intervals: they say how sure the figures are.",
            "went_well": "Optional. Each line becomes a paragraph.",
            "challenges": "Optional. What was hard, and what you changed.",
            "recommendations": "Optional. What you would tell a partnership starting the same "
            "work.",
        }
        widgets = {
            name: forms.Textarea
            for name in (
                "partners",
                "aim",
                "intended_outcome",
                "description",
                "overall_impact",
                "went_well",
                "challenges",
                "recommendations",
            )
        }

    def __init__(self, *args, withheld: frozenset[str] = frozenset(), **kwargs) -> None:
        """``withheld``: the saved write-up's fields the reader may not see (its target group
        is restricted). Each is shown empty and cannot be changed: saving keeps the
        partnership's text, which a reader who never saw it could otherwise overwrite."""
        super().__init__(*args, **kwargs)
        self.withheld = frozenset(withheld) & set(self.fields)
        for name in self.withheld:
            field = self.fields[name]
            field.disabled, field.required = True, False
            field.help_text = WITHHELD_HINT
            self.initial[name] = ""


WITHHELD_HINT = "Personal data, not shared with your organisation: saving keeps what is written."
