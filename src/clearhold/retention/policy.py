"""The retention policy: how long each kind of personal data is kept, and what is due when.

This is the one table a council reads to know what ClearHold keeps and for how long (print it
with ``clearhold retention --policy``). Every period counts from the close of the problem the
record belongs to, except a resident's contact details and photo, which count from the day
their report was received (they were given for that one report); a record whose clock has not
started (the problem is open, its close date is unknown, or a person is under an order "until
further order") is never due.

The periods are ClearHold's defaults, not legal advice; a council sets its own in the settings
(``CLEARHOLD_RETENTION_YEARS = {"powers.person": 7, ...}``). Six years after the case closed
matches the six-year limitation period for most civil claims (Limitation Act 1980, ss.2 and 5),
the period councils' retention schedules commonly give closed case files. Details of vulnerable
people are special-category data (UK GDPR Art. 9) kept only while support may be reviewed: two
years. The audit log is never touched: it is append-only (refusals included) and is the record
of what retention itself did.

Pure: no Django import, so the rules are tested on their own with hypothesis.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

SOURCE_DEFAULT = "ClearHold default"


class Disposal(StrEnum):
    DELETE = "delete"
    ANONYMISE = "anonymise"
    KEEP = "keep"


@dataclass(frozen=True)
class Rule:
    """One row of the policy: a kind of record, what it holds, and its fate."""

    record: str
    title: str
    holds: str
    disposal: Disposal
    years: int | None
    counted_from: str
    basis: str
    source: str = SOURCE_DEFAULT


RULES: tuple[Rule, ...] = (
    Rule(
        record="powers.person",
        title="People under enforcement",
        holds="name, date of birth, description, and the details of each enforcement step",
        disposal=Disposal.ANONYMISE,
        years=6,
        counted_from="the problem's close, or the end of the person's last step if later",
        basis="Limitation Act 1980 six-year period; steps are kept, without details, so the "
        "partnership can still count what it did",
    ),
    Rule(
        record="powers.breach",
        title="People in breach reports",
        holds="description of the person, what was seen, video reference",
        disposal=Disposal.ANONYMISE,
        years=6,
        counted_from="the problem's close",
        basis="Limitation Act 1980 six-year period; the breach, its time and offence are kept",
    ),
    Rule(
        record="problems.vulnerableperson",
        title="Vulnerable people",
        holds="who they are, why they are vulnerable, the support in place (special category)",
        disposal=Disposal.DELETE,
        years=2,
        counted_from="the problem's close",
        basis="special-category data (UK GDPR Art. 9): kept only while support may be reviewed",
    ),
    Rule(
        record="problems.problem",
        title="The problem's notes on people",
        holds="the triangle's notes on offenders, victims, handlers and guardians",
        disposal=Disposal.ANONYMISE,
        years=6,
        counted_from="the problem's close",
        basis="Limitation Act 1980 six-year period; notes on the place and the rest of the "
        "case are kept for the partnership's learning",
    ),
    Rule(
        record="documents.consultationresponse",
        title="Consultation responses from homes",
        holds="what a household said and the reply sent, tied to its home",
        disposal=Disposal.DELETE,
        years=6,
        counted_from="the problem's close",
        basis="Limitation Act 1980 six-year period; tied to a home, so deleted, not anonymised",
    ),
    Rule(
        record="documents.generateddocument",
        title="Generated documents with personal data",
        holds="letters, bundles and court papers marked as holding personal data (the file too)",
        disposal=Disposal.DELETE,
        years=6,
        counted_from="the problem's close",
        basis="Limitation Act 1980 six-year period; documents without personal data are kept",
    ),
    Rule(
        record="attachments.attachment",
        title="Files attached to records",
        holds="minutes, photos and letters received, attached to a problem or its records "
        "(the file too)",
        disposal=Disposal.DELETE,
        years=6,
        counted_from="the problem's close",
        basis="Limitation Act 1980 six-year period, as the case file they belong to; minutes and "
        "letters name people, so every attached file is treated as personal data",
    ),
    Rule(
        record="resident_reports.residentreport",
        title="Residents' contact details on their reports",
        holds="the name, email address and phone number a resident gave with a report, and "
        "the keyed digests of their address and device",
        disposal=Disposal.ANONYMISE,
        years=1,
        counted_from="the day the report was received",
        basis="given to follow up one report: a year is long enough to do that and to answer "
        "a complaint about how it was handled; the report itself, without them, is kept",
    ),
    Rule(
        record="resident_reports.reportphoto",
        title="Photos sent with residents' reports",
        holds="a photo a resident sent (its location and camera details removed on receipt); "
        "it may show people or homes",
        disposal=Disposal.DELETE,
        years=1,
        counted_from="the day the report was received",
        basis="as the contact details: the partnership acts on a report within the year; a "
        "photo needed as evidence is attached to the case file, under that file's period",
    ),
    Rule(
        record="audit.auditentry",
        title="The audit log, refusals included",
        holds="who did or saw what, and every refusal",
        disposal=Disposal.KEEP,
        years=None,
        counted_from="never",
        basis="append-only by design: it is the record of what retention itself did",
    ),
)


class PolicyError(ValueError):
    """A retention setting or date that cannot be used, with a sentence saying why."""


@dataclass(frozen=True)
class Holding:
    """A record still holding personal data, and the day its retention clock started
    (``None``: not started, ``waiting`` says why)."""

    record: str
    pk: int
    problem_id: int
    counted_from: dt.date | None
    waiting: str = ""


@dataclass(frozen=True)
class Decision:
    holding: Holding
    rule: Rule
    due_on: dt.date | None
    due: bool


def anniversary(day: dt.date, years: int) -> dt.date:
    """``day`` plus ``years`` years; 29 February becomes 28 February in a common year (the
    corresponding-date rule)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def due_on(counted_from: dt.date | None, years: int | None) -> dt.date | None:
    """The first day the record is due: the anniversary of its clock's start; ``None`` when
    the clock has not started or the record is kept."""
    if counted_from is None or years is None:
        return None
    return anniversary(counted_from, years)


