"""clearhold.geo: BNG transforms and the coarse Great Britain polygon, checked on known places."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pyproj import Transformer

from clearhold.geo import great_britain_polygon, in_great_britain, to_bng, to_wgs84

# (name, longitude, latitude)
INSIDE = [
    ("Wisbech", 0.1594, 52.6655),
    ("Bedford", -0.4662, 52.1359),
    ("Barnet (Colindale)", -0.2500, 51.5960),
    ("Bishop's Stortford", 0.1590, 51.8720),
    ("Penzance", -5.5370, 50.1180),
    ("Dover", 1.3130, 51.1270),
    ("Folkestone", 1.1800, 51.0810),
    ("Margate", 1.3860, 51.3890),
    ("Lowestoft", 1.7500, 52.4800),
    ("Cardiff", -3.1791, 51.4816),
    ("St Davids", -5.2650, 51.8810),
    ("Holyhead", -4.6330, 53.3090),
    ("Carlisle", -2.9320, 54.8920),
    ("Stranraer", -5.0270, 54.9030),
    ("Campbeltown", -5.6050, 55.4250),
    ("Bowmore, Islay", -6.2890, 55.7570),
    ("Inverness", -4.2240, 57.4780),
    ("Stornoway", -6.3870, 58.2090),
    ("Kirkwall", -2.9600, 58.9810),
    ("Lerwick", -1.1450, 60.1550),
    ("St Mary's, Isles of Scilly", -6.3110, 49.9140),
    ("Newport, Isle of Wight", -1.2910, 50.7010),
    ("Berwick-upon-Tweed", -2.0070, 55.7710),
]
OUTSIDE = [
    ("Calais", 1.8500, 50.9500),
    ("Cap Gris-Nez", 1.5840, 50.8720),
    ("Boulogne-sur-Mer", 1.6140, 50.7260),
    ("Dunkirk", 2.3770, 51.0340),
    ("Paris", 2.3522, 48.8566),
    ("Cherbourg", -1.6220, 49.6390),
    ("St Helier, Jersey", -2.1070, 49.1860),
    ("St Peter Port, Guernsey", -2.5360, 49.4550),
    ("Belfast", -5.9301, 54.5973),
    ("Larne", -5.8230, 54.8510),
    ("Ballycastle", -6.2420, 55.2040),
    ("Rathlin Island", -6.1900, 55.2900),
    ("Dublin", -6.2603, 53.3498),
    ("Douglas, Isle of Man", -4.4800, 54.1500),
    ("Amsterdam", 4.9000, 52.3700),
    ("North Sea", 3.0000, 55.0000),
    ("Atlantic", -12.0000, 52.0000),
    ("Null Island", 0.0000, 0.0000),
    ("Wisbech with lon/lat swapped", 52.6655, 0.1594),
    ("Wisbech with the sign lost", 0.1594, -52.6655),
]


def inside(lon: float, lat: float) -> bool:
    e, n = to_bng(np.array([lon]), np.array([lat]))
    return bool(in_great_britain(e, n)[0])


@pytest.mark.parametrize(("name", "lon", "lat"), INSIDE, ids=[p[0] for p in INSIDE])
def test_towns_of_great_britain_are_inside(name, lon, lat):
    assert inside(lon, lat), name


@pytest.mark.parametrize(("name", "lon", "lat"), OUTSIDE, ids=[p[0] for p in OUTSIDE])
def test_places_outside_great_britain_are_outside(name, lon, lat):
    assert not inside(lon, lat), name


def test_in_great_britain_is_vectorised_and_nan_is_outside():
    lon = np.array([p[1] for p in INSIDE + OUTSIDE] + [np.nan])
    lat = np.array([p[2] for p in INSIDE + OUTSIDE] + [np.nan])
    result = in_great_britain(*to_bng(lon, lat))
    assert result.dtype == np.bool_
    assert result.tolist() == [True] * len(INSIDE) + [False] * (len(OUTSIDE) + 1)


def test_bng_matches_a_published_ordnance_survey_point():
    # OS "Transformations and OSGM15" worked example, Caister water tower: ETRS89 (= WGS84 to
    # within a metre here) 52°39'28.8282"N 1°42'57.7896"E is OSGB36 National Grid
    # E 651409.903 N 313177.270. The Helmert transform is good to a few metres.
    lat = 52 + 39 / 60 + 28.8282 / 3600
    lon = 1 + 42 / 60 + 57.7896 / 3600
    e, n = to_bng(np.array([lon]), np.array([lat]))
    assert abs(e[0] - 651409.903) < 5
    assert abs(n[0] - 313177.270) < 5


def test_bng_equals_pyproj_from_crs_inside_great_britain():
    rng = np.random.default_rng(7)
    lon = rng.uniform(-6, 2, 20_000)
    lat = rng.uniform(50, 58, 20_000)
    e, n = to_bng(lon, lat)
    keep = in_great_britain(e, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = Transformer.from_crs(4326, 27700, always_xy=True)
    e0, n0 = reference.transform(lon[keep], lat[keep])
    np.testing.assert_allclose(e[keep], e0, atol=1e-6, rtol=0)
    np.testing.assert_allclose(n[keep], n0, atol=1e-6, rtol=0)


def test_nan_in_gives_nan_out():
    e, n = to_bng(np.array([np.nan, 0.16]), np.array([np.nan, 52.66]))
    assert np.isnan(e[0])
    assert np.isnan(n[0])
    assert np.isfinite(e[1])
    lon, lat = to_wgs84(np.array([np.nan]), np.array([np.nan]))
    assert np.isnan(lon[0])
    assert np.isnan(lat[0])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(-8.5, 2.0), st.floats(49.8, 61.0)),
        min_size=1,
        max_size=50,
    )
)
def test_wgs84_to_bng_and_back_round_trips_within_a_millionth_of_a_degree(points):
    lon = np.array([p[0] for p in points])
    lat = np.array([p[1] for p in points])
    back_lon, back_lat = to_wgs84(*to_bng(lon, lat))
    np.testing.assert_allclose(back_lon, lon, atol=1e-6, rtol=0)
    np.testing.assert_allclose(back_lat, lat, atol=1e-6, rtol=0)


coordinates = arrays(
    np.float64,
    st.integers(0, 60),
    elements=st.one_of(st.floats(-200_000, 1_400_000), st.just(np.nan)),
)


@settings(max_examples=200, deadline=None)
@given(coordinates, coordinates)
def test_the_gb_test_is_exactly_the_polygon(easting, northing):
    size = min(len(easting), len(northing))
    easting, northing = easting[:size], northing[:size]
    expected = shapely.contains_xy(great_britain_polygon(), easting, northing)
    assert in_great_britain(easting, northing).tolist() == expected.tolist()


def test_the_polygon_is_valid_and_roughly_the_size_of_great_britain():
    polygon = great_britain_polygon()
    assert polygon.is_valid
    # Great Britain is about 209,000 km²; with bays, sea margins and the islands' hulls the
    # coarse polygon is larger, but not wildly so.
    assert 250_000 < polygon.area / 1e6 < 450_000
