"""Peak memory of the worst hotspot requests ClearHold accepts, beside the 1 GB budget.

    .venv/bin/python bench/bench_hotspot_memory.py            # about 10 s on 2 cores

Issue 15, finding 7: one request (35 m cells, 20 km bandwidth, 50 km Gi* radius over Fenland)
grew the server to 9.5 GB. Requests are now sized before anything is allocated and refused past
fixed limits (``clearhold.analysis.hotspot_limits``); this measures the largest ones accepted:

(a) the most cells (500 x 500 = 250,000 at 100 m, default bandwidth) with the longest Gi*
    radius (100 cells);
(b) the longest bandwidth and radius together (100 cells each) on a 250,000-cell grid.

Each case runs in a fresh process over 1,000,000 synthetic incidents, half of them on a gradient
so that nearly every cell is a significant hot or cold spot (the old way to 9.5 GB). It does what
the Hotspots page does: the report, its JSON summary, and its map layers as JSON. The figure is
the process's peak resident set size (``resource.getrusage``), imports and the incidents
included; the part above the memory held before the report is printed beside it. The attack
request itself is sized first, to show it is refused before any allocation.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time

BUDGET_MIB = 1024

CASES = {
    "(a) most cells, longest radius": {"side": 49_350.0, "bandwidth": None, "radius": 10_000.0},
    "(b) longest bandwidth and radius": {
        "side": 29_950.0,
        "bandwidth": 10_000.0,
        "radius": 10_000.0,
    },
}

CHILD = """
import json, resource, sys, time
import numpy as np
from clearhold.analysis.hotspot_limits import size_hotspot_request
from clearhold.analysis.hotspots import HotspotSettings, hotspot_report
from clearhold.hotspots.mapping import report_features

case = json.loads(sys.argv[1])
rng = np.random.default_rng(case["seed"])
n, side, x0, y0 = case["points"], case["side"], 500_000.0, 200_000.0
x, y = rng.uniform(0, side, n), rng.uniform(0, side, n)
x[: n // 2], y[: n // 2] = rng.triangular(0, 0, side, n // 2), rng.triangular(0, 0, side, n // 2)
x[:2], y[:2] = [0.0, side], [0.0, side]
x, y = x + x0, y + y0
keys = np.floor(x / 50).astype(np.int64) * 1_000_000 + np.floor(y / 50).astype(np.int64)
settings = HotspotSettings(100.0, case["bandwidth"], case["radius"])
size = size_hotspot_request(
    (x.min(), y.min(), x.max(), y.max()),
    cell_size=100.0, bandwidth=case["bandwidth"], radius=case["radius"],
)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
report = hotspot_report(
    easting=x, northing=y, place_keys=keys, place_labels=keys.astype(str).astype(object),
    months=np.full(n, "2024-05", dtype="datetime64[M]"), month_start="2024-01",
    month_end="2024-12", settings=settings,
)
summary = json.dumps(report.to_dict())
layers = json.dumps(report_features(report, {}))
print(json.dumps({
    "cells": size.grid.n_cells, "kernel": size.kernel_cells, "window": size.window_cells,
    "neighbours": size.window_neighbours, "pairs": size.neighbour_pairs,
    "convolution": size.convolution_cells, "significant": int((report.classes != 0).sum()),
    "listed": len(report.cells), "seconds": time.perf_counter() - started,
    "before_mib": before, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "json_mb": (len(summary) + len(layers)) / 1e6,
}))
"""


def attack_refused() -> str:
    from clearhold.analysis.hotspot_limits import HotspotInputError, size_hotspot_request

    fenland_asb = (523_700.0, 284_200.0, 549_700.0, 316_700.0)
    try:
        size_hotspot_request(fenland_asb, cell_size=35, bandwidth=20_000, radius=50_000)
    except HotspotInputError as refusal:
        return str(refusal)
    return "ACCEPTED"


def run_case(name: str, case: dict, points: int, seed: int) -> bool:
    arguments = json.dumps({**case, "points": points, "seed": seed})
    done = subprocess.run(
        [sys.executable, "-c", CHILD, arguments], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        print(f"  {name}: FAILED\n{done.stderr[-2000:]}")
        return False
    f = json.loads(done.stdout)
    ok = f["peak_mib"] < BUDGET_MIB
    print(f"\n{name}")
    print(
        f"  grid {f['cells']:,} cells; kernel reach {f['kernel']} cells; Gi* window "
        f"{f['window']} cells ({f['neighbours']:,} neighbours, {f['pairs']:,} pairs, never "
        f"built); largest convolution {f['convolution']:,} values"
    )
    print(
        f"  {points:,} incidents; {f['significant']:,} significant cells, {f['listed']:,} "
        f"listed; {f['json_mb']:.1f} MB of JSON; report + JSON + map {f['seconds']:.1f} s"
    )
    print(
        f"  peak resident memory     {f['peak_mib']:8.0f} MiB   budget {BUDGET_MIB} MiB   "
        + ("OK" if ok else "OVER BUDGET")
    )
    print(f"  of which the report      {f['peak_mib'] - f['before_mib']:8.0f} MiB")
    return ok


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--points", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=20_241_205)
    args = p.parse_args(argv)

    started = time.perf_counter()
    print(f"bench_hotspot_memory: Python {platform.python_version()}, budget {BUDGET_MIB} MiB")
    print(
        f"\nthe 9.5 GB request (35 m, 20 km bandwidth, 50 km radius over Fenland):\n  refused: "
        f"{attack_refused()}"
    )
    ok = all([run_case(name, case, args.points, args.seed) for name, case in CASES.items()])
    print(
        f"\ntotal bench time {time.perf_counter() - started:.0f} s; worst accepted requests "
        + ("within budget" if ok else "OVER BUDGET")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
