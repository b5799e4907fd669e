"""Personal API tokens: a script acts as the person who made the token, with their rights.

Only the token's sha256 is stored, never the token: it is shown once, when made. Every token
expires (chosen when made, 90 days unless said otherwise), so a token forgotten in a script or
a leaked file stops working by itself. A revoked or expired token stays in the table (with when)
so the audit trail can still name it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

DEFAULT_DAYS = 90


def default_expiry() -> dt.datetime:
    """When a token made now stops working unless its maker chose otherwise."""
    return timezone.now() + dt.timedelta(days=DEFAULT_DAYS)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. weekly report")
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to spot it")
    digest = models.CharField(max_length=64, unique=True, help_text="sha256 of the token (hex)")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(
        default=default_expiry, help_text="When the token stops working"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def active(self) -> bool:
        return self.revoked_at is None and not self.expired
