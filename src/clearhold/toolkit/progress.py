"""The progress of a background job as its page polls for it: one shape for imports and
document runs, so the page script reads both the same way."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse


def progress_json(request: HttpRequest, job: Any) -> JsonResponse:
    """``job``'s percent, message, whether it has finished, its status, and where to go when
    it has (a job has ``progress_percent``, ``progress_message``, ``finished``, ``status`` and
    ``get_absolute_url``)."""
    return JsonResponse(
        {
            "percent": job.progress_percent,
            "message": job.progress_message,
            "done": job.finished,
            "status": job.status,
            "redirect": request.build_absolute_uri(job.get_absolute_url())
            if job.finished
            else None,
        }
    )
