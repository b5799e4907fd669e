"""The plan's base map: map tiles, or one WMS image, from the map service the partnership set.

Councils and police forces hold Ordnance Survey mapping through the Public Sector Geospatial
Agreement, so the plan of the premises in a court paper can sit on a real map: an XYZ tile
service in Web Mercator (``CLEARHOLD_PLAN_TILES``, e.g. the OS Maps API's ZXY endpoint with the
partnership's key) or a WMS that serves British National Grid (``CLEARHOLD_PLAN_WMS``). The
image is fetched here, on the server, and reaches the PDF only as a ``data:`` PNG: the PDF
renderer's fetcher (:mod:`clearhold.documents.fetch`) still reads nothing from the network.

What this module holds to:

* it only ever asks the configured service's host: each address is built here from the setting
  and numbers (a zoom, tile numbers, a bounding box in metres), never from a template or a
  record, and a redirect is refused;
* the whole fetch has one deadline (``CLEARHOLD_PLAN_TIMEOUT`` seconds), at most
  ``CLEARHOLD_PLAN_MAX_TILES`` tiles are asked for, and a tile or image is size-checked before
  it is decoded;
* anything going wrong raises :class:`BaseMapUnavailable` with a plain reason, and the plan is
  drawn without a base map (see :mod:`clearhold.documents.content.plan`).

Coordinates go WGS84 <-> British National Grid through :mod:`clearhold.geo` (pyproj, offline:
PROJ's network access is never turned on); Web Mercator tile numbers are plain arithmetic.
"""

from __future__ import annotations

import io
import math
import time
import urllib.request
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from PIL import Image

from clearhold.documents.figures import BaseImage, Extent
from clearhold.geo import to_wgs84

TARGET_PX = 800  # how many pixels across the plan's extent the base map should give
MAX_BYTES = 4 * 1024 * 1024  # the most one tile or WMS image may weigh
MAX_SIDE = 2048  # the widest tile or WMS image decoded
IMAGE_FORMATS = frozenset({"PNG", "JPEG"})


class BaseMapUnavailable(Exception):
    """The base map could not be had; the message says why, in plain words."""


@dataclass(frozen=True)
class MapService:
    """A configured map service: ``kind`` is "tiles" (an XYZ URL template) or "wms"."""

    kind: str
    url: str
    attribution: str = ""
    timeout: float = 5.0
    max_tiles: int = 16
    max_zoom: int = 19

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


def configured_service() -> MapService | None:
    """The map service in the settings, or None when none is set (the plan is then drawn over
    the streets the incidents name)."""
    from django.conf import settings

    tiles = getattr(settings, "CLEARHOLD_PLAN_TILES", "")
    wms = getattr(settings, "CLEARHOLD_PLAN_WMS", "")
    if not (tiles or wms):
        return None
    return MapService(
        kind="tiles" if tiles else "wms",
        url=tiles or wms,
        attribution=getattr(settings, "CLEARHOLD_PLAN_ATTRIBUTION", ""),
        timeout=float(getattr(settings, "CLEARHOLD_PLAN_TIMEOUT", 5.0)),
        max_tiles=int(getattr(settings, "CLEARHOLD_PLAN_MAX_TILES", 16)),
        max_zoom=int(getattr(settings, "CLEARHOLD_PLAN_MAX_ZOOM", 19)),
    )


def base_image(service: MapService, extent: Extent) -> BaseImage:
    """The base map under ``extent`` (BNG metres: x0, x1, y0, y1), or BaseMapUnavailable."""
    _check(service)
    deadline = time.monotonic() + service.timeout
    if service.kind == "wms":
        return _wms(service, extent, deadline)
    return _tiles(service, extent, deadline)


def _check(service: MapService) -> None:
    parts = urlsplit(service.url)
    if parts.scheme not in ("http", "https") or not parts.netloc or "{" in parts.netloc:
        raise BaseMapUnavailable(
            "the map service's address is not an http or https address with a fixed host"
        )
    if service.kind == "tiles" and not all(f"{{{k}}}" in service.url for k in "zxy"):
        raise BaseMapUnavailable("the tile address lacks one of {z}, {x} and {y}")


# Fetching --------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError for the 3xx: the service must answer itself


_OPENER = urllib.request.build_opener(_NoRedirect())


def _get(service: MapService, url: str, deadline: float) -> bytes:
    """The body at ``url``, which must be on the service's host, within the deadline."""
    if urlsplit(url).netloc != service.host:
        raise BaseMapUnavailable("an address off the map service's host was refused")
    body = bytearray()
    try:
        with _OPENER.open(url, timeout=_remaining(deadline)) as response:
            while chunk := response.read1(65536):
                body += chunk
                if len(body) > MAX_BYTES:
                    raise BaseMapUnavailable("the map service sent an image too large to use")
                _remaining(deadline)
    except BaseMapUnavailable:
        raise
    except OSError as error:  # URLError, HTTPError, timeouts, refused connections
        raise BaseMapUnavailable(f"the map service did not answer ({_reason(error)})") from None
    return bytes(body)


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise BaseMapUnavailable("the map service took too long to answer")
    return left


