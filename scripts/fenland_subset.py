"""Cut the Fenland rows out of the Cambridgeshire police.uk files, 2024-01 to 2025-12.

Reads ``../shared/data/policeuk/cambridgeshire/{2024,2025}-*-cambridgeshire-street.csv.gz``,
keeps every row (all crime types) whose ``LSOA name`` starts with "Fenland ", in the original
order, and writes one gzip file per month, header included, to
``src/clearhold/data/policeuk/fenland/YYYY-MM-cambridgeshire-street-fenland.csv.gz`` with
Python's csv writer (LF line ends) and gzip mtime 0, so running it again gives the same bytes.
It also writes ``PROVENANCE.md`` beside them (sources from the shared manifest, licence, and
each output's row count and sha256).

    python scripts/fenland_subset.py [SHARED_POLICEUK_FOLDER]
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import sys
from pathlib import Path

from clearhold.ingest.policeuk import POLICEUK_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "policeuk"
OUTPUT = ROOT / "src" / "clearhold" / "data" / "policeuk" / "fenland"
MONTHS = [f"{year}-{month:02d}" for year in (2024, 2025) for month in range(1, 13)]
HEADER = list(POLICEUK_COLUMNS)
PREFIX = "Fenland "
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0"


def fenland_rows(source: Path) -> list[list[str]]:
    """The rows of one force-month file whose LSOA name starts with "Fenland ", in order."""
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        if header != HEADER:
            raise SystemExit(f"{source}: unexpected header {header}")
        lsoa_name = HEADER.index("LSOA name")
        return [row for row in reader if row[lsoa_name].startswith(PREFIX)]


def write_gzip_csv(path: Path, rows: list[list[str]]) -> bytes:
    """Write header + rows as gzip-compressed CSV (mtime 0, no file name); return the bytes."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write(text.getvalue().encode("utf-8"))
    data = buffer.getvalue()
    path.write_bytes(data)
    return data


def manifest_rows(source_folder: Path) -> dict[str, dict[str, str]]:
    """The shared manifest's rows, keyed by their ``file`` (e.g. cambridgeshire/2024-01-...)."""
    with (source_folder / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def provenance(
    outputs: list[tuple[str, str, int, str]], manifest: dict[str, dict[str, str]]
) -> str:
    """PROVENANCE.md: sources, filter, licence and a table of the files written."""
    lines = [
        "# Fenland police.uk street-level crime, 2024-01 to 2025-12",
        "",
        "Real data.police.uk street-level crime rows for the Fenland district of Cambridgeshire",
        "(the Wisbech case), all crime types, one gzip CSV per month.",
        "",
        "## Source",
        "",
        "data.police.uk street-level crime CSVs for Cambridgeshire Constabulary, taken from the",
        "shared data folder (`shared/data/policeuk/cambridgeshire/`), whose `manifest.csv` records",
        "where each file came from. Each source file, its upstream repository, path and commit,",
        "and the sha256 of the decompressed CSV (`stored_csv_sha256` in the manifest):",
        "",
        "| source file | upstream repository | upstream path | commit | stored_csv_sha256 |",
        "|---|---|---|---|---|",
    ]
    for _, source, _, _ in outputs:
        row = manifest[source]
        lines.append(
            f"| `{source}` | {row['source_repo']} | `{row['source_path']}` | "
            f"`{row['source_commit']}` | `{row['stored_csv_sha256']}` |"
        )
    lines += [
        "",
        "## Filter",
        "",
        f'Rows whose `LSOA name` starts with `"{PREFIX}"` (all crime types), in their original',
        "order, written with Python's `csv` writer (same 12 columns and header, minimal quoting,",
        "LF line ends) and gzip with mtime 0 and no stored file name. Nothing else is changed.",
        "Made by `scripts/fenland_subset.py`; running it again reproduces the same bytes.",
        "",
        "## Licence",
        "",
        f"Open Government Licence v3.0: {OGL_URL}",
        "",
        f"Attribution: *{ATTRIBUTION}* (source: data.police.uk).",
        "",
        "## Files",
        "",
        "| file | rows (excluding header) | sha256 of the .gz |",
        "|---|---:|---|",
    ]
    for name, _, count, digest in outputs:
        lines.append(f"| `{name}` | {count} | `{digest}` |")
    total = sum(count for _, _, count, _ in outputs)
    lines += ["", f"Total: {total} rows in {len(outputs)} files.", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    source_folder = Path(argv[0]) if argv else DEFAULT_SOURCE
    if not (source_folder / "cambridgeshire").is_dir():
        print(f"No police.uk data at {source_folder}; nothing to do.")
        return 1
    manifest = manifest_rows(source_folder)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    outputs = []
    for month in MONTHS:
        source = f"cambridgeshire/{month}-cambridgeshire-street.csv.gz"
        rows = fenland_rows(source_folder / source)
        name = f"{month}-cambridgeshire-street-fenland.csv.gz"
        data = write_gzip_csv(OUTPUT / name, rows)
        outputs.append((name, source, len(rows), hashlib.sha256(data).hexdigest()))
        print(f"{name}: {len(rows)} rows")
    (OUTPUT / "PROVENANCE.md").write_text(provenance(outputs, manifest), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
