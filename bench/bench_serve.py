"""Load bench (issue 21): `clearhold serve` beside Django's development server, on the demo.

20 signed-in users (locust, headless) ask with no pause for 60 s, against each server in turn,
each starting with an empty results cache, in one run on the same machine and data, first for
the problem page alone, then for the hotspots page followed by its maps' layers as a browser
fetches them (one scenario per budget: the issue's budgets are each page's own, and a mix would
split the users between them); printed: p50, p95 and requests per second per page. The issue's
budgets for `clearhold serve` on two cores: problem page p95 < 300 ms and >= 60 requests/s;
hotspots page p95 < 500 ms. ``--scenario mixed`` runs both pages in turn in one run instead.

    python bench/bench_serve.py [--users 20] [--seconds 60] [--var DIR] [--scenario ...]

Measured 2026-12-06 on a quiet 2-core machine (load average under 1 before the run):
clearhold serve, problem page p50 780 ms, p95 1,100 ms, 22.6 requests/s (NOT met); hotspots
page p50 250 ms, p95 350 ms, 27.7 requests/s, its two map layers p95 250 ms (met); the
development server 2,700 ms / 9.3 requests/s and 1,000 ms / 12.9 requests/s. The two cores were
fully busy (100% user time, locust about 6% of it): one problem page costs about 56 ms served
alone through gunicorn (42 ms in Django's test client, bench_page_cpu.py), 80-90 ms of CPU
under load; 60 requests/s needs about 30. Two workers instead of five: 25 requests/s.

``--var`` reuses a folder holding a loaded demo (``clearhold demo --no-serve`` with
CLEARHOLD_VAR=DIR); without it the demo is loaded into a temporary folder first (about 30 s).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
PAGES = ("problem page", "hotspots page", "hotspots map", "emerging map")
SCENARIOS = ("problem", "hotspots", "mixed")
BUDGETS = {"problem page": (300, 60), "hotspots page": (500, None)}


def _environment(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLEARHOLD_")}
    path = f"{SRC}{os.pathsep}{env['PYTHONPATH']}" if env.get("PYTHONPATH") else str(SRC)
    return env | {
        "PYTHONPATH": path,
        "CLEARHOLD_VAR": str(var),
        "CLEARHOLD_DEMO": "1",
        "DJANGO_SETTINGS_MODULE": "clearhold.web.settings",
    }


def _clearhold(*args: str) -> list[str]:
    return [sys.executable, "-m", "clearhold.cli", *args]


def _demo(var: Path, env: dict[str, str]) -> str:
    """Load the demo into ``var`` if it is not there; the problem page's path."""
    if not (var / "clearhold.sqlite3").exists():
        print(f"Loading the demo into {var}…", flush=True)
        subprocess.run(_clearhold("demo", "--no-serve"), env=env, check=True, capture_output=True)
    subprocess.run(_clearhold("manage", "migrate", "-v0"), env=env, check=True)
    probe = (
        "import django; django.setup(); from clearhold.problems.models import Problem; "
        "print(Problem.objects.order_by('pk').first().get_absolute_url())"
    )
    found = subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True)
    return found.stdout.decode().strip()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(base: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"No answer from {base} in {seconds:.0f} s")


def _locust(base: str, env: dict[str, str], users: int, seconds: int) -> dict[str, dict]:
    """Run locust headless against ``base``; per page: p50, p95, requests/s, failures."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "run"
        command = [
            *(sys.executable, "-m", "locust", "-f", str(HERE / "serve_locustfile.py")),
            *("--headless", "--only-summary", "--host", base, "--csv", str(prefix)),
            *("-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--loglevel", "WARNING"),
        ]
        ran = subprocess.run(command, env=env, check=False, capture_output=True, text=True)
        try:
            with open(f"{prefix}_stats.csv", newline="") as stats:
                rows = {row["Name"]: row for row in csv.DictReader(stats)}
        except FileNotFoundError:
            raise RuntimeError(f"locust wrote no figures:\n{ran.stderr[-2000:]}") from None
    return {
        page: {
            "p50": float(rows[page]["50%"]),
            "p95": float(rows[page]["95%"]),
            "rps": float(rows[page]["Requests/s"]),
            "failures": int(rows[page]["Failure Count"]),
        }
        for page in PAGES
        if page in rows
    }


def _run_server(argv: list[str], env: dict[str, str], users: int, seconds: int) -> dict:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [part.replace("{port}", str(port)) for part in argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(base)
        return _locust(base, env, users, seconds)
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--var", type=Path, default=None)
    parser.add_argument(
        "--scenario", choices=SCENARIOS, action="append", help="default: problem, then hotspots"
    )
    args = parser.parse_args()
    scenarios = args.scenario or ["problem", "hotspots"]
    with tempfile.TemporaryDirectory() as scratch:
        var = args.var or Path(scratch)
        env = _environment(var)
        env["BENCH_PROBLEM_PATH"] = _demo(var, env)
        servers = {
            "clearhold serve": _clearhold("serve", "--port", "{port}"),
            "development server": _clearhold(
                "manage", "runserver", "127.0.0.1:{port}", "--noreload"
            ),
        }
        results: dict[str, dict] = {}
        for name, argv in servers.items():
            results[name] = {}
            for scenario in scenarios:
                print(f"{name}, {scenario}: {args.users} users for {args.seconds} s…", flush=True)
                shutil.rmtree(var / "cache", ignore_errors=True)  # each run starts uncached
                env["BENCH_SCENARIO"] = scenario
                results[name] |= _run_server(argv, env, args.users, args.seconds)
    _report(results, args.users, args.seconds, os.cpu_count() or 0)
    return 0


def _report(results: dict, users: int, seconds: int, cpus: int) -> None:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\n{users} signed-in users, {seconds} s per scenario, {cpus} CPUs, demo store")
    print(f"load average at the end (1, 5, 15 min): {load}; the bench's own locust shares the CPUs")
    print(f"{'server':20} {'page':14} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'failed':>7}")
    for server, pages in results.items():
        for page in PAGES:
            figures = pages.get(page)
            if figures is None:
                print(f"{server:20} {page:14} {'no requests':>33}")
                continue
            print(
                f"{server:20} {page:14} {figures['p50']:8.0f} {figures['p95']:8.0f} "
                f"{figures['rps']:7.1f} {figures['failures']:7d}"
            )
    serve = results.get("clearhold serve", {})
    for page, (p95_budget, rps_budget) in BUDGETS.items():
        figures = serve.get(page)
        if figures is None:
            continue
        met = figures["p95"] < p95_budget and (rps_budget is None or figures["rps"] >= rps_budget)
        wanted = f"p95 < {p95_budget} ms" + (f", >= {rps_budget} req/s" if rps_budget else "")
        print(f"budget, {page} ({wanted}): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    sys.exit(main())
