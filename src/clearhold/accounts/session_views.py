"""Pages of signed-in sessions: your own, with a button to end each; a person's, for an
administrator of their organisation, with one button to end them all."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from clearhold.accounts.models import SignedInSession
from clearhold.accounts.permissions import OWN_ACCOUNT, SESSIONS_END, signed_in_person
from clearhold.accounts.sessions import session_end as end_one
from clearhold.accounts.sessions import sessions_end_all, sessions_of
from clearhold.authz import permission_required


@permission_required(OWN_ACCOUNT, load=signed_in_person)
def my_sessions(request: HttpRequest) -> HttpResponse:
    shown = sessions_of(
        user=request.user, person=request.user, current_key=request.session.session_key
    )
    return render(request, "accounts/sessions.html", {"sessions": shown, "person": request.user})


def _session_owner(request: HttpRequest, pk: int):
    return get_object_or_404(SignedInSession.objects.select_related("user"), pk=pk).user


@require_POST
@permission_required(SESSIONS_END, load=_session_owner)
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End one session: your own, or one of a person an administrator looks after."""
    note = get_object_or_404(SignedInSession, pk=pk)
    current = note.session_id == request.session.session_key
    end_one(user=request.user, note=note)
    if current:
        logout(request)
        return redirect("accounts:sign-in")
    messages.success(request, "That session has been signed out.")
    if note.user_id != request.user.pk:
        return redirect("accounts:person-sessions", user_pk=note.user_id)
    return redirect("accounts:sessions")


def _person(request: HttpRequest, user_pk: int):
    return get_object_or_404(get_user_model(), pk=user_pk)


@permission_required(SESSIONS_END, load=_person)
def person_sessions(request: HttpRequest, user_pk: int) -> HttpResponse:
    """A person's sessions, and (on POST) the end of them all."""
    person = _person(request, user_pk)
    if request.method == "POST":
        ended = sessions_end_all(user=request.user, person=person)
        messages.success(
            request,
            f"{ended.sessions} session(s) of {person} signed out, "
            f"{ended.other_ways_in} API token(s) revoked.",
        )
        if person.pk == request.user.pk:
            return redirect("accounts:sign-in")
        return redirect("accounts:person-sessions", user_pk=person.pk)
    shown = sessions_of(user=request.user, person=person, current_key=request.session.session_key)
    return render(
        request, "accounts/sessions.html", {"sessions": shown, "person": person, "others": True}
    )
