"""Rules for the audit trail: administrators search and export it; nobody edits it."""

from __future__ import annotations

from clearhold.authz import rule

AUDIT_VIEW = "audit.view"
AUDIT_EXPORT = "audit.export"


@rule(AUDIT_VIEW, "Only administrators can search the audit trail.")
def _view(user, obj) -> bool:
    return user.is_administrator


@rule(AUDIT_EXPORT, "Only administrators can export the audit trail.")
def _export(user, obj) -> bool:
    return user.is_administrator
