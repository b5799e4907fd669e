"""How the hotspot analysis reads incidents from the store (issue 21): the ORM's rows (with the
model's default ordering and its per-value converters) against the cursor's columns, unsorted.

    CLEARHOLD_VAR=DIR python bench/bench_hotspot_read.py [--repeat 7]

DIR holds a loaded store (``clearhold demo --no-serve`` with CLEARHOLD_VAR=DIR, or any store).
Both reads take every incident held (all categories, all months), the nine columns the
analysis uses; printed: the best of ``--repeat`` runs of each and the rows read.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearhold.web.settings")

ORM_FIELDS = (
    "easting",
    "northing",
    "latitude",
    "longitude",
    "location",
    "lsoa_name",
    "lsoa_code",
    "month",
    "premises_id",
)


def best(run, repeat: int) -> tuple[float, int]:
    """The fastest of ``repeat`` runs in seconds, and the rows the last one read."""
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - start)
    return min(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    import django

    django.setup()
    from clearhold.hotspots.selectors import hotspot_columns
    from clearhold.incidents.models import Incident

    def orm_rows() -> int:
        return len(list(Incident.objects.all().values_list(*ORM_FIELDS)))

    def cursor_columns() -> int:
        return len(hotspot_columns(Incident.objects.all())[0])

    orm, n = best(orm_rows, args.repeat)
    cursor, m = best(cursor_columns, args.repeat)
    assert n == m, (n, m)
    print(f"{n:,} incidents, best of {args.repeat}")
    print(f"ORM rows, default ordering:   {orm * 1000:7.1f} ms")
    print(f"cursor columns, unsorted:     {cursor * 1000:7.1f} ms  ({orm / cursor:.1f}x faster)")


if __name__ == "__main__":
    main()
