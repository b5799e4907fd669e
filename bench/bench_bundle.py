"""Benchmark: the evidence bundle for a site with 2,000 incidents, as PDF and as DOCX.

Data: a throw-away SQLite store (migrated, not timed) holding a problem on the Wisbech open
space (``docs/wisbech-target.geojson``) and 2,000 incidents inside its outline, made with a
fixed seed: 60 map points, 24 months (2024-01 to 2025-12), police.uk categories, half with a
64-character police.uk crime ID (as crimes have; anti-social behaviour has none).

Timed: ``documents.services.document_generate`` itself, the real path — the builder (incidents
read from the store, chronology, map and chart drawn with matplotlib), the template render,
WeasyPrint or the DOCX converter, the sha256, storing the file and the audit entry (median of
``--runs``), target < 10 s each. For comparison, what a user would otherwise do for the same
schedule: the same 2,000 rows read into pandas, ``DataFrame.to_html`` of the six schedule
columns, and WeasyPrint on that table with the same print stylesheet — no cover, chronology,
map, chart or logs. The ratio says what the whole bundle costs over that bare table.

Run: ``.venv/bin/python bench/bench_bundle.py [--runs 3] [--incidents 2000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTLINE = ROOT / "docs" / "wisbech-target.geojson"
TARGET_SECONDS = 10.0
CATEGORIES = ["asb-unclassified"] * 5 + [
    "drugs",
    "public-order",
    "violence",
    "criminal-damage-arson",
    "theft",
    "burglary",
    "vehicle-crime",
]
STREETS = [
    "West Street",
    "Onyx Court",
    "John Thompson Road",
    "Cromwell Road",
    "Hill Street",
    "Alexandra Road",
    "Lynn Road",
    "Norfolk Street",
    "Elm Low Road",
    "Churchill Road",
]


def _django(scratch: str) -> None:
    os.environ.update(
        CLEARHOLD_VAR=scratch,
        CLEARHOLD_SECRET_KEY="benchmark-only",
        DJANGO_SETTINGS_MODULE="clearhold.web.settings",
    )
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _points_inside(area, n: int, rng) -> list[tuple[float, float]]:
    import shapely

    xmin, ymin, xmax, ymax = area.bounds
    points: list[tuple[float, float]] = []
    while len(points) < n:
        x, y = rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)
        if shapely.contains_xy(area, x, y):
            points.append((round(x), round(y)))
    return points


def build_store(incidents: int, seed: int = 2014):
    """A manager, a problem on the Wisbech site and ``incidents`` incidents inside it."""
    import numpy as np

    from clearhold.accounts.roles import OrganisationType, Role
    from clearhold.accounts.services import organisation_create, user_create
    from clearhold.areas import area_from_geojson
    from clearhold.incidents.models import ImportBatch, Incident
    from clearhold.places.services import site_create
    from clearhold.problems.services import problem_create

    council = organisation_create(name="Fenland District Council", kind=OrganisationType.COUNCIL)
    manager = user_create(
        username="manager",
        password="benchmark-only-password-2026",
        organisation=council,
        role=Role.PARTNERSHIP_MANAGER,
        first_name="Jo",
        last_name="Smith",
    )
    site = site_create(
        user=manager, name="West Street open space", kind="open_space", boundary=OUTLINE.read_text()
    )
    problem = problem_create(
        user=manager,
        title="ASB on the West Street open space",
        start_date=dt.date(2025, 5, 7),
        sites=[site],
    )
    rng = np.random.default_rng(seed)
    places = _points_inside(area_from_geojson(site.boundary), 60, rng)
    months = [dt.date(2024 + m // 12, m % 12 + 1, 1) for m in range(24)]
    batch = ImportBatch.objects.create(source="policeuk")
    rows = []
    for i in range(incidents):
        x, y = places[int(rng.integers(len(places)))]
        category = CATEGORIES[int(rng.integers(len(CATEGORIES)))]
        rows.append(
            Incident(
                batch=batch,
                source="policeuk",
                reference="" if category.startswith("asb") else f"{rng.bytes(32).hex()}",
                category=category,
                month=months[int(rng.integers(len(months)))],
                easting=x,
                northing=y,
                location=f"On or near {STREETS[(x + y) % len(STREETS)]}",
                row_key=10**14 + i,
            )
        )
    Incident.objects.bulk_create(rows, batch_size=500)
    return manager, problem


def baseline(problem) -> bytes:
    """The same schedule with pandas and WeasyPrint: what a user would otherwise do."""
    import pandas as pd
    import weasyprint

    from clearhold.documents.content.bundle_incidents import incidents_at
    from clearhold.documents.pdf import _CSS

    rows = incidents_at(list(problem.sites.all()), None, None)
    frame = pd.DataFrame([r.__dict__ for r in rows])
    frame["Reference"] = frame["reference"].where(
        frame["reference"] != "", "ClearHold " + frame["id"].astype(str)
    )
    frame["Month"] = pd.to_datetime(frame["month"]).dt.strftime("%B %Y")
    table = frame.rename(
        columns={"category": "Category", "location": "Location", "source": "Source"}
    )[["Reference", "Month", "Category", "Location", "Source"]]
    table.index = range(1, len(table) + 1)
    html = f"<h1>Schedule of incidents</h1>{table.to_html(classes='ch-schedule')}"
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[_CSS])


def _median_time(fn, runs: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds of ``runs`` calls (CPU time shows the cost when other
    work shares the machine), and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def _pages(data: bytes) -> int:
    """The page count, as Debian's pdfinfo reads it."""
    import subprocess

    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout
    return int(
        next(line.split()[-1] for line in info.decode().splitlines() if line.startswith("Pages"))
    )


