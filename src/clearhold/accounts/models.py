"""Organisations of the partnership and the people who sign in to ClearHold."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

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

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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

    class Meta:
        ordering = ["last_name", "first_name", "username"]

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
