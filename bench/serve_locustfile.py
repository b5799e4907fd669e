"""The users of bench/bench_serve.py: each signs in once as the demo's partnership manager,
then asks for the problem page and the hotspots page in turn, the hotspots page followed by its
maps' layers (hot spots, emerging hot spots) as a browser fetches them (data-geojson-url), with
no pause between requests (the closed loop that finds what the server can answer)."""

from __future__ import annotations

import html
import os
import re

from locust import HttpUser, constant, task

PROBLEM_PATH = os.environ.get("BENCH_PROBLEM_PATH", "/problems/1/")
USERNAME = os.environ.get("BENCH_USERNAME", "manager")
PASSWORD = os.environ.get("BENCH_PASSWORD", "rhys-clear-hold-2026")


class SignedInUser(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.get("/sign-in/", name="sign in")
        token = self.client.cookies.get("csrftoken", "")
        answer = self.client.post(
            "/sign-in/",
            {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="sign in",
        )
        if "sessionid" not in self.client.cookies:
            raise RuntimeError(f"Signing in failed ({answer.status_code})")

    @task
    def problem_page(self) -> None:
        self.client.get(PROBLEM_PATH, name="problem page")

    @task
    def hotspots_page(self) -> None:
        page = self.client.get("/hotspots/", name="hotspots page")
        for url in re.findall(r'data-geojson-url="([^"]+)"', page.text):
            name = "emerging map" if "/emerging.json" in url else "hotspots map"
            self.client.get(html.unescape(url), name=name)
