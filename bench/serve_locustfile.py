"""The users of bench/bench_serve.py: each signs in once as the demo's partnership manager,
then asks, with no pause between requests (the closed loop that finds what the server can
answer), for the pages of one scenario (``BENCH_SCENARIO``):

- ``problem``: the problem page, again and again (the issue's budget: p95 < 300 ms, >= 60/s);
- ``hotspots``: the hotspots page followed by its maps' layers (hot spots, emerging hot spots)
  as a browser fetches them (data-geojson-url): the budget's "repeated view";
- ``mixed``: both in turn.

Users are locust's FastHttpUser (geventhttpclient): the bench's own client shares the two
cores with the server, and the requests-based HttpUser cost several times the CPU a request.
"""

from __future__ import annotations

import html
import os
import re

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

PROBLEM_PATH = os.environ.get("BENCH_PROBLEM_PATH", "/problems/1/")
USERNAME = os.environ.get("BENCH_USERNAME", "manager")
PASSWORD = os.environ.get("BENCH_PASSWORD", "rhys-clear-hold-2026")
SCENARIO = os.environ.get("BENCH_SCENARIO", "mixed")


def _cookie(user: FastHttpUser, name: str) -> str:
    return next((c.value for c in user.client.cookiejar if c.name == name), "")


class SignedInUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.get("/sign-in/", name="sign in")
        answer = self.client.post(
            "/sign-in/",
            data={
                "username": USERNAME,
                "password": PASSWORD,
                "csrfmiddlewaretoken": _cookie(self, "csrftoken"),
            },
            headers={"Referer": f"{self.host}/sign-in/"},
            name="sign in",
        )
        if not _cookie(self, "sessionid"):
            raise RuntimeError(f"Signing in failed ({answer.status_code})")

    @task
    def scenario(self) -> None:
        if SCENARIO in ("problem", "mixed"):
            self.client.get(PROBLEM_PATH, name="problem page")
        if SCENARIO in ("hotspots", "mixed"):
            self._hotspots()

    def _hotspots(self) -> None:
        page = self.client.get("/hotspots/", name="hotspots page")
        for url in re.findall(r'data-geojson-url="([^"]+)"', page.text or ""):
            name = "emerging map" if "/emerging.json" in url else "hotspots map"
            self.client.get(html.unescape(url), name=name)
