"""`clearhold document KIND`: make a document from the command line, as a named user.

The same service as the web page: the user's rights are checked, a blocked document names what
is missing (exit 2), a problem the user may not see is refused alike whether it exists or not
(exit 3), and the file is stored with its sha256 and audited before it is copied to ``--out``,
readable by its owner alone (0600). Useful for the 500-letter run on a schedule, or a bundle
for court in a script.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from clearhold.toolkit.bootstrap import django_setup

console = Console()


def write_private(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` readable by its owner alone (0600), whatever the umask or the
    mode of a file already there: a document may hold personal data."""
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(data)


def _maker_and_subject(
    kind: Any, username: str, problem_id: int, of: int | None
) -> tuple[Any, Any]:
    """The user and what the document is made from; exit 1 if either is missing, 3 if hidden."""
    from django.contrib.auth import get_user_model

    from clearhold.authz import can
    from clearhold.documents.selectors import subjects_of
    from clearhold.problems.models import Problem
    from clearhold.problems.permissions import PROBLEM_VIEW

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        console.print(f"[red]No user {username}")
        raise typer.Exit(1)
    problem = Problem.objects.filter(pk=problem_id).first()
    if problem is None or not can(user, PROBLEM_VIEW, problem):
        # One answer whether the problem is missing or not the user's to see: the CLI tells
        # no one which problems exist.
        console.print(f"[red]Refused:[/red] {username} may not see problem {problem_id}.")
        raise typer.Exit(3)
    found = [s for s in subjects_of(problem, kind) if of is None or s.pk == of]
    if not found:
        console.print(f"[red]Nothing on problem {problem_id} to make a {kind.title.lower()} from.")
        raise typer.Exit(1)
    return user, found[0]


def _generated(user: Any, kind: Any, subject: Any, fmt: str, purpose: str) -> Any:
    """The document made and stored by the web's service; refused: exit 3, blocked: exit 2."""
    from clearhold.authz import Refused
    from clearhold.documents.services import DocumentBlocked, document_generate

    try:
        return document_generate(user=user, kind=kind, subject=subject, fmt=fmt, purpose=purpose)
    except Refused as refused:
        console.print(f"[red]Refused:[/red] {refused.message}")
        raise typer.Exit(3) from None
    except DocumentBlocked as blocked:
        console.print(f"[red]The {kind.title.lower()} cannot be made yet:")
        for message in blocked.messages:
            console.print(f"  • {message}")
        raise typer.Exit(2) from None


def document_command(
    kind_key: str = typer.Argument(
        ..., metavar="KIND", help="e.g. closure_notice, resident_letter"
    ),
    problem_id: int = typer.Option(..., "--problem", help="The problem's number"),
    username: str = typer.Option(..., "--as", help="The ClearHold user making it"),
    of: int | None = typer.Option(
        None, "--of", help="The closure or review it is made from (default: the newest)"
    ),
    fmt: str = typer.Option("pdf", "--format", help="pdf, docx, or csv (letters)"),
    out: Path = typer.Option(..., "--out", help="Where to write the file"),
    purpose: str = typer.Option(
        "",
        "--purpose",
        help="Why you need the problem's personal data (e.g. problem_solving, enforcement); "
        "without one the document holds none",
    ),
) -> None:
    """Make one document and write it to --out."""
    django_setup()
    from clearhold.audit.purposes import Purpose
    from clearhold.documents.kinds import kind_get

    if purpose and purpose not in Purpose.values:
        raise typer.BadParameter(f"--purpose must be one of {', '.join(Purpose.values)}")
    try:
        kind = kind_get(kind_key)
    except LookupError as missing:
        raise typer.BadParameter(str(missing)) from None
    user, subject = _maker_and_subject(kind, username, problem_id, of)
    document = _generated(user, kind, subject, fmt, purpose)
    with document.file.open("rb") as source:
        write_private(out, source.read())
    console.print(f"Wrote {out} ({document.size:,} bytes, sha256 {document.sha256})")
    for warning in document.reading_warnings:
        console.print(f"[yellow]Plain English:[/yellow] {warning}")
