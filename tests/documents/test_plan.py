"""The plan of the premises in the court papers (issue 16, item 13).

With a map service set (an XYZ tile template, as the OS Maps API gives councils and forces under
the Public Sector Geospatial Agreement, or a WMS), the plan is the site outline over tiles the
server fetched from that host alone, with a scale bar, a north arrow and the premises named; with
none, or when the service fails or hangs, the outline is drawn over the streets the incidents
near the site name (police.uk's "On or near ...") and the caption says the base map is missing.

Each test starts its own tile server on 127.0.0.1 (http.server in a thread) that draws every
tile in a colour of its own and records what was asked, so a test can tell which tile lies
under the drawn outline.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import math
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from PIL import Image

from clearhold.areas import area_from_geojson
from clearhold.documents import basemap
from clearhold.documents.content.plan import site_plan, street_name
from clearhold.documents.kinds import kind_get
from clearhold.documents.services import document_generate
from clearhold.geo import to_wgs84
from tests.documents.conftest import text_of

pytestmark = pytest.mark.django_db

WIDE_PX = round(16 / 2.54 * 150)  # 16 cm at 150 dpi
HIGH_PX = round(16 * 0.7 / 2.54 * 150)
ATTRIBUTION = "Contains OS data © Crown copyright and database rights 2025 AC0000000000"
#: Nine tile colours far apart from each other and from the outline's blue.
PALETTE = [
    (230, 200, 60), (120, 200, 90), (240, 150, 150),
    (160, 110, 60), (250, 250, 250), (90, 160, 160),
    (200, 120, 220), (140, 140, 140), (250, 200, 130),
]  # fmt: skip


def _colour(x: int, y: int) -> tuple[int, int, int]:
    return PALETTE[x % 3 + 3 * (y % 3)]


def _tile_png(x: int, y: int, side: int = 256) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (side, side), _colour(x, y)).save(out, format="PNG")
    return out.getvalue()


class TileServer:
    """A tile server on 127.0.0.1 that answers as ``mode`` says and records each request."""

    def __init__(self) -> None:
        self.mode = "tiles"
        self.requests: list[str] = []
        self.released = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                server.answer(self)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        if self.mode == "hang":
            self.released.wait(10)
            return
        if self.mode == "500":
            handler.send_error(500)
            return
        if self.mode.startswith("redirect "):
            handler.send_response(302)
            handler.send_header("Location", self.mode.split(" ", 1)[1])
            handler.end_headers()
            return
        path = urlsplit(handler.path).path
        if self.mode == "wms":
            body = _tile_png(0, 0, side=800)
        else:
            _, x, y = (int(part) for part in path.removesuffix(".png").split("/")[-3:])
            body = _tile_png(x, y)
        handler.send_response(200)
        handler.send_header("Content-Type", "image/png")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def tiles(self) -> set[tuple[int, int, int]]:
        found = set()
        for path in self.requests:
            z, x, y = urlsplit(path).path.removesuffix(".png").split("/")[-3:]
            found.add((int(z), int(x), int(y)))
        return found

    def close(self) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def tile_server(settings):
    server = TileServer()
    settings.CLEARHOLD_PLAN_TILES = server.base + "/maps/{z}/{x}/{y}.png?key=test-key"
    settings.CLEARHOLD_PLAN_ATTRIBUTION = ATTRIBUTION
    settings.CLEARHOLD_PLAN_TIMEOUT = 1.0
    yield server
    server.close()


def _pixels(uri: str) -> np.ndarray:
    assert uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert image.format == "PNG"
    return np.asarray(image.convert("RGB")).astype(int)


def _blue_edge(pixels: np.ndarray) -> np.ndarray:
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    return (b > 150) & (r < 60) & (g > 90) & (g < 140)


def _slippy(lon: float, lat: float, z: int) -> tuple[float, float]:
    """The OpenStreetMap wiki's tile numbers for a longitude and latitude."""
    n = 2**z
    lat_rad = math.radians(lat)
    return (lon + 180) / 360 * n, (1 - math.asinh(math.tan(lat_rad)) / math.pi) / 2 * n


def _site_corners(site) -> list[tuple[float, float]]:
    area = area_from_geojson(site.boundary)
    x, y = np.asarray(area.exterior.coords).T
    lon, lat = to_wgs84(x, y)
    return list(zip(lon.tolist(), lat.tolist(), strict=True))


