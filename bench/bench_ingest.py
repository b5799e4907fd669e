"""Benchmark: reading police.uk street-level CSVs with ClearHold against plain pandas.

ClearHold's ``read_policeuk`` parses, validates every row (month, crime type, coordinates, inside
Great Britain) and adds British National Grid coordinates; the baseline is what a user would
otherwise write, ``pandas.concat(pandas.read_csv(f) for f in files)``, which does none of that.
Both read the same near-national 2019-07..2019-09 files (~1.17 M rows, gzip).

The full import (``import_batch_create`` + ``import_batch_run``: checksums, read, check, row
keys, one transaction) is then timed into a new SQLite database against pandas.read_csv +
DataFrame.to_sql (target: at least 1.5x its speed), and, with ``--database-url``, into
PostgreSQL against a raw psycopg COPY of the same rows (target: at least 0.8x its speed).

The PostgreSQL target's baseline is what issue 21 names, "a raw psycopg COPY of the same rows":
what a user would write to put the rows ClearHold stores into PostgreSQL by hand. Each file is
read with ``pandas.read_csv``, given the incident table's columns (month as a date, category
from the crime type, British National Grid by one vectorised pyproj call, a pandas row hash for
the key, file name and row number) and written with ``DataFrame.to_csv`` into one psycopg COPY,
in one transaction, into ``CREATE TABLE ... (LIKE incidents_incident)``: the same columns and
types, no indexes, no keys, no checks. It keeps the Northern Ireland rows ClearHold refuses,
so speeds are compared in rows per second. Its reading is timed with its writing, as the
SQLite target's pandas + to_sql is: both targets compare ClearHold's whole import with the
whole job done by hand; the bench prints the baseline's split (reading and shaping, then
to_csv and COPY) so it is seen. The old baseline, COPY of the decompressed CSV text
unparsed into a table of text columns, is printed on a second line as the floor for any import;
it is not the target's baseline because it stores text, not the rows (no dates, numbers,
coordinates or keys) and does no work per row at all.

The PostgreSQL database must hold no incidents (a scratch database: the bench removes its own
batches and tables afterwards).
Measured 2026-12-06 on a shared 2-core machine, earlier and quiet: SQLite 7.5 s vs to_sql
5.4 s (0.69x); PostgreSQL 8.0 s vs the COPY of text 2.1 s (0.25x). Later the same day, busy
(load average 5 to 7 from other work), two runs: SQLite 25.4 / 28.9 s vs to_sql 19.1 / 12.9 s
(0.73x / 0.43x), store 452 MiB; PostgreSQL 28.8 / 22.4 s vs the same rows by hand 48.7 /
54.1 s (1.63x / 2.33x; the text floor 5.3 / 8.1 s, 0.18x / 0.35x); ClearHold's peak 1.0 GiB.
Measured again 2026-12-07 (SQLite stores with 16 KiB pages, the partial premises index kept
through a large SQLite load; load average 3.5 to 6): SQLite 19.93 s vs to_sql 19.36 s (0.94x; a
second run 0.97x; quiet, about 0.7x, since load slows to_sql more), store 444 MiB;
PostgreSQL 38.84 s vs the same rows by hand 44.80 s (1.11x; a second run 1.09x); the
whole run's peak 1.5 GiB (the pandas baseline's), ClearHold's own about 1.05 GiB (SQLite)
and 0.93 GiB (PostgreSQL).
The PostgreSQL target is met against this baseline, the SQLite one is not. (ClearHold's own
COPY of its prepared rows is about half its import: against a COPY of ready rows alone,
reading not counted, it would be near 0.5x.)

    python bench/bench_ingest.py [POLICEUK_FOLDER] [--repeat N] [--database-url postgres://...]

The folder defaults to ``../shared/data/policeuk`` beside the repository; without it the script
says so and exits 0. Times are wall-clock seconds: the first (cold) run and the best of
``--repeat`` runs. Peak memory is the process's maximum resident set size (the PostgreSQL
import runs in a child process, so that Django can be set up there on PostgreSQL; its peak is
its own). The SQLite database's size after the import is printed too.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = ROOT.parent / "shared" / "data" / "policeuk"
PATTERN = "*/2019-0[789]-*-street.csv.gz"


@dataclass(frozen=True)
class Measurement:
    """How long one contender took over the files, and how many rows it produced."""

    name: str
    rows: int
    first_seconds: float
    best_seconds: float
    peak_rss_mb: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.best_seconds


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MiB: Linux's VmHWM, which starts again in
    a new program (``ru_maxrss`` keeps the parent's peak across exec), else ``ru_maxrss``."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(name: str, run: Callable[[], int], repeat: int) -> Measurement:
    """Run ``run`` (which returns a row count) ``repeat`` times; keep the first and best times."""
    times = []
    rows = 0
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - start)
    return Measurement(name, rows, times[0], min(times), peak_rss_mb())


def clearhold_read(files: Sequence[Path]) -> Callable[[], int]:
    from clearhold.ingest import read_policeuk

    def run() -> int:
        result = read_policeuk(files)
        return result.rows_read

    return run


def pandas_read(files: Sequence[Path]) -> Callable[[], int]:
    import pandas as pd

    def run() -> int:
        frame = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
        return len(frame)

    return run


def describe_read(files: Sequence[Path]) -> None:
    """What ClearHold made of the files: rows kept and refused (run once, not timed)."""
    from clearhold.ingest import read_policeuk

    result = read_policeuk(files)
    refused_by_file: dict[str, int] = {}
    for error in result.errors:
        refused_by_file[error.file] = refused_by_file.get(error.file, 0) + 1
    print(
        f"  rows read {result.rows_read:,}, kept {len(result.table):,}, "
        f"refused {result.rejected_rows:,}"
    )
    for name, count in sorted(refused_by_file.items()):
        print(f"    {name}: {count:,} refused (e.g. {_first_reason(result.errors, name)})")


def _first_reason(errors: Sequence[object], name: str) -> str:
    return next(e.reason for e in errors if e.file == name)  # type: ignore[attr-defined]


def report(ours: Measurement, baseline: Measurement, label: str = "ClearHold / pandas") -> None:
    for m in (ours, baseline):
        print(
            f"  {m.name:<44} {m.rows:>10,} rows  first {m.first_seconds:6.2f} s  "
            f"best {m.best_seconds:6.2f} s  {m.rows_per_second:>12,.0f} rows/s  "
            f"peak RSS so far {m.peak_rss_mb:,.0f} MiB"
        )
    ratio = ours.rows_per_second / baseline.rows_per_second
    print(f"  {label} speed (best runs): {ratio:.2f}x")


def clearhold_import(
    files: Sequence[Path], scratch: Path, database_url: str | None = None
) -> Callable[[], int]:
    """The whole import a user runs (``clearhold import policeuk``) into a fresh store (SQLite
    in ``scratch``, or the database at ``database_url``): checksums, read and validate, row keys,
    one transaction of executemany or COPY. Rows outside Great Britain (Northern Ireland's
    force) are reported and the rest kept, as ``--keep-valid``."""
    os.environ.update(
        CLEARHOLD_VAR=str(scratch / "clearhold"),
        CLEARHOLD_SECRET_KEY="benchmark-only",
        DJANGO_SETTINGS_MODULE="clearhold.web.settings",
    )
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    (scratch / "clearhold").mkdir()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from clearhold.incidents.models import Incident
    from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run

    if Incident.objects.exists():
        raise SystemExit("The bench needs a database without incidents (a scratch database).")

    def run() -> int:
        batch = import_batch_create(
            user=None,
            source="policeuk",
            keep_valid_rows=True,
            files=[IncomingFile(path=f, name=f"{f.parent.name}/{f.name}") for f in files],
        )
        batch = import_batch_run(batch=batch)
        if batch.status != "stored":
            raise RuntimeError(batch.message)
        return batch.rows_stored

    return run


def pandas_to_sql(files: Sequence[Path], scratch: Path) -> Callable[[], int]:
    """What a user would otherwise write: read every CSV with pandas, append it to SQLite."""
    import pandas as pd

    def run() -> int:
        frame = pd.concat((pd.read_csv(f, dtype=str) for f in files), ignore_index=True)
        with sqlite3.connect(scratch / "pandas.sqlite3") as connection:
            frame.to_sql("incidents", connection, if_exists="replace", index=False)
        return len(frame)

    return run


#: The incident table's columns a user fills by hand (its id comes from the identity default).
SAME_ROW_COLUMNS = (
    "batch_id",
    "source",
    "reference",
    "category",
    "source_category",
    "month",
    "occurred",
    "precision",
    "longitude",
    "latitude",
    "easting",
    "northing",
    "location",
    "lsoa_code",
    "lsoa_name",
    "outcome",
    "force",
    "description",
    "row_key",
    "file_name",
    "row_number",
)
#: police.uk's text columns and the incident table's columns they become.
SAME_ROW_TEXT = {
    "Crime ID": "reference",
    "Crime type": "source_category",
    "Location": "location",
    "LSOA code": "lsoa_code",
    "LSOA name": "lsoa_name",
    "Last outcome category": "outcome",
    "Falls within": "force",
    "Context": "description",
}


#: Seconds the last baseline run spent reading and shaping each file with pandas (the rest of
#: its time is writing the CSV text and COPY), printed so the split is seen.
SAME_ROWS_SHAPING: list[float] = []


def _same_rows_frame(path: Path, to_bng: object, categories: dict[str, str]) -> object:
    """One police.uk file as a user would shape it for the incident table with pandas:
    the table's columns, in its order, with its types (vectorised throughout)."""
    import numpy as np
    import pandas as pd

    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    longitude = pd.to_numeric(raw["Longitude"])
    latitude = pd.to_numeric(raw["Latitude"])
    easting, northing = to_bng.transform(longitude.to_numpy(), latitude.to_numpy())  # type: ignore[attr-defined]
    located = np.isfinite(easting) & np.isfinite(northing)
    out = pd.DataFrame({"batch_id": 1, "source": "policeuk"}, index=raw.index)
    for column, name in SAME_ROW_TEXT.items():
        out[name] = raw[column]
    out["category"] = raw["Crime type"].map(categories)
    out["month"] = raw["Month"] + "-01"
    out["occurred"] = None
    out["precision"] = "month"
    out["longitude"], out["latitude"] = longitude, latitude
    out["easting"] = np.where(located, easting, np.nan)
    out["northing"] = np.where(located, northing, np.nan)
    out["row_key"] = pd.util.hash_pandas_object(raw, index=False).to_numpy().view(np.int64)
    out["file_name"] = path.name
    out["row_number"] = np.arange(2, len(raw) + 2)
    return out[list(SAME_ROW_COLUMNS)]


