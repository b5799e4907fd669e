"""The bundle's figures: the offline map of the premises with incidents, and incidents by month.

Pure functions (no database): each test reads the PNG's pixels back to check what was drawn
and where."""

from __future__ import annotations

import base64
import datetime as dt
import io
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from clearhold.documents.figures import data_uri, incident_map, monthly_chart

WIDE_PX = round(16 / 2.54 * 150)  # 16 cm at 150 dpi
# A 300 m by 60 m strip of land in British National Grid metres.
STRIP = [(546000.0, 309000.0), (546300.0, 309000.0), (546300.0, 309060.0), (546000.0, 309060.0)]
MONTHS = [dt.date(2025, m, 1) for m in range(1, 7)]


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _red(pixels: np.ndarray) -> np.ndarray:
    """Where the incident circles are (GOV.UK red, drawn over the pale outline fill)."""
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    return (r > 180) & (g < 140) & (b < 140)


def _outline(pixels: np.ndarray) -> np.ndarray:
    """Where the site's blue edge is."""
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    return (b > 150) & (r < 100) & (g < 150)


def test_the_map_is_16_cm_wide_at_150_dpi():
    image = Image.open(io.BytesIO(incident_map([STRIP], [])))
    assert image.format == "PNG"
    assert abs(image.width - WIDE_PX) <= 1  # matplotlib rounds down


def test_incidents_are_drawn_only_when_there_are_some():
    empty = _red(_pixels(incident_map([STRIP], []))).sum()
    drawn = _red(_pixels(incident_map([STRIP], [(546150.0, 309030.0, 12)]))).sum()
    assert empty == 0
    assert drawn > 50


def test_a_point_is_drawn_where_its_grid_reference_is():
    west = _red(_pixels(incident_map([STRIP], [(546020.0, 309030.0, 1)])))
    east = _red(_pixels(incident_map([STRIP], [(546280.0, 309030.0, 1)])))
    west_x = np.nonzero(west)[1].mean()
    east_x = np.nonzero(east)[1].mean()
    assert east_x - west_x > WIDE_PX * 0.3  # 260 m apart on a map about 400 m across


def test_the_map_keeps_metres_square():
    edge = np.nonzero(_outline(_pixels(incident_map([STRIP], []))))
    height = edge[0].max() - edge[0].min()
    width = edge[1].max() - edge[1].min()
    assert width / height == pytest.approx(300 / 60, rel=0.15)


def test_a_map_needs_an_outline():
    with pytest.raises(ValueError, match="outline"):
        incident_map([], [(546150.0, 309030.0, 1)])


def test_the_chart_is_16_cm_wide_and_its_bars_follow_the_counts():
    png = monthly_chart(MONTHS, [0, 0, 0, 1, 1, 20])
    image = Image.open(io.BytesIO(png))
    assert abs(image.width - WIDE_PX) <= 1  # matplotlib rounds down
    pixels = _pixels(png)
    blue = _outline(pixels)
    columns = np.nonzero(blue.any(axis=0))[0]
    tallest = blue[:, columns[-1]].sum()
    shortest = blue[:, columns[0]].sum()
    assert tallest > 5 * shortest


def test_the_chart_needs_a_count_for_each_month():
    with pytest.raises(ValueError, match="Each month"):
        monthly_chart(MONTHS, [1, 2])


def test_a_data_uri_carries_the_png_unchanged():
    png = monthly_chart(MONTHS[:2], [3, 4])
    uri = data_uri(png)
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == png


def test_figures_import_no_django():
    code = (
        "import sys, clearhold.documents.figures\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django']"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
