"""What a resident chooses from, in their words, and the incident category each one is.

The partnership picks which of these a site's page offers (a park gets litter and noise, a
block of flats drug dealing and damage); "something else" is always offered last.
"""

from __future__ import annotations

from clearhold.ingest.taxonomy import Category

RESIDENT_WORDING: dict[str, str] = {
    Category.ASB_NUISANCE: "Noise, rowdy or nuisance behaviour",
    Category.DRUGS: "Drug dealing or drug use",
    Category.ASB_ENVIRONMENTAL: "Litter, fly-tipping or graffiti",
    Category.ASB_PERSONAL: "Someone being threatened or harassed",
    Category.CRIMINAL_DAMAGE_ARSON: "Damage to property, or a fire",
    Category.PUBLIC_ORDER: "Fighting or threatening behaviour in public",
    Category.VEHICLE_CRIME: "Problems with vehicles",
    Category.ASB_UNCLASSIFIED: "Something else",
}
DEFAULT_OFFERED = (
    Category.ASB_NUISANCE,
    Category.DRUGS,
    Category.ASB_ENVIRONMENTAL,
    Category.CRIMINAL_DAMAGE_ARSON,
)
SOMETHING_ELSE = Category.ASB_UNCLASSIFIED


def offered(codes: list[str]) -> list[tuple[str, str]]:
    """The choices a page offers: its categories in the residents' words, "something else"
    last, unknown codes left out."""
    chosen = [c for c in codes if c in RESIDENT_WORDING and c != SOMETHING_ELSE]
    return [(c, RESIDENT_WORDING[c]) for c in [*chosen, SOMETHING_ELSE]]


def wording(code: str) -> str:
    return RESIDENT_WORDING.get(code, RESIDENT_WORDING[SOMETHING_ELSE])
