"""Is the thing being closed “premises”? The *Leeds City Council v Persons Unknown* check.

s.92 says premises include “any land or other place (whether enclosed or not)”, but in *Leeds
City Council v Persons Unknown* [2023] EWHC 1504 (Admin) Fordham J held that premises must be
an objectively identifiable, distinctive property or part of a property — not “an area”, “a
locality” or a line drawn on a map (closure-powers.md §1.4). A notice must also identify the
premises (s.76(5)(a)).

The law cannot be reduced to a test a computer can run, so this module blocks the clear cases
(no description; premises recorded as an area) and warns on the signs of an area (words such
as “area” or “vicinity”, open land without a defined boundary, a very large footprint).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clearhold.law.findings import Finding, block, warn

# Kinds of premises a site can be recorded as. "area" is kept so the check can refuse it.
PREMISES_KINDS = (
    "dwelling",
    "building",
    "part_of_building",
    "communal_areas",
    "land",
    "area",
)

# Heuristic, not law: open land beyond this footprint looks more like an area than a property.
LARGE_FOOTPRINT_M2 = 50_000.0

# "communal areas" and "common areas" name parts of a building, not an area of land.
_AREA_WORDS = re.compile(
    r"(?<!communal )(?<!common )\bareas?\b|\b(locality|vicinity|neighbourhood|surrounding|"
    r"streets|roads around|town centre|district|zone|radius|within \d+ ?m)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Premises:
    """What is being closed: a description as it will appear on the notice, its kind, whether
    its boundary is defined (a fence, a title plan, the walls of a building) and, if mapped,
    its footprint in square metres.
    """

    description: str
    kind: str
    boundary_defined: bool = True
    footprint_m2: float | None = None


def check_premises(premises: Premises) -> list[Finding]:
    """Findings on whether ``premises`` is a distinct, identifiable property (Leeds; s.76(5)(a))."""
    findings: list[Finding] = []
    text = premises.description.strip()
    if not text:
        findings.append(
            block(
                "CN-05a",
                "s.76(5)(a)",
                "The notice must identify the premises (s.76(5)(a)): describe the property "
                "(address, flat number or a clearly bounded piece of land).",
            )
        )
    if premises.kind not in PREMISES_KINDS:
        raise ValueError(f"Unknown kind of premises {premises.kind!r}; use {PREMISES_KINDS}.")
    if premises.kind == "area":
        findings.append(
            block(
                "PR-01",
                "s.92; Leeds CC v Persons Unknown [2023] EWHC 1504 (Admin)",
                "Premises must be an objectively identifiable, distinct property or part of one, "
                "not an area or locality (Leeds City Council v Persons Unknown; s.92). Record a "
                "building, a flat, communal parts or land with a clear boundary instead.",
            )
        )
    elif text and _AREA_WORDS.search(text):
        findings.append(
            warn(
                "PR-01",
                "s.92; Leeds CC v Persons Unknown [2023] EWHC 1504 (Admin)",
                f"The description “{text}” reads like an area rather than a property. Closure "
                "powers reach only a distinct, identifiable property or part of one (Leeds City "
                "Council v Persons Unknown).",
            )
        )
    if premises.kind == "land" and not premises.boundary_defined:
        findings.append(
            warn(
                "PR-02",
                "s.92; Leeds CC v Persons Unknown [2023] EWHC 1504 (Admin)",
                "Open land can be premises only where it is a distinct property with a clear "
                "perimeter, such as a fenced car park (Leeds City Council v Persons Unknown). "
                "Record its boundary.",
            )
        )
    if premises.footprint_m2 is not None and premises.footprint_m2 > LARGE_FOOTPRINT_M2:
        findings.append(
            warn(
                "PR-03",
                "s.92; Leeds CC v Persons Unknown [2023] EWHC 1504 (Admin)",
                f"The mapped premises cover {premises.footprint_m2:,.0f} m², which looks like an "
                "area rather than a property; a line drawn on a map is not premises (Leeds City "
                "Council v Persons Unknown).",
            )
        )
    return findings
