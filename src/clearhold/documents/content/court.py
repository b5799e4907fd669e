"""The court application for a closure order (s.80) and for its extension (s.82).

Both are complaints to a magistrates' court (Magistrates' Courts Act 1980, Part II). The
officer chooses the grounds, writes the evidence for each and the statement, and drafts the
order sought (full or partial, with its allow-list); ClearHold adds what the record already
proves — the parties (``court_record.parties``), the incidents at the premises described as
police.uk does, the consultation and informing done before the hearing (s.76(6),(7)), the
service log (s.79), vulnerable occupiers as far as the maker may see them, and the exhibits —
so the application and its evidence cannot disagree. The proposed end is checked against
s.80(6) on the form. The extension application (``extension_application``) holds the same
parts (``application_common``) on the test of s.82(3).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from clearhold.documents import kinds
from clearhold.documents.content import court_record as record
from clearhold.documents.content.common import (
    EXEMPTIONS,
    PERSON,
    PREMISES,
    day,
    exemptions,
    person,
    premises,
    text,
    when,
)
from clearhold.documents.content.plan import site_plan
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.law import POWERS_IN_FORCE, UK, check_allow_list, end_of_day, start_of_day
from clearhold.law.access import Exemption
from clearhold.law.findings import blocks
from clearhold.law.orders import check_order_term
from clearhold.powers.forms_exemptions import AllowListForm, allow_list
from clearhold.powers.models import BreachOf
from clearhold.powers.state import notice_of
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import DayField, Form

GROUNDS = {
    "paragraph": "s.80(5)({})",
    "a": "a person has engaged, or (if the order is not made) is likely to engage, in "
    "disorderly, offensive or criminal behaviour on the premises",
    "b": "the use of the premises has resulted, or (if the order is not made) is likely to "
    "result, in serious nuisance to members of the public",
    "c": "there has been, or (if the order is not made) is likely to be, disorder near those "
    "premises associated with the use of those premises",
}
NECESSITY = (
    "and that the order is necessary to prevent the behaviour, nuisance or disorder from "
    "continuing, recurring or occurring (s.80(5))."
)
LOG = ListOf(Obj.of("what", "who", "at", "detail"))
PARTIES = ListOf(Obj.of("name", "capacity"))
COMMON = {
    "reference": None,
    "premises": PREMISES,
    "applicant": PERSON,
    "court": Obj.of("name", "address", "when"),
    "grounds": ListOf(Obj.of("paragraph", "text", "evidence", "records")),
    "necessity": None,
    "statement": None,
    "evidence": Obj.of("period", "total", "by_category", "listed", "more", "exhibit"),
    "breaches": ListOf(Obj.of("when", "where", "seen", "offence")),
    "exemptions": EXEMPTIONS,
    "consultation": LOG,
    "service": ListOf(Obj.of("what", "who", "at", "detail", "photo")),
    "respondents": PARTIES,
    "interested": PARTIES,
    "exhibits": ListOf(Obj.of("reference", "description")),
    "plan": Obj.of("png", "caption"),
}
ORDER_APPLICATION = {
    **COMMON,
    "proposed": Obj.of("starts", "ends", "kind", "terms", "full", "bars_residents"),
    "article8": Obj.of("reasoning", "recorded", "described"),
}
SAY_FULL_OR_PARTIAL = (
    "Say which order the court is asked for: a full closure barring all persons, or a partial "
    "one with the people who may still enter (s.80(7))."
)
BARRING_TERMS = (
    "prohibiting access to the premises by all persons, at all times and in all circumstances "
    "(s.80(7)(a)–(c))."
)
ALLOWING_TERMS = (
    "prohibiting access to the premises by all persons except those listed below (s.80(7)(a))."
)
ORDER_KINDS = [
    ("full", "Full closure: bars all persons, except any ticked below (s.80(7)(a))"),
    ("partial", "Partial closure: the people ticked below may still enter (s.80(7))"),
]
DEFAULT_ARTICLE_8 = (
    "The applicant has weighed the occupiers' right to respect for their home and private and "
    "family life (Article 8, European Convention on Human Rights) against the rights of the "
    "neighbours and the public, and considers an order of this extent and length necessary "
    "and proportionate to stop the behaviour."
)


def _evidence_field(key: str) -> forms.CharField:
    return forms.CharField(
        label=f"Evidence for ground ({key}) (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What shows this ground: witnesses, officers' observations, exhibits.",
    )


class ApplicationForm(Form):
    """The officer's part of an application: grounds, evidence for each, and statement."""

    grounds = forms.MultipleChoiceField(
        label="Grounds (s.80(5)) — choose every one the evidence supports",
        choices=[(k, f"({k}) {GROUNDS[k][0].upper()}{GROUNDS[k][1:]}") for k in "abc"],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one ground under s.80(5)."},
    )
    evidence_a = _evidence_field("a")
    evidence_b = _evidence_field("b")
    evidence_c = _evidence_field("c")
    statement = forms.CharField(
        label="Statement of the evidence",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What happened, who saw it, and why closure is necessary. Hearsay is "
        "admissible and goes to weight.",
    )

    def __init__(self, *args: Any, subject: Any = None, user: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.closure = subject


class OrderApplicationForm(ApplicationForm, AllowListForm):
    """Also the order sought: full or partial, its allow-list, its end and proportionality."""

    order_sought = forms.ChoiceField(
        label="The order sought", choices=ORDER_KINDS, widget=forms.RadioSelect
    )
    proposed_ends_on = DayField(
        label="Proposed end of the order",
        since=POWERS_IN_FORCE,
        help_text="At most 3 months from the hearing (s.80(6)). For example, 7 8 2025",
    )
    bars_residents = forms.BooleanField(
        label="The order sought bars the people who live there (s.80(7)(a))",
        required=False,
        help_text="A partial order on someone’s home must either exempt the people who live "
        "there or bar them; visitors are exempt only as visitors of people who may be there",
    )
    article8 = forms.CharField(
        label="Proportionality and Article 8 (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why this order is proportionate for the occupiers; a standard paragraph is "
        "used if empty.",
    )

    def clean_proposed_ends_on(self) -> dt.date:
        ends_on = self.cleaned_data["proposed_ends_on"]
        starts = record.hearing_day(notice_of(self.closure) if self.closure else None)
        if starts is not None:
            found = blocks(check_order_term(starts, ends_on))
            if found:
                raise forms.ValidationError([f"{f.message} [{f.code}]" for f in found])
        return ends_on


def _plan(subject: Any, closure: Any) -> dict[str, str]:
    """The plan of the premises: the site's outline (read from the record as recorded) named
    as the shown closure describes the premises."""
    plan = site_plan([subject.site], text(closure.premises_description))
    return {"png": plan["png"], "caption": plan["caption"]}


def application_common(
    subject: Any, reader: Reader, inputs: dict, words: dict, window: tuple[dt.date, dt.date]
) -> tuple[dict[str, Any], list[str], list[str]]:
    """What both applications hold; ``window`` is the period whose evidence they give (and
    whose breaches: of the notice before an order, of the order before an extension)."""
    closure = reader.show(subject)
    notice = notice_of(closure)
    if notice is None:
        return {}, ["Issue the closure notice first: the application follows it (s.80(1))."], []
    blocking: list[str] = []
    chosen = [k for k in "abc" if k in (inputs.get("grounds") or [])]
    if not chosen:
        blocking.append(f"Choose at least one ground under {words['paragraph'][:-4]}.")
    if not str(inputs.get("statement", "")).strip():
        blocking.append("Write the statement of the evidence.")
    applicant = person(reader.show(reader.user, within=subject.problem), closure.body)
    prefix = record.initials(applicant["name"])
    evidence = record.incidents(closure.site, *window, exhibit=f"{prefix}/3")
    of = BreachOf.NOTICE if words is GROUNDS else BreachOf.ORDER
    seen = record.breaches(closure, start_of_day(window[0]), end_of_day(window[1]), of)
    grounds, warnings = record.ground_evidence(chosen, evidence, inputs, seen, words)
    context = {
        "reference": f"CH-{closure.problem_id}-{closure.pk}",
        "premises": premises(closure),
        "applicant": applicant,
        "court": {
            "name": text(notice.hearing_court),
            "address": text(notice.hearing_court_address).strip(),
            "when": when(notice.hearing_at),
        },
        "grounds": grounds,
        "statement": str(inputs.get("statement", "")).strip(),
        "evidence": {k: v for k, v in evidence.items() if k != "codes"},
        "breaches": seen,
        "service": record.served(notice),
        **record.parties(closure),
        "plan": _plan(subject, closure),
    }
    return context, blocking, warnings


def _order_sought(inputs: dict, dwelling: bool) -> tuple[dict[str, Any], list[dict], list[str]]:
    """The order the court is asked for, from the officer's draft, and its allow-list: one the
    order itself could be recorded with (``check_allow_list``: no officer on patrol given two
    answers, s.80(7)(a),(c))."""
    kind = inputs.get("order_sought")
    if kind not in ("full", "partial"):
        return {}, [], [SAY_FULL_OR_PARTIAL]
    try:
        allowed = allow_list(inputs)
    except ValueError as wrong:
        return {}, [], [f"The proposed allow-list is wrong: {wrong}"]
    if kind == "partial" and not allowed:
        return {}, [], ["A partial order lets some people in: tick who may still enter."]
    full = kind == "full"
    bars = bool(inputs.get("bars_residents")) or (
        full and not any(e["code"] == "residents" for e in allowed)
    )
    findings = check_allow_list(
        [Exemption.from_dict(e) for e in allowed],
        partial=not full,
        dwelling=dwelling,
        bars_residents=bars,
    )
    if findings:
        return {}, [], [f"The proposed allow-list: {f.message}" for f in blocks(findings)]
    terms = ALLOWING_TERMS if allowed else BARRING_TERMS
    label = "a full closure order" if full else "a partial closure order"
    shown = {"kind": label, "terms": terms, "full": full and not allowed}
    return {**shown, "bars_residents": bars and not full}, allowed, []


def order_application(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    title = f"Application for a closure order: {closure.premises_description}"
    notice = notice_of(closure)
    issued = notice.issued_at.astimezone(UK).date() if notice else dt.date.today()
    since = dt.date(issued.year - 1, issued.month, 1)
    context, blocking, warnings = application_common(
        subject, reader, inputs, GROUNDS, (since, issued)
    )
    if not context:
        return Content(title, {}, blocking)
    starts = record.hearing_day(notice)
    ends_on = inputs.get("proposed_ends_on")
    proposed, allowed, wrong = _order_sought(inputs, bool(closure.dwelling))
    blocking += wrong
    context["proposed"] = {**proposed, "starts": day(starts), "ends": day(ends_on)}
    context["exemptions"] = exemptions(allowed)
    context["necessity"] = NECESSITY
    context["consultation"] = record.consultation_before(closure, notice.hearing_at)
    context["article8"] = {
        "reasoning": str(inputs.get("article8") or "").strip() or DEFAULT_ARTICLE_8,
        **record.vulnerability(reader.show(subject.problem)),
    }
    extra = [
        "The record of informing and consultation before the notice (s.76(6),(7))",
        "Plan of the premises",
        "Draft closure order",
    ]
    prefix = record.initials(context["applicant"]["name"])
    context["exhibits"] = record.exhibits(prefix, notice, context["evidence"], extra)
    if ends_on is None:
        blocking.append("Give the proposed end of the order (at most 3 months, s.80(6)).")
    elif starts is not None:
        blocking += [f"{f.message} [{f.code}]" for f in blocks(check_order_term(starts, ends_on))]
    return Content(title, context, blocking, warnings)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="court_application",
            title="Court application for a closure order",
            subject="closure",
            placeholders=ORDER_APPLICATION,
            build=order_application,
            form=OrderApplicationForm,
            description="The complaint under s.80: parties, the order sought and its allow-list, "
            "the grounds with their evidence, Article 8, consultation, service and exhibits.",
        )
    )