def _reason(error: OSError) -> str:
    code = getattr(error, "code", None)
    if code is not None:
        return f"HTTP {code}"
    reason = getattr(error, "reason", error)
    return "it took too long" if "timed out" in str(reason) else str(reason)


def _decode(data: bytes) -> np.ndarray:
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in IMAGE_FORMATS or max(image.size) > MAX_SIDE:
            raise BaseMapUnavailable("the map service sent something other than a map image")
        return np.asarray(image.convert("RGB"))
    except (OSError, ValueError, Image.DecompressionBombError):
        raise BaseMapUnavailable("the map service sent something other than a map image") from None


# WMS in British National Grid ------------------------------------------------------------------


def _wms(service: MapService, extent: Extent, deadline: float) -> BaseImage:
    x0, x1, y0, y1 = extent
    width = TARGET_PX
    height = max(1, round(width * (y1 - y0) / (x1 - x0)))
    ours = {
        "SERVICE": "WMS",
        "VERSION": "1.3.0",
        "REQUEST": "GetMap",
        "CRS": "EPSG:27700",
        "BBOX": f"{x0:.2f},{y0:.2f},{x1:.2f},{y1:.2f}",
        "WIDTH": str(width),
        "HEIGHT": str(height),
        "FORMAT": "image/png",
    }
    parts = urlsplit(service.url)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k.upper() not in ours]
    url = urlunsplit(parts._replace(query=urlencode(kept + list(ours.items()))))
    pixels = _decode(_get(service, url, deadline))
    rows, cols = pixels.shape[:2]
    to_grid = ((x1 - x0) / cols, 0.0, x0, 0.0, -(y1 - y0) / rows, y1)
    return BaseImage(pixels, to_grid, service.attribution)


# XYZ tiles in Web Mercator ---------------------------------------------------------------------


def tile_xy(lon: np.ndarray, lat: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Fractional Web Mercator tile numbers (x east, y south) of WGS84 points at ``zoom``."""
    n = 2.0**zoom
    x = (np.asarray(lon) + 180.0) / 360.0 * n
    y = (1.0 - np.arcsinh(np.tan(np.radians(lat))) / math.pi) / 2.0 * n
    return x, y


def _samples(extent: Extent) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A 5 by 5 grid over the extent in BNG and its WGS84 longitude and latitude."""
    x0, x1, y0, y1 = extent
    e, n = np.meshgrid(np.linspace(x0, x1, 5), np.linspace(y0, y1, 5))
    lon, lat = to_wgs84(e.ravel(), n.ravel())
    return e.ravel(), n.ravel(), lon, lat


def tiles_for(extent: Extent, max_zoom: int, max_tiles: int) -> tuple[int, range, range]:
    """The zoom and the tile columns and rows covering ``extent``: as sharp as
    :data:`TARGET_PX` pixels across asks, no sharper than ``max_zoom``, and no more tiles than
    ``max_tiles`` (a coarser zoom until they fit)."""
    _, _, lon, lat = _samples(extent)
    x, _ = tile_xy(lon, lat, 0)
    wanted = math.ceil(math.log2(TARGET_PX / max((x.max() - x.min()) * 256, 1e-12)))
    zoom = max(0, min(max_zoom, wanted))
    while True:
        x, y = tile_xy(lon, lat, zoom)
        cols = range(int(x.min()), int(x.max()) + 1)
        rows = range(int(y.min()), int(y.max()) + 1)
        if len(cols) * len(rows) <= max_tiles or zoom == 0:
            return zoom, cols, rows
        zoom -= 1


def _tile_url(template: str, zoom: int, x: int, y: int) -> str:
    return template.replace("{z}", str(zoom)).replace("{x}", str(x)).replace("{y}", str(y))


def _tiles(service: MapService, extent: Extent, deadline: float) -> BaseImage:
    zoom, cols, rows = tiles_for(extent, service.max_zoom, max(1, service.max_tiles))
    if len(cols) * len(rows) > service.max_tiles:
        raise BaseMapUnavailable("the premises need more map tiles than the limit allows")
    grid = [
        [_decode(_get(service, _tile_url(service.url, zoom, x, y), deadline)) for x in cols]
        for y in rows
    ]
    size = grid[0][0].shape[:2]
    if any(tile.shape[:2] != size or size[0] != size[1] for row in grid for tile in row):
        raise BaseMapUnavailable("the map service's tiles are not all the same square size")
    pixels = np.vstack([np.hstack(row) for row in grid])
    return BaseImage(pixels, _tile_affine(extent, zoom, cols, rows, size[0]), service.attribution)


def _tile_affine(extent: Extent, zoom: int, cols: range, rows: range, side: int) -> tuple:
    """The affine map from mosaic pixels (column, row) to BNG, fitted on a grid of points: over
    a plan's few hundred metres Web Mercator and the National Grid differ by a rotation and a
    scale to well under a centimetre."""
    e, n, lon, lat = _samples(extent)
    x, y = tile_xy(lon, lat, zoom)
    pixels = np.column_stack([(x - cols.start) * side, (y - rows.start) * side, np.ones_like(x)])
    fit, *_ = np.linalg.lstsq(pixels, np.column_stack([e, n]), rcond=None)
    (a, d), (b, e_), (c, f) = fit
    return (a, b, c, d, e_, f)
