"""The functional core never imports Django (DESIGN.md §3)."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("package", ["clearhold.analysis", "clearhold.law", "clearhold.ingest"])
def test_core_package_does_not_import_django(package):
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "leaked = sorted(k for k in sys.modules if k.startswith('django'))\n"
        "assert not leaked, leaked\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
