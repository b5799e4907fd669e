"""Rules for the audit trail: administrators search and export it; nobody edits it.

The data protection officer is a flag on a person (``User.data_protection_officer``), not a
role: the officer keeps their own job and role (UK GDPR Art. 38(6) lets a DPO hold other
tasks), and the flag opens only the report of who saw personal data and the subject-access
export, never a problem.
"""

from __future__ import annotations

from clearhold.authz import rule

AUDIT_VIEW = "audit.view"
AUDIT_EXPORT = "audit.export"
DPO_REPORT = "audit.dpo_report"
SUBJECT_ACCESS = "audit.subject_access"


def is_data_protection_officer(user) -> bool:
    return user.is_administrator or bool(getattr(user, "data_protection_officer", False))


@rule(AUDIT_VIEW, "Only administrators can search the audit trail.")
def _view(user, obj) -> bool:
    return user.is_administrator


@rule(AUDIT_EXPORT, "Only administrators can export the audit trail.")
def _export(user, obj) -> bool:
    return user.is_administrator


@rule(
    DPO_REPORT,
    "Only administrators and the data protection officer can see who saw personal data.",
)
def _dpo(user, obj) -> bool:
    return is_data_protection_officer(user)


@rule(
    SUBJECT_ACCESS,
    "Only administrators and the data protection officer can answer a subject-access request.",
)
def _subject_access(user, obj) -> bool:
    return is_data_protection_officer(user)
