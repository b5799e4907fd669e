"""The problem page's survey results, computed once per survey data version and kept in the
results cache, so a page view reads them instead of scoring every wave again (two queries a
wave and the statistics: a quarter of the page's server time before).

The key is the survey and the survey tables' change count (:func:`with_version`, kept by
database triggers, ``survey_changes.py``), so any new response, cleared comment, changed wave
or issued code changes it. What is kept is the same for everyone who may see the page's survey
section: every field the results read is public to the problem's partnership
(``authz.DECLARED``; free text only as cleared, ``shown_text``), and the caller checks
``reader.may_see(PUBLIC, problem)`` before asking, as uncached scoring does. The survey record
itself is not kept: the caller reads it fresh through the page's problem, so a kept result
never carries a problem or site of its own to decide visibility with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from clearhold.incidents.results_cache import cached_result
from clearhold.surveys.models import Survey, SurveyVersion

Scored = TypeVar("Scored")

# The model's own table name; no value is interpolated.
_VERSION_SQL = f'SELECT "changes" FROM "{SurveyVersion._meta.db_table}" WHERE "id" = 1'  # nosec B608


def with_version(surveys: QuerySet[Survey]) -> QuerySet[Survey]:
    """``surveys``, each with the survey tables' change count as ``data_version``, read in
    the same query (a raw scalar subquery: nothing more to compile) and so before any result
    is computed: data that changes meanwhile is newer than its key, never older. NULL (0)
    when the counter's row is gone (a flush); the next change starts it again."""
    # A constant statement with no parameters (above): nothing from a request reaches it.
    return surveys.annotate(data_version=RawSQL(_VERSION_SQL, ()))  # nosec B611


def survey_scored(survey: Survey, compute: Callable[[], Scored]) -> Scored:
    """``compute()``'s result for ``survey`` (from :func:`with_version`; its waves and
    changes, public fields only), kept under its data version (never when computed inside
    an open transaction: :func:`cached_result`)."""
    parameters = (survey.pk, survey.data_version or 0)
    return cached_result(
        "survey-results", "partnership-public", parameters, compute, of_store=False
    )