def same_rows_copy(files: Sequence[Path], database_url: str) -> Callable[[], int]:
    """The PostgreSQL target's baseline: the rows ClearHold stores, read with pandas and written
    by hand with one psycopg COPY into a bare copy of the incident table (same columns and
    types; no indexes, constraints or keys), in one transaction."""
    import psycopg
    import pyproj

    from clearhold.ingest.taxonomy import POLICEUK_CRIME_TYPES

    to_bng = pyproj.Transformer.from_crs(4326, 27700, always_xy=True)
    categories = {name: category.value for name, category in POLICEUK_CRIME_TYPES.items()}
    names = ", ".join(SAME_ROW_COLUMNS)
    # Empty text is '' in the table, not NULL: CSV's unquoted empty field is NULL unless told.
    options = "FORMAT csv, FORCE_NOT_NULL (" + ", ".join(SAME_ROW_TEXT.values()) + ")"

    def run() -> int:
        rows = 0
        SAME_ROWS_SHAPING.clear()
        with psycopg.connect(database_url) as db, db.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_same_rows")
            cursor.execute(
                "CREATE TABLE bench_same_rows "
                "(LIKE incidents_incident INCLUDING DEFAULTS INCLUDING IDENTITY)"
            )
            db.commit()
            with cursor.copy(f"COPY bench_same_rows ({names}) FROM STDIN WITH ({options})") as c:
                for path in files:
                    start = time.perf_counter()
                    frame = _same_rows_frame(path, to_bng, categories)
                    SAME_ROWS_SHAPING.append(time.perf_counter() - start)
                    c.write(frame.to_csv(index=False, header=False))  # type: ignore[attr-defined]
                    rows += len(frame)  # type: ignore[arg-type]
            db.commit()
            cursor.execute("DROP TABLE bench_same_rows")
            db.commit()
        return rows

    return run


