"""Running a migration's raw statements for the database in use (triggers and their
functions): each vendor's list from a dict keyed by ``connection.vendor``; none for others."""

from __future__ import annotations

from typing import Any


def execute_for_vendor(connection: Any, statements: dict[str, list[str]]) -> None:
    """Execute ``statements[connection.vendor]`` in order on ``connection``."""
    with connection.cursor() as cursor:
        for statement in statements.get(connection.vendor, []):
            cursor.execute(statement)
