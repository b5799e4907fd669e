"""Ceiling experiment for issue 21's SQLite import target (>= 1.5x pandas + to_sql).

Before the incident table is reshaped, how fast can the police.uk national quarter
(2019-07..09, ~1.17 M rows) go into SQLite at all? Each contender runs in its own process on the
same files; phases are timed separately:

* ``pandas``: the baseline of ``bench_ingest.py``, ``pandas.read_csv(dtype=str)`` + concat +
  ``DataFrame.to_sql`` into a new file (SQLite's defaults: rollback journal, synchronous FULL).
* ``wide``: the store's incident table and indexes as ClearHold's migrations create them
  (:data:`WIDE_DDL`, dumped from a migrated database), loaded by plain ``sqlite3`` the way
  ``clearhold.incidents.store`` does it: ``read_policeuk`` (Arrow, threads, checks, BNG), row
  keys, Arrow columns made Python values, multi-row INSERTs by ``executemany`` with constant
  columns bound once, secondary indexes dropped before and built after, one transaction, the
  store's connection settings (WAL, synchronous NORMAL, foreign keys on). No Django.
* ``narrow``: the same rows with the repeated text stored once in lookup tables keyed by
  integers (snap point: location, longitude, latitude, easting, northing; LSOA code and name;
  force; crime type; outcome; file), the lookup rows written in the same transaction, the
  incident indexes on the integer columns and the grid index on the snap points.

Variants change one setting at a time (cache size and in-memory temp store for the index
sorts, page size, rollback journal instead of WAL, the WAL checkpoint left to after the
import). Each variant is one new database, so all-or-nothing holds for every one measured:
nothing here turns the journal off.

    python bench/bench_ingest_ceiling.py [POLICEUK_FOLDER] [--repeat N] [--variants a,b,...]

Rounds run every variant once, in turn (interleaved), so load from other work falls on all.
Ratios are the round's pandas time over the variant's, on the same files (ClearHold keeps
1,130,950 of the 1,172,774 rows, refusing Northern Ireland's; in rows per second, as
``bench_ingest.py`` counts, they would be 3.6% lower).

Measured 2026-12-07 on the shared 2-core machine, busy (load average 5 to 9), five rounds for
the main contenders (wall-clock ratio, then CPU-seconds ratio; imports and the empty store's
creation not timed, as in ``bench_ingest.py``):

* ``wide`` (the store as it is): 0.85 0.71 0.68 0.63 0.66x; CPU 0.73 0.84 0.65 0.59 0.74x.
* ``narrow``: 1.03 0.65 0.91 0.94 0.74x; CPU 0.97 0.80 0.92 0.77 0.84x. The store file is
  264 MiB instead of 449 MiB; the rows read back through the lookups equal the rows read.
* ``narrow`` with the lookups' foreign keys declared in the database: 0.74 0.58x (each insert
  then looks up six parents: +3 to +4 CPU s), so lookups would need ``db_constraint=False``.
* Settings, two to five rounds each, none near 1.5x: page size 16 KiB 0.69-1.00x wide,
  0.71-0.92x narrow (index builds about a fifth cheaper); cache 256 MiB with in-memory sorts
  0.64-0.72x (slower: the dirty pages are written at commit instead); sorter threads
  0.53-0.80x (no idle core under this load); rollback journal 0.65-0.84x (the commit is free
  but the pages are written once all the same, and it takes WAL's readers away); the WAL
  checkpoint left to after the import 0.64-1.22x (moves 0.9-1.9 CPU s out of the import, does
  not remove it); all together ("tuned") 0.60-0.88x wide, 0.61-1.15x narrow; keeping the
  partial premises index instead of rebuilding it saves its 0.2-0.3 CPU s scan; keeping the
  batch and force-month indexes during the load costs in inserts what it saves in builds.

Median CPU seconds per phase: pandas read 5.2, write 6.3 (11.9 in all). ``wide``: read 3.3,
row keys 1.6, shape 0.5, to Python 1.3, insert 4.4, index builds 4.6, commit 0.9. ``narrow``:
read 3.2, keys 1.5, lookups 1.8, to Python 0.6, insert 2.8, index builds 3.5, commit 0.5.
The index builds barely shrink with the narrow row (sorting 1.13 M entries, not their width,
is the cost: category-month 1.1-1.5 CPU s, snap point 1.0, force-month 0.8-1.0, batch 0.4-0.6,
the snap points' grid 0.4). At 1.5x the whole import has about 7.9 CPU s (11.9 / 1.5); reading
and keys take 4.7 of it, leaving 3.2 for lookups, rows, indexes and commit, less than the index
builds alone. Even with rows written at C speed (``INSERT ... SELECT`` of the narrow rows:
1.2-1.3 CPU s instead of 3.4 for to-Python plus insert) and free lookups, the narrow import
would take about 10 CPU s (1.2x). The narrow schema takes the store from about 0.67x to about
0.9x; 1.5x is out of reach of either shape on one core, and would need work to overlap on
both cores (reading the next files while SQLite writes) or fewer indexes built during an
import, neither of which a busy machine can show.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = ROOT.parent / "shared" / "data" / "policeuk"
PATTERN = "*/2019-0[789]-*-street.csv.gz"

#: The incident table and its indexes as migrated (``sqlite3 clearhold.sqlite3 .schema
#: incidents_incident``), with the two tables its foreign keys name, reduced to their keys.
WIDE_DDL = """
CREATE TABLE "incidents_importbatch" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT);
CREATE TABLE "places_premises" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT);
CREATE TABLE "incidents_incident" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "source" varchar(60) NOT NULL, "reference" varchar(100) NOT NULL, "category" varchar(32) NOT NULL, "source_category" varchar(200) NOT NULL, "month" date NOT NULL, "occurred" datetime NULL, "precision" varchar(6) NOT NULL, "longitude" real NULL, "latitude" real NULL, "easting" real NULL, "northing" real NULL, "location" varchar(300) NOT NULL, "lsoa_code" varchar(12) NOT NULL, "lsoa_name" varchar(120) NOT NULL, "outcome" varchar(200) NOT NULL, "force" varchar(100) NOT NULL, "description" text NOT NULL, "row_key" bigint NOT NULL, "file_name" varchar(255) NOT NULL, "row_number" integer unsigned NOT NULL CHECK ("row_number" >= 0), "batch_id" bigint NOT NULL REFERENCES "incidents_importbatch" ("id") DEFERRABLE INITIALLY DEFERRED, "premises_id" bigint NULL REFERENCES "places_premises" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX "incidents_incident_batch_id_16fc80d0" ON "incidents_incident" ("batch_id");
CREATE INDEX "incident_category_month" ON "incidents_incident" ("category", "month");
CREATE INDEX "incident_bng" ON "incidents_incident" ("easting", "northing");
CREATE INDEX "incident_force_month" ON "incidents_incident" ("force", "month");
CREATE INDEX "incident_premises" ON "incidents_incident" ("premises_id") WHERE "premises_id" IS NOT NULL;
"""  # noqa: E501

#: The narrow shape: lookup tables keyed by integers, and the incident row pointing at them.
NARROW_DDL = """
CREATE TABLE "incidents_importbatch" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT);
CREATE TABLE "places_premises" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT);
CREATE TABLE "lk_place" ("id" integer NOT NULL PRIMARY KEY, "location" varchar(300) NOT NULL, "longitude" real NULL, "latitude" real NULL, "easting" real NULL, "northing" real NULL);
CREATE INDEX "lk_place_bng" ON "lk_place" ("easting", "northing");
CREATE TABLE "lk_lsoa" ("id" integer NOT NULL PRIMARY KEY, "code" varchar(12) NOT NULL, "name" varchar(120) NOT NULL, UNIQUE ("code", "name"));
CREATE TABLE "lk_force" ("id" integer NOT NULL PRIMARY KEY, "name" varchar(100) NOT NULL UNIQUE);
CREATE TABLE "lk_crime_type" ("id" integer NOT NULL PRIMARY KEY, "name" varchar(200) NOT NULL UNIQUE);
CREATE TABLE "lk_outcome" ("id" integer NOT NULL PRIMARY KEY, "name" varchar(200) NOT NULL UNIQUE);
CREATE TABLE "lk_file" ("id" integer NOT NULL PRIMARY KEY, "name" varchar(255) NOT NULL);
CREATE TABLE "incidents_incident" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "source" varchar(60) NOT NULL, "reference" varchar(100) NOT NULL, "category" varchar(32) NOT NULL, "crime_type_id" integer NOT NULL REFERENCES "lk_crime_type" ("id") DEFERRABLE INITIALLY DEFERRED, "month" date NOT NULL, "occurred" datetime NULL, "precision" varchar(6) NOT NULL, "place_id" integer NOT NULL REFERENCES "lk_place" ("id") DEFERRABLE INITIALLY DEFERRED, "lsoa_id" integer NOT NULL REFERENCES "lk_lsoa" ("id") DEFERRABLE INITIALLY DEFERRED, "outcome_id" integer NOT NULL REFERENCES "lk_outcome" ("id") DEFERRABLE INITIALLY DEFERRED, "force_id" integer NOT NULL REFERENCES "lk_force" ("id") DEFERRABLE INITIALLY DEFERRED, "description" text NOT NULL, "row_key" bigint NOT NULL, "file_id" integer NOT NULL REFERENCES "lk_file" ("id") DEFERRABLE INITIALLY DEFERRED, "row_number" integer unsigned NOT NULL CHECK ("row_number" >= 0), "batch_id" bigint NOT NULL REFERENCES "incidents_importbatch" ("id") DEFERRABLE INITIALLY DEFERRED, "premises_id" bigint NULL REFERENCES "places_premises" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX "incidents_incident_batch_id" ON "incidents_incident" ("batch_id");
CREATE INDEX "incident_category_month" ON "incidents_incident" ("category", "month");
CREATE INDEX "incident_place" ON "incidents_incident" ("place_id");
CREATE INDEX "incident_force_month" ON "incidents_incident" ("force_id", "month");
CREATE INDEX "incident_premises" ON "incidents_incident" ("premises_id") WHERE "premises_id" IS NOT NULL;
"""  # noqa: E501

#: Name -> (schema, settings). Settings: cache (MiB of page cache, which also bounds the index
#: sorts' memory, with temp_store MEMORY; 0 = SQLite's 2 MiB default), threads (the sorter's
#: helper threads, 0 = none), page (bytes), journal ("wal" | "delete"), sync ("normal" |
#: "full"), checkpoint ("commit": the automatic checkpoint at commit, as now; "after":
#: autocheckpoint off, the checkpoint timed on its own after the import), lookup_fk (the
#: narrow row's foreign keys to its lookups declared in the database, or not), keep (indexes
#: kept during the load instead of dropped and rebuilt: "", "premises" or "all", see below).
STORE = {
    "cache": 0,
    "threads": 0,
    "page": 4096,
    "journal": "wal",
    "sync": "normal",
    "checkpoint": "commit",
    "lookup_fk": False,
    "keep": "",
}
TUNED = {**STORE, "cache": 256, "threads": 2, "page": 16384, "checkpoint": "after"}
VARIANTS: dict[str, tuple[str, dict]] = {
    "pandas": ("pandas", {}),
    "wide": ("wide", STORE),
    "wide+cache256": ("wide", {**STORE, "cache": 256}),
    "wide+threads2": ("wide", {**STORE, "threads": 2}),
    "wide+page16k": ("wide", {**STORE, "page": 16384}),
    "wide+delete": ("wide", {**STORE, "journal": "delete", "sync": "full"}),
    "wide+ckpt-after": ("wide", {**STORE, "checkpoint": "after"}),
    "wide+tuned": ("wide", TUNED),
    "wide+keep": ("wide", {**STORE, "keep": "premises"}),
    "wide+keep-all": ("wide", {**STORE, "keep": "all"}),
    "narrow": ("narrow", STORE),
    "narrow+fk": ("narrow", {**STORE, "lookup_fk": True}),
    "narrow+tuned": ("narrow", TUNED),
    "narrow+keep": ("narrow", {**STORE, "keep": "premises"}),
    "narrow+keep-all": ("narrow", {**STORE, "keep": "all"}),
    "narrow+page16k": ("narrow", {**STORE, "page": 16384}),
    "narrow+tuned+delete": ("narrow", {**TUNED, "journal": "delete", "checkpoint": "commit"}),
}
DEFAULT_VARIANTS = ("pandas", "wide", "narrow")


class Phases:
    """Wall-clock seconds per named phase, summed when a phase is entered more than once."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.mib = 0.0
        self.cpu_start = time.process_time()

    def run(self, name: str, work: Callable[[], object]) -> object:
        start, cpu = time.perf_counter(), time.process_time()
        result = work()
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
        self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu
        return result


