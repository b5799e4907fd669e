"""Pages for documents: a problem's documents, generating one, downloading, and the details
the papers need. Thin views on the services and selectors; every page is guarded by
its rule on the document's problem."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from clearhold.audit.models import AuditAction
from clearhold.audit.reads import purpose_given, purpose_needed, read_record
from clearhold.audit.services import audit_record
from clearhold.authz import (
    SHARED_CLASSES,
    DataClass,
    can,
    fields_of_class,
    may_see,
    permission_required,
    problem_in_url,
    require,
)
from clearhold.documents.content.common import person
from clearhold.documents.forms import DetailsForm, FormatForm
from clearhold.documents.kinds import kind_get, kinds
from clearhold.documents.models import Format, GeneratedDocument
from clearhold.documents.permissions import DOCUMENT_GENERATE, DOCUMENTS_VIEW
from clearhold.documents.runs import runs_not_done
from clearhold.documents.selectors import (
    advice_directory_of,
    advice_warnings_of,
    details_of,
    document_get,
    problem_documents,
    subjects_of,
    template_for,
)
from clearhold.documents.services import (
    DocumentBlocked,
    details_save,
    document_generate,
    template_check,
)
from clearhold.documents.views_runs import run_start
from clearhold.problems.models import Problem
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import add_validation_errors


@require_GET
@permission_required(DOCUMENTS_VIEW, problem_in_url(Problem, "problem_pk"))
def documents_page(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    require(request.user, DOCUMENTS_VIEW, problem)
    given = purpose_given(request, problem) or {}
    with Reader(
        request.user, purpose=given.get("purpose", ""), channel="Documents page; "
    ) as reader:
        available = _available(problem, reader)
        documents = [
            (reader.show(document), _maker(reader.show(document.created_by, within=problem)))
            for document in problem_documents(problem=problem)
        ]
        runs = [
            {"run": reader.show(run), "title": run.title}
            for run in runs_not_done(user=request.user, problem=problem)
        ]
        return render(
            request,
            "documents/list.html",
            {
                "problem": reader.show(problem),
                "available": available,
                "documents": documents,
                "may_generate": can(request.user, DOCUMENT_GENERATE, problem),
                "details": reader.show(details_of(problem)),
                "runs": runs,
            },
        )


def _available(problem, reader: Reader) -> list[dict]:
    """Each kind with what it can be made from, shown: read once per kind of subject (fifteen
    kinds are made from a closure), not once per kind."""
    found: dict[str, list] = {}
    for kind in kinds():
        if kind.subject not in found:
            found[kind.subject] = reader.show_all(subjects_of(problem, kind))
    return [{"kind": kind, "subjects": found[kind.subject]} for kind in kinds()]


def _maker(user) -> str:
    """Who made a document (shown): their name when the reader may see it, else their role and
    organisation."""
    found = person(user)
    return found["name"] or f"{found['role']}, {found['organisation']}"


def _subject(problem, kind, subject_pk: int | None):
    for subject in subjects_of(problem, kind):
        if subject_pk is None or subject.pk == subject_pk:
            return subject
    raise Http404("Nothing to make this document from")


def maker_purpose(request: HttpRequest, problem) -> tuple[HttpResponse | None, dict[str, str]]:
    """A maker who could see personal data on the problem gives a purpose first (the purpose
    page); one who could not makes the document without it."""
    if not any(may_see(request.user, data_class, problem) for data_class in SHARED_CLASSES):
        return None, {}
    ask = purpose_needed(request, problem)
    return ask, purpose_given(request, problem) or {}


@permission_required(DOCUMENT_GENERATE, problem_in_url(Problem, "problem_pk"))
def generate(request: HttpRequest, problem_pk: int, kind_key: str) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    require(request.user, DOCUMENT_GENERATE, problem)
    kind = kind_or_404(kind_key)
    ask, given = maker_purpose(request, problem) if kind.personal else (None, {})
    if ask is not None:
        return ask
    subject_pk = request.GET.get("of") or request.POST.get("of")
    subject = _subject(problem, kind, int(subject_pk) if str(subject_pk).isdigit() else None)
    data = request.POST if request.method == "POST" else None
    form = FormatForm(data, formats=kind.formats, prefix="doc")
    choices = kind.form(data, subject=subject, user=request.user) if kind.form else None
    blocked: list[str] = []
    if request.method == "POST" and form.is_valid() and (choices is None or choices.is_valid()):
        try:
            if kind.background and form.cleaned_data["format"] != Format.CSV:
                return run_start(request, kind, subject, form, choices, given)
            document = document_generate(
                user=request.user,
                kind=kind,
                subject=subject,
                fmt=form.cleaned_data["format"],
                inputs=choices.cleaned_data if choices else {},
                purpose=given.get("purpose", ""),
                note=given.get("note", ""),
            )
        except DocumentBlocked as stopped:
            blocked = stopped.messages
        except ValidationError as invalid:
            add_validation_errors(choices or form, invalid)
        else:
            messages.success(request, f"Generated {document}. Download it below.")
            for warning in document.reading_warnings:
                messages.warning(request, f"Plain English: {warning}")
            return redirect(reverse("documents:problem", args=[problem.pk]) + f"#doc-{document.pk}")
    heading = Reader(request.user, log=False)  # public fields, no purpose: the headings
    return render(
        request,
        "documents/generate.html",
        {
            "problem": heading.show(problem),
            "kind": kind,
            "subject": heading.show(subject),
            "form": form,
            "choices": choices,
            "blocked": blocked,
            "warnings": template_check(kind, template_for(kind, problem).source).warnings,
            "advice_warnings": _advice_warnings(problem) if "advice" in kind.placeholders else [],
        },
    )


def _advice_warnings(problem) -> list[str]:
    directory, wrong = advice_directory_of(problem)
    return [*advice_warnings_of(problem, directory), *([wrong] if wrong else [])]


@require_GET
@permission_required(DOCUMENTS_VIEW, problem_in_url(GeneratedDocument))
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file; one holding personal data only with a purpose. Every download is audited."""
    document = document_get(user=request.user, pk=pk)
    held = document.classes_held
    if held:
        ask = purpose_needed(request, document.problem)
        if ask is not None:
            return ask
    for data_class in held:
        read_record(
            request,
            problem=document.problem,
            obj=document,
            data_class=data_class,
            fields=fields_of_class("documents.generateddocument", DataClass.RESTRICTED),
            what=f"downloaded {document}, which holds personal data",
        )
    if not held:
        audit_record(
            action=AuditAction.EXPORT, obj=document, detail="Downloaded", user=request.user
        )
    name = document.file.name.rsplit("/", 1)[-1]
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required(DOCUMENT_GENERATE, problem_in_url(Problem, "problem_pk"))
def details(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    require(request.user, DOCUMENT_GENERATE, problem)
    directory, wrong = advice_directory_of(problem)
    form = DetailsForm(request.POST or None, instance=details_of(problem), directory=directory)
    if request.method == "POST" and form.is_valid():
        details_save(user=request.user, problem=problem, **form.details_fields())
        messages.success(request, "Saved the details the documents use.")
        for warning in advice_warnings_of(problem, directory):
            messages.warning(request, warning)
        return redirect("documents:problem", problem.pk)
    return render(
        request,
        "documents/details.html",
        {
            "problem": Reader(request.user, log=False).show(problem),  # its title: public
            "form": form,
            "directory": directory,
            "directory_error": wrong,
            "advice_warnings": advice_warnings_of(problem, directory),
        },
    )


def kind_or_404(kind_key: str):
    try:
        return kind_get(kind_key)
    except LookupError:
        raise Http404("No such document") from None
