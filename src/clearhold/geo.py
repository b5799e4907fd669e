"""WGS84 <-> British National Grid, and a coarse "is this in Great Britain?" test.

Every incident ClearHold stores is located twice: WGS84 longitude/latitude (what police.uk and
most partner files give, and what web maps want) and British National Grid (EPSG:27700)
easting/northing in metres (what the analysis needs: grid cells, distances and buffers in
metres).

The transforms use pyproj with the grids it has on disk. Offline, with no OSTN15 grid installed,
PROJ uses the published 7-parameter Helmert transformation between WGS84 and OSGB36, which is
good to about 2 m across Great Britain: ample for police.uk points, which are already snapped
to anonymous map points. The module never turns on PROJ's network access.

Functions take and return numpy arrays and are vectorised; NaN in gives NaN out.
"""

from __future__ import annotations

import warnings
from functools import cache

import numpy as np
import shapely
from pyproj import Transformer
from pyproj.transformer import TransformerGroup

__all__ = ["GREAT_BRITAIN_BNG", "great_britain_polygon", "in_great_britain", "to_bng", "to_wgs84"]

WGS84 = 4326
BRITISH_NATIONAL_GRID = 27700

#: Vertices (easting, northing) in kilometres of a hand-drawn, deliberately coarse polygon around
#: Great Britain: England, Wales and Scotland with the near islands (Isles of Scilly, Anglesey,
#: the Isle of Wight, the Hebrides, Orkney and Shetland), drawn roughly 5-10 km offshore. It
#: leaves out Ireland and Northern Ireland, the Isle of Man, the Channel Islands and France; the
#: tightest gaps are the Strait of Dover (the line runs mid-channel, ~12 km off Dover and ~20 km
#: off Cap Gris-Nez) and the North Channel (~3 km off the Mull of Kintyre, ~17 km off Torr Head).
#: Bays and estuaries (the Wash, Cardigan Bay, Lyme Bay, the Moray Firth, ...) fall inside.
GREAT_BRITAIN_BNG: tuple[tuple[int, int], ...] = (
    (652, 175),  # off North Foreland
    (649, 151),  # off Deal
    (640, 132),  # mid Strait of Dover
    (613, 111),  # off Dungeness
    (560, 90),  # off Beachy Head
    (486, 85),  # off Selsey Bill
    (450, 70),  # off St Catherine's Point
    (421, 78),  # off the Needles
    (397, 71),  # off St Alban's Head
    (368, 61),  # off Portland Bill
    (283, 30),  # off Start Point
    (240, 44),  # off Rame Head
    (170, 5),  # off the Lizard
    (91, 0),  # south of the Isles of Scilly
    (73, 10),  # west of the Isles of Scilly
    (81, 24),  # north of the Isles of Scilly
    (127, 34),  # off Cape Cornwall
    (178, 78),  # off Trevose Head
    (215, 128),  # off Hartland Point
    (208, 147),  # west of Lundy
    (230, 186),  # off Worms Head
    (191, 191),  # off St Govan's Head
    (155, 209),  # west of Grassholm
    (163, 228),  # off Ramsey Island
    (182, 244),  # off Strumble Head
    (204, 319),  # off Bardsey Island
    (216, 373),  # off Rhoscolyn
    (215, 384),  # off South Stack
    (227, 398),  # off Carmel Head
    (251, 398),  # off Point Lynas
    (277, 387),  # off the Great Orme
    (310, 459),  # off Walney Island
    (288, 515),  # off St Bees Head
    (245, 530),  # off Burrow Head
    (213, 524),  # off the Mull of Galloway
    (195, 554),  # off Portpatrick
    (194, 575),  # off Corsewall Point
    (155, 606),  # off the Mull of Kintyre
    (119, 634),  # south of Islay
    (110, 653),  # off the Rinns of Islay
    (85, 735),  # west of Tiree
    (49, 776),  # off Barra Head
    (60, 871),  # west of North Uist
    (98, 941),  # off Gallan Head, Lewis
    (151, 973),  # off the Butt of Lewis
    (226, 980),  # off Cape Wrath
    (313, 982),  # off Dunnet Head
    (314, 1005),  # west of Hoy
    (319, 1030),  # west of Orkney Mainland
    (341, 1060),  # north of Westray
    (414, 1096),  # west of Fair Isle
    (391, 1135),  # west of Foula
    (411, 1185),  # off Esha Ness
    (457, 1225),  # north of Unst
    (474, 1212),  # east of Unst
    (474, 1169),  # off the Out Skerries
    (458, 1138),  # off Noss
    (448, 1102),  # off Sumburgh Head
    (386, 1059),  # off North Ronaldsay
    (368, 1007),  # off Copinsay
    (348, 968),  # off Duncansby Head
    (345, 946),  # off Wick
    (406, 868),  # off Kinnaird Head
    (420, 846),  # off Buchan Ness
    (403, 807),  # off Aberdeen
    (380, 757),  # off Montrose
    (371, 710),  # off Fife Ness
    (399, 671),  # off St Abb's Head
    (428, 641),  # off the Farne Islands
    (445, 570),  # off Tynemouth
    (461, 533),  # off Hartlepool
    (499, 513),  # off Whitby
    (534, 471),  # off Flamborough Head
    (549, 411),  # off Spurn Head
    (565, 364),  # off Skegness
    (621, 352),  # off Cromer
    (658, 324),  # off Winterton
    (666, 294),  # off Lowestoft Ness
    (654, 248),  # off Orford Ness
    (634, 221),  # off the Naze
    (615, 191),  # off Foulness
)


