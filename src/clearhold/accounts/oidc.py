"""Sign-in through the organisation's own identity provider (OpenID Connect; Microsoft Entra ID
is the documented example, docs/sign-in.md).

Who someone is comes from the provider; what they may do is still granted in ClearHold. A
person is matched to an organisation by their email's domain (``Organisation.email_domains``).
Someone signing in for the first time gets an account that is switched off, with the lowest
role, until an administrator of ClearHold switches it on and gives the role: a whole force's
or council's directory can reach the provider, and being on it is no reason to see the
partnership's records. A person already known (by email) must belong to the organisation
their domain names.

Who someone is at the provider is its subject (``sub``), which never changes, not their email,
which its administrators (in some tenants the person) can change. The first sign-in binds the
account to the subject (``User.oidc_subject``); from then on only that subject signs in as it,
whatever address it comes with, and an address alone opens only an account not yet bound.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from clearhold.accounts.backends import session_user
from clearhold.accounts.models import Organisation, User
from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record

BACKEND = "clearhold.accounts.oidc.OrganisationOIDCBackend"


# A plain ASCII address, one "@", no spaces: a lookalike letter (the Kelvin sign, which
# lower() turns into "k") or a second "@" must not reach an account or a domain it is not.
_ADDRESS = re.compile(r"[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)+")
# Claims by which a provider says the address was checked (Entra ID's ``xms_edov``: the
# email's domain is verified by its owner); present and not true means unchecked.
_VERIFIED_CLAIMS = ("email_verified", "xms_edov")
MAX_ADDRESS = 254  # RFC 5321, and the email column's size


def claimed_email(claims: dict[str, Any]) -> str:
    """The person's email: ``email``, or Entra ID's ``preferred_username`` (their sign-in
    name, an email address) when the email claim is not released. Empty (refused) when the
    provider says the address is unverified, or it is not a plain ASCII address (of at most
    254 characters)."""
    if any(name in claims and not _true(claims[name]) for name in _VERIFIED_CLAIMS):
        return ""
    for name in ("email", "preferred_username", "upn"):
        raw = str(claims.get(name) or "")
        if "@" in raw:
            value = raw.strip()
            ok = value.isascii() and len(value) <= MAX_ADDRESS and _ADDRESS.fullmatch(value.lower())
            return value.lower() if ok else ""
    return ""


def _true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def vouched_for(email: str) -> bool:
    """Whether the provider may vouch for this address: its domain is one the installation
    trusts this provider for (``CLEARHOLD_OIDC_DOMAINS``). One provider serves every partner;
    its tenant's administrators can give an account any address (Entra ID's mail attribute, a
    guest's home address), so it must not sign anyone in as another organisation's staff,
    whose accounts (an administrator's among them) it does not own."""
    return email.rsplit("@", 1)[-1] in settings.CLEARHOLD_OIDC_DOMAINS


def subject_of(claims: dict[str, Any]) -> str:
    """The person's subject at the provider (``sub``): its one identifier that never changes."""
    subject = claims.get("sub")
    return subject if isinstance(subject, str) and 0 < len(subject) <= 255 else ""


def _taken_by_another(email: str, subject: str) -> bool:
    """Whether the account this address would open is bound to another subject (and this
    subject has no account of its own): the address was given to someone else there."""
    if User.objects.filter(oidc_subject=subject).exists():
        return False
    others = User.objects.filter(email__iexact=email, organisation=organisation_for(email))
    return others.exclude(oidc_subject="").exists() and not others.filter(oidc_subject="").exists()


def _bound_elsewhere(email: str, subject: str) -> bool:
    """Whether this subject's account belongs to another organisation than the address
    names: a move between partners is an administrator's to make, with the new role."""
    bound = User.objects.filter(oidc_subject=subject)
    return bound.exists() and not bound.filter(organisation=organisation_for(email)).exists()


def organisation_for(email: str) -> Organisation | None:
    """The one organisation whose email domains include this email's domain."""
    domain = email.rsplit("@", 1)[-1]
    found = [o for o in Organisation.objects.exclude(email_domains="") if domain in o.domains()]
    return found[0] if len(found) == 1 else None


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: Any, **kwargs: Any) -> User | None:
        """Only the provider's callback signs in this way (it passes the nonce and PKCE
        verifier it kept). The library's backend otherwise trades any ``?code=&state=`` in the
        address for tokens, so the password form at ``/sign-in/?code=…`` sent a planted code
        to the provider, and answered with a server error when it was refused."""
        if "nonce" not in kwargs or "password" in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in person of a session begun through the provider; none once an
        administrator has switched them off (the library's own ``get_user`` does not ask), so
        a leaver's sessions end at their next request, as password sessions do. Read with their
        organisation, which every page asks (``accounts.backends.session_user``)."""
        return session_user(user_id)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        email = claimed_email(claims)
        if not email:
            why = "identity provider: no verified plain email address"
        elif not vouched_for(email):
            why = "identity provider: not trusted for this email domain (CLEARHOLD_OIDC_DOMAINS)"
        elif organisation_for(email) is None:
            why = "identity provider: no organisation has this email domain"
        elif not subject_of(claims):
            why = "identity provider: no subject (sub) in its answer"
        elif _taken_by_another(email, subject_of(claims)):
            why = "identity provider: this address belongs to another account there"
        elif _bound_elsewhere(email, subject_of(claims)):
            why = "identity provider: this person's account here is in another organisation"
        else:
            return True
        audit_record(
            action=AuditAction.SIGN_IN_FAILED,
            object_type="accounts.user",
            object_repr=email[:300],
            username=email[:150],
            detail=why,
        )
        return False

    def filter_users_by_claims(self, claims: dict[str, Any]):
        """The account bound to this subject, in the organisation the address names; else the
        one account of that address not yet bound to any subject."""
        email, subject = claimed_email(claims), subject_of(claims)
        if not (email and subject and vouched_for(email)):
            return User.objects.none()
        organisation = organisation_for(email)
        bound = User.objects.filter(oidc_subject=subject)
        if bound.exists():
            return bound.filter(organisation=organisation)
        return User.objects.filter(email__iexact=email, organisation=organisation, oidc_subject="")

    @transaction.atomic
    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        """A known person signing in: bound to their subject at the first sign-in (audited).
        Nothing else is taken from the provider: roles are granted in ClearHold."""
        if not user.oidc_subject:
            user.oidc_subject = subject_of(claims)
            user.save(update_fields=["oidc_subject"])
            audit_record(
                action=AuditAction.CHANGE,
                obj=user,
                user=user,
                detail="identity provider: account bound to the person's account there",
            )
        return user

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> User | None:
        """A new person: switched off, lowest role, until an administrator grants one. None
        (refused) when the name is taken by an account of another organisation, or the
        subject already has an account (in another organisation than the address names)."""
        email, subject = claimed_email(claims), subject_of(claims)
        if User.objects.filter(username__iexact=email[:150]).exists():
            return None
        if User.objects.filter(oidc_subject=subject).exists():
            return None
        user = User(
            username=email[:150],
            email=email,
            first_name=str(claims.get("given_name", ""))[:150],
            last_name=str(claims.get("family_name", ""))[:150],
            organisation=organisation_for(email),
            role=Role.PARTNER_VIEWER,
            is_active=False,
            oidc_subject=subject,
        )
        user.set_unusable_password()
        user.save()
        audit_record(
            action=AuditAction.SIGN_IN_FAILED,
            obj=user,
            username=user.username,
            detail="identity provider: new account waits for an administrator to switch it on",
        )
        return user
