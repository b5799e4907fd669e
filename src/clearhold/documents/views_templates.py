"""Pages for adapting document templates: the kinds, one kind's template and its versions, and
uploading a new version (checked on the spot: an unknown placeholder is named at upload).

Everyone sees their own organisation's templates (or the shipped wording), never another
organisation's; only their organisation's managers change them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from clearhold.accounts.permissions import IN_ORGANISATION
from clearhold.authz import can, permission_required, require
from clearhold.documents.forms import TemplateForm
from clearhold.documents.kinds import kinds
from clearhold.documents.permissions import TEMPLATE_CHANGE
from clearhold.documents.selectors import template_in_use, template_versions
from clearhold.documents.services import template_check, template_upload
from clearhold.documents.templating import vocabulary
from clearhold.documents.views import kind_or_404
from clearhold.readmodel import Reader, staff_label
from clearhold.toolkit.forms import add_validation_errors


@require_GET
@permission_required(IN_ORGANISATION)
def template_list(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    rows = [{"kind": kind, "in_use": template_in_use(kind, organisation)} for kind in kinds()]
    shown = Reader(request.user, log=False).show(organisation)  # its name: public
    return render(request, "documents/templates.html", {"rows": rows, "organisation": shown})


@permission_required(IN_ORGANISATION)
def template_detail(request: HttpRequest, kind_key: str) -> HttpResponse:
    kind = kind_or_404(kind_key)
    organisation = request.user.organisation
    in_use = template_in_use(kind, organisation)
    may_change = can(request.user, TEMPLATE_CHANGE, organisation)
    form = TemplateForm(
        request.POST or None, request.FILES or None, initial={"source": in_use.source}
    )
    warnings: list[str] = template_check(kind, in_use.source).warnings
    if request.method == "POST" and may_change and form.is_valid():
        try:
            upload = template_upload(
                user=request.user,
                kind=kind,
                source=form.cleaned_data["source"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            found = template_check(kind, upload.source).warnings
            messages.success(
                request,
                f"Saved version {upload.version}; new documents use it."
                + (f" {len(found)} reading warning(s): see below." if found else ""),
            )
            return redirect("documents:template", kind.key)
    elif request.method == "POST":
        require(request.user, TEMPLATE_CHANGE, organisation)
    with Reader(request.user, what=f"versions of the {kind.title.lower()} template") as reader:
        return _template_page(request, reader, kind, in_use, form, warnings, may_change)


def _template_page(
    request: HttpRequest, reader: Reader, kind, in_use, form, warnings, may_change
) -> HttpResponse:
    """The template page, its versions and their uploaders read through ``reader`` (who
    uploaded a version is a colleague's name: shown to their own organisation only)."""
    organisation = request.user.organisation
    versions = [
        {"version": reader.show(version), "by": staff_label(reader, version.uploaded_by)}
        for version in template_versions(kind, organisation)
    ]
    return render(
        request,
        "documents/template.html",
        {
            "kind": kind,
            "in_use": in_use,
            "versions": versions,
            "organisation": reader.show(organisation),
            "vocabulary": vocabulary(kind.placeholders),
            "required": kind.required,
            "warnings": warnings,
            "form": form,
            "may_change": may_change,
        },
    )
