"""Graduated enforcement per person: adding a person to a problem, recording each rung of the
ladder, and reading their chronology.

People are personal data (PEOPLE_VIEW / PEOPLE_CHANGE on the person's problem). Every write
checks the rule first and runs in a transaction; a step is checked by the law core
(``clearhold.law.enforcement.check_step``) against the person's stored steps, so a step the Act
forbids (a community protection notice with no warning, s.43(5)) is refused with its section
and nothing is stored, while a step to check (a notice soon after its warning) is stored and
its warnings returned. The reads take a checked person (from ``selectors.person_get``) or
check the user themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clearhold.authz import require
from clearhold.law.clocks import uk_date
from clearhold.law.enforcement import (
    CBO,
    CIVIL_INJUNCTION,
    CPN,
    FPN,
    LADDER,
    STEP_LABELS,
    Step,
    age_on,
    appeal_by,
    breach_consequence,
    check_step,
)
from clearhold.law.findings import Finding, blocks
from clearhold.powers.findings import refuse
from clearhold.powers.models import Breach, BreachOf, EnforcementStep, Person, StepKind
from clearhold.powers.permissions import PEOPLE_CHANGE, PEOPLE_VIEW

Recorded = tuple[EnforcementStep, list[Finding]]

# Steps that run for a period the law checks (s.1(6), s.25): only these may run until further
# order; any other step's end day just has to come after the day it was taken.
PERIOD_KINDS = frozenset({CIVIL_INJUNCTION, CBO})
# Orders and notices: a breach of these has a consequence in law worth showing on every row.
ORDERS_AND_NOTICES = frozenset({CPN, FPN, CIVIL_INJUNCTION, CBO})
BREACH_LABELS = {
    BreachOf.NOTICE: "Breach of a closure notice (s.86(1))",
    BreachOf.ORDER: "Breach of a closure order (s.86(2))",
    BreachOf.OBSTRUCTION: "Obstruction of a closure (s.86(3))",
}
# Where a blocking finding goes on the step form; any other code concerns the kind of step.
_PERIOD_CODES = frozenset({"GE-11", "GE-20"})


def _today() -> dt.date:
    return timezone.localdate()


def _fmt(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


@transaction.atomic
def person_add(
    *,
    user: Any,
    problem: Any,
    name: str,
    date_of_birth: dt.date | None = None,
    description: str = "",
) -> Person:
    """Record a person on ``problem``; refused unless the user may change people there."""
    require(user, PEOPLE_CHANGE, problem)
    name = (name or "").strip()
    if not name:
        refuse("Enter the person’s name.", "name")
    if date_of_birth is not None and date_of_birth > _today():
        refuse("A date of birth cannot be in the future.", "date_of_birth")
    person = Person(
        problem=problem,
        name=name,
        date_of_birth=date_of_birth,
        description=(description or "").strip(),
        added_by=user,
    )
    person.full_clean()
    person.save()
    return person


def history_of(person: Person) -> tuple[Step, ...]:
    """The person's stored steps as the law core's ``Step``s."""
    return tuple(
        Step(kind=s.kind, on=s.on, ends_on=s.ends_on, until_further_order=s.until_further_order)
        for s in person.steps.all()
    )


def _field_for(finding: Finding, until_further_order: bool) -> str:
    if finding.code in _PERIOD_CODES:
        return "until_further_order" if until_further_order else "ends_on"
    return "kind"


def _refuse_blocking(findings: list[Finding], until_further_order: bool) -> list[Finding]:
    """Raise one ValidationError with each blocking finding on the field it concerns (message
    and rule id, as ``findings.refuse_blocking`` words them); else return the warnings."""
    blocking = blocks(findings)
    if blocking:
        errors: dict[str, list[str]] = {}
        for finding in blocking:
            field = _field_for(finding, until_further_order)
            errors.setdefault(field, []).append(f"{finding.message} [{finding.code}]")
        raise ValidationError(errors)
    return [f for f in findings if f.severity == "warn"]


def _check_dates(
    person: Person,
    kind: str,
    on: dt.date,
    ends_on: dt.date | None,
    until_further_order: bool,
) -> None:
    if on > _today():
        refuse(
            f"Record a step once it has been taken: {_fmt(on)} is in the future.",
            "on",
        )
    if person.date_of_birth is not None and on < person.date_of_birth:
        refuse(
            f"{_fmt(on)} is before the person’s date of birth ({_fmt(person.date_of_birth)}).",
            "on",
        )
    if kind in PERIOD_KINDS:
        return  # the law core checks an injunction's or order's period (s.1(6), s.25)
    if until_further_order:
        refuse(
            "Only a civil injunction or a criminal behaviour order can have effect until "
            "further order.",
            "until_further_order",
        )
    if ends_on is not None and ends_on <= on:
        refuse("The end date must come after the day the step was taken.", "ends_on")


def _organisation_allowed(problem: Any, organisation: Any) -> bool:
    return (
        problem.lead_organisation_id == organisation.pk
        or problem.partners.filter(organisation=organisation).exists()
    )


@transaction.atomic
def _time_given(person: Person) -> int | None:
    """The days the latest warning gave the person to stop (s.43(5)(b)), if recorded."""
    warning = person.steps.filter(kind=StepKind.CPW).order_by("-on", "-id").first()
    return warning.compliance_days if warning else None


def step_record(
    *,
    user: Any,
    person: Person,
    kind: str,
    on: dt.date,
    ends_on: dt.date | None = None,
    until_further_order: bool = False,
    details: str = "",
    organisation: Any = None,
    compliance_days: int | None = None,
) -> Recorded:
    """Record one rung of the ladder for ``person`` and return it with the law's warnings.

    Refused (nothing stored) without PEOPLE_CHANGE on the person's problem, for a date in the
    future (only ``ends_on`` may be), and for any blocking finding of ``check_step`` on the
    person's history, named with its section and rule id. ``organisation`` (the body that took
    the step) defaults to the user's; one given must be the problem's lead or a partner.
    """
    require(user, PEOPLE_CHANGE, person.problem)
    # Lock the person so two steps recorded at once are each checked against the other.
    person = Person.objects.select_for_update().select_related("problem").get(pk=person.pk)
    if kind not in StepKind.values:
        refuse("Choose a step from the ladder.", "kind")
    _check_dates(person, kind, on, ends_on, until_further_order)
    findings = check_step(
        kind,
        on=on,
        date_of_birth=person.date_of_birth,
        history=history_of(person),
        ends_on=ends_on,
        until_further_order=until_further_order,
        compliance_days=_time_given(person),
    )
    warnings = _refuse_blocking(findings, until_further_order)
    if organisation is None:
        organisation = user.organisation
    elif not _organisation_allowed(person.problem, organisation):
        refuse(f"{organisation} is not a partner in this problem.", "organisation")
    step = EnforcementStep(
        person=person,
        kind=kind,
        on=on,
        ends_on=ends_on,
        until_further_order=until_further_order,
        compliance_days=compliance_days if kind == StepKind.CPW else None,
        organisation=organisation,
        details=(details or "").strip(),
        recorded_by=user,
    )
    step.full_clean()
    step.save()
    return step, warnings


# Reads -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One row of a person's chronology: a step of the ladder or a breach seen on patrol."""

    on: dt.date
    kind: str  # a ladder code, or "breach"
    label: str
    details: str
    appeal_by: dt.date | None = None
    consequence: str = ""
    ends_on: dt.date | None = None
    until_further_order: bool = False
    at: dt.datetime | None = None  # a breach's time
    by: str = ""  # the organisation that took the step
    url: str = ""  # a breach's closure

    @property
    def is_breach(self) -> bool:
        return self.kind == "breach"


