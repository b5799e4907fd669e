"""Audit the pinned dependencies (constraints.txt) for known vulnerabilities with pip-audit.

Fails on any vulnerability, and on a partial audit (some pins audited, some not). When no pin at
all could be audited, the vulnerability data was out of reach (PyPI's per-version JSON, which
carries it, is not served by every mirror): that is said loudly and, unless
CLEARHOLD_AUDIT_STRICT=1, is not a failure, so that CI without that data still runs the rest.

    python scripts/dependency_audit.py [constraints.txt]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def main(constraints: Path) -> int:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--progress-spinner=off",
            "--format=json",
            "--no-deps",
            "--disable-pip",
            "--requirement",
            str(constraints),
        ],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stderr or result.stdout, file=sys.stderr)
        print("pip-audit: no report (see above).", file=sys.stderr)
        return 1
    pins = report["dependencies"]
    vulnerable = [d for d in pins if d.get("vulns")]
    skipped = [d for d in pins if d.get("skip_reason")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        return 1
    if skipped and len(skipped) == len(pins):
        print(
            f"pip-audit: none of the {len(pins)} pins could be audited: no vulnerability data "
            f"is reachable from here ({skipped[0]['skip_reason']}). NOTHING WAS AUDITED."
        )
        return 1 if os.environ.get("CLEARHOLD_AUDIT_STRICT") == "1" else 0
    if skipped:
        for dep in skipped:
            print(f"NOT AUDITED {dep['name']}: {dep['skip_reason']}")
        return 1
    print(f"pip-audit: {len(pins)} pins audited, no known vulnerabilities.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "constraints.txt")))
