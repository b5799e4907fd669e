"""The service navigation and home-page cards, which each app adds to as it arrives.

Each entry names the authorisation action that must be allowed for it to show, so the
navigation never offers a page the person would be refused.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Destination:
    label: str
    href: str
    section: str
    action: str
    summary: str = ""


DESTINATIONS: list[Destination] = []


def add_destination(destination: Destination) -> None:
    if destination.section not in {d.section for d in DESTINATIONS}:
        DESTINATIONS.append(destination)
