"""clearhold.law is pure: importing it (and every module in it) never imports Django."""

from __future__ import annotations

import subprocess
import sys


def test_law_never_imports_django():
    code = (
        "import importlib, pkgutil, sys\n"
        "import clearhold.law as law\n"
        "for m in pkgutil.walk_packages(law.__path__, 'clearhold.law.'):\n"
        "    importlib.import_module(m.name)\n"
        "assert not [k for k in sys.modules if k.startswith('django')]\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
