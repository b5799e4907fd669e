"""The pure cores this package owns never import Django (DESIGN.md §3)."""

from __future__ import annotations

import subprocess
import sys


def test_ingest_and_geo_do_not_import_django():
    code = (
        "import importlib, pkgutil, sys\n"
        "import clearhold.geo, clearhold.ingest\n"
        "for m in pkgutil.walk_packages(clearhold.ingest.__path__, 'clearhold.ingest.'):\n"
        "    importlib.import_module(m.name)\n"
        "assert 'clearhold.ingest.mapped' in sys.modules\n"
        "leaked = sorted(k for k in sys.modules if k == 'django' or k.startswith('django.'))\n"
        "assert not leaked, leaked\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