def raw_copy(files: Sequence[Path], database_url: str) -> Callable[[], int]:
    """The floor on PostgreSQL, printed beside the target's baseline: psycopg COPY of each
    file's CSV text, unparsed, into a bare table of text columns (no types, no checks, no
    indexes, no keys), in one transaction."""
    import psycopg

    def run() -> int:
        rows = 0
        with psycopg.connect(database_url) as db, db.cursor() as cursor:
            with gzip.open(files[0], "rt") as first:
                header = first.readline().strip().split(",")
            columns = ", ".join(f'"{c}" text' for c in header)
            cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
            cursor.execute(f"CREATE TABLE bench_raw_copy ({columns})")
            for path in files:
                with gzip.open(path, "rb") as source:
                    text = source.read()
                with cursor.copy("COPY bench_raw_copy FROM STDIN WITH (FORMAT csv, HEADER)") as c:
                    c.write(text)
                rows += cursor.rowcount
            db.commit()
            cursor.execute("DROP TABLE bench_raw_copy")
            db.commit()
        return rows

    return run


def postgresql_import(folder: Path, database_url: str) -> Measurement:
    """ClearHold's import into PostgreSQL, run in a child process (Django is set up once per
    process, and this one is on SQLite), then its batch removed."""
    child = subprocess.run(
        [sys.executable, __file__, str(folder), "--postgresql-child", database_url],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return Measurement(**json.loads(child.stdout.strip().splitlines()[-1]))


def postgresql_child(files: Sequence[Path], database_url: str) -> int:
    """In the child: time one import into PostgreSQL, print it as JSON, remove what it stored."""
    with tempfile.TemporaryDirectory() as scratch:
        measured = timed(
            "ClearHold import into PostgreSQL",
            clearhold_import(files, Path(scratch), database_url),
            1,
        )
    from django.db import connection

    from clearhold.incidents.models import ImportBatch

    with connection.cursor() as cursor:
        for batch in ImportBatch.objects.filter(source="policeuk"):
            cursor.execute("DELETE FROM incidents_incident WHERE batch_id = %s", [batch.pk])
            batch.delete()
    print(json.dumps(measured.__dict__))
    return 0


def sqlite_size_mb(scratch: Path) -> float:
    """The SQLite database file's size (its write-ahead log, checkpointed at commit, is not
    counted: SQLite reuses it rather than shrink it)."""
    return (scratch / "clearhold" / "clearhold.sqlite3").stat().st_size / 2**20


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", help="a scratch PostgreSQL database, postgres://...")
    parser.add_argument("--postgresql-child", help=argparse.SUPPRESS)
    args = parser.parse_args(list(argv))
    files = sorted(args.folder.glob(PATTERN)) if args.folder.is_dir() else []
    if not files:
        print(f"No police.uk 2019-07..09 files under {args.folder}; skipping the ingest benchmark.")
        return 0
    if args.postgresql_child:
        return postgresql_child(files, args.postgresql_child)
    size = sum(f.stat().st_size for f in files) / 2**20
    print(f"police.uk street CSVs: {len(files)} files, {size:.1f} MiB gzip, under {args.folder}")

    print("Parse + validate + BNG:")
    ours = timed("ClearHold read_policeuk", clearhold_read(files), args.repeat)
    baseline = timed("pandas.read_csv + concat (no checks)", pandas_read(files), args.repeat)
    report(ours, baseline)
    describe_read(files)
    print(f"Peak memory of the whole run: {peak_rss_mb():,.0f} MiB")
    print("Full import into a new SQLite database (one run each):")
    with tempfile.TemporaryDirectory() as scratch:
        store = timed(
            "ClearHold import (read, check, store)", clearhold_import(files, Path(scratch)), 1
        )
        size = sqlite_size_mb(Path(scratch))
        baseline = timed(
            "pandas.read_csv + DataFrame.to_sql", pandas_to_sql(files, Path(scratch)), 1
        )
    report(store, baseline)
    print(f"  SQLite store after the import: {size:,.0f} MiB (the database file)")
    print(f"Peak memory of the whole run: {peak_rss_mb():,.0f} MiB")
    if args.database_url:
        print("Full import into PostgreSQL (one run each):")
        store = postgresql_import(args.folder, args.database_url)
        same = timed(
            "pandas + psycopg COPY of the same rows",
            same_rows_copy(files, args.database_url),
            1,
        )
        floor = timed("psycopg COPY of the CSV text (floor)", raw_copy(files, args.database_url), 1)
        report(store, same, "ClearHold / raw COPY of the same rows (the target's)")
        shaping = sum(SAME_ROWS_SHAPING)
        print(
            f"    (of the baseline's {same.best_seconds:.2f} s: pandas reading and shaping "
            f"{shaping:.2f} s, to_csv and COPY {same.best_seconds - shaping:.2f} s)"
        )
        floor_ratio = store.rows_per_second / floor.rows_per_second
        print(
            f"  {floor.name:<44} {floor.rows:>10,} rows  best {floor.best_seconds:6.2f} s  "
            f"{floor.rows_per_second:>12,.0f} rows/s"
        )
        print(f"  ClearHold / COPY of the unparsed text (the floor): {floor_ratio:.2f}x")
        print(
            f"Peak memory of the PostgreSQL import (its own process): {store.peak_rss_mb:,.0f} MiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
