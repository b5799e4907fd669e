"""Cut one district's rows out of a force's police.uk files, for the real cases we ship.

For each district in ``DISTRICTS`` (Fenland: the Wisbech case, 2024-01 to 2025-12; Bedford:
the Bedford town-centre case, 2021-05 to 2024-04; Barnet: the Grahame Park estate case,
2022-01 to 2024-12) it reads ``../shared/data/policeuk/<force>/YYYY-MM-<force>-<source>.csv.gz``
(``street``, or for Barnet ``street-barnet-burglary-only``: the shared Met files are already cut
to Barnet's burglary rows), keeps every row whose ``LSOA name`` starts with the district's name,
in the original order, and writes one gzip file per month, header included, to
``src/clearhold/data/policeuk/<district>/YYYY-MM-<force>-street-<label>.csv.gz`` with
Python's csv writer (LF line ends) and gzip mtime 0, so running it again gives the same bytes.
It also writes ``PROVENANCE.md`` beside them (sources from the shared manifest, licence, and
each output's row count and sha256), and copies the district's LSOA boundary files, byte for
byte, to ``src/clearhold/data/boundaries/`` with their own ``PROVENANCE.md``.

    python scripts/policeuk_subset.py DISTRICT [SHARED_POLICEUK_FOLDER]
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from clearhold.ingest.policeuk import POLICEUK_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "policeuk"
DATA = ROOT / "src" / "clearhold" / "data" / "policeuk"
HEADER = list(POLICEUK_COLUMNS)


def month_span(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive, as YYYY-MM."""
    year, month = map(int, first.split("-"))
    months = []
    while f"{year}-{month:02d}" <= last:
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class District:
    """One shipped subset: which force's files, which LSOA-name prefix, which months, why."""

    name: str
    force: str
    force_name: str
    prefix: str
    first: str
    last: str
    case: str
    source: str = "street"
    label: str = ""
    crimes: str = "all crime types"
    boundaries: tuple[str, ...] = ()

    @property
    def months(self) -> list[str]:
        return month_span(self.first, self.last)


DISTRICTS = {
    "fenland": District(
        "fenland",
        "cambridgeshire",
        "Cambridgeshire Constabulary",
        "Fenland ",
        "2024-01",
        "2025-12",
        "the Wisbech case",
    ),
    "bedford": District(
        "bedford",
        "bedfordshire",
        "Bedfordshire Police",
        "Bedford ",
        "2021-05",
        "2024-04",
        "the Bedford town-centre case",
    ),
    "barnet": District(
        "barnet",
        "metropolitan",
        "the Metropolitan Police Service",
        "Barnet ",
        "2022-01",
        "2024-12",
        "the Grahame Park estate case",
        source="street-barnet-burglary-only",
        label="barnet-burglary-only",
        crimes="burglary only",
        boundaries=("barnet-lsoa2011-gen20.geojson", "barnet-lsoa2021-gen20.geojson"),
    ),
}
BOUNDARIES = ROOT / "src" / "clearhold" / "data" / "boundaries"
BURGLARY_ONLY = (
    "The shared Met files hold **burglary only**: the upstream repository's authors had cut the",
    "whole-London monthly files down to `Crime type == Burglary`, and the shared folder kept the",
    'rows whose `LSOA name` starts with `"Barnet "` (see the `note` column of the manifest).',
    "There is no anti-social behaviour, drugs, violence or any other crime type here, and no",
    "row of another force or borough: the control of an evaluation on these files is the rest",
    "of Barnet's burglary. The LSOA names mix the 2011 and 2021 vintages during 2022 (Barnet",
    "030D/E/F early in 2022, Barnet 042x/043x later); map rows by their coordinates.",
)
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0"