# Offline there is never an OSTN15 grid, so pyproj's "best transformation is not available"
# is expected, not news; the catch_warnings below is not thread-safe when files are read in
# threads, so the message is filtered for good here as well.
warnings.filterwarnings(
    "ignore", message="Best transformation is not available", category=UserWarning
)


@cache
def _transformer(source: int, target: int) -> Transformer:
    """The pyproj transformer from ``source`` to ``target`` (created once, on first use).

    ``Transformer.from_crs(source, target, always_xy=True)`` holds all eight candidate
    WGS84/OSGB36 operations and picks one per point by its area of use. Inside Great Britain it
    always picks the same, best available one (with no OSTN15 grid: "OSGB36 to WGS 84 (6)", the
    7-parameter Helmert), so this pins that operation: the same numbers in Great Britain, twice
    as fast, and the same operation everywhere else too. A transformer made from a pipeline is
    safe to share between threads (pyproj >= 3.1 keeps one PROJ object per thread).
    """
    with warnings.catch_warnings():  # "best transformation is not available" (no OSTN15 grid)
        warnings.simplefilter("ignore", UserWarning)
        group = TransformerGroup(source, target, always_xy=True)
        fallback = Transformer.from_crs(source, target, always_xy=True)
    if not group.transformers:  # pragma: no cover - PROJ always has the ballpark operation
        return fallback
    best = group.transformers[0]
    try:
        # The PROJ string, not PROJJSON: PROJJSON drops the "inverse" of an inverted operation.
        pinned = Transformer.from_pipeline(best.to_proj4())
    except Exception:  # pragma: no cover - an operation PROJ cannot write as a PROJ string
        return fallback
    probe = (-0.1276, 51.5072) if source == WGS84 else (530000.0, 180000.0)  # central London
    if not np.allclose(pinned.transform(*probe), best.transform(*probe), rtol=0, atol=1e-9):
        return fallback  # pragma: no cover - a safety net, never seen
    return pinned


def to_bng(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Convert WGS84 longitude/latitude (degrees) to BNG easting/northing (metres).

    >>> e, n = to_bng(np.array([-0.1276]), np.array([51.5072]))  # Charing Cross, roughly
    >>> round(float(e[0]) / 1000), round(float(n[0]) / 1000)
    (530, 180)
    """
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    e, n = _transformer(WGS84, BRITISH_NATIONAL_GRID).transform(lon, lat)
    return _nan_for_inf(e), _nan_for_inf(n)


def to_wgs84(easting: np.ndarray, northing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Convert BNG easting/northing (metres) to WGS84 longitude/latitude (degrees)."""
    easting = np.asarray(easting, dtype=np.float64)
    northing = np.asarray(northing, dtype=np.float64)
    lon, lat = _transformer(BRITISH_NATIONAL_GRID, WGS84).transform(easting, northing)
    return _nan_for_inf(lon), _nan_for_inf(lat)


def _nan_for_inf(values: np.ndarray | float) -> np.ndarray:
    """PROJ marks points it cannot transform with ``inf``; ClearHold uses NaN for "no point"."""
    out = np.array(values, dtype=np.float64, ndmin=1)
    out[~np.isfinite(out)] = np.nan
    return out


@cache
def great_britain_polygon() -> shapely.Polygon:
    """The :data:`GREAT_BRITAIN_BNG` polygon in BNG metres, prepared for fast point tests."""
    polygon = shapely.Polygon([(e * 1000.0, n * 1000.0) for e, n in GREAT_BRITAIN_BNG])
    shapely.prepare(polygon)
    return polygon


def in_great_britain(easting: np.ndarray, northing: np.ndarray) -> np.ndarray:
    """True where the BNG point lies inside the coarse Great Britain polygon.

    What it is for: catching points that cannot belong to an incident in England, Wales or
    Scotland — swapped or mistyped coordinates, a point in France or Ireland, a zero, a sign
    lost from a longitude. It is *not* a coastline: the polygon (:data:`GREAT_BRITAIN_BNG`) is
    hand-drawn, coarse, and deliberately generous (about 5-10 km offshore, bays and estuaries
    inside), so a point it accepts may still be in the sea. Northern Ireland is outside it, so
    the PSNI's police.uk files fail this test; that is intended.

    NaN coordinates give False.
    """
    easting = np.asarray(easting, dtype=np.float64)
    northing = np.asarray(northing, dtype=np.float64)
    polygon = great_britain_polygon()
    xmin, ymin, xmax, ymax = polygon.bounds
    # A bounding-box pass first: most points are far from the edge of the box and this keeps the
    # exact test to the points that need it.
    inside = (easting >= xmin) & (easting <= xmax) & (northing >= ymin) & (northing <= ymax)
    candidates = np.flatnonzero(inside)
    if candidates.size:
        inside[candidates] = shapely.contains_xy(polygon, easting[candidates], northing[candidates])
    return inside