def _warm_up() -> None:
    """Load matplotlib and WeasyPrint's fonts once, as a running server has."""
    from clearhold.documents import figures
    from clearhold.documents.pdf import html_to_pdf, page

    figures.monthly_chart([dt.date(2025, 1, 1)], [1])
    html_to_pdf(page("<p>Warm</p>", title="Warm", organisation=""))


def _report(fmt: str, seconds: float, cpu: float, runs: int, size: int) -> None:
    verdict = "OK" if seconds < TARGET_SECONDS else "SLOWER THAN TARGET"
    print(
        f"clearhold evidence bundle as {fmt.upper()}: median {seconds:.2f} s (CPU {cpu:.2f} s) "
        f"over {runs} runs, {size / 1024:,.0f} KB (target < {TARGET_SECONDS:.0f} s: {verdict})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs (median reported)")
    parser.add_argument("--baseline-runs", type=int, default=1, help="timed baseline runs")
    parser.add_argument("--incidents", type=int, default=2000, help="incidents inside the site")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        _django(scratch)
        from clearhold.documents.kinds import kind_get
        from clearhold.documents.services import document_generate

        manager, problem = build_store(args.incidents)
        kind = kind_get("evidence_bundle")
        _warm_up()
        print(f"data: {args.incidents:,} incidents inside the Wisbech site, SQLite store")
        timed, last = {}, {}
        for fmt in ("pdf", "docx"):
            seconds, cpu, last[fmt] = _median_time(
                lambda fmt=fmt: document_generate(
                    user=manager, kind=kind, subject=problem, fmt=fmt
                ),
                args.runs,
            )
            timed[fmt] = seconds
            _report(fmt, seconds, cpu, args.runs, last[fmt].size)
        with last["pdf"].file.open("rb") as handle:
            bundle_pages = _pages(handle.read())
        base_seconds, base_cpu, base_pdf = _median_time(
            lambda: baseline(problem), args.baseline_runs
        )
        print(
            f"baseline, pandas DataFrame.to_html of the schedule alone + WeasyPrint: median "
            f"{base_seconds:.2f} s (CPU {base_cpu:.2f} s) over {args.baseline_runs} runs, "
            f"{_pages(base_pdf)} pages (the bundle: {bundle_pages} pages)"
        )
        print(f"ratio baseline / clearhold PDF: {base_seconds / timed['pdf']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
