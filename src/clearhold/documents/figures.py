"""The figures of the court papers: the plan of the premises (with their incidents in a bundle),
and incidents by month.

Drawn with matplotlib's object interface (``Figure`` and the Agg renderer, no pyplot), so a
figure keeps no global state between requests and threads. The map is the site outline and the
incident points in British National Grid metres, with a scale bar, a north arrow and the
premises labelled, over a base map when one was fetched (:mod:`clearhold.documents.basemap`
hands it in as pixels with their place on the grid; nothing here touches the network) and else
over the streets the incidents name. Figures are 16 cm wide at 150 dpi,
the width of an A4 page between margins, sharp in print and small in a DOCX; the font is the
DejaVu Sans matplotlib ships, so a figure looks the same on every server. Pure: no Django.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

# matplotlib is imported where a figure is drawn: importing it costs about 0.2 s, and every
# process (each CLI command, each web worker) imports this module at start-up through the
# documents' registry, most of them never drawing.
if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_CM = 16.0
DPI = 150
CM = 1 / 2.54
SIZE = 8
OUTLINE = "#1d70b8"
POINT = "#d4351c"
TEXT = "#0b0c0c"
SCALE_BAR_M = 100.0
LABELLED_POINTS_MAX = 30

STREET = "#6f777b"
STREETS_MAX = 25
LABEL_MAX = 60


def _halo() -> list:
    """White outline behind a label, so it reads over the base map."""
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2.5, foreground="white")]


Ring = Sequence[tuple[float, float]]
Point = tuple[float, float, int]
Extent = tuple[float, float, float, float]
#: A street as the incidents name it: its name and the map points police.uk put on it.
Street = tuple[str, Sequence[tuple[float, float]]]


@dataclass(frozen=True)
class BaseImage:
    """A base map: RGB ``pixels`` (rows, columns, 3) and ``to_grid``, the affine map
    (a, b, c, d, e, f) from a pixel's (column, row) to BNG: E = a·col + b·row + c,
    N = d·col + e·row + f; ``attribution`` is printed on the map."""

    pixels: np.ndarray
    to_grid: tuple[float, float, float, float, float, float]
    attribution: str = ""


def data_uri(png: bytes) -> str:
    """A PNG as a ``data:`` URI: WeasyPrint and the DOCX converter both embed it."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def extent(outlines: Sequence[Ring], points: Sequence[Point] = ()) -> Extent:
    """The map's bounds: everything drawn, padded, and never narrower than 2.5 scale bars."""
    xs = [x for ring in outlines for x, _ in ring] + [p[0] for p in points]
    ys = [y for ring in outlines for _, y in ring] + [p[1] for p in points]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys), 2.5 * SCALE_BAR_M) / 2 * 1.15
    return cx - half, cx + half, cy - half, cy + half


def _scale_bar(axes, x0: float, x1: float, y0: float, y1: float) -> None:
    left, bottom = x0 + (x1 - x0) * 0.05, y0 + (y1 - y0) * 0.05
    axes.plot([left, left + SCALE_BAR_M], [bottom, bottom], color=TEXT, linewidth=2.5)
    for x in (left, left + SCALE_BAR_M):
        axes.plot([x, x], [bottom, bottom + (y1 - y0) * 0.012], color=TEXT, linewidth=1)
    axes.text(
        left + SCALE_BAR_M / 2,
        bottom + (y1 - y0) * 0.02,
        f"{SCALE_BAR_M:.0f} m",
        ha="center",
        va="bottom",
        fontsize=SIZE,
        color=TEXT,
    )


def _north_arrow(axes) -> None:
    axes.annotate(
        "N",
        xy=(0.94, 0.95),
        xytext=(0.94, 0.84),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=10,
        fontweight="bold",
        color=TEXT,
        arrowprops={"arrowstyle": "-|>", "color": TEXT, "linewidth": 1.5},
    )


