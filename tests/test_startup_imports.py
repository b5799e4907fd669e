"""Starting the CLI, or Django in any process, does not import the heavy analysis libraries:
they cost about 1.5 s at every start (`clearhold --help` took 1.5 s, django.setup() 1.6 s) and
are imported where a figure is drawn or an evaluation run (the web server imports them once
in its master process, before forking)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
HEAVY = ("scipy.stats", "matplotlib", "pandas", "pysyncon", "statsmodels")
STARTS = {
    "the CLI": "import clearhold.cli",
    "Django": "import django; django.setup()",
}


@pytest.mark.database  # django.setup() in a process given this run's DATABASE_URL
@pytest.mark.parametrize("start", STARTS)
def test_starting_imports_no_heavy_library(start):
    probe = (
        f"{STARTS[start]}; import sys; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "DJANGO_SETTINGS_MODULE": "clearhold.web.settings_test",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == []
