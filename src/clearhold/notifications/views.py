"""The person's own digest settings page (on their account pages)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clearhold.accounts.permissions import IN_ORGANISATION
from clearhold.authz import permission_required
from clearhold.notifications.forms import DigestSettingsForm
from clearhold.notifications.selectors import CLOCK_HORIZON, settings_of
from clearhold.notifications.services import digest_settings_save


@permission_required(IN_ORGANISATION)
def digest_settings(request: HttpRequest) -> HttpResponse:
    current = settings_of(request.user)
    form = DigestSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        digest_settings_save(user=request.user, **form.cleaned_data)
        messages.success(
            request,
            "Saved your email digest settings."
            if form.cleaned_data["enabled"]
            else "You will get no email digests.",
        )
        return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "kinds": [form["clocks"], form["actions"], form["reviews"]],
            "email": request.user.email,
            "hours": int(CLOCK_HORIZON["daily"].total_seconds() // 3600),
        },
    )
