"""``python -m django send_digests``: send the email digests due today, once.

Meant for a daily scheduled task (README, "Email digests"); a second run the same day sends
nothing new. Exits with status 1 when some digest could not be sent.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from clearhold.notifications.report import report_lines
from clearhold.notifications.services import digests_send


class Command(BaseCommand):
    help = "Send the email digests due today (idempotent: once a day at most)."

    def handle(self, *args, **options) -> None:
        report = digests_send()
        for line in report_lines(report):
            self.stdout.write(line)
        if report.failed:
            raise CommandError("Some digests could not be sent; see the log.")