def decide(rules: Iterable[Rule], holdings: Iterable[Holding], as_of: dt.date) -> list[Decision]:
    """One decision per holding: due when ``as_of`` is on or after its due day. A holding of
    a record no rule names, or a rule that keeps, is never due."""
    by_record = {r.record: r for r in rules}
    decisions = []
    for holding in holdings:
        rule = by_record.get(holding.record)
        if rule is None:
            raise PolicyError(f"No retention rule for {holding.record!r}.")
        day = due_on(holding.counted_from, rule.years if rule.disposal != Disposal.KEEP else None)
        decisions.append(
            Decision(holding=holding, rule=rule, due_on=day, due=day is not None and as_of >= day)
        )
    return decisions


def rules_with(years: Mapping[str, object] | None, rules: tuple[Rule, ...] = RULES) -> tuple:
    """The rules with a council's own periods (``{record: years}``) in place of the defaults.
    Unknown records, periods for kept records and anything but a whole number of years from
    1 to 100 are refused, naming the setting."""
    years = dict(years or {})
    known = {r.record: r for r in rules}
    unknown = sorted(set(years) - set(known))
    if unknown:
        raise PolicyError(
            f"CLEARHOLD_RETENTION_YEARS names {', '.join(unknown)}, which ClearHold does not "
            f"keep; known records: {', '.join(sorted(known))}."
        )
    changed = []
    for rule in rules:
        if rule.record not in years:
            changed.append(rule)
            continue
        value = years[rule.record]
        if rule.disposal == Disposal.KEEP:
            raise PolicyError(
                f"CLEARHOLD_RETENTION_YEARS[{rule.record!r}]: {rule.title.lower()} is always "
                "kept; it has no retention period to set."
            )
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
            raise PolicyError(
                f"CLEARHOLD_RETENTION_YEARS[{rule.record!r}] must be a whole number of years "
                f"from 1 to 100, not {value!r}."
            )
        changed.append(replace(rule, years=value, source="your settings"))
    return tuple(changed)


def parse_day(value: str, what: str = "--as-of") -> dt.date:
    """A date written YYYY-MM-DD, or a :class:`PolicyError` naming ``what`` and the value."""
    problem = PolicyError(f"{what} must be a real date written YYYY-MM-DD, not {value!r}.")
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise problem
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise problem from None
