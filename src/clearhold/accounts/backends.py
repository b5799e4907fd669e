"""Password sign-in: Django's model backend, reading the signed-in person with their
organisation.

Every page asks the person's organisation (the menu: is it a police force or a council; the
rules: does it lead the problem), so the session's user is read joined to it, in one query
rather than two on each request. :func:`session_user` is that read, for every sign-in backend
(the OIDC backend's sessions too)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def session_user(user_id: Any) -> Any:
    """The session's person with their organisation, or None when they are gone or switched
    off (``is_active`` false): a leaver's sessions end at their next request."""
    model = get_user_model()
    try:
        user = model._default_manager.select_related("organisation").get(pk=user_id)
    except model.DoesNotExist:
        return None
    return user if user.is_active else None


class PasswordBackend(ModelBackend):
    """Django's ``ModelBackend`` (the same password check and active-account rule)."""

    def get_user(self, user_id: Any) -> Any:
        """The session's person (:func:`session_user`), as ``ModelBackend.get_user`` but with
        their organisation."""
        return session_user(user_id)
