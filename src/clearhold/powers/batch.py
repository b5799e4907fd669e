"""One step taken for many premises of an operation, lawful per premises.

Each premises runs in its own savepoint: a step the law or the record refuses for one premises
stores nothing for it, and the refusal names the premises and why. Whether the others are kept
is the user's choice (``proceed``): by default nothing is stored when any premises fails, so the
user sees the whole list first and decides. A permission refusal is not per premises (the rule
is the problem's) and stops the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from clearhold.law import Finding

Item = TypeVar("Item")


@dataclass(frozen=True)
class PremisesOutcome(Generic[Item]):
    """What one premises' step did: the stored record, or the reasons it was refused."""

    item: Item
    premises: str
    done: Any = None
    refused: tuple[str, ...] = ()
    warnings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.refused


@dataclass(frozen=True)
class BatchResult(Generic[Item]):
    """Every premises' outcome and whether the ones that succeeded were stored."""

    outcomes: list[PremisesOutcome[Item]] = field(default_factory=list)
    stored: bool = False

    @property
    def refused(self) -> list[PremisesOutcome[Item]]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def succeeded(self) -> list[PremisesOutcome[Item]]:
        return [o for o in self.outcomes if o.ok]


def reasons(error: ValidationError) -> tuple[str, ...]:
    """A refusal's messages, as the single-closure page would show them (the premises is
    named beside them by the outcome)."""
    return tuple(error.messages)


def _split(done: Any) -> tuple[Any, tuple[Finding, ...]]:
    """Services return the record, or (record, warnings): one shape for the outcome."""
    if isinstance(done, tuple) and len(done) == 2 and isinstance(done[1], list):
        return done[0], tuple(done[1])
    return done, ()


def run_for_each(
    items: Iterable[Item],
    step: Callable[[Item], Any],
    *,
    premises: Callable[[Item], str],
    proceed: bool = False,
) -> BatchResult[Item]:
    """Run ``step`` for each item in its own savepoint; keep the successes only when none
    failed or the user chose to ``proceed`` without the failures."""
    outcomes: list[PremisesOutcome[Item]] = []
    with transaction.atomic():
        for item in items:
            try:
                with transaction.atomic():
                    done, warnings = _split(step(item))
            except ValidationError as error:
                outcomes.append(PremisesOutcome(item, premises(item), refused=reasons(error)))
            else:
                outcomes.append(PremisesOutcome(item, premises(item), done, warnings=warnings))
        stored = proceed or all(o.ok for o in outcomes)
        if not stored:
            transaction.set_rollback(True)
    return BatchResult(outcomes, stored=stored and any(o.ok for o in outcomes))
