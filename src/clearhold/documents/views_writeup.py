"""The practice write-up page: the draft prefilled from the problem, checked, edited and saved
before it can be exported. Guarded by the generate rule on the problem. Read through the one
read model: someone who could see the problem's personal data gives a purpose first, and the
draft holds only what they may see (the read audited)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clearhold.authz import permission_required, problem_in_url, require
from clearhold.documents.forms_writeup import WriteUpForm
from clearhold.documents.permissions import DOCUMENT_GENERATE
from clearhold.documents.views import maker_purpose
from clearhold.documents.writeup import writeup_of, writeup_prefill, writeup_save
from clearhold.problems.models import Problem
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import add_validation_errors


@permission_required(DOCUMENT_GENERATE, problem_in_url(Problem, "problem_pk"))
def writeup_edit(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    require(request.user, DOCUMENT_GENERATE, problem)
    ask, given = maker_purpose(request, problem)
    if ask is not None:
        return ask
    with Reader(
        request.user,
        purpose=given.get("purpose", ""),
        note=given.get("note", ""),
        channel="Practice write-up page; ",
    ) as reader:
        return _writeup_page(request, problem, reader)


def _writeup_page(request: HttpRequest, problem, reader: Reader) -> HttpResponse:
    saved = writeup_of(problem)
    shown = reader.show(saved)
    withheld = shown.withheld if shown is not None else frozenset()  # e.g. the target group
    if request.method == "POST":
        form = WriteUpForm(request.POST, instance=saved, withheld=withheld)
        if form.is_valid():
            fields = {n: form.cleaned_data[n] for n in form.Meta.fields if n not in withheld}
            try:
                writeup_save(user=request.user, problem=problem, **fields)
            except ValidationError as invalid:
                add_validation_errors(form, invalid)
            else:
                messages.success(
                    request, "Saved the practice write-up. You can now make it as PDF or Word."
                )
                return redirect("documents:write-up", problem.pk)
    elif saved is not None:
        form = WriteUpForm(instance=saved, withheld=withheld)
    else:
        form = WriteUpForm(initial=writeup_prefill(problem=problem, reader=reader))
    return render(
        request,
        "documents/writeup_form.html",
        {"problem": reader.show(problem), "form": form, "saved": shown},
    )
