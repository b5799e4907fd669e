"""The offline snapshot of the Python Packaging Advisory Database, and which advisories a pin
falls in.

The snapshot is one ``.tar.xz`` in ``scripts/advisories/`` holding the database's OSV YAML files
(``vulns/<package>/<ID>.yaml``), its README and LICENSE, and ``SNAPSHOT.json`` (source, commit,
date). It is read straight from the archive, never unpacked. A version is affected by an
advisory when it is listed in ``affected[].versions`` or falls in an ``ECOSYSTEM`` range of
``affected[].ranges``, evaluated as the OSV schema says (events in version order: ``introduced``
opens, ``fixed`` closes at that version, ``last_affected`` closes after it).
"""

from __future__ import annotations

import json
import re
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from packaging.version import InvalidVersion, Version

ARCHIVE = Path(__file__).resolve().parent / "advisories" / "pypa-advisory-database.tar.xz"
META = "SNAPSHOT.json"
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def normalise(name: str) -> str:
    """A package name as PEP 503 compares it: lower case, runs of ``-_.`` as one ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _version(text: Any) -> Version | None:
    try:
        return Version(str(text))
    except InvalidVersion:
        return None


@dataclass(frozen=True)
class Affected:
    """One ``affected`` entry: the package, its explicit versions and its ECOSYSTEM ranges (each
    a list of (event, version) pairs; ``introduced: "0"`` is the start of time)."""

    package: str
    versions: frozenset[str]
    ranges: tuple[tuple[tuple[str, str], ...], ...]


@dataclass(frozen=True)
class Advisory:
    id: str
    aliases: tuple[str, ...]
    summary: str
    affected: tuple[Affected, ...]

    def names(self) -> set[str]:
        """The advisory's id and aliases, upper case, for matching an allow-list."""
        return {self.id.upper(), *(alias.upper() for alias in self.aliases)}

    def fixed_in(self, package: str) -> list[str]:
        return [
            value
            for entry in self.affected
            if entry.package == normalise(package)
            for events in entry.ranges
            for kind, value in events
            if kind == "fixed"
        ]


def in_range(version: Version, events: Iterable[tuple[str, str]]) -> bool:
    """Whether ``version`` falls in one OSV range. An event whose version cannot be read makes
    the range unusable (False): the advisory's explicit ``versions`` list still applies."""
    ordered: list[tuple[Version, int, str]] = []
    for kind, value in events:
        if kind == "introduced" and value == "0":
            ordered.append((Version("0"), 0, kind))
            continue
        parsed = _version(value)
        if parsed is None:
            return False
        ordered.append((parsed, 0 if kind == "introduced" else 1, kind))
    affected = False
    for bound, _, kind in sorted(ordered):
        if kind == "introduced" and version >= bound:
            affected = True
        elif (kind == "fixed" and version >= bound) or (
            kind == "last_affected" and version > bound
        ):
            affected = False
    return affected


def affects(advisory: Advisory, package: str, version: str) -> bool:
    """Whether ``package`` at ``version`` is affected by ``advisory``."""
    name, parsed = normalise(package), _version(version)
    for entry in advisory.affected:
        if entry.package != name:
            continue
        if version in entry.versions:
            return True
        if parsed is None:
            continue
        if any(_version(listed) == parsed for listed in entry.versions):
            return True
        if any(in_range(parsed, events) for events in entry.ranges):
            return True
    return False


def parse(document: dict[str, Any]) -> Advisory | None:
    """An OSV document as an :class:`Advisory` (None when it was withdrawn)."""
    if document.get("withdrawn"):
        return None
    affected = []
    for entry in document.get("affected") or []:
        package = entry.get("package") or {}
        if package.get("ecosystem", "PyPI") != "PyPI" or not package.get("name"):
            continue
        ranges = tuple(
            tuple(
                (kind, str(value)) for event in r.get("events", []) for kind, value in event.items()
            )
            for r in entry.get("ranges") or []
            if r.get("type") == "ECOSYSTEM"
        )
        versions = frozenset(str(v) for v in entry.get("versions") or [])
        affected.append(Affected(normalise(package["name"]), versions, ranges))
    return Advisory(
        id=str(document["id"]),
        aliases=tuple(str(a) for a in document.get("aliases") or []),
        summary=str(document.get("summary") or document.get("details") or "").split("\n")[0],
        affected=tuple(affected),
    )


@dataclass
class Snapshot:
    """The advisories read, with where they come from and how many were withdrawn."""

    meta: dict[str, Any]
    advisories: list[Advisory] = field(default_factory=list)
    withdrawn: int = 0
    _by_package: dict[str, list[Advisory]] | None = field(default=None, repr=False)

    @property
    def date(self) -> str:
        return str(self.meta.get("date", "unknown"))

    def matches(self, package: str, version: str) -> list[Advisory]:
        """The advisories affecting ``package`` at ``version``."""
        if self._by_package is None:
            self._by_package = {}
            for advisory in self.advisories:
                for name in {entry.package for entry in advisory.affected}:
                    self._by_package.setdefault(name, []).append(advisory)
        candidates = self._by_package.get(normalise(package), [])
        return [a for a in candidates if affects(a, package, version)]


def _documents(archive: tarfile.TarFile) -> Iterator[dict[str, Any]]:
    for member in archive:
        if member.isfile() and member.name.endswith((".yaml", ".yml")):
            stream = archive.extractfile(member)
            if stream is not None:
                yield yaml.load(stream, Loader=Loader)


def load(path: Path = ARCHIVE) -> Snapshot:
    """Read every advisory in the archive at ``path`` (without unpacking it to disk)."""
    with tarfile.open(path, "r:*") as archive:
        try:
            meta_file = archive.extractfile(META)
        except KeyError:
            meta_file = None
        snapshot = Snapshot(meta=json.load(meta_file) if meta_file else {})
        for document in _documents(archive):
            advisory = parse(document)
            if advisory is None:
                snapshot.withdrawn += 1
            else:
                snapshot.advisories.append(advisory)
    return snapshot
