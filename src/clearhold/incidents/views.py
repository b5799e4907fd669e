"""Incident pages: the filtered list and map, uploads, batch progress and reports, profiles."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_GET, require_POST

from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record
from clearhold.authz import can, permission_required
from clearhold.incidents.forms import ImportForm, IncidentFilterForm, ReplacementConfirmForm
from clearhold.incidents.models import ImportBatch
from clearhold.incidents.permissions import (
    INCIDENTS_BATCH_CONFIRM,
    INCIDENTS_IMPORT,
    INCIDENTS_VIEW,
    PROFILES_MANAGE,
)
from clearhold.incidents.profile_forms import MappingProfileForm
from clearhold.incidents.profiles import mapping_profile_save, profile_list
from clearhold.incidents.replacement import large_removals, removal_sentence
from clearhold.incidents.selectors import (
    IncidentFilters,
    batch_list,
    incident_list,
    incident_map_features,
    rejected_rows_csv,
)
from clearhold.incidents.services import (
    ImportRefused,
    IncomingFile,
    import_batch_confirm_replacement,
    import_batch_create,
    sources_available,
    upload_folder,
)
from clearhold.incidents.tasks import import_batch_task
from clearhold.readmodel import Reader
from clearhold.toolkit.csvstream import csv_response
from clearhold.toolkit.progress import progress_json


@require_GET
@permission_required(INCIDENTS_VIEW)
def incidents(request: HttpRequest) -> HttpResponse:
    form = IncidentFilterForm(request.GET or None, sources=sources_available())
    filters = IncidentFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = IncidentFilters(
            categories=tuple(data["category"]),
            sources=(data["source"],) if data["source"] else (),
            month_from=data["month_from"],
            month_to=data["month_to"],
            lsoa=data["lsoa"].strip(),
            text=data["text"].strip(),
        )
    matching = incident_list(user=request.user, filters=filters)
    page = Paginator(matching.order_by("-month", "id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "incidents/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "features": incident_map_features(matching),
        },
    )


def _refuse_oversized(request: HttpRequest) -> HttpResponse | None:
    """Refuse an upload over the limit before reading its body."""
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length <= settings.CLEARHOLD_UPLOAD_MAX_BYTES:
        return None
    form = ImportForm(sources=sources_available())
    form.errors["files"] = form.error_class(
        [
            f"The upload is {filesizeformat(length)}, over the limit of "
            f"{filesizeformat(settings.CLEARHOLD_UPLOAD_MAX_BYTES)}. Nothing was imported. "
            "Import the files in smaller groups, or use the command line (clearhold import)."
        ]
    )
    return render(request, "incidents/import.html", {"form": form}, status=413)


@permission_required(INCIDENTS_IMPORT)
def import_start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        oversized = _refuse_oversized(request)
        if oversized is not None:
            return oversized
        form = ImportForm(request.POST, request.FILES, sources=sources_available())
        if form.is_valid():
            with tempfile.TemporaryDirectory() as scratch:
                incoming = []
                for upload in form.cleaned_data["files"]:
                    path = Path(scratch) / Path(upload.name).name
                    with path.open("wb") as out:
                        for chunk in upload.chunks():
                            out.write(chunk)
                    incoming.append(IncomingFile(path=path, name=Path(upload.name).name))
                try:
                    batch = import_batch_create(
                        user=request.user,
                        source=form.cleaned_data["source"],
                        files=incoming,
                        keep_valid_rows=form.cleaned_data["keep_valid_rows"],
                        replace_force_months=form.cleaned_data["replace_force_months"],
                        copy_to=upload_folder(),
                    )
                except ImportRefused as refused:
                    form.add_error(None, str(refused))
                else:
                    transaction.on_commit(lambda: import_batch_task.enqueue(batch.pk))
                    return redirect("incidents:batch", pk=batch.pk)
    else:
        form = ImportForm(sources=sources_available())
    return render(request, "incidents/import.html", {"form": form})


@require_GET
@permission_required(INCIDENTS_VIEW)
def profiles(request: HttpRequest) -> HttpResponse:
    return render(request, "incidents/profiles.html", {"profiles": profile_list()})


@permission_required(PROFILES_MANAGE)
def profile_create(request: HttpRequest) -> HttpResponse:
    form = MappingProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = form.profile()
        except ValueError as problem:
            form.add_error(None, str(problem).replace("mapping profile", "This profile", 1))
        else:
            mapping_profile_save(profile=profile, organisation=request.user.organisation)
            messages.success(
                request, f"Saved the profile “{profile.label}”. You can now import files with it."
            )
            return redirect("incidents:profiles")
    return render(request, "incidents/profile_form.html", {"form": form})


@require_GET
@permission_required(INCIDENTS_VIEW)
def batches(request: HttpRequest) -> HttpResponse:
    page = Paginator(batch_list(user=request.user), 25).get_page(request.GET.get("page"))
    page.object_list = Reader(request.user, log=False).show_all(page.object_list)
    return render(request, "incidents/batches.html", {"page": page})


def _batch_or_404(request: HttpRequest, pk: int) -> ImportBatch:
    """The import batch ``pk`` if ``request.user`` may open it. Another organisation's batch
    answers the same 404 as one that does not exist (its id tells nothing), but the attempt is
    audited as a refusal: someone walking batch ids shows in the audit trail."""
    found = batch_list(user=request.user).filter(pk=pk).first()
    if found is not None:
        return found
    if ImportBatch.objects.filter(pk=pk).exists():
        audit_record(
            action=AuditAction.REFUSED,
            object_type=ImportBatch._meta.label_lower,
            object_id=str(pk),
            detail="another organisation's import batch (answered as not found)",
        )
    raise Http404("No such import batch.")


@require_GET
@permission_required(INCIDENTS_VIEW)
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    found = _batch_or_404(request, pk)
    large = large_removals(found.replacement_plan)
    with Reader(request.user) as reader:  # who started it: a staff name, restricted
        context = {
            "batch": reader.show(found),
            "errors": found.error_report[:200],
            "may_confirm": can(request.user, INCIDENTS_BATCH_CONFIRM, found),
            "large_removals": large,
            "confirm_form": ReplacementConfirmForm(
                sentence=removal_sentence(large) if large else ""
            ),
        }
        return render(request, "incidents/batch.html", context)


@require_GET
@permission_required(INCIDENTS_VIEW)
def batch_progress(request: HttpRequest, pk: int) -> JsonResponse:
    found = _batch_or_404(request, pk)
    return progress_json(request, found)


@require_GET
@permission_required(INCIDENTS_VIEW)
def batch_rejected_rows(request: HttpRequest, pk: int) -> HttpResponse:
    found = _batch_or_404(request, pk)
    return csv_response(f"clearhold-import-{found.pk}-rejected-rows.csv", rejected_rows_csv(found))


@require_POST
@permission_required(INCIDENTS_IMPORT)
def batch_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    found = _batch_or_404(request, pk)
    form = ReplacementConfirmForm(request.POST)
    understood = form.is_valid() and form.cleaned_data["understood"]
    try:
        import_batch_confirm_replacement(user=request.user, batch=found, understood=understood)
    except ImportRefused as refused:
        messages.error(request, str(refused))
    else:
        transaction.on_commit(lambda: import_batch_task.enqueue(found.pk))
    return redirect("incidents:batch", pk=found.pk)