def run_pandas(files: Sequence[Path], scratch: Path, phases: Phases) -> int:
    """The baseline, exactly as ``bench_ingest.pandas_to_sql``."""
    import pandas as pd

    frame = phases.run(
        "read", lambda: pd.concat((pd.read_csv(f, dtype=str) for f in files), ignore_index=True)
    )

    def write() -> None:
        with sqlite3.connect(scratch / "pandas.sqlite3") as connection:
            frame.to_sql("incidents", connection, if_exists="replace", index=False)  # type: ignore[attr-defined]

    phases.run("write", write)
    return len(frame)  # type: ignore[arg-type]


def open_store(path: Path, ddl: str, settings: dict) -> sqlite3.Connection:
    """A new, empty store with ``ddl`` and ``settings``, as a migrated database is before its
    first import (one import batch row for the foreign key)."""
    if not settings["lookup_fk"]:
        ddl = re.sub(r' REFERENCES "lk_\w+" \("id"\) DEFERRABLE INITIALLY DEFERRED', "", ddl)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA page_size = {int(settings['page'])}")
    db.executescript(ddl)
    db.execute("INSERT INTO incidents_importbatch (id) VALUES (1)")
    db.execute(f"PRAGMA journal_mode = {settings['journal']}")
    db.execute(f"PRAGMA synchronous = {settings['sync']}")
    db.execute("PRAGMA foreign_keys = ON")  # as Django's SQLite backend does
    if settings["cache"]:
        db.execute(f"PRAGMA cache_size = -{int(settings['cache']) * 1024}")
        db.execute("PRAGMA temp_store = MEMORY")
    db.execute(f"PRAGMA threads = {int(settings['threads'])}")
    if settings["checkpoint"] == "after":
        db.execute("PRAGMA wal_autocheckpoint = 0")
    return db