def _marker_sizes(points: Sequence[Point]) -> list[float]:
    """Marker areas growing with the square root of the count, so one busy point does not
    hide the rest."""
    return [12 + 10 * math.sqrt(n) for _, _, n in points]


def incident_map(
    outlines: Sequence[Ring],
    points: Sequence[Point],
    *,
    base: BaseImage | None = None,
    streets: Sequence[Street] = (),
    label: str = "",
) -> bytes:
    """A PNG plan of the site outlines with the incidents at each point, in BNG metres.

    ``outlines`` are rings of (easting, northing); ``points`` are (easting, northing, count),
    one per place (police.uk snaps incidents to anonymous map points, so many share one).
    Circles grow with the count; up to 30 places are labelled with their count. Under them the
    ``base`` map when there is one, else the ``streets`` (a grey line through each street's
    points, its name at the middle one); ``label`` names the premises on the plan.
    """
    from matplotlib.figure import Figure

    if not outlines:
        raise ValueError("A map needs at least one site outline.")
    x0, x1, y0, y1 = extent(outlines, points)
    figure = Figure(figsize=(WIDTH_CM * CM, WIDTH_CM * CM * 0.7), layout="constrained")
    axes = figure.add_subplot()
    if base is not None:
        _base(axes, base)
    else:
        _streets(axes, streets)
    _outlines(axes, outlines, label)
    _points(axes, points)
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    axes.set_aspect("equal")
    axes.set_xticks([])
    axes.set_yticks([])
    _scale_bar(axes, x0, x1, y0, y1)
    _north_arrow(axes)
    axes.set_xlabel(
        f"British National Grid, centre {(x0 + x1) / 2:,.0f} E {(y0 + y1) / 2:,.0f} N",
        fontsize=SIZE,
        color=TEXT,
    )
    return _png(figure)


def _base(axes, base: BaseImage) -> None:
    """The base map placed on the grid by its affine map, under everything, with its credit."""
    from matplotlib.transforms import Affine2D

    rows, cols = base.pixels.shape[:2]
    a, b, c, d, e, f = base.to_grid
    image = axes.imshow(base.pixels, extent=(0, cols, rows, 0), interpolation="bilinear", zorder=0)
    image.set_transform(Affine2D(np.array([[a, b, c], [d, e, f], [0, 0, 1]])) + axes.transData)
    if base.attribution:
        axes.text(
            0.99, 0.01, base.attribution, transform=axes.transAxes, ha="right", va="bottom",
            fontsize=SIZE - 2, color=TEXT, zorder=5,
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1.5},
        )  # fmt: skip


