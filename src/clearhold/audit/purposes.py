"""Why someone looks at personal data: the one list the web, the API and the CLI offer.

Each read of restricted or special-category data is recorded with one of these purposes, so
the data protection officer can see not only who saw what but why.
"""

from __future__ import annotations

from django.db import models


class Purpose(models.TextChoices):
    PROBLEM_SOLVING = "problem_solving", "Problem-solving meeting"
    ENFORCEMENT = "enforcement", "Enforcement"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    COURT_PREPARATION = "court_preparation", "Court preparation"
    SUBJECT_ACCESS = "subject_access", "Subject access request"
    OTHER = "other", "Other (say what)"


def purpose_label(value: str) -> str:
    """The purpose in words ("" when none was given)."""
    return Purpose(value).label if value in Purpose.values else ""
