"""The action plan: actions in layers with owner, due date, status, cost, VAT and funder.

Writes (``action_create``, ``action_update``) check PROBLEM_CHANGE and validate everything
before saving, so bad input raises a ``ValidationError`` naming the field and leaves nothing
behind. ``actions_section`` is what the problem page shows: the actions grouped by layer, the
overdue ones flagged, and the cost totals by layer and by funder.

Costs and VAT. Each cost is stated either *plus VAT* (VAT still to be added), *including VAT*
or *no VAT*. We never add VAT ourselves (the rate, and whether the funder can reclaim it, are
not ours to know), so every total has two figures that are never added together:

- ``plus_vat``: the sum of costs stated plus VAT;
- ``final``: the sum of costs stated including VAT or with no VAT (the amount payable).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clearhold.authz import require
from clearhold.problems.models import Action, ActionStatus, Layer, Problem, Vat
from clearhold.problems.permissions import PROBLEM_CHANGE
from clearhold.readmodel import Shown
from clearhold.toolkit.addresses import address
from clearhold.toolkit.forms_dates import dates_refused
from clearhold.toolkit.ordering import in_order

OPEN_STATUSES = frozenset({ActionStatus.PLANNED, ActionStatus.IN_PROGRESS})
NO_FUNDER = "No funder named"
COST_NOT_A_NUMBER = "Enter the cost in pounds as a number, like 2800 or 2800.50"
COST_NEGATIVE = "The cost cannot be negative"
# Action.cost holds 12 digits, 2 of them pence.
COST_LIMIT = Decimal("10000000000")
COST_TOO_LARGE = "The cost must be less than £10,000,000,000"

# Fields a caller may set on an action (the problem, meeting and timestamps are fixed).
ACTION_FIELDS = frozenset(
    {
        "title",
        "description",
        "layer",
        "owner_organisation",
        "owner",
        "due_date",
        "status",
        "cost",
        "vat",
        "funder",
    }
)


def money(amount: Decimal) -> str:
    """Pounds with thousands separators and pence: ``Decimal("2800")`` → ``"£2,800.00"``."""
    return f"£{amount:,.2f}"


def cost_parse(value: Any) -> Decimal | None:
    """A cost in pounds from a number or text ("2800", "£2,800.50"); ``None`` when empty.

    Raises ``ValidationError`` on ``cost`` when it is not a number or is negative."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        value = str(value)
    if isinstance(value, str):
        value = value.strip().removeprefix("£").replace(",", "").strip()
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"cost": COST_NOT_A_NUMBER}) from None
    if not amount.is_finite():
        raise ValidationError({"cost": COST_NOT_A_NUMBER})
    if amount < 0:
        raise ValidationError({"cost": COST_NEGATIVE})
    if amount >= COST_LIMIT:
        raise ValidationError({"cost": COST_TOO_LARGE})
    return amount.quantize(Decimal("0.01"))


def action_errors(action: Action) -> dict[str, list[str]]:
    """Every reason the unsaved ``action`` may not be stored, by field (empty when valid).

    Besides the model's own checks: the due date may not be before the problem's start, the
    owner organisation must be a partner of the problem and the owner a named member."""
    errors: dict[str, list[str]] = {}
    try:
        action.full_clean(exclude=["problem", "meeting"], validate_constraints=False)
    except ValidationError as invalid:
        errors.update(invalid.message_dict)
    problem = action.problem
    errors.update(dates_refused({"due_date": ("the due date", action.due_date)}))
    if action.due_date and action.due_date < problem.start_date:
        errors.setdefault("due_date", []).append(
            f"The due date must be on or after the problem’s start, {problem.start_date:%-d %B %Y}"
        )
    if action.cost is not None and action.cost < 0:
        errors["cost"] = [COST_NEGATIVE]
    if (
        action.owner_organisation_id
        and not problem.partners.filter(organisation_id=action.owner_organisation_id).exists()
    ):
        errors.setdefault("owner_organisation", []).append(
            "The owner organisation must be a partner in this problem: add it as a partner first"
        )
    if action.owner_id and not problem.members.filter(user_id=action.owner_id).exists():
        errors.setdefault("owner", []).append(
            "The owner must be a named member of this problem: add them as a member first"
        )
    return errors


