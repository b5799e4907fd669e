"""The dependency audit's verdict on pip-audit's report: a vulnerability or a partial audit fails;
no data at all is said loudly and fails only when strict."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "dependency_audit.py"
spec = importlib.util.spec_from_file_location("dependency_audit", SCRIPT)
dependency_audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dependency_audit)

AUDITED = {"name": "django", "version": "5.2.19", "vulns": []}
SKIPPED = {"name": "rich", "skip_reason": "Dependency not found on PyPI: rich (14.3.4)"}
VULNERABLE = {
    "name": "django",
    "version": "5.2.0",
    "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}],
}


@pytest.fixture
def report(monkeypatch):
    def give(*dependencies):
        stdout = json.dumps({"dependencies": list(dependencies), "fixes": []})
        monkeypatch.setattr(
            subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout, "")
        )

    return give


@pytest.mark.parametrize(
    ("dependencies", "strict", "verdict", "said"),
    [
        ((AUDITED,), False, 0, "1 pins audited, no known vulnerabilities"),
        ((AUDITED, VULNERABLE), False, 1, "VULNERABLE django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)"),
        ((AUDITED, SKIPPED), False, 1, "NOT AUDITED rich"),
        ((SKIPPED,), False, 0, "NOTHING WAS AUDITED"),
        ((SKIPPED,), True, 1, "NOTHING WAS AUDITED"),
    ],
)
def test_the_verdict(report, monkeypatch, capsys, dependencies, strict, verdict, said):
    report(*dependencies)
    if strict:
        monkeypatch.setenv("CLEARHOLD_AUDIT_STRICT", "1")
    assert dependency_audit.main(Path("constraints.txt")) == verdict
    assert said in capsys.readouterr().out