def _on_the_plan(pixels: np.ndarray, site, easting: float, northing: float) -> tuple[int, int]:
    """Where a grid point falls on the plan: the drawn outline's box is the site's box."""
    rows, cols = np.nonzero(_blue_edge(pixels))
    xmin, _, xmax, ymax = area_from_geojson(site.boundary).bounds
    scale = (cols.max() - cols.min()) / (xmax - xmin)
    return (
        round(rows.min() + (ymax - northing) * scale),
        round(cols.min() + (easting - xmin) * scale),
    )


def test_the_tiles_around_the_site_are_asked_of_the_configured_server(tile_server, site):
    plan = site_plan([site], "West Street open space")
    tiles = tile_server.tiles()
    assert plan["base_map"] is True
    assert len(tiles) == len(tile_server.requests)  # each tile asked once
    assert len(tiles) <= 16
    zooms = {z for z, _, _ in tiles}
    assert len(zooms) == 1
    zoom = zooms.pop()
    assert 16 <= zoom <= 19  # street scale for a site a few hundred metres across
    xs = sorted({x for _, x, _ in tiles})
    ys = sorted({y for _, _, y in tiles})
    assert len(tiles) == len(xs) * len(ys)  # a full rectangle of tiles
    assert xs == list(range(xs[0], xs[-1] + 1))
    assert ys == list(range(ys[0], ys[-1] + 1))
    for lon, lat in _site_corners(site):  # every corner of the site lies on a tile asked for
        x, y = _slippy(lon, lat, zoom)
        assert (zoom, int(x), int(y)) in tiles
    for path in tile_server.requests:  # the configured path and key, nothing else
        assert path.startswith("/maps/")
        assert "key=test-key" in path


def test_the_plan_is_16_cm_wide_with_the_outline_over_the_tile_beneath_it(tile_server, site):
    pixels = _pixels(site_plan([site], "West Street open space")["png"])
    assert abs(pixels.shape[1] - WIDE_PX) <= 1
    assert abs(pixels.shape[0] - HIGH_PX) <= 1
    assert _blue_edge(pixels).sum() > 200  # the outline is drawn over the tiles
    zoom = next(iter(tile_server.tiles()))[0]
    area = area_from_geojson(site.boundary)
    inside = area.representative_point()
    lon, lat = to_wgs84(np.array([inside.x]), np.array([inside.y]))
    x, y = _slippy(float(lon[0]), float(lat[0]), zoom)
    row, col = _on_the_plan(pixels, site, inside.x, inside.y)
    seen = np.median(pixels[row - 2 : row + 3, col - 2 : col + 3].reshape(-1, 3), axis=0)
    nearest = min(PALETTE, key=lambda c: float(np.sum((np.array(c) - seen) ** 2)))
    assert nearest == _colour(int(x), int(y))  # the tile under the outline is the site's tile


def test_no_more_tiles_than_the_cap_are_asked_for(tile_server, settings, site):
    settings.CLEARHOLD_PLAN_MAX_TILES = 2
    plan = site_plan([site], "West Street open space")
    assert plan["base_map"] is True
    assert 1 <= len(tile_server.requests) <= 2


def _incident_at(easting: float, northing: float, location: str) -> None:
    from clearhold.incidents.models import ImportBatch, Incident

    batch = ImportBatch.objects.create(source="test")
    Incident.objects.create(
        batch=batch,
        source="policeuk",
        category="asb-unclassified",
        month=dt.date(2025, 3, 1),
        easting=easting,
        northing=northing,
        location=location,
        row_key=Incident.objects.count() + 10**14,
    )


def _streets_beside(site) -> tuple[float, float]:
    """Two points of Alpha Road and one car park, west of the site; the middle of Alpha Road
    (easting, northing)."""
    xmin, ymin, _, ymax = area_from_geojson(site.boundary).bounds
    west, middle = xmin - 30, (ymin + ymax) / 2
    _incident_at(west, middle - 40, "On or near Alpha Road")
    _incident_at(west, middle + 40, "On or near Alpha Road")
    _incident_at(west - 20, middle, "On or near Parking Area")
    return west, middle


