"""Adding an attachment to a record, and downloading one: thin views guarded by the rules on
the problem, reading through the read model (a download with no purpose given yet goes to the
purpose page first; each download is recorded as a read of restricted data)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from clearhold.attachments.forms import AttachmentForm
from clearhold.attachments.models import Attachment
from clearhold.attachments.permissions import ATTACHMENT_ADD, ATTACHMENT_VIEW
from clearhold.attachments.records import kind_of, page_of, record_in
from clearhold.attachments.selectors import attachment_get
from clearhold.attachments.services import attachment_add
from clearhold.audit.models import AuditAction
from clearhold.audit.reads import purpose_needed
from clearhold.audit.services import audit_record
from clearhold.authz import DataClass, Refused, permission_required, problem_in_url
from clearhold.problems.models import Problem
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import WITHHELD, reader_for
from clearhold.toolkit.forms import add_validation_errors


@permission_required(ATTACHMENT_ADD, problem_in_url(Problem, "problem_pk"))
def attachment_new(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    key = request.GET.get("to", "")
    record = record_in(problem, key)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment_add(
                user=request.user,
                problem=problem,
                record=record,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Attachment added.")
            return redirect(page_of(record))
    with reader_for(request, problem) as reader:
        return render(
            request,
            "attachments/form.html",
            {
                "form": form,
                "problem": reader.show(problem),
                "record_name": str(reader.show(record)),
                "record_kind": kind_of(record).label,
                "back": page_of(record),
            },
        )


@require_GET
@permission_required(ATTACHMENT_VIEW, problem_in_url(Attachment))
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = attachment_get(pk=pk)
    ask = purpose_needed(request, attachment.problem)
    if ask is not None:
        return ask
    what = f"downloaded attachment {attachment.pk}"
    with reader_for(request, attachment.problem, what=what, about=attachment) as reader:
        shown = reader.show(attachment)
        stored, filename = shown.file, shown.filename
        if stored is WITHHELD:
            raise Refused("Attachments are personal data: the partnership has not shared them.")
    audit_record(
        action=AuditAction.EXPORT,
        obj=attachment,
        detail="Downloaded the attachment's file",
        user=request.user,
        data_class=DataClass.RESTRICTED,
        fields=["attachment.file"],
        purpose=reader.purpose,
        problem_pk=attachment.problem_id,
    )
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=str(filename))
    response["Cache-Control"] = "private, no-store"
    return response