def run_store(
    files: Sequence[Path],
    db: sqlite3.Connection,
    phases: Phases,
    schema: str,
    settings: dict,
) -> int:
    """Read as ClearHold does, then load ``schema`` ("wide" or "narrow") in one transaction
    into the new store ``db``."""
    from clearhold.ingest import read_policeuk, row_keys
    from ingest_shapes import insert_rows, keys_and_places, narrow_rows, wide_rows

    result = phases.run("read", lambda: read_policeuk(files))
    table = result.table  # type: ignore[attr-defined]
    if schema == "wide":
        keys = phases.run("row keys", lambda: row_keys(table))
    else:  # the snap points' ids are hashed from the same column hashes as the row keys
        keys = phases.run("row keys", lambda: keys_and_places(table))
    db.execute("BEGIN IMMEDIATE")
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
        "AND tbl_name IN ('incidents_incident', 'lk_place') AND sql IS NOT NULL"
    ).fetchall()
    # "keep": the partial premises index, which no police.uk row enters, is kept rather than
    # rebuilt by a scan of the whole table; "keep-all": so are the batch and force-month indexes,
    # whose entries this load appends in order (one batch; forces and months as the files come).
    kept = {"": (), "premises": ("premises",), "all": ("batch_id", "force_month", "premises")}
    kept = kept[settings["keep"]]
    indexes = [(name, sql) for name, sql in indexes if not any(k in name for k in kept)]
    for name, _ in indexes:
        db.execute(f'DROP INDEX "{name}"')
    if schema == "wide":
        rows = phases.run("shape", lambda: wide_rows(table, keys))
    else:
        rows = phases.run("lookups", lambda: narrow_rows(db, table, keys))
    count = insert_rows(db, rows, phases)  # type: ignore[arg-type]
    for _, create in indexes:
        phases.run("index build", lambda create=create: db.execute(create))
    phases.run("commit", lambda: db.execute("COMMIT"))
    if settings["checkpoint"] == "after":
        phases.run("checkpoint (after)", lambda: db.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
    db.close()
    return count


def child(name: str, files: Sequence[Path]) -> dict:
    """Run variant ``name`` once in this process; its phases, total, rows and CPU seconds."""
    import pandas  # noqa: F401  (imports and the empty store are not timed, as in bench_ingest)

    import clearhold.ingest  # noqa: F401
    import ingest_shapes  # noqa: F401

    schema, settings = VARIANTS[name]
    phases = Phases()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "store.sqlite3"
        if schema != "pandas":
            db = open_store(path, WIDE_DDL if schema == "wide" else NARROW_DDL, settings)
        phases.cpu_start = time.process_time()
        start = time.perf_counter()
        if schema == "pandas":
            rows = run_pandas(files, Path(scratch), phases)
        else:
            rows = run_store(files, db, phases, schema, settings)
            phases.mib = path.stat().st_size / 2**20
        total = time.perf_counter() - start - phases.seconds.get("checkpoint (after)", 0.0)
    cpu = time.process_time() - phases.cpu_start - phases.cpu.get("checkpoint (after)", 0.0)
    return {
        "variant": name,
        "rows": rows,
        "total": total,
        "cpu": cpu,
        "mib": phases.mib,
        "phases": phases.seconds,
        "phase_cpu": phases.cpu,
    }


def spawn(name: str, folder: Path) -> dict:
    """Run one variant in a new process (fresh memory and caches for each)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "bench")])}
    out = subprocess.run(
        [sys.executable, __file__, str(folder), "--child", name],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def show(run: dict, baseline: float | None) -> None:
    """One line per run: total, ratio to this round's baseline, CPU, size, then each phase as
    wall / CPU seconds (CPU above wall: threads)."""
    phases = "  ".join(
        f"{name} {wall:.2f}/{run['phase_cpu'][name]:.2f}" for name, wall in run["phases"].items()
    )
    ratio = f"{baseline / run['total']:.2f}x" if baseline else "  -  "
    size = f"{run['mib']:4.0f} MiB" if run["mib"] else " " * 8
    print(
        f"  {run['variant']:<16} {run['total']:6.2f} s {ratio}  cpu {run['cpu']:6.2f}  {size}"
        f" | {phases}",
        flush=True,
    )


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--variants", default=",".join(DEFAULT_VARIANTS))
    parser.add_argument("--log", type=Path, help="append each run as a JSON line to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args(list(argv))
    files = sorted(args.folder.glob(PATTERN)) if args.folder.is_dir() else []
    if not files:
        print(f"No police.uk 2019-07..09 files under {args.folder}; skipping the ceiling bench.")
        return 0
    if args.child:
        print(json.dumps(child(args.child, files)))
        return 0
    names = [n for n in args.variants.split(",") if n]
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        parser.error(f"unknown variants {unknown}; known: {', '.join(VARIANTS)}")
    print(f"{len(files)} files; seconds per phase; ratio = pandas + to_sql of the same round / it")
    for round_number in range(1, args.repeat + 1):
        print(f"Round {round_number}:")
        baseline = None
        for name in names:
            run = spawn(name, args.folder)
            if name == "pandas":
                baseline = run["total"]
            show(run, baseline)
            if args.log:
                with args.log.open("a") as log:
                    log.write(json.dumps({"round": round_number, **run}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
