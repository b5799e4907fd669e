"""An operation's pages for the officer on the estate: its deadlines on one timeline, and
patrol by block (tap the block, use my location, or pick from the list in walking order).

Reads only. Picking a block leads to the existing "May this person be here?" check of that
block's closure, and from there to the breach form of that closure, so the answer and the
breach are the right order's.
"""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clearhold.authz import can, permission_required, problem_in_url
from clearhold.powers.estate_patrol import (
    Block,
    block_answer,
    block_standing_in,
    blocks_geojson,
    blocks_of,
)
from clearhold.powers.models import Operation
from clearhold.powers.operation_clocks import timeline_context
from clearhold.powers.permissions import BREACH_RECORD, POWERS_VIEW
from clearhold.powers.selectors import operation_get
from clearhold.powers.state import with_state
from clearhold.readmodel import Reader, reader_for
from clearhold.toolkit.permissions_policy import allows_geolocation


@require_GET
@permission_required(POWERS_VIEW, problem_in_url(Operation))
def operation_clocks(request: HttpRequest, pk: int) -> HttpResponse:
    """Every live deadline of the operation's premises, earliest first."""
    operation = operation_get(user=request.user, pk=pk)
    with reader_for(request, operation.problem, what=f"deadlines of {operation}") as reader:
        context = timeline_context(operation, timezone.now(), show=reader.show)
        context["operation"] = reader.show(operation)
        return render(request, "powers/operation/clocks.html", context)


def _blocks(reader: Reader, operation: Operation) -> list[Block]:
    closures = with_state(operation.closures.order_by("route_position", "id"))
    return blocks_of(list(closures), timezone.now(), show=reader.show)


def _point(request: HttpRequest) -> tuple[float, float] | None:
    """``lon``/``lat`` from the query string, if they are numbers on the globe."""
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    return lon, lat


@require_GET
@permission_required(POWERS_VIEW, problem_in_url(Operation))
def where_am_i(request: HttpRequest, pk: int) -> JsonResponse:
    """Which block of the operation ``?lat=&lon=`` falls in (or within 50 m of), as JSON."""
    operation = operation_get(user=request.user, pk=pk)
    point = _point(request)
    if point is None:
        return JsonResponse({"error": "Give lat and lon in decimal degrees."}, status=400)
    with reader_for(request, operation.problem, what=f"blocks of {operation}") as reader:
        block = block_standing_in(_blocks(reader, operation), *point)
        return JsonResponse(block_answer(block))


@allows_geolocation  # "Use my location" finds the block the officer is standing in
@require_GET
@permission_required(POWERS_VIEW, problem_in_url(Operation))
def operation_patrol(request: HttpRequest, pk: int) -> HttpResponse:
    """The operation's blocks on a map and in walking order; a block found by location with a
    single closure goes straight to its access check."""
    operation = operation_get(user=request.user, pk=pk)
    with reader_for(request, operation.problem, what=f"patrol of {operation}") as reader:
        blocks = _blocks(reader, operation)
        located = "lat" in request.GET or "lon" in request.GET
        point = _point(request)
        chosen = block_standing_in(blocks, *point) if point else None
        if chosen is None and not located:
            chosen = next((b for b in blocks if str(b.site.pk) == request.GET.get("block")), None)
        if located and chosen is not None and chosen.only is not None:
            return redirect(chosen.only.access_url)
        return render(
            request,
            "powers/operation/patrol.html",
            {
                "operation": reader.show(operation),
                "blocks": blocks,
                "chosen": chosen,
                "located": located,
                "bad_point": located and point is None,
                "blocks_geojson": blocks_geojson(blocks),
                "may_record": can(request.user, BREACH_RECORD, operation.problem),
            },
        )
