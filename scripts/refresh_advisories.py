"""Rebuild the shipped advisory snapshot from a newer copy of the Python Packaging Advisory
Database (a checkout of https://github.com/pypa/advisory-database, or the offline snapshot in
the project's shared folder).

    python scripts/refresh_advisories.py SOURCE_DIR [--date YYYY-MM-DD] [--commit SHA]

SOURCE_DIR holds ``vulns/<package>/*.yaml`` and the database's ``LICENSE`` (and, in the shared
snapshot, a ``README.md`` naming the commit and date, read when ``--date``/``--commit`` are not
given). Only the PyPI advisories are kept. The archive is written reproducibly (sorted names,
no owners or times, xz at its strongest preset) so that the same source gives the same bytes,
and ``scripts/advisories/README.md`` is rewritten to say what it holds.
"""

from __future__ import annotations

import argparse
import io
import json
import lzma
import re
import sys
import tarfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from advisories import ARCHIVE, META, Loader

SOURCE = "https://github.com/pypa/advisory-database"
README = """# Python advisories, offline snapshot

`pypa-advisory-database.tar.xz` is a copy of the Python Packaging Advisory Database: one OSV
YAML file per advisory (`vulns/<package>/<ID>.yaml`), with the database's own `README.md` and
`LICENSE` and a `SNAPSHOT.json` saying where and when it was taken. `make audit`
(`scripts/dependency_audit.py`) reads it straight from the archive and checks every pin in
`constraints.txt` against it, so the audit works on a machine with no network.

- Source: {source}, commit {commit}, dated {date}.
- Licence: the advisories are published under CC-BY 4.0 (the archive's `LICENSE`).
- {advisories:,} PyPI advisories for {packages:,} packages; {size:,} bytes compressed.

An audit against this snapshot finds only advisories published up to {date}. Newer problems are
caught by keeping each pin on the newest patch release of its series (the audit checks this
against the package index) and by `pip-audit` when an online service answers.

To refresh it from a newer copy of the database (a checkout of the repository above):

    .venv/bin/python scripts/refresh_advisories.py PATH/TO/advisory-database \\
        --date YYYY-MM-DD --commit SHA

then run `make audit` and commit the archive and this README together.
"""


def provenance(source: Path) -> tuple[str, str]:
    """The commit and date the source's README states (empty when it states none)."""
    readme = source / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    commit = re.search(r"\b([0-9a-f]{40})\b", text)
    date = re.search(r"dated (\d{4}-\d{2}-\d{2})", text)
    return (commit.group(1) if commit else "", date.group(1) if date else "")


def _is_pypi(path: Path) -> bool:
    document = yaml.load(path.read_bytes(), Loader=Loader)
    affected = document.get("affected") or []
    return any((e.get("package") or {}).get("ecosystem") == "PyPI" for e in affected)


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o644, 0
    archive.addfile(info, io.BytesIO(data))


def build(source: Path, target: Path, *, commit: str, date: str) -> dict[str, object]:
    """Write the archive at ``target`` from ``source``; return what SNAPSHOT.json says."""
    files = sorted(p for p in (source / "vulns").rglob("*.yaml") if _is_pypi(p))
    meta = {
        "source": SOURCE,
        "commit": commit,
        "date": date,
        "advisories": len(files),
        "packages": len({p.parent.name for p in files}),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    preset = 9 | lzma.PRESET_EXTREME
    with tarfile.open(target, "w:xz", preset=preset, format=tarfile.PAX_FORMAT) as archive:
        _add(archive, META, json.dumps(meta, indent=2).encode() + b"\n")
        for extra in ("README.md", "LICENSE"):
            if (source / extra).exists():
                _add(archive, extra, (source / extra).read_bytes())
        for path in files:
            _add(archive, path.relative_to(source).as_posix(), path.read_bytes())
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--date", default="")
    parser.add_argument("--commit", default="")
    parser.add_argument("--output", type=Path, default=ARCHIVE)
    args = parser.parse_args(argv)
    commit, date = provenance(args.source)
    commit, date = args.commit or commit, args.date or date
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        parser.error("the snapshot's date is unknown: give --date YYYY-MM-DD")
    meta = build(args.source, args.output, commit=commit or "unknown", date=date)
    size = args.output.stat().st_size
    readme = README.format(size=size, **meta)
    (args.output.parent / "README.md").write_text(readme, encoding="utf-8")
    print(f"{args.output}: {meta['advisories']} advisories dated {date}, {size:,} bytes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
