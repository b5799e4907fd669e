"""Per-request server time of the main pages on the demo (issue 21), a steadier proxy than
the load bench on a shared machine: Django's test client, signed in, asks for each page once
to warm the caches, then ``--repeat`` times, and prints the median CPU and wall time of one
request. ``--profile PAGE`` prints cProfile's top functions by cumulative time for that page.

    CLEARHOLD_DEMO=1 CLEARHOLD_VAR=DIR python bench/bench_page_cpu.py [--repeat 20]

DIR holds a loaded demo (``clearhold demo --no-serve``, or bench_serve.py's ``--var``).
60 requests/s on two cores leaves about 25 ms of server CPU per problem page.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearhold.web.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from clearhold.places.models import Site  # noqa: E402
from clearhold.problems.models import Problem  # noqa: E402

#: The evaluation asked for: the demo's Wisbech closure, a year before and six months after.
PERIODS = "months_before=12&months_after=6&buffer_m=250"


def _pages() -> dict[str, str]:
    problem = Problem.objects.order_by("pk").first()
    site = Site.objects.order_by("pk").first()
    pages = {"problem page": problem.get_absolute_url(), "hotspots page": "/hotspots/"}
    pages["hotspots map"] = "/hotspots/map.json"
    pages["emerging map"] = "/hotspots/emerging.json"
    if site is not None:
        asked = "intervention=2025-05-07&category=asb-unclassified&category=drugs"
        pages["evaluation page"] = f"/sites/{site.pk}/evaluate/?{asked}&{PERIODS}"
    return pages


def _timed(client: Client, path: str, repeat: int) -> tuple[float, float, int] | None:
    """Median CPU and wall milliseconds of one request, and the answer's size in bytes; None
    when the page is not there (an older version, to compare with)."""
    answer = client.get(path)
    if answer.status_code == 404:
        return None
    if answer.status_code != 200:
        raise RuntimeError(f"{path} answered {answer.status_code}")
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        answer = client.get(path)
        cpu.append(1000 * (time.process_time() - c0))
        wall.append(1000 * (time.perf_counter() - w0))
    return statistics.median(cpu), statistics.median(wall), len(answer.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--user", default="manager")
    parser.add_argument("--profile", default="", help="a page name to profile")
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=args.user))
    pages = _pages()
    if args.profile:
        path = pages[args.profile]
        client.get(path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(path)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(
            45
        )
        return 0
    print(f"{'page':16} {'CPU ms':>8} {'wall ms':>8} {'bytes':>10}  (median of {args.repeat})")
    for name, path in pages.items():
        timed = _timed(client, path, args.repeat)
        if timed is None:
            print(f"{name:16} {'not there':>8}")
            continue
        cpu, wall, size = timed
        print(f"{name:16} {cpu:8.1f} {wall:8.1f} {size:10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
