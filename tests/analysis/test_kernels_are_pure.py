"""The hotspot kernels import no Django, and their docstring examples run."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys

import pytest

MODULES = [
    "grid",
    "kde",
    "gistar",
    "gistar_permutation",
    "fdr",
    "repeats",
    "trend",
    "hotspot_limits",
    "study_area",
]


def test_gistar_does_not_import_django():
    code = "import clearhold.analysis.gistar, sys; assert 'django' not in sys.modules"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_hotspot_kernels_do_not_import_django():
    imports = "; ".join(f"import clearhold.analysis.{m}" for m in MODULES)
    code = f"import sys; {imports}; assert 'django' not in sys.modules, 'django imported'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"clearhold.analysis.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0
