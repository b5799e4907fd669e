"""Organisations of the partnership and the people who sign in to ClearHold."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models
from django_otp.models import Device, ThrottlingMixin

from clearhold.accounts.roles import (
    OrganisationType,
    Role,
    has_rank_at_least,
    role_allowed_in,
    role_refusal,
)


class Organisation(models.Model):
    """A partner organisation: a police force, council, housing provider or voluntary group."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(
        "type", max_length=20, choices=OrganisationType.choices, default=OrganisationType.OTHER
    )
    email_domains = models.CharField(
        max_length=500,
        blank=True,
        default="",
        db_default="",  # so rows written by code that predates the field still save
        help_text="Email domains of its staff, comma-separated (e.g. example.police.uk): who "
        "signs in through the organisation's identity provider with one is matched to it",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def domains(self) -> set[str]:
        return {d.strip().lower().lstrip("@") for d in self.email_domains.split(",") if d.strip()}


class User(AbstractUser):
    """A person who signs in. Belongs to one organisation and holds one role in it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.PARTNER_VIEWER)
    job_title = models.CharField(
        max_length=120, blank=True, help_text="As printed on documents, e.g. Inspector, PCSO"
    )
    data_protection_officer = models.BooleanField(
        default=False,
        help_text="Appointed data protection officer: sees the report of who saw personal data "
        "and answers subject-access requests (gives no access to problems)",
    )
    oidc_subject = models.CharField(
        "identity provider subject",
        max_length=255,
        blank=True,
        default="",
        db_default="",
        help_text="The person's account at the identity provider (its 'sub'), kept at their "
        "first sign-in there: only that account signs in as them, whatever addresses change. "
        "Clear it when their provider account is replaced.",
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="accounts_user_one_account_per_oidc_subject",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.organisation_id and not role_allowed_in(self.role, self.organisation.kind):
            raise ValidationError({"role": role_refusal(self.role, self.organisation.kind)})

    @property
    def is_administrator(self) -> bool:
        return self.is_active and (self.role == Role.ADMINISTRATOR or self.is_superuser)

    def has_rank_at_least(self, minimum: str) -> bool:
        return has_rank_at_least(self.role, minimum)


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A person's ten single-use recovery codes, for when their authenticator app is lost.
    Only each code's sha256 is kept (the codes are random, so a plain digest suffices); a code
    that works is deleted. Wrong codes slow further tries (django-otp's throttling)."""

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token: str) -> bool:
        verify_allowed, _ = self.verify_is_allowed()
        if not verify_allowed:
            return False
        digest = recovery_code_digest(token)
        deleted, _ = self.codes.filter(digest=digest).delete()
        if deleted:
            self.throttle_reset()
        else:
            self.throttle_increment()
        return bool(deleted)


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, help_text="sha256 of the code (hex)")

    def __str__(self) -> str:
        return "A recovery code"


def recovery_code_digest(code: str) -> str:
    """The stored form of a recovery code: spaces, dashes and case do not matter."""
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normal.encode("ascii", "ignore")).hexdigest()


class SignedInSession(models.Model):
    """One place a person is signed in, so they (or an administrator of their organisation)
    can list it and end it; the session itself holds when it was last seen."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    # The session row itself: when it ends (signed out, expired and cleared), the note goes too.
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="+")
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    signed_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_in_at"]

    def __str__(self) -> str:
        return f"{self.user} since {self.signed_in_at:%d %b %Y %H:%M}"
