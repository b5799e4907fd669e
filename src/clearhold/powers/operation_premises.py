"""How an operation names its premises, and the check that a step's closures are its own.

One name for one premises everywhere an operation lists them (refusals, the walk, the
deadlines, the extensions): the unit and the site, or the site, as the officer knows them on
the estate. The notice itself still describes the premises in full (s.76(5)(a)).
"""

from __future__ import annotations

from typing import Any

from clearhold.powers.findings import refuse


def premises_name(closure: Any) -> str:
    """ "Flat 3, Block A" for a unit's closure, "Block A" for a site's."""
    if closure.unit_id:
        return f"{closure.unit.name}, {closure.site.name}"
    return str(closure.site.name)


def require_own(operation: Any, closures: list[Any]) -> None:
    """Refuse an empty choice, or a closure of another operation (a tampered form)."""
    if not closures:
        refuse("Choose at least one premises.", "premises")
    for closure in closures:
        if closure.operation_id != operation.pk:
            refuse(
                f"{premises_name(closure)} is not one of {operation.name}’s premises.", "premises"
            )
