"""Benchmark: one full before/after evaluation over a force's police.uk history.

Data: every ``/work/shared/data/policeuk/bedfordshire/*.csv.gz`` (51 months, about 262,000
rows), loaded once with pandas and projected to British National Grid (not timed).
Target: a 300 m circle on Bedford town centre (High Street / Silver Street, BNG 504 950,
249 700), 250 m buffer, the rest of the force as control; anti-social behaviour, drugs and public
order; intervention 1 July 2023, 12 months each side (29 months before in the data, so the
interrupted time series is fitted).

Timed: the :func:`clearhold.analysis.evaluate.evaluate` call itself (median of ``--runs``),
target < 0.5 s. For comparison, the naive pandas route a user would otherwise write: a shapely
``Point`` per row tested against target and buffer with ``DataFrame.apply``, a ``groupby`` of
area × month, then the same statistics (scipy binomial tests, RES, WDQ, a statsmodels ITS).

Run: ``.venv/bin/python bench/bench_evaluate.py [--runs 7] [--data DIR]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "policeuk" / "bedfordshire"
CENTRE = (504_950.0, 249_700.0)
RADIUS_M = 300.0
BUFFER_M = 250.0
INTERVENTION = "2023-07-01"
CATEGORIES = ["Anti-social behaviour", "Drugs", "Public order"]
TARGET_SECONDS = 0.5


def load(directory: Path):
    import pandas as pd
    from pyproj import Transformer

    paths = sorted(directory.glob("*.csv.gz"))
    frame = pd.concat((pd.read_csv(p) for p in paths), ignore_index=True)
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = to_bng.transform(frame["Longitude"].to_numpy(), frame["Latitude"].to_numpy())
    frame["x"], frame["y"] = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return frame, len(paths)


def library(frame, arrays, target):
    from clearhold.analysis.evaluate import evaluate

    return evaluate(
        **arrays,
        target=target,
        intervention=INTERVENTION,
        categories=CATEGORIES,
        buffer_m=BUFFER_M,
    )


def naive(frame, target):
    """What a user would write with pandas + shapely + scipy + statsmodels."""
    import pandas as pd
    import statsmodels.api as sm
    import statsmodels.formula.api as smf
    from scipy import stats
    from shapely.geometry import Point

    ring = target.buffer(BUFFER_M).difference(target)
    df = frame[frame["Crime type"].isin(CATEGORIES) & frame["x"].notna()].copy()

    def area(row):
        p = Point(row["x"], row["y"])
        if target.contains(p):
            return "target"
        if ring.contains(p):
            return "buffer"
        return "control"

    df["area"] = df.apply(area, axis=1)
    counts = df.groupby(["area", "Month"]).size().unstack(fill_value=0)
    before = [str(m) for m in pd.period_range("2022-07", "2023-06", freq="M")]
    after = [str(m) for m in pd.period_range("2023-07", "2024-06", freq="M")]
    before = [m for m in before if m in counts.columns]
    after = [m for m in after if m in counts.columns]
    out = {}
    for name in ("target", "buffer", "control"):
        b, a = int(counts.loc[name, before].sum()), int(counts.loc[name, after].sum())
        test = stats.binomtest(a, a + b, len(after) / (len(before) + len(after)))
        out[name] = (b, a, test.pvalue, test.proportion_ci(method="exact"))
    (tb, ta), (bb, ba), (cb, ca) = (out[k][:2] for k in ("target", "buffer", "control"))
    out["res"] = (tb * ca) / (ta * cb)
    out["wdq"] = (ba / ca - bb / cb) / (ta / ca - tb / cb)
    series = counts.loc["target"]
    months = pd.PeriodIndex(series.index, freq="M")
    keep = months < pd.Period("2024-07", "M")
    its = pd.DataFrame(
        {
            "y": series.to_numpy()[keep],
            "t": (months[keep] - months[0]).map(lambda d: d.n),
            "moy": months[keep].month,
            "post": (months[keep] >= pd.Period(INTERVENTION[:7], "M")).astype(float),
        }
    )
    out["its"] = smf.glm("y ~ t + C(moy) + post", its, family=sm.families.Poisson()).fit()
    return out


def _median_time(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def from_the_store(directory: Path, target, runs: int) -> tuple[float, object]:
    """The same evaluation as the Evaluate page runs it: incidents read from a SQLite store
    (loaded first, not timed) by the page's selector, then evaluated. Timed together."""
    import datetime as dt
    import os
    import tempfile

    scratch = tempfile.mkdtemp()
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
    from clearhold.evaluation.inputs import resolve_categories
    from clearhold.evaluation.run import EvaluationRequest, run_evaluation
    from clearhold.evaluation.selectors import evaluation_data
    from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run

    paths = sorted(directory.glob("*.csv.gz"))
    batch = import_batch_create(
        user=None, source="policeuk", files=[IncomingFile(p, p.name) for p in paths]
    )
    import_batch_run(batch=batch)
    choice = resolve_categories(CATEGORIES)
    request = EvaluationRequest(
        target=target,
        intervention=dt.date.fromisoformat(INTERVENTION),
        choice=choice,
        buffer_m=BUFFER_M,
    )

    def run():
        data = evaluation_data(user=None, choice=choice, target=target)
        return run_evaluation(data, request)[0]

    run()
    return _median_time(run, runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs (median reported)")
    parser.add_argument("--naive-runs", type=int, default=3, help="timed runs of the naive route")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of police.uk CSV.gz")
    args = parser.parse_args(argv)
    if not sorted(args.data.glob("*.csv.gz")):
        print(f"skipped: no police.uk files in {args.data}")
        return 0

    import shapely

    frame, files = load(args.data)
    target = shapely.Point(*CENTRE).buffer(RADIUS_M)
    arrays = {
        "easting": frame["x"].to_numpy(),
        "northing": frame["y"].to_numpy(),
        "month": frame["Month"].to_numpy().astype("datetime64[M]"),
        "category": frame["Crime type"].to_numpy().astype(str),
    }
    library(frame, arrays, target)  # warm-up: imports statsmodels, scipy's binomtest
    seconds, result = _median_time(lambda: library(frame, arrays, target), args.runs)
    print(f"data: {len(frame):,} rows, {files} monthly files, {args.data}")
    print(
        f"evaluation: target {result.target.before}->{result.target.after}, buffer "
        f"{result.buffer.before}->{result.buffer.after}, control {result.control.before}->"
        f"{result.control.after}, ITS {'fitted: ' + result.its.model if result.its else 'none'}"
    )
    verdict = "OK" if seconds < TARGET_SECONDS else "SLOWER THAN TARGET"
    print(
        f"clearhold evaluate(): median {seconds * 1000:.1f} ms over {args.runs} runs "
        f"(target < {TARGET_SECONDS * 1000:.0f} ms: {verdict})"
    )
    naive_seconds, naive_out = _median_time(lambda: naive(frame, target), args.naive_runs)
    assert (naive_out["target"][0], naive_out["target"][1]) == (
        result.target.before,
        result.target.after,
    ), "the naive route disagrees on the target counts"
    print(
        f"naive pandas + shapely per row + groupby: median {naive_seconds * 1000:.0f} ms over "
        f"{args.naive_runs} runs"
    )
    print(f"ratio naive / clearhold: {naive_seconds / seconds:.0f}x")
    stored_seconds, stored = from_the_store(args.data, target, args.runs)
    assert stored.target.before == result.target.before, "the store disagrees with the arrays"
    verdict = "OK" if stored_seconds < TARGET_SECONDS else "SLOWER THAN TARGET"
    print(
        f"from the SQLite store (query + evaluate, as the page does): median "
        f"{stored_seconds * 1000:.0f} ms over {args.runs} runs "
        f"(target < {TARGET_SECONDS * 1000:.0f} ms: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
