"""The named user a command-line run acts as (``--as USERNAME``).

Every CLI command that reads or writes the partnership's data acts as a person, as a page does:
their rights are asked of the same rules (``clearhold.authz``), a refusal is printed as the
rule's plain sentence with a non-zero exit (and audited, as the 403 page does), and what the run
writes to the audit trail is attributed to them (``acting_as``).
"""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console

AS_HELP = "The ClearHold user the command acts as; their rights are checked"
EXIT_NO_SUCH_USER = 1

console = Console(stderr=True)


def acting_user(username: str, action: str, *, command: str, refused_exit: int) -> Any:
    """The active user called ``username`` if they may do ``action``; otherwise say why and exit
    (``EXIT_NO_SUCH_USER`` for an unknown or closed account, ``refused_exit`` for a refusal).
    Django must be set up."""
    from django.contrib.auth import get_user_model

    from clearhold.audit.context import acting_as
    from clearhold.audit.models import AuditAction
    from clearhold.audit.services import audit_record
    from clearhold.authz import Refused, require

    user = get_user_model().objects.select_related("organisation").filter(username=username).first()
    if user is None or not user.is_active:
        console.print(f"[red]There is no active ClearHold user called {username}.[/red]")
        raise typer.Exit(EXIT_NO_SUCH_USER)
    try:
        require(user, action)
    except Refused as refused:
        with acting_as(user, path=command):
            audit_record(action=AuditAction.REFUSED, object_repr=command, detail=refused.message)
        console.print(f"[red]Refused:[/red] {refused.message}")
        raise typer.Exit(refused_exit) from None
    return user
