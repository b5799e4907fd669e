"""The premises licence of a closure's premises: recorded from the closure page, because a
court closing licensed premises must notify the licensing authority (s.80(9), s.84(7)).

The licence belongs to the closure's site (``places.Site``), so every closure there sees it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clearhold.authz import permission_required, problem_in_url, require
from clearhold.places.forms import SiteLicenceForm
from clearhold.places.services import site_licence_record
from clearhold.powers.models import Closure
from clearhold.powers.permissions import POWERS_RECORD
from clearhold.powers.selectors import closure_get
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import add_validation_errors

INTRO = (
    "If the premises hold a premises licence under the Licensing Act 2003, the court that makes "
    "a closure order must notify the licensing authority (s.80(9)); so must the Crown Court if "
    "it makes one on appeal (s.84(7)). The licence is kept for the whole site."
)


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def licence_page(request: HttpRequest, pk: int) -> HttpResponse:
    closure = closure_get(user=request.user, pk=pk)
    require(request.user, POWERS_RECORD, closure.problem)
    form = SiteLicenceForm(request.POST or None, instance=closure.site)
    if request.method == "POST" and form.is_valid():
        try:
            site_licence_record(user=request.user, site=closure.site, **form.cleaned_data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, "Premises licence saved.")
            return redirect(f"{closure.get_absolute_url()}#licence")
    return render(
        request,
        "powers/step_form.html",
        {
            "closure": Reader(request.user, log=False).show(closure),  # public fields only
            "form": form,
            "title": "Premises licence",
            "button": "Save the licence",
            "intro": INTRO,
        },
    )
