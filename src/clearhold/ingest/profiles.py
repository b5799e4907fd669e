"""Column-mapping profiles: how to read one partner's CSV or XLSX export.

A force's CAD export, a council's ASB log and a housing provider's case list all hold the same
facts under different column names and date formats. A :class:`MappingProfile` says which
column holds what; it is a frozen dataclass that round-trips through a JSON-safe dict so the
web app can store user-made profiles in a database JSON field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from types import MappingProxyType
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from clearhold.ingest.taxonomy import DEFAULT_CAD_TYPE_MAP, POLICEUK_CRIME_TYPES, CadTypeMap

__all__ = ["BUILTIN_PROFILES", "MappingProfile", "format_precision"]

LocationKind = Literal["latlon", "en"]
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
_TIME_DIRECTIVES = ("%H", "%I", "%M", "%X", "%c", "%T", "%R")
_DAY_DIRECTIVES = ("%d", "%j", "%x", "%a", "%A")


def format_precision(fmt: str) -> str:
    """'minute' for a strptime format with a time, 'day' for a date, 'month' for year-month."""
    if any(d in fmt for d in _TIME_DIRECTIVES):
        return "minute"
    if any(d in fmt for d in _DAY_DIRECTIVES):
        return "day"
    return "month"


@dataclass(frozen=True)
class MappingProfile:
    """Which columns of a partner file hold which incident facts, and how to read them.

    When: either ``datetime_column`` read with ``datetime_formats`` (strptime formats, tried in
    order), or ``date_column`` with ``date_formats`` plus an optional ``time_column`` with
    ``time_formats``. Local times are in ``timezone`` (UK time by default) and stored in UTC.
    Where: ``location_kind`` "latlon" (WGS84 ``latitude_column``/``longitude_column``) or "en"
    (British National Grid ``easting_column``/``northing_column`` in metres), plus an optional
    free-text ``location_column``. What: ``category_column``, classified by ``type_map``.
    Every other ``*_column`` is optional. ``sheet`` names the XLSX worksheet (default: the
    first); ``delimiter`` is the CSV field separator.
    """

    name: str
    label: str
    category_column: str
    datetime_column: str | None = None
    datetime_formats: tuple[str, ...] = ()
    date_column: str | None = None
    date_formats: tuple[str, ...] = ()
    time_column: str | None = None
    time_formats: tuple[str, ...] = ("%H:%M", "%H:%M:%S")
    location_kind: LocationKind = "latlon"
    latitude_column: str | None = None
    longitude_column: str | None = None
    easting_column: str | None = None
    northing_column: str | None = None
    location_column: str | None = None
    reference_column: str | None = None
    description_column: str | None = None
    outcome_column: str | None = None
    lsoa_code_column: str | None = None
    lsoa_name_column: str | None = None
    reported_by_column: str | None = None
    falls_within_column: str | None = None
    type_map: CadTypeMap = field(default=DEFAULT_CAD_TYPE_MAP)
    timezone: str = "Europe/London"
    delimiter: str = ","
    sheet: str | None = None

    def __post_init__(self) -> None:
        for name in ("datetime_formats", "date_formats", "time_formats"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        problems = self.problems()
        if problems:
            raise ValueError(f"mapping profile {self.name!r} is not valid: " + "; ".join(problems))

    def problems(self) -> list[str]:
        """What is wrong with this profile, in plain words (empty when it is usable)."""
        said = []
        if not _NAME.fullmatch(self.name):
            said.append("the name must be 1-60 lower-case letters, digits or hyphens")
        if not self.label.strip():
            said.append("the label is empty")
        if (self.datetime_column is None) == (self.date_column is None):
            said.append("give either a date/time column or a date column (exactly one)")
        if self.datetime_column is not None and not self.datetime_formats:
            said.append("the date/time column needs at least one format")
        if self.date_column is not None and not self.date_formats:
            said.append("the date column needs at least one format")
        if self.time_column is not None and self.date_column is None:
            said.append("a time column needs a date column")
        if self.time_column is not None and not self.time_formats:
            said.append("the time column needs at least one format")
        if self.location_kind == "latlon":
            if not (self.latitude_column and self.longitude_column):
                said.append('location kind "latlon" needs a latitude and a longitude column')
        elif self.location_kind == "en":
            if not (self.easting_column and self.northing_column):
                said.append('location kind "en" needs an easting and a northing column')
        else:
            said.append('location kind must be "latlon" or "en"')
        if len(self.delimiter) != 1:
            said.append("the delimiter must be one character")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            said.append(f"unknown time zone {self.timezone!r}")
        return said

    def columns(self) -> dict[str, str]:
        """What each mapped column is for, keyed by the file's column name (for header checks)."""
        roles = {
            "reference": self.reference_column,
            "date/time": self.datetime_column,
            "date": self.date_column,
            "time": self.time_column,
            "category": self.category_column,
            "location": self.location_column,
            "description": self.description_column,
            "outcome": self.outcome_column,
            "LSOA code": self.lsoa_code_column,
            "LSOA name": self.lsoa_name_column,
            "reported by": self.reported_by_column,
            "falls within": self.falls_within_column,
        }
        if self.location_kind == "latlon":
            roles |= {"latitude": self.latitude_column, "longitude": self.longitude_column}
        else:
            roles |= {"easting": self.easting_column, "northing": self.northing_column}
        return {column: role for role, column in roles.items() if column}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (lists, strings, None); :meth:`from_dict` reads it back."""
        data = asdict(self)
        for name in ("datetime_formats", "date_formats", "time_formats"):
            data[name] = list(getattr(self, name))
        data["type_map"] = self.type_map.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MappingProfile:
        """Build a profile from :meth:`to_dict` output; ``ValueError`` says what is wrong."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown mapping profile fields: {', '.join(unknown)}")
        values = dict(data)
        if "type_map" in values and not isinstance(values["type_map"], CadTypeMap):
            values["type_map"] = CadTypeMap.from_dict(values["type_map"])
        try:
            return cls(**values)
        except TypeError as error:  # a required field is missing
            raise ValueError(f"mapping profile is incomplete: {error}") from None


POLICEUK_PROFILE = MappingProfile(
    name="policeuk",
    label="police.uk street-level crime CSV",
    reference_column="Crime ID",
    datetime_column="Month",
    datetime_formats=("%Y-%m",),
    latitude_column="Latitude",
    longitude_column="Longitude",
    location_column="Location",
    category_column="Crime type",
    type_map=CadTypeMap.exact(POLICEUK_CRIME_TYPES, default=None),
    description_column="Context",
    outcome_column="Last outcome category",
    lsoa_code_column="LSOA code",
    lsoa_name_column="LSOA name",
    reported_by_column="Reported by",
    falls_within_column="Falls within",
)

GENERIC_CAD_PROFILE = MappingProfile(
    name="generic-cad",
    label="Police CAD incident export (generic)",
    reference_column="Incident Number",
    datetime_column="Date/Time",
    datetime_formats=("%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S"),
    latitude_column="Latitude",
    longitude_column="Longitude",
    location_column="Location",
    category_column="Incident Type",
    description_column="Description",
)

#: The profiles ClearHold ships, by name.
BUILTIN_PROFILES: Mapping[str, MappingProfile] = MappingProxyType(
    {p.name: p for p in (POLICEUK_PROFILE, GENERIC_CAD_PROFILE)}
)
