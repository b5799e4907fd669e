"""The local directory of advice services a closure notice names (s.76(5)(g)).

A closure notice must give “information about the names of, and means of contacting, persons
and organisations in the area that provide advice about housing and legal matters” (s.76(5)(g)).
National helplines are useful but are not “in the area”: each council keeps a directory of the
local services (a JSON file, one per council; ClearHold ships Fenland's in
``clearhold/data/advice/``; the setting ``CLEARHOLD_ADVICE_DIRECTORY`` points at a council's own
file). The document details form offers its entries, and the papers warn (without blocking)
when the housing or legal advice given names only national lines.

Each service: ``name``, ``helps_with`` (e.g. housing, legal), ``phone``, ``address``,
``website``, ``scope`` (local or national), ``status`` (listed; to_confirm: a real service whose
details the council must check; placeholder: a gap for the council to fill) and ``note``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.text import slugify

PACKAGED = Path(__file__).resolve().parent.parent / "data" / "advice"
SCOPES = ("local", "national")
STATUSES = ("listed", "to_confirm", "placeholder")
TOPICS = {"housing": "housing", "legal": "legal matters"}
# National lines known whatever the directory says: a part naming one of these is national.
NATIONAL_LINES = (
    ("Shelter housing advice helpline", "0808 800 4444"),
    ("Civil Legal Advice", "0345 345 4 345"),
    ("Citizens Advice Adviceline", "0800 144 8848"),
)


class AdviceDirectoryError(ValueError):
    """A directory file that cannot be used, with the file named."""


@dataclass(frozen=True)
class AdviceService:
    name: str
    helps_with: tuple[str, ...]
    scope: str
    status: str = "listed"
    phone: str = ""
    address: str = ""
    website: str = ""
    note: str = ""

    @property
    def usable(self) -> bool:
        """Listed with a means of contact: fit to print on a notice."""
        return self.status == "listed" and bool(self.phone or self.address or self.website)

    @property
    def line(self) -> str:
        """The service as a notice prints it: name, phone, address, website."""
        return ", ".join(p for p in (self.name, self.phone, self.address, self.website) if p)


@dataclass(frozen=True)
class AdviceDirectory:
    council: str
    area: str
    services: tuple[AdviceService, ...]
    source: str

    def offered(self, topic: str) -> list[AdviceService]:
        """The usable services for ``topic``, local first."""
        found = [s for s in self.services if topic in s.helps_with and s.usable]
        return sorted(found, key=lambda s: s.scope != "local")

    def to_fill(self) -> list[AdviceService]:
        """Entries the council has still to confirm or fill in."""
        return [s for s in self.services if s.status != "listed"]


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"{where}: “{key}” must be text")
    return value.strip()


def _service(entry: Any, number: int) -> AdviceService:
    where = f"service {number}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where} must be an object with a name")
    name = _text(entry, "name", where)
    if not name:
        raise ValueError(f"{where} has no name")
    where = f"service {number} ({name})"
    helps = entry.get("helps_with")
    if not isinstance(helps, list) or not helps or not all(isinstance(h, str) for h in helps):
        raise ValueError(f'{where}: “helps_with” must list what it helps with, e.g. ["housing"]')
    scope, status = entry.get("scope"), entry.get("status", "listed")
    if scope not in SCOPES:
        raise ValueError(f"{where}: “scope” must be one of {', '.join(SCOPES)}")
    if status not in STATUSES:
        raise ValueError(f"{where}: “status” must be one of {', '.join(STATUSES)}")
    service = AdviceService(
        name=name,
        helps_with=tuple(h.strip().lower() for h in helps),
        scope=scope,
        status=status,
        **{key: _text(entry, key, where) for key in ("phone", "address", "website", "note")},
    )
    if status == "listed" and not service.usable:
        raise ValueError(f"{where} is listed but gives no phone, address or website")
    return service


def directory_parse(data: Any, source: str) -> AdviceDirectory:
    """A directory from parsed JSON; :class:`AdviceDirectoryError` names ``source`` and the
    first thing wrong."""
    try:
        if not isinstance(data, dict):
            raise ValueError("the file must hold an object with “council” and “services”")
        council = _text(data, "council", "the file")
        if not council:
            raise ValueError("it names no council")
        services = data.get("services")
        if not isinstance(services, list):
            raise ValueError("“services” must be a list")
        parsed = tuple(_service(entry, n) for n, entry in enumerate(services, start=1))
        area = _text(data, "area", "the file")
    except ValueError as wrong:
        message = f"The advice directory {source} cannot be used: {wrong}."
        raise AdviceDirectoryError(message) from None
    return AdviceDirectory(council=council, area=area, services=parsed, source=source)


def directory_load(path: Path) -> AdviceDirectory:
    """Read and check one directory file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AdviceDirectoryError(f"The advice directory {path} does not exist.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as broken:
        raise AdviceDirectoryError(
            f"The advice directory {path} is not valid JSON (UTF-8): {broken}."
        ) from None
    return directory_parse(data, str(path))


def directory_for(council: Any) -> AdviceDirectory | None:
    """The directory for ``council`` (an organisation or its name): the file the setting
    ``CLEARHOLD_ADVICE_DIRECTORY`` names, else the one shipped for that council, else None."""
    configured = getattr(settings, "CLEARHOLD_ADVICE_DIRECTORY", "")
    if configured:
        return directory_load(Path(configured))
    shipped = PACKAGED / f"{slugify(str(council or ''))}.json"
    return directory_load(shipped) if council and shipped.is_file() else None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _national_part(part: str, national: Iterable[tuple[str, str]]) -> bool:
    digits, lowered = _digits(part), part.lower()
    return any(
        (phone and _digits(phone) in digits) or name.lower() in lowered for name, phone in national
    )


def advice_warnings(
    housing: str, legal: str, directory: AdviceDirectory | None = None
) -> list[str]:
    """Warnings (never blocking) for advice that names only national lines: s.76(5)(g) asks
    for organisations “in the area”. Each part of a field (a line, or text between “;”) that
    names a national service or its phone number counts as national."""
    national = list(NATIONAL_LINES)
    if directory is not None:
        national += [(s.name, s.phone) for s in directory.services if s.scope == "national"]
    warnings = []
    for topic, given in (("housing", housing), ("legal", legal)):
        parts = [p.strip() for p in re.split(r"[\n;]", given or "") if p.strip()]
        if parts and all(_national_part(p, national) for p in parts):
            warnings.append(
                f"s.76(5)(g): the {topic} advice names only national lines. A closure "
                f"notice must name organisations in the area that advise on {TOPICS[topic]}: "
                "add a local one under Document details."
            )
    return warnings
