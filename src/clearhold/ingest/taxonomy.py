"""ClearHold's one category taxonomy, and how each source's own types map onto it.

Police.uk has 14 fixed crime types (:data:`POLICEUK_CRIME_TYPES`, an exact mapping). Partner
files (force CAD exports, council and housing logs) carry free-text incident types that differ by
force and system, so they go through a configurable :class:`CadTypeMap`: ordered rules, first
match wins, with a default for anything no rule matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal

__all__ = [
    "DEFAULT_CAD_TYPE_MAP",
    "POLICEUK_CRIME_TYPES",
    "CadRule",
    "CadTypeMap",
    "Category",
]


class Category(StrEnum):
    """A ClearHold incident category; the value is the stored code, ``label`` the plain name."""

    ASB_PERSONAL = "asb-personal"
    ASB_NUISANCE = "asb-nuisance"
    ASB_ENVIRONMENTAL = "asb-environmental"
    ASB_UNCLASSIFIED = "asb-unclassified"
    DRUGS = "drugs"
    PUBLIC_ORDER = "public-order"
    BURGLARY = "burglary"
    VIOLENCE = "violence"
    WEAPONS = "weapons"
    CRIMINAL_DAMAGE_ARSON = "criminal-damage-arson"
    THEFT = "theft"
    VEHICLE_CRIME = "vehicle-crime"
    ROBBERY = "robbery"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The category's name as a person would say it."""
        return _LABELS[self]

    @property
    def is_asb(self) -> bool:
        """True for the four anti-social behaviour categories."""
        return self.value.startswith("asb-")


_LABELS = {
    Category.ASB_PERSONAL: "ASB (personal)",
    Category.ASB_NUISANCE: "ASB (nuisance)",
    Category.ASB_ENVIRONMENTAL: "ASB (environmental)",
    # police.uk publishes ASB as one type, without the personal/nuisance/environmental split.
    Category.ASB_UNCLASSIFIED: "ASB (type not given)",
    Category.DRUGS: "Drugs",
    Category.PUBLIC_ORDER: "Public order",
    Category.BURGLARY: "Burglary",
    Category.VIOLENCE: "Violence and sexual offences",
    Category.WEAPONS: "Weapons and firearms",
    Category.CRIMINAL_DAMAGE_ARSON: "Criminal damage and arson",
    Category.THEFT: "Theft",
    Category.VEHICLE_CRIME: "Vehicle crime",
    Category.ROBBERY: "Robbery",
    Category.OTHER: "Other",
}

#: The 14 police.uk street-level crime types (since May 2013) and their ClearHold category.
POLICEUK_CRIME_TYPES: Mapping[str, Category] = MappingProxyType(
    {
        "Anti-social behaviour": Category.ASB_UNCLASSIFIED,
        "Bicycle theft": Category.THEFT,
        "Burglary": Category.BURGLARY,
        "Criminal damage and arson": Category.CRIMINAL_DAMAGE_ARSON,
        "Drugs": Category.DRUGS,
        "Other crime": Category.OTHER,
        "Other theft": Category.THEFT,
        "Possession of weapons": Category.WEAPONS,
        "Public order": Category.PUBLIC_ORDER,
        "Robbery": Category.ROBBERY,
        "Shoplifting": Category.THEFT,
        "Theft from the person": Category.THEFT,
        "Vehicle crime": Category.VEHICLE_CRIME,
        "Violence and sexual offences": Category.VIOLENCE,
    }
)

MatchKind = Literal["keyword", "regex"]


@dataclass(frozen=True)
class CadRule:
    """One rule: if ``pattern`` is found in the type text, the incident is ``category``.

    ``keyword`` rules match a word or phrase as whole words, ignoring case ("theft" matches
    "Theft from motor vehicle" but not "Thefts"; list both if both occur). ``regex`` rules are
    Python regular expressions searched anywhere in the text, ignoring case.
    """

    pattern: str
    category: Category
    match: MatchKind = "keyword"

    def __post_init__(self) -> None:
        if self.match not in ("keyword", "regex"):
            raise ValueError(f'rule match must be "keyword" or "regex", not {self.match!r}')
        if not self.pattern.strip():
            raise ValueError("a rule needs a non-empty pattern")
        object.__setattr__(self, "category", Category(self.category))
        self.compiled  # noqa: B018 - fail now, not at the first row, on a bad regex

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        """The rule as a compiled, case-insensitive regular expression."""
        if self.match == "keyword":
            words = r"\s+".join(re.escape(word) for word in self.pattern.split())
            source = rf"(?<![0-9a-z]){words}(?![0-9a-z])"
        else:
            source = self.pattern
        try:
            return re.compile(source, re.IGNORECASE)
        except re.error as error:
            raise ValueError(
                f"rule pattern {self.pattern!r} is not a valid regex: {error}"
            ) from None

    def matches(self, text: str) -> bool:
        return self.compiled.search(text) is not None

    def to_dict(self) -> dict[str, str]:
        return {"pattern": self.pattern, "category": self.category.value, "match": self.match}


