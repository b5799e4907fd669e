"""The search results page: a thin view over ``selectors.search``, each problem's records read
through that problem's reader (with the purpose given for it this session)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clearhold.authz import permission_required
from clearhold.readmodel import Reader, reader_for
from clearhold.search.permissions import SEARCH
from clearhold.search.selectors import LONGEST, SHORTEST, search


@require_GET
@permission_required(SEARCH)
def search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:LONGEST]
    readers: dict[int, Reader] = {}

    def reader_of(problem: Any) -> Reader:
        if problem.pk not in readers:
            readers[problem.pk] = reader_for(request, problem, what="search results")
        return readers[problem.pk]

    hits = search(user=request.user, text=text, reader_of=reader_of)
    for reader in readers.values():
        reader.close()
    error = (
        f"Enter at least {SHORTEST} letters or numbers to search for"
        if "q" in request.GET and len(text) < SHORTEST
        else ""
    )
    return render(
        request,
        "search/results.html",
        {"text": text, "search_text": text, "hits": hits, "error": error},
    )