def _apply(action: Action, fields: dict[str, Any]) -> None:
    unknown = set(fields) - ACTION_FIELDS
    if unknown:
        raise ValueError(f"Not action fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if name == "cost":
            value = cost_parse(value)
        elif name in {"description", "funder"} or name == "title":
            value = (value or "").strip()
        setattr(action, name, value)


@transaction.atomic
def action_create(
    *,
    user: Any,
    problem: Problem,
    title: str,
    layer: str,
    owner_organisation: Any,
    due_date: dt.date,
    description: str = "",
    owner: Any = None,
    status: str = ActionStatus.PLANNED,
    cost: Any = None,
    vat: str = Vat.NO_VAT,
    funder: str = "",
    meeting: Any = None,
) -> Action:
    """Add an action to the problem's plan (``meeting``: the meeting that decided it)."""
    require(user, PROBLEM_CHANGE, problem)
    action = Action(problem=problem, meeting=meeting)
    _apply(
        action,
        {
            "title": title,
            "layer": layer,
            "owner_organisation": owner_organisation,
            "due_date": due_date,
            "description": description,
            "owner": owner,
            "status": status,
            "cost": cost,
            "vat": vat,
            "funder": funder,
        },
    )
    errors = action_errors(action)
    if errors:
        raise ValidationError(errors)
    action.save()
    return action


@transaction.atomic
def action_update(*, user: Any, action: Action, **fields: Any) -> Action:
    """Change an action's fields, its status included (e.g. ``status=ActionStatus.DONE``)."""
    require(user, PROBLEM_CHANGE, action.problem)
    stored = Action.objects.select_for_update().get(pk=action.pk)
    _apply(stored, fields)
    errors = action_errors(stored)
    if errors:
        raise ValidationError(errors)
    stored.save()
    for name in fields:
        setattr(action, name, getattr(stored, name))
    return stored


# --- the problem page section -------------------------------------------------------------


@dataclass
class CostTotal:
    """Costs summed without mixing VAT treatments (see the module docstring)."""

    plus_vat: Decimal = Decimal("0.00")
    final: Decimal = Decimal("0.00")
    count: int = 0

    def add(self, action: Action) -> None:
        if action.cost is None:
            return
        self.count += 1
        if action.vat == Vat.PLUS_VAT:
            self.plus_vat += action.cost
        else:
            self.final += action.cost

    @property
    def plus_vat_display(self) -> str:
        return f"{money(self.plus_vat)} plus VAT" if self.plus_vat else "–"

    @property
    def final_display(self) -> str:
        return money(self.final) if self.final else "–"

    @property
    def display(self) -> str:
        """One line: "£6,600.00 plus VAT and £500.00 including VAT or no VAT"."""
        parts = []
        if self.plus_vat:
            parts.append(f"{money(self.plus_vat)} plus VAT")
        if self.final:
            parts.append(f"{money(self.final)} including VAT or no VAT")
        return " and ".join(parts) or "No costs recorded"


# The status tag's colour on the problem page: overdue is red whatever the status.
STATUS_TAGS = {ActionStatus.DONE: "govuk-tag--green", ActionStatus.IN_PROGRESS: "govuk-tag--blue"}


@dataclass
class ActionRow:
    """One action on the problem page, with what its row prints read once here (through the
    page's reader when ``action`` is shown to one) rather than field by field in the template."""

    action: Action
    overdue: bool
    cost_display: str
    edit_url: str
    title: str = ""
    description: str = ""
    meeting_url: str = ""
    meeting_date: dt.date | None = None
    organisation: Any = None
    owner: Any = None
    due_date: dt.date | None = None
    funder: str = ""
    status: str = ""
    status_tag: str = ""

    @classmethod
    def of(cls, action: Action, today: dt.date) -> ActionRow:
        overdue = is_overdue(action, today)
        meeting = action.meeting
        return cls(
            action=action,
            overdue=overdue,
            cost_display=cost_display(action),
            edit_url=address("problems:action-edit", args=[action.problem_id, action.pk]),
            title=action.title,
            description=action.description,
            meeting_url=(
                address("problems:meeting", args=[action.problem_id, meeting.pk]) if meeting else ""
            ),
            meeting_date=meeting.date if meeting else None,
            organisation=action.owner_organisation,
            owner=action.owner,
            due_date=action.due_date,
            funder=action.funder,
            status=action.get_status_display(),
            status_tag="govuk-tag--red"
            if overdue
            else STATUS_TAGS.get(action.status, "govuk-tag--grey"),
        )


@dataclass
class LayerGroup:
    value: str
    label: str
    rows: list[ActionRow] = field(default_factory=list)
    total: CostTotal = field(default_factory=CostTotal)


@dataclass
class FunderTotal:
    funder: str
    total: CostTotal = field(default_factory=CostTotal)


def cost_display(action: Action) -> str:
    """ "£2,800.00 plus VAT", "£500.00 including VAT", "£120.00 (no VAT)" or "" with no cost."""
    if action.cost is None:
        return ""
    if action.vat == Vat.NO_VAT:
        return f"{money(action.cost)} (no VAT)"
    return f"{money(action.cost)} {action.get_vat_display()}"


def is_overdue(action: Action, today: dt.date) -> bool:
    return action.status in OPEN_STATUSES and action.due_date < today


def action_plan(*, actions: Iterable[Action], today: dt.date) -> dict[str, Any]:
    """Group actions by layer (in the plan's order) and total their costs by layer, by
    funder and overall."""
    groups = {value: LayerGroup(value=value, label=label) for value, label in Layer.choices}
    funders: dict[str, FunderTotal] = {}
    total = CostTotal()
    for action in actions:
        group = groups[action.layer]
        group.rows.append(ActionRow.of(action, today))
        group.total.add(action)
        total.add(action)
        if action.cost is not None:
            name = action.funder or NO_FUNDER
            funders.setdefault(name, FunderTotal(funder=name)).total.add(action)
    by_funder = sorted(funders.values(), key=lambda f: (f.funder == NO_FUNDER, f.funder.lower()))
    return {
        "action_layers": list(groups.values()),
        "action_funder_totals": by_funder,
        "action_total": total,
        "action_overdue_count": sum(row.overdue for g in groups.values() for row in g.rows),
    }


def _meetings_hold(actions: list[Any], problem: Any) -> None:
    """Each action's meeting of ``problem`` holds the page's problem record, which the read
    model checks the meeting against: the problem (the page's widest row) is not joined to
    every action and read again. ``actions`` and ``problem`` may come wrapped by a reader."""
    record = problem._obj if isinstance(problem, Shown) else problem
    for action in actions:
        meeting = (action._obj if isinstance(action, Shown) else action).meeting
        if meeting is not None and meeting.problem_id == record.pk:
            meeting.problem = record


def actions_section(*, problem: Problem, user: Any, today: dt.date | None = None) -> dict:
    """Context for ``problems/sections/actions.html`` and ``sections/meetings.html``.

    Keys: ``action_layers`` (list of LayerGroup: label, rows of ActionRow, total),
    ``action_funder_totals`` (list of FunderTotal), ``action_total`` (CostTotal),
    ``action_overdue_count``, ``action_count``, ``action_new_url``, and the meeting keys of
    :func:`clearhold.problems.meetings.meetings_section`."""
    from clearhold.problems.meetings import meetings_section

    today = today or timezone.localdate()
    actions = problem.actions.select_related("owner_organisation", "owner", "meeting")
    actions = in_order(actions.order_by(), "due_date", "id")  # the model's order, made here
    _meetings_hold(actions, problem)
    return {
        **action_plan(actions=actions, today=today),
        "action_count": len(actions),
        "action_new_url": address("problems:action-new", args=[problem.pk]),
        **meetings_section(problem=problem, user=user, today=today),
    }
