"""Email digests: each person's settings, and a record of every digest sent.

A digest tells a person what needs them on the problems they are a member of: the closure
clocks falling soon, the overdue actions and the reviews due. Who gets one, how often and with
what is their own choice (:class:`DigestSettings`; a person with no row gets the defaults: on,
daily, everything). :class:`DigestSent` is what makes sending idempotent: a run finds who has
already had today's (or this week's) digest and sends them nothing new.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Frequency(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Once a week"


class DigestSettings(models.Model):
    """One person's choices for their email digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_settings"
    )
    enabled = models.BooleanField("Send me a digest", default=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    clocks = models.BooleanField(
        "Closure deadlines (notices ending, hearings, orders ending)", default=True
    )
    actions = models.BooleanField("Overdue actions", default=True)
    reviews = models.BooleanField("Reviews due", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "digest settings"

    def __str__(self) -> str:
        return f"Digest settings {self.pk}"

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(k for k in ("clocks", "actions", "reviews") if getattr(self, k))


class DigestSent(models.Model):
    """A digest that went to one person on one day, and what it listed (record keys only)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    sent_on = models.DateField()
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    items = models.JSONField(default=list, help_text="Keys of what it listed, e.g. action-12")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"Digest of {self.sent_on:%d %B %Y} ({len(self.items)} items)"
