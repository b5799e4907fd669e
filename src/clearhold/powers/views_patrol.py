"""Pages for officers on patrol: closures in force, "may this person be here?", log a breach.

Phone-first: one column, large radios, the decision in a panel at the top. The access check is
a read (a GET form), so it is instant and leaves nothing behind; a breach is a write through
``breaches.breach_record``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clearhold.audit.reads import purpose_url
from clearhold.authz import can, permission_required, problem_in_url, require
from clearhold.powers.breaches import breach_record
from clearhold.powers.forms_patrol import AccessCheckForm, BreachForm
from clearhold.powers.models import Breach, Closure, Person
from clearhold.powers.patrol import instrument_in_force
from clearhold.powers.patrol_carry import answer_check, check_query, from_access_check
from clearhold.powers.permissions import BREACH_RECORD, PEOPLE_VIEW, POWERS_VIEW
from clearhold.powers.selectors import closure_get, closure_list
from clearhold.problems.permissions import PROBLEMS_LIST
from clearhold.readmodel import Reader, reader_for
from clearhold.toolkit.forms import add_validation_errors
from clearhold.toolkit.ordering import naturally
from clearhold.toolkit.permissions_policy import allows_geolocation


@require_GET
@permission_required(PROBLEMS_LIST)
def patrol(request: HttpRequest) -> HttpResponse:
    """The closures in force now that the user can see, each with its two patrol buttons."""
    now = timezone.now()
    rows = []
    reader = Reader(request.user, log=False)  # public fields only: no purpose is asked
    for closure in closure_list(user=request.user):
        instrument = instrument_in_force(closure, now)
        if instrument is not None:
            rows.append(
                {
                    "closure": reader.show(closure),
                    "instrument": reader.show(instrument),
                    "may_record": can(request.user, BREACH_RECORD, closure.problem),
                }
            )
    return render(request, "powers/patrol.html", {"rows": rows})


@require_GET
@permission_required(POWERS_VIEW, problem_in_url(Closure))
def access_check(request: HttpRequest, pk: int) -> HttpResponse:
    closure = closure_get(user=request.user, pk=pk)
    now = timezone.now()
    form = AccessCheckForm(request.GET if "kind" in request.GET else None)
    instrument, decision, links = None, None, {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        instrument, decision = answer_check(closure, data, now)
        links = {
            "carried": check_query(data, now),
            "recheck_yes": check_query(data, now, invited="yes"),
            "recheck_no": check_query(data, now, invited="no"),
        }
    else:
        instrument = instrument_in_force(closure, now)
    units = naturally(closure.site.units.all(), key=lambda unit: unit.name)
    return render(
        request,
        "powers/patrol_access.html",
        {
            "closure": Reader(request.user, log=False).show(closure),  # public fields only
            "form": form,
            "instrument": instrument,
            "decision": decision,
            "unit_names": [unit.name for unit in units],
            "may_record": can(request.user, BREACH_RECORD, closure.problem),
            **links,
        },
    )


def _people_listed(user: Any, reader: Reader, closure: Any) -> Any:
    """The people the breach form offers: the problem's people under enforcement, only to
    those who may see them and whose reader may see who a breach was (with a purpose)."""
    if can(user, PEOPLE_VIEW, closure.problem) and reader.show(Breach(closure=closure)).visible(
        "person"
    ):
        return Person.objects.filter(problem=closure.problem).order_by("name", "pk")
    return Person.objects.none()


@allows_geolocation  # "Use my location" marks where the breach happened
@permission_required(BREACH_RECORD, problem_in_url(Closure))
def breach_new(request: HttpRequest, pk: int) -> HttpResponse:
    closure = closure_get(user=request.user, pk=pk)
    require(request.user, BREACH_RECORD, closure.problem)
    with reader_for(request, closure.problem, what=f"people on the breach form of {closure}") as r:
        return _breach_page(request, r, closure)


def _breach_page(request: HttpRequest, reader: Reader, closure: Any) -> HttpResponse:
    people = _people_listed(request.user, reader, closure)
    initial = {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "arrest": "no"}
    carried = None
    if request.method != "POST" and "checked" in request.GET:
        units = list(closure.site.units.all())
        carried = from_access_check(closure, request.GET, timezone.now(), units)
        initial |= carried or {}
    form = BreachForm(request.POST or None, closure=closure, people=people, initial=initial)
    if "person" in form.fields:  # each name the list prints is read through the read model
        form.fields["person"].label_from_instance = lambda person: str(reader.show(person).name)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            breach = breach_record(user=request.user, closure=closure, **data)
        except ValidationError as refused:
            add_validation_errors(form, refused)
        else:
            messages.success(
                request,
                f"Breach recorded: {breach.get_breach_of_display()}. {breach.max_penalty}",
            )
            return redirect(f"{closure.get_absolute_url()}#breaches")
    purpose_link = ""
    if can(request.user, PEOPLE_VIEW, closure.problem) and reader.show(
        Breach(closure=closure)
    ).asks_purpose("person"):
        purpose_link = purpose_url(closure.problem, request.get_full_path())
    site_geojson = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": closure.site.boundary,
                "properties": {},  # no popup: it would swallow the tap that marks the place
            }
        ],
    }
    return render(
        request,
        "powers/patrol_breach.html",
        {
            "closure": reader.show(closure),
            "form": form,
            "site_geojson": site_geojson,
            "purpose_link": purpose_link,
            "carried": carried,
        },
    )