def test_without_a_service_the_plan_draws_the_streets_and_says_the_base_map_is_missing(site):
    west, middle = _streets_beside(site)
    plan = site_plan([site], "West Street open space")
    assert plan["base_map"] is False
    assert plan["caption"].startswith("The base map is missing (no map service is configured).")
    assert "On or near" in plan["caption"]
    pixels = _pixels(plan["png"])
    assert abs(pixels.shape[1] - WIDE_PX) <= 1
    assert _blue_edge(pixels).sum() > 200
    row, col = _on_the_plan(pixels, site, west, middle - 25)  # between the points, no label
    patch = pixels[row - 3 : row + 4, col - 3 : col + 4]
    grey = (np.abs(patch - patch.mean(axis=2, keepdims=True)).max(axis=2) < 12) & (
        patch.mean(axis=2) < 225
    )
    assert grey.any()  # Alpha Road is drawn as a grey line where its points say


def test_police_uk_locations_name_the_street():
    assert street_name("On or near Alpha Road") == "Alpha Road"
    assert street_name("on or near  High Street ") == "High Street"
    assert street_name("Supermarket") == "Supermarket"


@pytest.mark.parametrize("mode", ["500", "hang"])
def test_a_failing_or_hanging_server_gives_the_fallback_within_the_timeout(tile_server, site, mode):
    tile_server.mode = mode
    started = time.monotonic()
    plan = site_plan([site], "West Street open space")
    elapsed = time.monotonic() - started
    assert tile_server.requests  # it was asked
    assert plan["base_map"] is False
    assert plan["caption"].startswith("The base map is missing (")
    assert elapsed < 1.0 + 3.0  # the 1 s deadline, and the drawing
    if mode == "hang":
        assert "too long" in plan["caption"]
    else:
        assert "HTTP 500" in plan["caption"]


def test_a_redirect_to_another_host_is_not_followed(tile_server, site):
    other = TileServer()
    try:
        tile_server.mode = f"redirect {other.base}/maps/1/1/1.png"
        plan = site_plan([site], "West Street open space")
        assert plan["base_map"] is False
        assert other.requests == []
    finally:
        other.close()


def test_an_address_with_a_host_from_the_template_is_refused():
    service = basemap.MapService("tiles", "https://{z}.example.org/{z}/{x}/{y}.png")
    with pytest.raises(basemap.BaseMapUnavailable, match="fixed host"):
        basemap.base_image(service, (546000.0, 546400.0, 309000.0, 309400.0))


def test_a_wms_is_asked_for_the_plan_in_british_national_grid(tile_server, settings, site):
    settings.CLEARHOLD_PLAN_TILES = ""
    settings.CLEARHOLD_PLAN_WMS = tile_server.base + "/wms?LAYERS=Road&key=test-key"
    tile_server.mode = "wms"
    plan = site_plan([site], "West Street open space")
    assert plan["base_map"] is True
    (path,) = tile_server.requests
    query = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
    assert query["LAYERS"] == "Road"
    assert query["key"] == "test-key"
    assert (query["REQUEST"], query["CRS"]) == ("GetMap", "EPSG:27700")
    x0, y0, x1, y1 = (float(v) for v in query["BBOX"].split(","))
    xmin, ymin, xmax, ymax = area_from_geojson(site.boundary).bounds
    assert x0 < xmin < xmax < x1
    assert y0 < ymin < ymax < y1


def test_the_court_application_carries_the_plan_on_the_base_map(
    tile_server, served, inspector, tmp_path
):
    document = document_generate(
        user=inspector,
        kind=kind_get("court_application"),
        subject=served.closure,
        fmt="pdf",
        inputs={"grounds": ["a"], "statement": "Dealing seen nightly.", "order_sought": "full",
                "proposed_ends_on": dt.date(2025, 8, 7)},
    )  # fmt: skip
    text = " ".join(text_of(document, tmp_path).split())
    assert "Plan of the premises" in text
    assert "Base map: Contains OS data © Crown copyright" in text
    assert tile_server.requests


def test_the_court_application_says_when_the_base_map_is_missing(served, inspector, tmp_path):
    document = document_generate(
        user=inspector,
        kind=kind_get("court_application"),
        subject=served.closure,
        fmt="docx",
        inputs={"grounds": ["a"], "statement": "Dealing seen nightly.", "order_sought": "full",
                "proposed_ends_on": dt.date(2025, 8, 7)},
    )  # fmt: skip
    text = " ".join(text_of(document, tmp_path).split())
    assert "Plan of the premises" in text
    assert "The base map is missing (no map service is configured)" in text
