"""Reads: the template in use for a kind, a problem's documents, one document for download."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from clearhold.authz import DataClass, Refused, may_see, require
from clearhold.documents.advice import (
    AdviceDirectory,
    AdviceDirectoryError,
    advice_warnings,
    directory_for,
)
from clearhold.documents.consultation import ConsultationLog, consultation_log
from clearhold.documents.kinds import DocumentKind
from clearhold.documents.models import DocumentDetails, DocumentTemplate, GeneratedDocument
from clearhold.documents.permissions import DOCUMENT_PERSONAL_DATA, DOCUMENTS_VIEW
from clearhold.readmodel import Reader
from clearhold.surveys.models import Wave


@dataclass(frozen=True)
class TemplateInUse:
    source: str
    version: str  # "built-in" or the uploaded version number
    label: str  # what a generated document records: kind, version and the source's hash

    @property
    def builtin(self) -> bool:
        return self.version == "built-in"


def template_in_use(kind: DocumentKind, organisation) -> TemplateInUse:
    """The newest template ``organisation`` adapted for ``kind``, or the shipped one.

    For a document, ``organisation`` is the problem's lead (:func:`template_for`); on the
    template pages, the reader's own organisation. Nobody else's wording is ever used.
    """
    adapted = template_versions(kind, organisation).first()
    if adapted is None:
        source, version = kind.builtin_source(), "built-in"
    else:
        source, version = adapted.source, str(adapted.version)
    digest = hashlib.sha256(source.encode()).hexdigest()[:12]
    return TemplateInUse(source, version, f"{kind.key}@{version}#{digest}")


def template_for(kind: DocumentKind, problem) -> TemplateInUse:
    """The template a document of ``kind`` on ``problem`` is made with: its lead's."""
    return template_in_use(kind, problem.lead_organisation)


def template_versions(kind: DocumentKind, organisation):
    """``organisation``'s versions of ``kind``'s template, newest first (none for nobody)."""
    if organisation is None:
        return DocumentTemplate.objects.none()
    return (
        DocumentTemplate.objects.filter(kind=kind.key, organisation=organisation)
        .select_related("uploaded_by")
        .order_by("-version")
    )


def problem_documents(*, problem):
    """The problem's documents with what the documents page shows of each read at once (its
    problem, its maker and the maker's organisation): no query per document."""
    return GeneratedDocument.objects.filter(problem=problem).select_related(
        "problem", "created_by__organisation", "closure"
    )


def recent_documents(*, problem, count: int = 5) -> list[GeneratedDocument]:
    """The problem's ``count`` newest documents for its page, which shows each one's title,
    format, date and link: nothing joined (the maker and closure are not shown, and the
    related manager sets each document's problem to the page's own record)."""
    return list(problem.documents.all()[:count])


def document_get(*, user, pk: int) -> GeneratedDocument:
    """One document the user may download: one holding personal data only for those the
    sharing record allows every class of it holds (``authz.may_see``, as its maker was)."""
    document = (
        GeneratedDocument.objects.select_related("problem", "created_by").filter(pk=pk).first()
    )
    if document is None:
        raise Http404("No such document")
    require(user, DOCUMENTS_VIEW, document.problem)
    for data_class in document.classes_held:
        if not may_see(user, data_class, document.problem):
            raise Refused(
                f"This document holds {DataClass(data_class).label.lower()}, which the "
                "partnership has not shared with you.",
                DOCUMENT_PERSONAL_DATA,
            )
    return document


def details_of(problem) -> DocumentDetails:
    """The problem's document details (unsaved and empty when none were entered)."""
    found = DocumentDetails.objects.filter(problem=problem).first()
    return found or DocumentDetails(problem=problem)


def subjects_of(problem, kind) -> list:
    """What a document of ``kind`` on ``problem`` can be generated from, newest first."""
    if kind.subject == "closure":
        return list(problem.closures.select_related("site"))
    if kind.subject == "review":
        return list(problem.reviews.exclude(completed_at=None).order_by("-months"))
    if kind.subject == "wave":  # a survey wave taking answers (its letters)
        return list(
            Wave.objects.filter(
                survey__problem=problem, opened_at__isnull=False, closed_at__isnull=True
            ).select_related("survey__site", "survey__problem")
        )
    return [problem]


def advice_directory_of(problem) -> tuple[AdviceDirectory | None, str]:
    """The advice directory for ``problem``'s lead council (or the configured file), and the
    sentence naming what is wrong with the file if it cannot be read (then no directory)."""
    try:
        return directory_for(problem.lead_organisation), ""
    except AdviceDirectoryError as wrong:
        return None, str(wrong)


def advice_warnings_of(problem, directory: AdviceDirectory | None = None) -> list[str]:
    """The s.76(5)(g) warnings on the advice the problem's papers give (never blocking)."""
    found = DocumentDetails.objects.filter(problem=problem).first()
    if found is None:
        return []
    return advice_warnings(found.housing_advice, found.legal_advice, directory)


def consultation_log_shown(
    *, problem: Any, reader: Reader, stance: str = "", received_by: dt.date | None = None
) -> ConsultationLog:
    """The consultation log of ``problem`` as ``reader`` may see it: each response and home
    wrapped by the read model, so what a household said (its reason and the reply, restricted)
    shows only to a reader the sharing record allows who gave a purpose, the read audited.

    The one path the log's pages and every document printing it (the log itself, the evidence
    bundle) take: a builder reading the stored responses once printed to a partner what the
    pages hid. ``stance`` and ``received_by`` as :func:`consultation.consultation_log`."""
    log = consultation_log(problem=problem, stance=stance, received_by=received_by)
    return ConsultationLog(
        units=reader.show_all(log.units),
        responses=reader.show_all(log.responses),
        counts=log.counts,
        silent=reader.show_all(log.silent),
    )
