"""Target, buffer and control areas of an evaluation, and which incidents fall in each.

All geometry in British National Grid metres (EPSG:27700). The buffer is the ring of ``B``
metres around the target, target excluded (``target.buffer(B) - target``). The default control is
every located incident outside target and buffer; a control polygon given by the caller must not
overlap either (the displacement zone would be counted twice). A point on a boundary belongs to
the target first, then the buffer (``shapely.intersects_xy``: boundary included). Incidents with
no location (NaN coordinates) are in no area.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from clearhold.analysis.periods import EvaluationInputError

__all__ = ["OVERLAP_TOLERANCE_M2", "Areas", "classify", "make_areas"]

#: Overlaps smaller than this (m²) are floating-point noise from buffering, not overlaps.
OVERLAP_TOLERANCE_M2 = 1.0


@dataclass(frozen=True)
class Areas:
    """The three areas; ``control`` is ``None`` for "everything outside target and buffer"."""

    target: BaseGeometry
    buffer: BaseGeometry
    control: BaseGeometry | None
    buffer_m: float


def _check_polygon(geom: object, name: str) -> BaseGeometry:
    if not isinstance(geom, BaseGeometry) or geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise EvaluationInputError(
            f"the {name} must be a shapely Polygon or MultiPolygon, not {type(geom).__name__}"
        )
    if geom.is_empty or geom.area <= 0:
        raise EvaluationInputError(f"the {name} polygon is empty")
    if not geom.is_valid:
        raise EvaluationInputError(
            f"the {name} polygon is not valid ({shapely.is_valid_reason(geom)}); repair it, "
            "e.g. with shapely.make_valid"
        )
    minx, miny, maxx, maxy = geom.bounds
    if minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90:
        raise EvaluationInputError(
            f"the {name} polygon's coordinates look like longitude/latitude ({geom.bounds}); "
            "give it in British National Grid metres (EPSG:27700)"
        )
    return geom


def make_areas(target: object, buffer_m: float, control: object | None = None) -> Areas:
    """Build the buffer ring and check the control does not overlap target or buffer."""
    target = _check_polygon(target, "target")
    if not np.isfinite(buffer_m) or buffer_m < 0:
        raise EvaluationInputError(f"buffer_m must be a distance in metres ≥ 0, not {buffer_m}")
    ring = target.buffer(buffer_m).difference(target) if buffer_m > 0 else shapely.Polygon()
    if control is not None:
        control = _check_polygon(control, "control")
        over_buffer = control.intersection(ring).area if buffer_m > 0 else 0.0
        over_target = control.intersection(target).area
        if over_buffer > OVERLAP_TOLERANCE_M2 or over_target > OVERLAP_TOLERANCE_M2:
            raise EvaluationInputError(
                f"the control area overlaps the {buffer_m:g} m buffer by {over_buffer:,.0f} m² "
                f"and the target by {over_target:,.0f} m²; the control must exclude both, "
                f"e.g. control.difference(target.buffer({buffer_m:g})), or pass control=None "
                "to use everything outside target and buffer"
            )
        shapely.prepare(control)
    shapely.prepare(target)
    if buffer_m > 0:
        shapely.prepare(ring)
    return Areas(target, ring, control, float(buffer_m))


def classify(
    areas: Areas, easting: np.ndarray, northing: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Boolean masks (target, buffer, control) for points; the three never overlap."""
    located = np.isfinite(easting) & np.isfinite(northing)
    in_target = np.zeros(easting.shape, dtype=bool)
    in_buffer = np.zeros(easting.shape, dtype=bool)
    # Test only points in the bounding box of target+buffer: cheap, and most points are far.
    minx, miny, maxx, maxy = (areas.buffer if areas.buffer_m > 0 else areas.target).bounds
    near = located & (easting >= minx) & (easting <= maxx) & (northing >= miny)
    near &= northing <= maxy
    idx = np.flatnonzero(near)
    x, y = easting[idx], northing[idx]
    hit_t = shapely.intersects_xy(areas.target, x, y)
    in_target[idx[hit_t]] = True
    if areas.buffer_m > 0:
        hit_b = ~hit_t & shapely.intersects_xy(areas.buffer, x, y)
        in_buffer[idx[hit_b]] = True
    in_control = located & ~in_target & ~in_buffer
    if areas.control is not None:
        idx_c = np.flatnonzero(in_control)
        in_control[idx_c] = shapely.intersects_xy(areas.control, easting[idx_c], northing[idx_c])
    return in_target, in_buffer, in_control
