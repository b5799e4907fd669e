"""The closure notice form: ClearHold writes the notice, so the form asks only what the record
cannot know and checks the seven contents of s.76(5) against the record.

The premises come from the closure and the advice contacts from the problem's document details;
the officer gives the length, the time of issue, who may still enter (residents and the owner
always, s.76(4)), the booked hearing with the court's address, and confirms that the advice
organisations are local (s.76(5)(g)). A content the notice would lack refuses the form with its
paragraph and the fix; the contents stored with the notice are those the checklist found.
"""

from __future__ import annotations

import dataclasses

from django import forms

from clearhold.law.notice_contents import ContentCheck, NoticeFacts, notice_checklist
from clearhold.powers.forms_closure import Page, radios, text
from clearhold.powers.forms_exemptions import MANDATORY_ON_NOTICE, AllowListForm
from clearhold.powers.forms_times import WallTimes, when

ADVICE_IS_LOCAL = (
    "The housing and legal advice organisations shown are local to the premises (s.76(5)(g))"
)


class NoticeForm(WallTimes, AllowListForm):
    page = Page(
        "Issue the closure notice",
        "Issue the notice",
        "Closure notice issued. Serve it now: the hearing clock runs from service.",
        "notice",
    )

    fixed = MANDATORY_ON_NOTICE

    hours = radios(
        "How long the notice lasts",
        [
            (24, "24 hours"),
            (48, "48 hours (a superintendent or the chief executive’s designate, s.77(2))"),
        ],
        "how long the notice lasts",
        coerce=int,
        initial=24,
    )
    issued_at = when("Issued at", "when the notice was issued")
    hearing_court = text(
        "Magistrates’ court hearing the application",
        max_length=200,
        required=False,
        help_text="e.g. Cambridge Magistrates’ Court",
    )
    hearing_court_address = text(
        "The court’s address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Printed on the notice, so that anyone affected can find the hearing "
        "(s.76(5)(e)). e.g. The Court House, Parkside, Cambridge CB1 1JA",
    )
    hearing_at = when("Hearing booked for", "when the hearing is booked", required=False)
    advice_is_local = forms.BooleanField(label=ADVICE_IS_LOCAL, required=False)

    def __init__(self, *args, record: NoticeFacts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.record = record

    def checklist(self) -> tuple[ContentCheck, ...]:
        """The seven contents as the notice would hold them: the record, with what the officer
        has typed once the form is checked."""
        typed = getattr(self, "cleaned_data", {})
        return notice_checklist(
            dataclasses.replace(
                self.record,
                hearing_court=typed.get("hearing_court") or "",
                hearing_court_address=typed.get("hearing_court_address") or "",
                hearing_at=typed.get("hearing_at"),
                advice_is_local=bool(typed.get("advice_is_local")),
            )
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        named: set[str] = set()
        for check in self.checklist():
            if check.present or check.field in named:
                continue
            if check.field:
                named.add(check.field)
                if self.has_error(check.field):
                    continue
            self.add_error(check.field or None, check.missing)
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.without_allow_list()
        data.pop("advice_is_local", None)
        contents = [check.key for check in self.checklist() if check.present]
        return {**data, "contents": contents, "exemptions": self.exemptions()}
