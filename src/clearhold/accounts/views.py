"""Sign in, sign out, the lock-out page, and the people of the user's organisation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clearhold.accounts.forms import SignInForm
from clearhold.accounts.permissions import IN_ORGANISATION
from clearhold.accounts.selectors import people_in_organisation
from clearhold.audit.decorators import holds_personal_data
from clearhold.authz import permission_required


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        """Offer the organisation's identity provider, when one is set up, beside the form."""
        context = super().get_context_data(**kwargs)
        context["provider"] = settings.CLEARHOLD_OIDC_NAME if settings.OIDC_RP_CLIENT_ID else ""
        context["provider_refused"] = self.request.GET.get("refused") == "provider"
        context["provider_ended"] = self.request.GET.get("ended") == "provider"
        return context


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/signed_out.html"


def locked_out(
    request: HttpRequest, credentials: dict | None = None, *args, **kwargs
) -> HttpResponse:
    """Shown instead of the sign-in form once too many attempts have failed (django-axes)."""
    return render(request, "accounts/locked_out.html", status=429)


@permission_required(IN_ORGANISATION)
@holds_personal_data("accounts.user", "people in an organisation")
def people(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/people.html", {"people": people_in_organisation(user=request.user)}
    )
