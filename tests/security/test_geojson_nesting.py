"""Finding 13 of issue 15: a deeply nested ``area_geojson`` gave a 500 (RecursionError).

Reproduced: the Hotspots page's "paste an area outline" box (and a site's boundary, the
evaluation's control area, and ``/sites/new/?boundary=`` which previews whatever it is given)
passed the text straight to ``json.loads``; ``[[[[…`` a hundred thousand deep raised
RecursionError, which nothing caught. A huge outline was parsed and reprojected whatever its size.

What must hold: an outline is sized before it is parsed (``MAX_AREA_CHARS``), parsed without
recursing past ``MAX_AREA_NESTING`` (a RecursionError in the parser is refused too), and holds at
most ``MAX_AREA_POINTS`` corners; each is refused with a plain message (``AreaError``, shown on
the form), never a 500.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhold.accounts.roles import Role
from clearhold.areas import (
    MAX_AREA_CHARS,
    MAX_AREA_NESTING,
    MAX_AREA_POINTS,
    AreaError,
    area_from_geojson,
)
from clearhold.places.models import Site

DEEP = "[" * 100_000 + "]" * 100_000
WISBECH = [[0.15, 52.66], [0.16, 52.66], [0.16, 52.67], [0.15, 52.67], [0.15, 52.66]]


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


def nested(depth: int, inner: str = "0") -> str:
    return "[" * depth + inner + "]" * depth


def ring(corners: int) -> list[list[float]]:
    points = [
        [
            0.155 + 0.005 * math.cos(2 * math.pi * k / corners),
            52.665 + 0.003 * math.sin(2 * math.pi * k / corners),
        ]
        for k in range(corners)
    ]
    return [*points, points[0]]


def test_a_hundred_thousand_brackets_are_refused_plainly():
    with pytest.raises(AreaError, match=f"nest more than {MAX_AREA_NESTING} deep"):
        area_from_geojson(DEEP)


def test_nesting_the_parser_survives_is_refused_too():
    polygon = json.dumps({"type": "Polygon", "coordinates": "X"}).replace('"X"', nested(200))
    with pytest.raises(AreaError, match="nest more than"):
        area_from_geojson(polygon)
    feature = {
        "type": "Feature",
        "properties": {"note": "X"},
        "geometry": {"type": "Polygon", "coordinates": [WISBECH]},
    }
    with pytest.raises(AreaError, match="nest more than"):
        area_from_geojson(json.dumps(feature).replace('"X"', nested(500)))


@settings(max_examples=40, deadline=None)
@given(depth=st.integers(MAX_AREA_NESTING + 1, 60_000), kind=st.sampled_from(["[", '{"a":']))
def test_any_nesting_past_the_limit_is_an_area_error(depth, kind):
    close = "]" if kind == "[" else "}"
    with pytest.raises(AreaError):
        area_from_geojson(kind * depth + "0" + close * depth)


def test_an_outline_with_too_many_corners_or_too_much_text_is_refused():
    many = {"type": "Polygon", "coordinates": [ring(MAX_AREA_POINTS + 10)]}
    with pytest.raises(AreaError, match=f"the most is {MAX_AREA_POINTS:,}"):
        area_from_geojson(json.dumps(many))
    padded = json.dumps({"type": "Polygon", "coordinates": [WISBECH]}) + " " * MAX_AREA_CHARS
    with pytest.raises(AreaError, match="characters long"):
        area_from_geojson(padded)
    assert area_from_geojson(json.dumps({"type": "Polygon", "coordinates": [ring(500)]})).area > 0


def test_the_hotspots_page_names_a_deep_outline_on_its_field(client, analyst):
    client.force_login(analyst)
    page = client.get(
        "/hotspots/",
        {
            "month_from": "2025-01",
            "month_to": "2025-06",
            "cell": "100",
            "radius": "300",
            "area_geojson": DEEP,
        },
    )
    assert page.status_code == 200
    errors = page.context["form"].errors["area_geojson"]
    assert any("nest more than" in e for e in errors)


def test_a_site_with_a_deep_boundary_is_refused_and_its_preview_does_not_fail(client, analyst):
    client.force_login(analyst)
    preview = client.get("/sites/new/", {"boundary": DEEP})
    assert preview.status_code == 200
    page = client.post("/sites/new/", {"name": "Deep", "kind": "other", "boundary": DEEP})
    assert page.status_code == 200
    assert "nest more than" in page.content.decode()
    assert not Site.objects.exists()