def _step_entry(step: EnforcementStep) -> Entry:
    return Entry(
        on=step.on,
        kind=step.kind,
        label=STEP_LABELS[step.kind],
        details=step.details,
        appeal_by=appeal_by(step.kind, step.on),
        consequence=breach_consequence(step.kind) if step.kind in ORDERS_AND_NOTICES else "",
        ends_on=step.ends_on,
        until_further_order=step.until_further_order,
        by=str(step.organisation) if step.organisation_id else "",
    )


def _breach_entry(breach: Breach) -> Entry:
    where = breach.place or breach.closure.premises_description
    return Entry(
        on=uk_date(breach.occurred_at),
        kind="breach",
        label=BREACH_LABELS.get(breach.breach_of, breach.get_breach_of_display()),
        details=f"{where}: {breach.seen}" + (" Arrested." if breach.arrest else ""),
        consequence=breach.max_penalty,
        at=breach.occurred_at,
        url=breach.closure.get_absolute_url(),
    )


def chronology(person: Person) -> list[Entry]:
    """The person's steps and breaches in date order.

    Steps on the same day follow the ladder's order (as ``law.enforcement.chronology``); a
    breach, which has a time, comes before the steps of its day (an arrest or a notice follows
    the breach it answers).
    """
    steps = [
        ((s.on, 1, LADDER.index(s.kind), s.pk), _step_entry(s))
        for s in person.steps.select_related("organisation")
    ]
    breaches = [
        ((uk_date(b.occurred_at), 0, b.occurred_at.timestamp(), b.pk), _breach_entry(b))
        for b in person.breaches.select_related("closure")
    ]
    return [entry for _, entry in sorted(steps + breaches, key=lambda pair: pair[0])]


@dataclass(frozen=True)
class Rung:
    """One rung of the ladder and the days a person reached it (none: not reached)."""

    kind: str
    label: str
    days: tuple[dt.date, ...]

    @property
    def reached(self) -> bool:
        return bool(self.days)

    @property
    def latest(self) -> dt.date | None:
        return max(self.days) if self.days else None


def ladder(person: Person) -> list[Rung]:
    """Every rung, lowest first, with the days this person reached it."""
    days: dict[str, list[dt.date]] = {kind: [] for kind in LADDER}
    for step in person.steps.all():
        days[step.kind].append(step.on)
    return [Rung(kind, STEP_LABELS[kind], tuple(sorted(days[kind]))) for kind in LADDER]


def age_today(person: Person, today: dt.date | None = None) -> int | None:
    """The person's age in whole years today (UK date); None when the birth date is unknown."""
    if person.date_of_birth is None:
        return None
    today = today or _today()
    return age_on(person.date_of_birth, max(today, person.date_of_birth))


def latest_step(person: Person) -> EnforcementStep | None:
    """The latest step by date (the higher rung on the same day)."""
    steps = list(person.steps.all())
    if not steps:
        return None
    return max(steps, key=lambda s: (s.on, LADDER.index(s.kind), s.pk))


@dataclass(frozen=True)
class PersonRow:
    person: Person
    age: int | None
    latest: EnforcementStep | None


def people_on_problem(*, user: Any, problem: Any) -> list[PersonRow]:
    """The people on ``problem`` with their age today and latest step; refused without
    PEOPLE_VIEW on the problem."""
    require(user, PEOPLE_VIEW, problem)
    today = _today()
    people = Person.objects.filter(problem=problem).prefetch_related("steps")
    return [PersonRow(p, age_today(p, today), latest_step(p)) for p in people]
