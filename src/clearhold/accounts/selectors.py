"""Reads about people, always within the asking user's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from clearhold.accounts.models import User


def people_in_organisation(*, user: User) -> QuerySet[User]:
    """The active people of the user's own organisation (administrators: everyone)."""
    people = User.objects.filter(is_active=True).select_related("organisation")
    if user.is_administrator:
        return people.order_by("organisation__name", "last_name", "first_name")
    if user.organisation_id is None:
        return people.none()
    return people.filter(organisation_id=user.organisation_id)