def _streets(axes, streets: Sequence[Street]) -> None:
    """Each street as a grey line through its points in their main direction, named once."""
    for name, places in list(streets)[:STREETS_MAX]:
        xy = np.asarray(places, dtype=float).reshape(-1, 2)
        if len(xy) >= 2:
            centred = xy - xy.mean(axis=0)
            direction = np.linalg.svd(centred, full_matrices=False)[2][0]
            xy = xy[np.argsort(centred @ direction)]
            axes.plot(xy[:, 0], xy[:, 1], color=STREET, linewidth=3, alpha=0.5, zorder=1)
        axes.scatter(xy[:, 0], xy[:, 1], s=6, color=STREET, zorder=1)
        middle = xy[len(xy) // 2]
        axes.annotate(
            name, tuple(middle), xytext=(0, -9), textcoords="offset points", ha="center",
            fontsize=SIZE - 1, color=STREET, style="italic", zorder=2, path_effects=_halo(),
            in_layout=False, annotation_clip=True,
        )  # fmt: skip


def _outlines(axes, outlines: Sequence[Ring], label: str) -> None:
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Polygon

    for ring in outlines:
        axes.add_patch(
            Polygon(
                ring,
                closed=True,
                facecolor=to_rgba(OUTLINE, 0.12),
                edgecolor=OUTLINE,
                linewidth=1.8,
                zorder=2,
            )
        )
    if label:
        xs = [x for ring in outlines for x, _ in ring]
        top = max(y for ring in outlines for _, y in ring)
        axes.annotate(
            _shortened(label), ((min(xs) + max(xs)) / 2, top), xytext=(0, 5),
            textcoords="offset points",
            ha="center", va="bottom", fontsize=SIZE + 1, fontweight="bold", color=OUTLINE,
            zorder=4, path_effects=_halo(), in_layout=False,
        )  # fmt: skip


def _shortened(label: str) -> str:
    """A premises name short enough to sit over its outline: the full name is in the text."""
    label = " ".join(label.split())
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def _points(axes, points: Sequence[Point]) -> None:
    if points:
        axes.scatter(
            [p[0] for p in points],
            [p[1] for p in points],
            s=_marker_sizes(points),
            color=POINT,
            alpha=0.75,
            edgecolors="white",
            linewidths=0.6,
            zorder=3,
        )
    if len(points) <= LABELLED_POINTS_MAX:
        for x, y, n in points:
            axes.annotate(
                str(n),
                (x, y),
                xytext=(5, 4),
                textcoords="offset points",
                fontsize=SIZE,
                color=TEXT,
                zorder=4,
            )


def _month_labels(months: Sequence[dt.date]) -> list[str]:
    """“Jan 2025” on the first month and each January, the month alone otherwise."""
    return [f"{m:%b %Y}" if i == 0 or m.month == 1 else f"{m:%b}" for i, m in enumerate(months)]


def monthly_chart(months: Sequence[dt.date], counts: Sequence[int]) -> bytes:
    """A PNG bar chart of incidents per month (``months`` consecutive, first days); every
    month is labelled up to two years, every second or third month beyond."""
    if len(months) != len(counts):
        raise ValueError("Each month needs one count.")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH_CM * CM, 7 * CM), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(months)))
    axes.bar(positions, counts, color=OUTLINE, width=0.75)
    step = max(1, math.ceil(len(months) / 24))
    axes.set_xticks(positions[::step], _month_labels(months)[::step], rotation=90)
    axes.tick_params(labelsize=SIZE)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("Incidents", fontsize=SIZE)
    axes.spines[["top", "right"]].set_visible(False)
    if len(months) <= 24:
        for x, n in zip(positions, counts, strict=True):
            if n:
                axes.text(x, n, str(n), ha="center", va="bottom", fontsize=SIZE - 1)
    axes.set_xlim(-0.75, max(len(months), 1) - 0.25)
    return _png(figure)


def survey_chart(
    names: Sequence[str],
    before: Sequence[tuple[float, float, float]],
    after: Sequence[tuple[float, float, float]],
    labels: tuple[str, str],
) -> bytes:
    """A PNG of each survey item's share at two waves (fractions: share, low, high) as paired
    horizontal bars with their 95% intervals as error bars, on a 0–100% axis; the questions
    read down the left, the first at the top."""
    if not len(names) == len(before) == len(after):
        raise ValueError("Each item needs a share at both waves.")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_CM * CM, (2 + 1.1 * len(names)) * CM), layout="constrained")
    axes = figure.add_subplot()
    rows = list(range(len(names)))
    for offset, shares, colour, label in (
        (-0.2, before, "#b1b4b6", labels[0]),
        (0.2, after, OUTLINE, labels[1]),
    ):
        ys = [row + offset for row in rows]
        widths = [100 * s for s, _low, _high in shares]
        errors = [
            [100 * (s - low) for s, low, _high in shares],
            [100 * (high - s) for s, _low, high in shares],
        ]
        axes.barh(ys, widths, height=0.38, color=colour, label=label)
        axes.errorbar(widths, ys, xerr=errors, fmt="none", ecolor=TEXT, capsize=2, lw=1)
    axes.set_yticks(rows, list(names), fontsize=SIZE)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("Share of answers (%)", fontsize=SIZE)
    axes.tick_params(labelsize=SIZE)
    axes.legend(fontsize=SIZE - 1, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1),
                ncols=2)  # fmt: skip
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)
