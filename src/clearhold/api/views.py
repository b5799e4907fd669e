"""The account page for personal API tokens: make one (shown once), see and revoke them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clearhold.accounts.permissions import IN_ORGANISATION
from clearhold.api.forms import TokenForm
from clearhold.api.models import ApiToken
from clearhold.api.permissions import API_TOKEN_MANAGE
from clearhold.api.tokens import api_token_create, api_token_revoke, api_tokens_of
from clearhold.authz import permission_required
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import add_validation_errors


@never_cache
@permission_required(IN_ORGANISATION)
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            token, plain = api_token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as refused:
            add_validation_errors(form, refused)
        else:
            made = {"token": token, "plain": plain}
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "made": made,
            "tokens": _token_rows(request.user),
            "docs_url": reverse("api-v1:openapi-view"),
            "schema_url": reverse("api-v1:openapi-json"),
        },
    )


def _token_rows(user: Any) -> list[dict[str, Any]]:
    """The user's own tokens through the reader (whose token it is and its digest stay
    withheld), each with whether it has expired or may still be revoked."""
    reader = Reader(user, log=False)
    return [
        {"token": reader.show(token), "expired": token.expired, "active": token.active}
        for token in api_tokens_of(user=user)
    ]


def token_in_url(request: HttpRequest, pk: int) -> ApiToken:
    """The loader for the revoke guard: the token named in the URL, or 404."""
    return get_object_or_404(ApiToken, pk=pk)


@require_POST
@permission_required(API_TOKEN_MANAGE, token_in_url)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk)
    api_token_revoke(user=request.user, token=token)
    messages.success(request, f"Revoked the token “{token.name}”: it no longer works.")
    return redirect("api:tokens")
