"""The second demo partnership, beside Wisbech: Barnet, where the police closed the communal
areas of an estate's blocks under one operation (Operation Dakota, Grahame Park, Colindale).

The partners, the 49 orders from July 2023 (three months, extended), the allow-list and the
reported "50% decrease in reported burglaries" are the case's; the people are invented and the
blocks are illustrative outlines drawn inside the estate's LSOAs (the real block list is not
public). The burglary rows are real police.uk data (``clearhold/data/policeuk/barnet``). Like the
Wisbech loader it refuses to run outside demo mode and adds nothing when run again.
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from django.db import transaction

from clearhold.accounts.roles import OrganisationType, Role
from clearhold.web.demo import DemoPerson, partnership_load, policeuk_files_load

DATA = Path(__file__).resolve().parent.parent / "data"
BARNET_DATA = DATA / "policeuk" / "barnet"
TITLE = "Burglary and ASB in the communal areas of the Grahame Park estate, Colindale"
ESTATE = "Grahame Park estate, Colindale (LSOAs round the estate)"
ILLUSTRATIVE = "Illustrative outline: the real block list is not public"
ESTATE_LSOAS = ("Barnet 026B", "Barnet 026E", "Barnet 042C", "Barnet 042D", "Barnet 042E")

ORGANISATIONS: tuple[tuple[str, str, str], ...] = (
    ("Barnet Council", "Barnet Council", OrganisationType.COUNCIL),
    ("Barnet Homes", "Barnet Homes", OrganisationType.HOUSING),
    ("Metropolitan Police Service — North West BCU", "Met NW BCU", OrganisationType.POLICE),
    ("Colindale Communities Trust", "Colindale CT", OrganisationType.VOLUNTARY),
)
MET = ORGANISATIONS[2][0]

PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("barnet-inspector", "Dev", "Sharma", MET, Role.SUPERVISOR, "Inspector"),
    DemoPerson("barnet-officer", "Kemi", "Adeyemi", MET, Role.OFFICER, "Police Constable"),
    DemoPerson(
        "barnet-manager",
        "Helen",
        "Marsh",
        "Barnet Council",
        Role.PARTNERSHIP_MANAGER,
        "Community safety partnership manager",
    ),
    DemoPerson(
        "barnet-housing", "Omar", "Farah", "Barnet Homes", Role.OFFICER, "Estate housing officer"
    ),
    DemoPerson("barnet-analyst", "Nina", "Kowalski", MET, Role.ANALYST, "Crime analyst"),
    DemoPerson(
        "barnet-partner",
        "Rosa",
        "Mensah",
        "Colindale Communities Trust",
        Role.PARTNER_VIEWER,
        "Community development worker",
    ),
)


@transaction.atomic
def barnet_partnership_load() -> tuple[DemoPerson, ...]:
    """Create the Barnet organisations and people that do not exist yet; return the people."""
    return partnership_load(ORGANISATIONS, PEOPLE)


def barnet_incidents_load() -> str:
    """Import the packaged police.uk Barnet burglary files (2022-01 to 2024-12) unless held."""
    return policeuk_files_load(BARNET_DATA, "Barnet burglary")


def estate_outline() -> shapely.Polygon:
    """The evaluation target: the union of the estate's five 2021 LSOAs (WGS84), as drawn
    in docs/barnet-target.geojson."""
    features = json.loads((DATA / "boundaries" / "barnet-lsoa2021-gen20.geojson").read_text())
    parts = [
        shapely.geometry.shape(f["geometry"])
        for f in features["features"]
        if f["properties"]["LSOA21NM"] in ESTATE_LSOAS
    ]
    union = shapely.union_all(parts)
    return shapely.Polygon([(round(x, 6), round(y, 6)) for x, y in union.exterior.coords])


# Seven rows of seven blocks near 51.600 N, 0.244 W, each about 35 m by 18 m, 48 m apart
# east-west and 40 m north-south, walked row by row, turning at each end.
CENTRE = (-0.24440, 51.59970)
STEP_LON, STEP_LAT = 0.00070, 0.00036
SIZE_LON, SIZE_LAT = 0.00050, 0.00016


def block_outlines() -> list[tuple[str, str]]:
    """(name, GeoJSON polygon) of the 49 illustrative blocks, in walking order."""
    blocks = []
    for row in range(7):
        columns = range(7) if row % 2 == 0 else range(6, -1, -1)
        for column in columns:
            west = CENTRE[0] + (column - 3.5) * STEP_LON
            south = CENTRE[1] + (3 - row) * STEP_LAT - SIZE_LAT / 2
            ring = [
                [round(west, 6), round(south, 6)],
                [round(west + SIZE_LON, 6), round(south, 6)],
                [round(west + SIZE_LON, 6), round(south + SIZE_LAT, 6)],
                [round(west, 6), round(south + SIZE_LAT, 6)],
                [round(west, 6), round(south, 6)],
            ]
            name = f"Block {chr(ord('A') + row)}{column + 1} (illustrative)"
            blocks.append((name, json.dumps({"type": "Polygon", "coordinates": [ring]})))
    return blocks


def demo_barnet_load() -> str:
    """The Barnet partnership, its burglary data and Operation Dakota; nothing added when
    they are already there. Returns what was done, for the demo command to print."""
    barnet_partnership_load()
    loaded = barnet_incidents_load()
    from clearhold.web.demo_barnet_problem import barnet_problem_load

    return f"{loaded}\n{barnet_problem_load()}"
