"""Area outlines: the bad shapes users draw are refused with plain reasons."""

import pytest
import shapely

from clearhold.areas import AreaError, area_from_geojson, area_to_geojson

WISBECH = [[0.155, 52.664], [0.162, 52.664], [0.162, 52.668], [0.155, 52.668], [0.155, 52.664]]


def polygon(ring):
    return {"type": "Polygon", "coordinates": [ring]}


def test_a_wisbech_square_becomes_a_bng_polygon_and_back():
    area = area_from_geojson(polygon(WISBECH))
    minx, miny, maxx, maxy = area.bounds
    assert 545_000 < minx < maxx < 547_500
    assert 309_000 < miny < maxy < 310_500
    back = shapely.geometry.shape(area_to_geojson(area))
    assert back.equals_exact(shapely.geometry.shape(polygon(WISBECH)), tolerance=1e-6)


def test_feature_collections_and_strings_are_accepted():
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": polygon(WISBECH)}],
    }
    import json

    assert area_from_geojson(json.dumps(collection)).area == pytest.approx(
        area_from_geojson(polygon(WISBECH)).area
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("{not json", "not valid GeoJSON"),
        ({"type": "Point", "coordinates": [0.16, 52.66]}, "must be a polygon, not Point"),
        (
            polygon(
                [
                    [0.155, 52.664],
                    [0.162, 52.668],
                    [0.162, 52.664],
                    [0.155, 52.668],
                    [0.155, 52.664],
                ]
            ),
            "crosses itself",
        ),
        (
            polygon([[2.30, 48.85], [2.40, 48.85], [2.40, 48.90], [2.30, 48.85]]),
            "outside Great Britain",
        ),
        (
            polygon([[550000, 300000], [551000, 300000], [551000, 301000], [550000, 300000]]),
            "not longitude and latitude",
        ),
        ({"type": "FeatureCollection", "features": []}, "exactly one shape"),
    ],
)
def test_bad_outlines_are_refused_with_the_reason(data, reason):
    with pytest.raises(AreaError, match=reason):
        area_from_geojson(data)
