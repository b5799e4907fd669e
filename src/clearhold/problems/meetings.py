"""Partnership meetings: who came, the notes, the decisions and the actions they created.

``meeting_create`` stores a meeting and the new actions decided at it in one transaction:
every action row is checked first (with the same rules as ``action_create``) and one bad row
means nothing is saved. Row errors are keyed ``new_actions-<row>-<field>`` (rows from 0), the
names a Django formset with the prefix ``new_actions`` gives its fields, so a form can put
each error beside its row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from clearhold.authz import require
from clearhold.problems.actions import ACTION_FIELDS, action_errors, cost_display, cost_parse
from clearhold.problems.models import Action, ActionStatus, Meeting, Problem
from clearhold.problems.permissions import PROBLEM_CHANGE, PROBLEM_VIEW
from clearhold.problems.services import add_months
from clearhold.toolkit.addresses import address
from clearhold.toolkit.forms_dates import dates_refused
from clearhold.toolkit.ordering import in_order

ROW_PREFIX = "new_actions"
ROW_FIELDS = ("title", "layer", "owner_organisation", "due_date")
MAX_NEW_ACTIONS = 3


def row_key(index: int, name: str) -> str:
    """The error key of field ``name`` of new-action row ``index`` (from 0)."""
    return f"{ROW_PREFIX}-{index}-{name}"


def meeting_attendee_choices(*, problem: Problem) -> QuerySet:
    """The people who may be recorded as attending: the problem's named members and the
    active staff of its partner organisations."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(memberships__problem=problem)
            | Q(
                organisation__isnull=False,
                organisation_id__in=problem.partners.values("organisation_id"),
            )
        )
        .select_related("organisation")
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def _dates_checked(
    date: dt.date | None, next_meeting: dt.date | None
) -> tuple[dict[str, list[str]], dt.date | None]:
    """The dates' errors and the next meeting (a month on unless given), which must be later."""
    named = {
        "date": ("the date of the meeting", date),
        "next_meeting": ("the next meeting", next_meeting),
    }
    errors: dict[str, list[str]] = dates_refused(named)
    if date is None:
        errors["date"] = ["Enter the date of the meeting"]
    elif next_meeting is None and not errors:  # none from a date out of range
        next_meeting = add_months(date, 1)
    if date is not None and next_meeting is not None and next_meeting <= date:
        errors["next_meeting"] = ["The next meeting must be after this one"]
    return errors, next_meeting


def _new_action(
    problem: Problem, index: int, row: dict[str, Any], errors: dict[str, list[str]]
) -> Action:
    """A row as an unsaved action checked like ``action_create``; errors keyed by its row."""
    unknown = set(row) - ACTION_FIELDS
    if unknown:
        raise ValueError(f"Not action fields: {', '.join(sorted(unknown))}")
    action = Action(problem=problem, status=ActionStatus.PLANNED)
    bad_cost: list[str] = []
    for name, value in row.items():
        if name == "cost":
            try:
                value = cost_parse(value)
            except ValidationError as invalid:
                bad_cost, value = invalid.message_dict["cost"], None
        setattr(action, name, value.strip() if isinstance(value, str) else value)
    for name, messages in action_errors(action).items():
        errors[row_key(index, name)] = messages
    if bad_cost:
        errors[row_key(index, "cost")] = bad_cost
    return action


@transaction.atomic
def meeting_create(
    *,
    user: Any,
    problem: Problem,
    date: dt.date,
    attendees: Iterable[Any] = (),
    notes: str = "",
    decisions: str = "",
    next_meeting: dt.date | None = None,
    new_actions: Iterable[Mapping[str, Any]] = (),
) -> Meeting:
    """Record a meeting; ``next_meeting`` defaults to one calendar month after ``date``.

    ``new_actions``: up to three decisions that become actions, each a mapping with ``title``,
    ``layer``, ``owner_organisation`` and ``due_date`` (and optionally any other
    ``action_create`` field). They are linked to the meeting."""
    require(user, PROBLEM_CHANGE, problem)
    attendees = list(attendees)
    rows = [dict(row) for row in new_actions]
    errors, next_meeting = _dates_checked(date, next_meeting)
    allowed = set(meeting_attendee_choices(problem=problem).values_list("pk", flat=True))
    outsiders = [str(person) for person in attendees if person.pk not in allowed]
    if outsiders:
        errors["attendees"] = [
            "Attendees must be members of the problem or staff of its partner organisations: "
            + ", ".join(outsiders)
        ]
    if len(rows) > MAX_NEW_ACTIONS:
        errors[ROW_PREFIX] = [f"A meeting can create at most {MAX_NEW_ACTIONS} actions at once"]
    actions = [_new_action(problem, index, row, errors) for index, row in enumerate(rows)]
    if errors:
        raise ValidationError(errors)

    meeting = Meeting.objects.create(
        problem=problem,
        date=date,
        notes=notes.strip(),
        decisions=decisions.strip(),
        next_meeting=next_meeting,
    )
    meeting.attendees.set(attendees)
    for action in actions:
        action.meeting = meeting
        action.save()
    return meeting


def meeting_get(*, user: Any, problem: Problem, pk: int) -> Meeting:
    """A meeting of ``problem`` (404 when it belongs to another problem)."""
    require(user, PROBLEM_VIEW, problem)
    return get_object_or_404(Meeting.objects.select_related("problem"), pk=pk, problem=problem)


def meeting_detail(*, meeting: Meeting) -> dict[str, Any]:
    """Context for ``problems/meeting.html``: attendees and the actions the meeting decided."""
    actions = meeting.decided_actions.select_related("owner_organisation", "owner")
    return {
        "meeting": meeting,
        "attendees": meeting.attendees.select_related("organisation").order_by(
            "last_name", "first_name"
        ),
        "meeting_actions": [(action, cost_display(action)) for action in actions],
    }


def meetings_section(*, problem: Problem, user: Any, today: dt.date) -> dict[str, Any]:
    """Context for ``problems/sections/meetings.html``.

    Keys: ``meetings`` (newest first, each with ``n_attendees`` and ``n_actions``),
    ``next_meeting`` (the date the latest meeting set, or ``None``), ``next_meeting_past``
    (that date has gone by without a later meeting recorded) and ``meeting_new_url``."""
    from django.db.models import Count

    meetings = in_order(
        problem.meetings.annotate(
            n_attendees=Count("attendees", distinct=True),
            n_actions=Count("decided_actions", distinct=True),
        ).order_by(),
        "-date",
        "-id",
    )
    next_meeting = meetings[0].next_meeting if meetings else None
    return {
        "meetings": meetings,
        "next_meeting": next_meeting,
        "next_meeting_past": bool(next_meeting and next_meeting < today),
        "meeting_new_url": address("problems:meeting-new", args=[problem.pk]),
    }
