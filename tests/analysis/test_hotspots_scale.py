"""Ten million incidents go through the whole hotspot report within 2 GB (issue: bad input).

Run in a fresh process so the peak resident memory measured is the report's own, not the
test runner's. This checks memory only; speed is measured in bench/, never asserted here.
"""

import json
import subprocess
import sys

SCRIPT = """
import json, resource
import numpy as np
from clearhold.analysis.hotspots import hotspot_report
rng = np.random.default_rng(3)
n = 10_000_000
x = rng.uniform(500_000, 520_000, n)
y = rng.uniform(200_000, 220_000, n)
x[:200_000] = rng.normal(510_000, 50, 200_000)
y[:200_000] = rng.normal(210_000, 50, 200_000)
keys = np.floor(x / 50).astype(np.int64) * 1_000_000 + np.floor(y / 50).astype(np.int64)
report = hotspot_report(
    easting=x, northing=y, place_keys=keys, place_labels=keys,
    months=np.full(n, "2024-05", dtype="datetime64[M]"), month_start="2024-01", month_end="2024-12",
)
print(json.dumps({
    "located": report.n_located,
    "top_cluster": report.clusters[0].incidents,
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def test_ten_million_points_stay_under_two_gigabytes():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    figures = json.loads(result.stdout)
    assert figures["located"] == 10_000_000
    assert figures["top_cluster"] >= 200_000
    assert figures["peak_mib"] < 2048
