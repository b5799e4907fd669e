"""The plain-English check on a letter run made from the partnership's adapted template (issue
16, letters): checked at upload with each placeholder one word, the letter filled in can still
run long, so the run is checked again as a resident gets it, and warned of (never refused),
naming the sentence that is too long, on the run's result."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clearhold.documents.kinds import kind_get
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import template_check, template_upload
from tests.documents.test_letters import homes, letters

pytestmark = pytest.mark.django_db

#: What the maker typed: one sentence of 32 words, the letter's {{ problem.description }}.
LONG_WHAT = (
    "People have been gathering in the stairwells of the flats late at night, dealing drugs, "
    "shouting at neighbours, leaving needles and litter on the landings and frightening the "
    "children who live there."
)


@pytest.fixture
def adapted(manager):
    """The council's own letter: the shipped one with a paragraph of its own, passing the
    check at upload (each placeholder counted as one word)."""
    kind = kind_get("resident_letter")
    source = kind.builtin_source().replace(
        "<p>{{ problem.description }}", "<p>We have been told: {{ problem.description }}"
    )
    assert "We have been told" in source
    assert template_check(kind, source).warnings == []
    return template_upload(user=manager, kind=kind, source=source, note="Our own words")


def test_a_run_from_an_adapted_letter_warns_of_the_long_sentence_it_names(
    problem, site, details, manager, adapted
):
    homes(site, 2)
    document = letters(manager, problem, "pdf", description=LONG_WHAT)
    assert GeneratedDocument.objects.filter(pk=document.pk).exists()  # made all the same
    (warning,) = [w for w in document.reading_warnings if w.startswith("A sentence of")]
    assert "A sentence of 36 words (keep to 25)" in warning
    assert "“We have been told People have been gathering…”" in warning


def test_a_run_from_an_adapted_letter_that_reads_plainly_has_no_warning(
    problem, site, details, manager, adapted
):
    homes(site, 2)
    document = letters(manager, problem, "pdf")
    assert document.reading_warnings == []


def test_a_run_from_the_shipped_letter_is_not_measured_at_each_run(problem, site, details, manager):
    """The shipped letter is held to the check by its own tests (test_letter_plain_english)."""
    homes(site, 1)
    assert letters(manager, problem, "pdf", description=LONG_WHAT).reading_warnings == []


def test_the_run_s_result_page_shows_the_warning(
    client, problem, site, details, manager, adapted, django_capture_on_commit_callbacks
):
    """A letter run goes to the background worker: the warning is shown as the run starts."""
    client.force_login(manager)
    homes(site, 1)
    page = reverse("documents:generate", args=[problem.pk, "resident_letter"])
    form = {"of": problem.pk, "doc-format": "pdf", "description": LONG_WHAT}
    with django_capture_on_commit_callbacks(execute=True):  # the worker makes the letters
        shown = client.post(page, form, follow=True).content.decode()
    assert GeneratedDocument.objects.count() == 1
    assert "Plain English: A sentence of 36 words (keep to 25)" in shown
