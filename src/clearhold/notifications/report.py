"""The sentence a digest run prints (the management command and ``clearhold send-digests``)."""

from __future__ import annotations

from clearhold.notifications.services import SendReport


def report_lines(report: SendReport) -> list[str]:
    lines = [
        f"Sent {len(report.sent)} digest(s); {report.already} person(s) already had theirs; "
        f"{report.nothing} had nothing due."
    ]
    if report.failed:
        lines.append(
            f"{len(report.failed)} could not be sent (the next run tries again): "
            + ", ".join(report.failed)
        )
    return lines
