"""An officer's witness statement about a closure, in the Criminal Justice Act 1967 s.9 (MG11)
layout.

A written statement is admissible in criminal proceedings as oral evidence would be when it is
signed by its maker and holds the declaration the Criminal Justice Act 1967 s.9(2)(b) asks
for; the MG11 prints
that declaration at its head, the witness's name, occupation and age ("over 18"), and a
signature on every page. ClearHold drafts the body from the case record: what the witness did
(issued or served the notice, saw a breach) in the first person, what others did as known from
the record, the incidents reported "on or near" the premises as police.uk describes them, and
an exhibit list whose references are the witness's initials and a number.

The witness is a member of staff: their name is restricted and read through the maker's reader.
A maker who may not see it gets the statement with the name withheld and a line for the witness
to write it in, rather than a refusal: the name is the one restricted fact in the paper, the
witness completes and signs the draft by hand in any case, and the facts of the case are the
partnership's to draft from. Blocked only when there is no notice to speak to, or the chosen
witness did nothing on the record.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django import forms
from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.bundle_incidents import incidents_at
from clearhold.documents.content.common import (
    PREMISES,
    SEEN_WITHHELD,
    day,
    person,
    premises,
    seen,
    text,
    when,
)
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.law import UK
from clearhold.powers.state import notice_of, order_of
from clearhold.problems.objectives import CATEGORY_LABELS
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import Form

DECLARATION = (
    "This statement (consisting of …… page(s) each signed by me) is true to the best of my "
    "knowledge and belief and I make it knowing that, if it is tendered in evidence, I shall "
    "be liable to prosecution if I have wilfully stated in it anything which I know to be "
    "false, or do not believe to be true."
)
NAME_WITHHELD = (
    "Withheld from this copy: staff names are shown only to partners allowed personal data. "
    "The witness writes their name here before signing."
)
WITNESSES = {
    "issuer": "The officer who issued the closure notice",
    "server": "The officer who first served the notice",
    "maker": "Me (the person making this statement)",
}
PLACEHOLDERS = {
    "reference": None,
    "date": None,
    "declaration": None,
    "witness": Obj.of("name", "name_withheld", "occupation", "organisation", "age", "initials"),
    "premises": PREMISES,
    "paragraphs": ListOf(),
    "exhibits": ListOf(Obj.of("reference", "description", "produced_by")),
}
REQUIRED = {
    "declaration": "a witness statement must hold the declaration of the Criminal Justice Act "
    "1967, s.9(2)(b).",
    "witness": "a witness statement must name its witness, their occupation and age.",
}


class WitnessForm(Form):
    """Whose statement it is: chosen by what they did, so the choices name nobody."""

    witness = forms.ChoiceField(
        label="Whose statement is this?",
        error_messages={"required": "Select whose statement this is"},
        choices=list(WITNESSES.items()),
        initial="issuer",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, subject: Any = None, user: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.replace("-", " ").split() if part[0].isalpha()).upper()


def _witness_user(choice: str, notice: Any, reader: Reader) -> Any:
    if choice == "server":
        first = notice.service.select_related("served_by").first()
        return first.served_by if first is not None else None
    if choice == "maker":
        return reader.user
    return notice.issued_by


def _incidents(closure: Any, until: dt.date) -> str:
    """The incidents at the premises in the year before the notice, as police.uk says them."""
    since = dt.date(until.year - 1, until.month, 1)
    rows = incidents_at([closure.site], since, until)
    if not rows:
        return ""
    by_category = Counter(CATEGORY_LABELS.get(r.category, r.category) for r in rows)
    places = sorted({_in_sentence(r.location) for r in rows if r.location})
    where = "; ".join(places[:5]) or "on or near the premises"
    kinds_seen = ", ".join(f"{n} {_in_sentence(c)}" for c, n in by_category.most_common())
    return (
        f"I have read the incidents recorded at the premises from {since:%B %Y} to "
        f"{until:%B %Y}. There were {len(rows)}, reported {where}: {kinds_seen}. "
        f"I produce the schedule of those incidents as exhibit {{schedule}}."
    )


def _in_sentence(words: str) -> str:
    """A label as it reads inside a sentence: its first word in lower case unless it is a
    name or an initialism (“On or near West Street” is “on or near West Street”; “ASB
    (personal)” stays as it is), never the whole label lowered."""
    first, _, rest = words.strip().partition(" ")
    if first[1:2].isupper() or not first[:1].isupper():
        return words.strip()
    return " ".join(part for part in (first.lower(), rest) if part)


def _is(user: Any, witness: Any) -> bool:
    return user is not None and witness is not None and user.pk == witness.pk


def _notice_paragraphs(notice: Any, witness: Any, exhibit: Any) -> list[str]:
    """The notice, its service and its extension, in the first person where the witness acted."""
    who = (
        "I"
        if _is(notice.issued_by, witness)
        else person(notice.issued_by)["name"] or ("an officer")
    )
    ref = exhibit("A copy of the closure notice", witness)
    lines = [
        f"At {when(notice.issued_at)} {who} issued a closure notice under section 76 of the "
        f"Anti-social Behaviour, Crime and Policing Act 2014 for {notice.hours} hours, in "
        f"respect of the premises. A hearing of the application for a closure order was "
        f"booked at {text(notice.hearing_court)} for {when(notice.hearing_at)}. I produce a "
        f"copy of the notice as exhibit {ref}."
    ]
    for event in notice.service.select_related("served_by"):
        actor = (
            "I"
            if _is(event.served_by, witness)
            else (person(event.served_by)["name"] or "an officer")
        )
        detail = f" ({text(event.detail)})" if text(event.detail) else ""
        sentence = (
            f"At {when(event.served_at)} {actor} served the "
            f"{event.get_document_display().lower()}: {event.get_act_display()}{detail}."
        )
        if event.photo:
            photo = exhibit(f"Photograph of the service at {when(event.served_at)}", witness)
            sentence += f" I produce the photograph taken then as exhibit {photo}."
        lines.append(sentence)
    return lines


def _breach_paragraphs(closure: Any, witness: Any, exhibit: Any) -> list[str]:
    lines = []
    for breach in sorted(closure.breaches.all(), key=lambda b: b.occurred_at):
        own = _is(breach.recorded_by, witness)
        place = _in_sentence(text(breach.place))
        where = f"on or near {place}" if place else "at the premises"
        moment = f"at {when(breach.occurred_at)}, {where},"
        opening = (
            f"{moment[0].upper()}{moment[1:]} I saw"
            if own
            else f"It is recorded that {moment} officers saw"
        )
        what, of = seen(breach), breach.get_breach_of_display().lower()
        sentence = (
            f"{opening} a breach of the {of}. {what}."
            if what == SEEN_WITHHELD
            else f"{opening} the following, a breach of the {of}: {what.strip().rstrip('.')}."
        )
        if text(breach.video_reference):
            video = exhibit(f"Video {text(breach.video_reference)}", witness)
            sentence += f" The video is exhibit {video}."
        lines.append(sentence)
    return lines


def witness_statement(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    title = f"Witness statement: {text(closure.premises_description)}"
    notice = reader.show(notice_of(subject))
    if notice is None:
        return Content(title, {}, [
            "A witness statement about a closure speaks to its notice: no closure notice is "
            "recorded yet (s.76). Record the notice first."
        ])  # fmt: skip
    choice = inputs.get("witness") or "issuer"
    witness = _witness_user(choice, notice, reader)
    if witness is None:
        return Content(title, {}, [
            "No service of the notice is recorded, so there is no serving officer to make the "
            "statement: record the service (s.79) or choose another witness."
        ])  # fmt: skip
    shown = reader.show(witness, within=subject.problem)
    about = person(shown, closure.body)
    name = about["name"] if text(shown.last_name) or text(shown.first_name) else ""
    initials = _initials(name) or "W"
    exhibits: list[dict[str, str]] = []

    def exhibit(description: str, producer: Any) -> str:
        reference = f"{initials}/{len(exhibits) + 1}"
        exhibits.append({"reference": reference, "description": description,
                         "produced_by": name or "the witness"})  # fmt: skip
        return reference

    role = about["role"].lower()
    article = "an" if role[:1] in "aeiou" else "a"
    where = premises(closure)
    paragraphs = [
        f"I am {article} {role} with {about['organisation']}. I make this statement "
        f"about the closure of {where['description']}"
        f"{', ' + where['address'] if where['address'] else ''}."
    ]
    issued_on = notice.issued_at.astimezone(UK).date()
    incidents = _incidents(subject, issued_on)
    if incidents:
        schedule = exhibit("Schedule of incidents recorded at the premises", witness)
        paragraphs.append(incidents.replace("{schedule}", schedule))
    paragraphs += _notice_paragraphs(notice, witness, exhibit)
    order = order_of(subject)
    if order is not None:
        shown_order = reader.show(order)
        paragraphs.append(
            f"On {day(shown_order.made_on)} {text(shown_order.court)} made a closure order "
            f"under section 80 of the Anti-social Behaviour, Crime and Policing Act 2014, in "
            f"force until {day(shown_order.current_ends_on())}."
        )
    paragraphs += _breach_paragraphs(closure, witness, exhibit)
    context = {
        "reference": f"CH-{closure.problem_id}-{closure.pk}",
        "date": day(timezone.localdate()),
        "declaration": DECLARATION,
        "witness": {
            "name": name,
            "name_withheld": NAME_WITHHELD if not name else "",
            "occupation": about["role"],
            "organisation": about["organisation"],
            "age": "Over 18",
            "initials": initials,
        },
        "premises": where,
        "paragraphs": paragraphs,
        "exhibits": exhibits,
    }
    return Content(title, context)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="witness_statement",
            title="Witness statement (MG11)",
            subject="closure",
            placeholders=PLACEHOLDERS,
            build=witness_statement,
            form=WitnessForm,
            required=REQUIRED,
            description="An officer's statement under the Criminal Justice Act 1967 s.9 "
            "(MG11 layout) drafted from the record, with its exhibit list.",
        )
    )
