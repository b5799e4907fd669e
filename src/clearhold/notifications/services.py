"""Writes: a person's digest settings, and sending the digests (once a day at most).

``digests_send`` is what the scheduled task runs (``clearhold send-digests`` or ``python -m
django send_digests``). For each active person with an email address who has not turned
digests off and is due one (daily: none sent today; weekly: none in the last seven days), it
reads their digest (``selectors.digest_for``), sends it if it lists anything, and records it in
:class:`~clearhold.notifications.models.DigestSent` in the same step, so a second run the same
day sends nothing new. A message that fails to send is not recorded: the next run tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clearhold.law import to_uk
from clearhold.notifications.models import DigestSent, DigestSettings, Frequency
from clearhold.notifications.selectors import Digest, digest_for, settings_of

logger = logging.getLogger(__name__)
SETTINGS_FIELDS = ("enabled", "frequency", "clocks", "actions", "reviews")


def digest_settings_save(*, user: Any, **choices: Any) -> DigestSettings:
    """Keep the person's own digest choices (nobody sets another's)."""
    fields = {k: v for k, v in choices.items() if k in SETTINGS_FIELDS}
    found, _ = DigestSettings.objects.update_or_create(user=user, defaults=fields)
    return found


@dataclass
class SendReport:
    """What a run did: who got a digest, who had nothing due, and whose failed to send."""

    sent: list[str] = field(default_factory=list)
    nothing: int = 0
    already: int = 0
    failed: list[str] = field(default_factory=list)


def _due(user: Any, choices: DigestSettings, today: dt.date) -> bool:
    """Whether the person is due a digest today by their frequency."""
    since = today - dt.timedelta(days=6 if choices.frequency == Frequency.WEEKLY else 0)
    return not DigestSent.objects.filter(user=user, sent_on__gte=since).exists()


def digest_message(user: Any, digest: Digest, today: dt.date, connection=None) -> EmailMessage:
    """The email of ``digest``: plain text, each line with its page's address."""
    base = settings.CLEARHOLD_SITE_URL.rstrip("/")
    body = render_to_string(
        "notifications/digest.txt",
        {
            "digest": digest,
            "base": base,
            "today": today,
            "settings_url": base + reverse("notifications:settings"),
        },
    )
    count = len(digest.lines)
    return EmailMessage(
        subject=f"ClearHold: {count} thing{'s' if count != 1 else ''} due on your problems "
        f"({today:%-d %B %Y})",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        connection=connection,
    )


def _send_one(user: Any, digest: Digest, choices: DigestSettings, today: dt.date, connection):
    """Send and record one digest together: recorded only if sent, and sent only once."""
    with transaction.atomic():
        DigestSent.objects.create(
            user=user,
            sent_on=today,
            frequency=choices.frequency,
            items=[line.key for line in digest.lines],
        )
        digest_message(user, digest, today, connection).send()


def digests_send(*, now: dt.datetime | None = None) -> SendReport:
    """Send every digest due at ``now`` (default: now); see the module's docstring."""
    now = now or timezone.now()
    today = to_uk(now).date()
    report = SendReport()
    people = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
    with get_connection() as connection:
        for user in people:
            choices = settings_of(user)
            if not choices.enabled or not choices.kinds:
                continue
            if not _due(user, choices, today):
                report.already += 1
                continue
            digest = digest_for(user, now, choices)
            if not digest:
                report.nothing += 1
                continue
            try:
                _send_one(user, digest, choices, today, connection)
            except IntegrityError:  # another run sent it a moment ago
                report.already += 1
            except OSError:
                logger.warning("The digest to user %s could not be sent", user.pk, exc_info=True)
                report.failed.append(user.username)
            else:
                report.sent.append(user.username)
    return report
