"""Writes for organisations and people: the rules that tie a role to its organisation live here."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from clearhold.accounts.models import Organisation, User


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, short_name: str = "", email_domains: str = ""
) -> Organisation:
    """A new organisation; ``email_domains`` (comma-separated) match its staff to it when
    they sign in through their identity provider."""
    organisation = Organisation(
        name=name.strip(),
        kind=kind,
        short_name=short_name.strip(),
        email_domains=email_domains.strip(),
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    organisation: Organisation,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    job_title: str = "",
) -> User:
    """Create a person in an organisation with a role, checking the role suits the organisation
    and the password meets the password rules. Nothing is saved if either check fails."""
    user = User(
        username=username,
        organisation=organisation,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user