def district_rows(source: Path, prefix: str) -> list[list[str]]:
    """The rows of one force-month file whose LSOA name starts with ``prefix``, in order."""
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        if header != HEADER:
            raise SystemExit(f"{source}: unexpected header {header}")
        lsoa_name = HEADER.index("LSOA name")
        return [row for row in reader if row[lsoa_name].startswith(prefix)]


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
    district: District,
    outputs: list[tuple[str, str, int, str]],
    manifest: dict[str, dict[str, str]],
) -> str:
    """PROVENANCE.md: sources, filter, licence and a table of the files written."""
    title = district.prefix.strip()
    lines = [
        f"# {title} police.uk street-level crime, {district.first} to {district.last}",
        "",
        f"Real data.police.uk street-level crime rows for the {title} district",
        f"({district.case}), {district.crimes}, one gzip CSV per month.",
        "",
        *((*BURGLARY_ONLY, "") if district.crimes == "burglary only" else ()),
        "## Source",
        "",
        f"data.police.uk street-level crime CSVs for {district.force_name}, taken from the",
        f"shared data folder (`shared/data/policeuk/{district.force}/`), whose `manifest.csv`",
        "records where each file came from. Each source file, its upstream repository, path",
        "and commit, and the sha256 of the decompressed CSV (`stored_csv_sha256` in the",
        "manifest):",
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
        f'Rows whose `LSOA name` starts with `"{district.prefix}"` ({district.crimes}), in their',
        "original order, written with Python's `csv` writer (same 12 columns and header,",
        "minimal quoting, LF line ends) and gzip with mtime 0 and no stored file name.",
        "Nothing else is changed.",
        f"Made by `scripts/policeuk_subset.py {district.name}`; running it again reproduces the",
        "same bytes.",
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


BOUNDARY_SOURCE = (
    "jamesdamillington/london-data `data/geographies/census/london-{year}-lsoa-gen20.*` at commit",
    "`5edd45296196d4dea215a6559badb5b6bf755eb4`, filtered to the London Borough of Barnet and",
    "reprojected from EPSG:27700 to EPSG:4326 with pyproj by whoever filled the shared folder",
    "(its README, section Boundaries). Generalised (20 m) clipped boundaries.",
)
ONS_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0; "
    "Contains OS data © Crown copyright and database right."
)


def boundaries_copy(district: District, source_folder: Path) -> None:
    """Copy the district's LSOA boundary files byte for byte, with a PROVENANCE.md."""
    BOUNDARIES.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# {district.prefix.strip()} LSOA boundaries (2011 and 2021), generalised 20 m",
        "",
        "Byte copies of the shared folder's `shared/data/policeuk/boundaries/` files, used to",
        f"draw {district.case}'s outline and to map police.uk rows of either LSOA vintage",
        "by their coordinates (data.police.uk mixes the 2011 and 2021 names during 2022).",
        "",
        "## Source",
        "",
        *(line.format(year="{2011,2021}") for line in BOUNDARY_SOURCE),
        "",
        "## Licence",
        "",
        f"Open Government Licence v3.0: {OGL_URL}",
        "",
        f"Attribution: *{ONS_ATTRIBUTION}*",
        "",
        "## Files",
        "",
        "| file | features | sha256 |",
        "|---|---:|---|",
    ]
    for name in district.boundaries:
        data = (source_folder / "boundaries" / name).read_bytes()
        (BOUNDARIES / name).write_bytes(data)
        features = data.count(b'"Feature"')
        lines.append(f"| `{name}` | {features} | `{hashlib.sha256(data).hexdigest()}` |")
        print(f"boundaries/{name}: copied")
    (BOUNDARIES / "PROVENANCE.md").write_text("\n".join([*lines, ""]), encoding="utf-8")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in DISTRICTS:
        print(f"Usage: policeuk_subset.py {{{'|'.join(DISTRICTS)}}} [SHARED_POLICEUK_FOLDER]")
        return 2
    district = DISTRICTS[argv[0]]
    source_folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    if not (source_folder / district.force).is_dir():
        print(f"No police.uk data for {district.force} at {source_folder}; nothing to do.")
        return 1
    manifest = manifest_rows(source_folder)
    output = DATA / district.name
    output.mkdir(parents=True, exist_ok=True)
    outputs = []
    for month in district.months:
        source = f"{district.force}/{month}-{district.force}-{district.source}.csv.gz"
        rows = district_rows(source_folder / source, district.prefix)
        name = f"{month}-{district.force}-street-{district.label or district.name}.csv.gz"
        data = write_gzip_csv(output / name, rows)
        outputs.append((name, source, len(rows), hashlib.sha256(data).hexdigest()))
        print(f"{name}: {len(rows)} rows")
    text = provenance(district, outputs, manifest)
    (output / "PROVENANCE.md").write_text(text, encoding="utf-8")
    if district.boundaries:
        boundaries_copy(district, source_folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