@dataclass(frozen=True)
class CadTypeMap:
    """Ordered rules from free-text incident types to :class:`Category`; the first match wins.

    ``default`` is the category of a type no rule matches; ``None`` makes such a type an error
    (the reader rejects the row and names the type), which suits sources with a closed list.
    """

    rules: tuple[CadRule, ...] = ()
    default: Category | None = Category.OTHER
    _cache: dict[str, Category | None] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", tuple(self.rules))
        if self.default is not None:
            object.__setattr__(self, "default", Category(self.default))

    def classify(self, text: str | None) -> Category | None:
        """The category for one incident type (``default`` when nothing matches or empty)."""
        if text is None or not text.strip():
            return self.default
        try:
            return self._cache[text]
        except KeyError:
            pass
        found = next((rule.category for rule in self.rules if rule.matches(text)), self.default)
        if len(self._cache) < 10_000:
            self._cache[text] = found
        return found

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; :meth:`from_dict` reads it back."""
        return {
            "rules": [rule.to_dict() for rule in self.rules],
            "default": None if self.default is None else self.default.value,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CadTypeMap:
        """Build a map from :meth:`to_dict` output; raises ``ValueError`` naming what is wrong."""
        unknown = set(data) - {"rules", "default"}
        if unknown:
            raise ValueError(f"unknown keys in a CAD type map: {sorted(unknown)}")
        rules = []
        for number, rule in enumerate(data.get("rules", ()), start=1):
            try:
                rules.append(
                    CadRule(
                        pattern=str(rule["pattern"]),
                        category=_category(rule["category"]),
                        match=rule.get("match", "keyword"),
                    )
                )
            except (KeyError, TypeError, ValueError) as error:
                raise ValueError(f"CAD type rule {number} is not valid: {error}") from None
        default = data.get("default", Category.OTHER.value)
        return cls(tuple(rules), None if default is None else _category(default))

    @classmethod
    def exact(cls, types: Mapping[str, Category], *, default: Category | None = None) -> CadTypeMap:
        """A map that accepts exactly the given type names (case-insensitive, whole text)."""
        rules = tuple(
            CadRule(rf"^\s*{re.escape(name)}\s*$", category, "regex")
            for name, category in types.items()
        )
        return cls(rules, default)

    def categories(self) -> Iterable[Category]:
        """Every category a rule can produce."""
        return tuple(dict.fromkeys(rule.category for rule in self.rules))


def _category(value: object) -> Category:
    try:
        return Category(value)
    except ValueError:
        codes = ", ".join(c.value for c in Category)
        raise ValueError(f"{value!r} is not a category (expected one of: {codes})") from None


def _rules(category: Category, *patterns: str, match: MatchKind = "keyword") -> list[CadRule]:
    return [CadRule(pattern, category, match) for pattern in patterns]


#: A sensible starting map for free-text CAD incident types. Order matters: the specific rules
#: (the ASB sub-types, firearms, vehicle crime, robbery) come before the general ones (ASB,
#: theft, damage), so "Theft from motor vehicle" is vehicle crime, not theft.
DEFAULT_CAD_TYPE_MAP = CadTypeMap(
    rules=tuple(
        _rules(Category.ASB_ENVIRONMENTAL, r"\basb\b.*\benviron", match="regex")
        + _rules(Category.ASB_PERSONAL, r"\basb\b.*\bpersonal", match="regex")
        + _rules(Category.ASB_NUISANCE, r"\basb\b.*\bnuisance", match="regex")
        + _rules(Category.ASB_ENVIRONMENTAL, r"fly[\s-]*tip", match="regex")
        + _rules(
            Category.ASB_ENVIRONMENTAL,
            "graffiti",
            "litter",
            "dog fouling",
            "abandoned vehicle",
            "abandoned vehicles",
            "environmental",
        )
        + _rules(Category.ASB_NUISANCE, "nuisance", "noise", "rowdy", "begging", "street drinking")
        + _rules(Category.ASB_UNCLASSIFIED, r"\basb\b|anti[\s-]*social", match="regex")
        + _rules(
            Category.WEAPONS,
            r"\b(fire\s*arms?|shots?\s+fired|guns?|weapons?|knife|knives|blades?)\b",
            match="regex",
        )
        + _rules(Category.DRUGS, "drug", "drugs", "cannabis", "controlled drug", "controlled drugs")
        + _rules(Category.ROBBERY, "robbery", "mugging")
        + _rules(Category.BURGLARY, "burglary", "break-in", "break in")
        + _rules(
            Category.VEHICLE_CRIME,
            r"(theft|taking)\s+(from|of)\s+(a\s+)?(motor\s+)?vehicle|vehicle\s+(crime|interference)"
            r"|\btwoc\b|\btmv\b",
            match="regex",
        )
        + _rules(Category.CRIMINAL_DAMAGE_ARSON, "criminal damage", "arson", "vandalism")
        + _rules(Category.THEFT, "theft", "shoplifting", "stolen", "pickpocket", "bicycle theft")
        + _rules(
            Category.VIOLENCE,
            "assault",
            "violence",
            "violent",
            "wounding",
            "abh",
            "gbh",
            "domestic abuse",
            "sexual",
            "rape",
            "harassment",
            "stalking",
            "threats to kill",
        )
        + _rules(
            Category.PUBLIC_ORDER,
            "disorder",
            "public order",
            "affray",
            "fight",
            "fighting",
            "breach of the peace",
        )
    ),
    default=Category.OTHER,
)
