"""``/healthz`` and ``/readyz``: JSON for load balancers and orchestrators, open to anyone
because they say nothing about any person or record (see clearhold.serving.health)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from clearhold.serving.health import Answer, health, readiness


def _json(answer: Answer) -> JsonResponse:
    return JsonResponse(answer.report, status=200 if answer.good else 503)


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return _json(health())


@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    return _json(readiness())
