"""The public pages (no sign-in): the list of places taking reports, a place's report form,
the confirmation with the reference, and the page where a resident checks a reference.

Nothing a resident wrote is ever shown here: a reference shows its report's status and the
partnership's "you said, we did" updates for the place, written for the public.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from clearhold.resident_reports.abuse import (
    TOO_QUICK,
    device_token,
    digest,
    form_stamp,
    lookup_allowed,
    over_the_limit,
    remember_device,
    sender_digest,
    stamp_problem,
)
from clearhold.resident_reports.forms import CheckForm, ReportForm
from clearhold.resident_reports.models import Moderation, ReportStatus
from clearhold.resident_reports.references import shown
from clearhold.resident_reports.selectors import (
    page_open,
    pages_open,
    report_by_reference,
    updates_published,
)
from clearhold.resident_reports.services import report_receive
from clearhold.toolkit.permissions_policy import allows_geolocation

SENT_KEY = "resident_report_sent"
STATUS_TEXT = {
    ReportStatus.RECEIVED: "We have your report. Someone from the partnership will read it.",
    ReportStatus.LOOKING: "The partnership is looking into it.",
    ReportStatus.ACTION_TAKEN: "The partnership has taken action. See what we did below.",
    ReportStatus.CLOSED: "We have read your report and closed it. We will not take it further.",
}


@require_GET
def report_index(request: HttpRequest) -> HttpResponse:
    return render(request, "resident_reports/index.html", {"pages": pages_open()})


def _site_geojson(page) -> dict:
    """The site's outline, for the map residents tap on."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": page.site.boundary,
                "properties": {"popup": page.public_name},
            }
        ],
    }


def _stamp(form: ReportForm) -> str:
    """The stamp to give out: a form sent back with its mistakes keeps the moment it was first
    given out (so correcting it is not "too quick"), unless that stamp was refused."""
    posted = form.data.get("stamp", "") if form.is_bound else ""
    return posted if posted and stamp_problem(posted) in ("", TOO_QUICK) else form_stamp()


def _form_page(request: HttpRequest, page, form: ReportForm, status: int = 200) -> HttpResponse:
    context = {
        "page": page,
        "form": form,
        "stamp": _stamp(form),
        "site_geojson": _site_geojson(page),
    }
    response = render(request, "resident_reports/report_form.html", context, status=status)
    return remember_device(request, response)


@require_http_methods(["GET", "POST"])
@allows_geolocation  # "Use my location" marks where it happened
def report_form(request: HttpRequest, slug: str) -> HttpResponse:
    page = page_open(slug)
    categories = list(page.categories)
    if request.method != "POST":
        return _form_page(request, page, ReportForm(categories=categories))
    sender = sender_digest(request)
    device = digest("device", device_token(request))
    if over_the_limit(sender=sender, device=device):
        response = render(request, "resident_reports/too_many.html", {"page": page}, status=429)
        response["Retry-After"] = "3600"
        return response
    form = ReportForm(request.POST, request.FILES, categories=categories)
    if not form.is_valid():
        return _form_page(request, page, form, status=400 if form.refused_as() else 200)
    try:
        report = report_receive(
            page=page,
            details=form.cleaned_data,
            photo=form.clean_photo_result,
            sender=sender,
            device=device,
        )
    except ValidationError as refused:
        form.add_error(None, refused)
        return _form_page(request, page, form)
    request.session[SENT_KEY] = report.reference
    return redirect("resident_reports:sent", slug=page.slug)


@require_GET
def report_sent(request: HttpRequest, slug: str) -> HttpResponse:
    page = page_open(slug)
    # Shown once: on a shared computer the next person must not find it.
    reference = request.session.pop(SENT_KEY, None)
    if not reference:
        return redirect("resident_reports:report", slug=page.slug)
    context = {"page": page, "reference": shown(reference)}
    return render(request, "resident_reports/sent.html", context)


def _status(report) -> dict:
    status = report.status
    if report.moderation == Moderation.REJECTED:
        status = ReportStatus.CLOSED
    return {"label": ReportStatus(status).label, "text": STATUS_TEXT[status], "code": status}


@require_http_methods(["GET", "POST"])
def report_check(request: HttpRequest) -> HttpResponse:
    """A resident types their reference (posted, so it stays out of addresses and logs) and
    sees the report's status and the updates for its place."""
    form = CheckForm(request.POST or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        if not lookup_allowed(sender_digest(request)):
            return render(request, "resident_reports/too_many.html", {}, status=429)
        report = report_by_reference(form.cleaned_data["reference"])
        if report is None:
            form.add_error(
                "reference",
                "We cannot find a report with that reference. Check it and try again",
            )
        else:
            context |= {
                "report": report,
                "reference": shown(report.reference),
                "status": _status(report),
                "updates": updates_published(report.page),
            }
    return render(request, "resident_reports/check.html", context)
