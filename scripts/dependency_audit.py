"""Audit the pinned dependencies (constraints.txt) for known vulnerabilities, offline first.

1. Every pin is checked against the shipped snapshot of the Python Packaging Advisory Database
   (``scripts/advisories/``; its date and the number of advisories read are printed). A match
   fails the audit unless ``scripts/advisory-allowlist.toml`` explains it (id, package, reason).
2. Every pin is checked against the package index (``pip index versions``): a pin that is not
   the newest patch release of its series is warned about, since fixes published after the
   snapshot's date come as patch releases. An index that cannot be reached, or answers slowly,
   is a warning, never a failure; the whole check is bounded by ``CLEARHOLD_AUDIT_INDEX_BUDGET``
   seconds (default 120; about 20 s here for 122 pins) and skipped with
   ``CLEARHOLD_AUDIT_SKIP_INDEX=1``.
3. ``pip-audit`` runs only when an online vulnerability service answers a quick probe (skip the
   probe with ``CLEARHOLD_AUDIT_SKIP_ONLINE=1``); its findings fail as the snapshot's do.

    python scripts/dependency_audit.py [constraints.txt]
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import advisories
import online_checks

ALLOWLIST = Path(__file__).resolve().parent / "advisory-allowlist.toml"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)")


def read_pins(constraints: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """The ``name==version`` pins of a constraints file, and the lines that pin nothing."""
    pins, loose = [], []
    for raw in constraints.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        if match := PIN.match(line):
            pins.append((match.group(1), match.group(2)))
        else:
            loose.append(line)
    return pins, loose


def read_allowlist(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    """The allow-list's entries, and what is wrong with any that lacks an id, package or
    reason (such an entry explains nothing and is not used)."""
    if not path.exists():
        return [], []
    entries, problems = [], []
    for number, entry in enumerate(tomllib.loads(path.read_text("utf-8")).get("advisory", []), 1):
        missing = [
            key for key in ("id", "package", "reason") if not str(entry.get(key, "")).strip()
        ]
        if missing:
            problems.append(f"{path.name} entry {number} has no {', '.join(missing)}.")
        else:
            entries.append({key: str(entry[key]).strip() for key in ("id", "package", "reason")})
    return entries, problems


def explained(
    allowlist: list[dict[str, str]], package: str, names: set[str]
) -> dict[str, str] | None:
    """The allow-list entry explaining an advisory (by id or alias) for ``package``."""
    for entry in allowlist:
        same_package = advisories.normalise(entry["package"]) == advisories.normalise(package)
        if same_package and entry["id"].upper() in names:
            return entry
    return None


def offline_audit(
    snapshot: advisories.Snapshot,
    pins: list[tuple[str, str]],
    allowlist: list[dict[str, str]],
) -> tuple[int, set[int]]:
    """Print each pin's matches in the snapshot; return how many are unexplained and which
    allow-list entries were used."""
    failures, used = 0, set()
    for name, version in pins:
        for advisory in snapshot.matches(name, version):
            fixed = ", ".join(advisory.fixed_in(name)) or "no fixed version"
            entry = explained(allowlist, name, advisory.names())
            if entry is None:
                failures += 1
                also = f" ({', '.join(advisory.aliases)})" if advisory.aliases else ""
                print(f"VULNERABLE {name} {version}: {advisory.id}{also}, fixed in {fixed}.")
                if advisory.summary:
                    print(f"    {advisory.summary[:160]}")
            else:
                used.add(allowlist.index(entry))
                print(f"ALLOWED {name} {version}: {advisory.id}: {entry['reason']}")
    return failures, used


def pip_audit_verdict(report: dict[str, Any], allowlist: list[dict[str, str]]) -> int:
    """Print pip-audit's findings; 1 on an unexplained vulnerability or a partial audit."""
    pins = report.get("dependencies", [])
    skipped = [d for d in pins if d.get("skip_reason")]
    failures = 0
    for dep in pins:
        for vuln in dep.get("vulns", []):
            names = {vuln["id"].upper(), *(a.upper() for a in vuln.get("aliases", []))}
            entry = explained(allowlist, dep["name"], names)
            if entry:
                print(f"ALLOWED {dep['name']} {dep['version']}: {vuln['id']}: {entry['reason']}")
                continue
            failures += 1
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
    if skipped and len(skipped) == len(pins):
        print(f"pip-audit: none of the {len(pins)} pins could be audited. NOTHING WAS AUDITED.")
        return 1 if failures or os.environ.get("CLEARHOLD_AUDIT_STRICT") == "1" else 0
    for dep in skipped:
        print(f"NOT AUDITED {dep['name']}: {dep['skip_reason']}")
    if not failures and not skipped:
        print(f"pip-audit: {len(pins)} pins audited, no known vulnerabilities.")
    return 1 if failures or skipped else 0


def online_audit(constraints: Path, allowlist: list[dict[str, str]]) -> int:
    """Run pip-audit when a vulnerability service answers; say so and pass when none does."""
    if os.environ.get("CLEARHOLD_AUDIT_SKIP_ONLINE") == "1":
        print("pip-audit: skipped (CLEARHOLD_AUDIT_SKIP_ONLINE=1).")
        return 0
    service, tried = online_checks.answering_service()
    if service is None:
        print(f"pip-audit: skipped, no vulnerability service answered ({tried}).")
        return 0
    report = online_checks.run_pip_audit(constraints, service)
    if report is None:
        print(f"pip-audit: no report from the {service} service (see above).", file=sys.stderr)
        return 1
    print(f"pip-audit ({service} service):")
    return pip_audit_verdict(report, allowlist)


def main(
    constraints: Path, snapshot_path: Path = advisories.ARCHIVE, allowlist_path: Path = ALLOWLIST
) -> int:
    pins, loose = read_pins(constraints)
    allowlist, problems = read_allowlist(allowlist_path)
    for problem in problems:
        print(f"ALLOW-LIST {problem}")
    snapshot = advisories.load(snapshot_path)
    commit = str(snapshot.meta.get("commit", ""))[:12]
    print(
        f"Advisories: {len(snapshot.advisories)} read ({snapshot.withdrawn} withdrawn skipped) "
        f"from the snapshot dated {snapshot.date} ({snapshot.meta.get('source', '?')} {commit})."
    )
    for line in loose:
        print(f"NOT PINNED {line}: only name==version pins can be audited.")
    failures, used = offline_audit(snapshot, pins, allowlist)
    print(
        f"Snapshot: {len(pins)} pins in {constraints.name} checked, "
        f"{failures} unexplained match{'es' if failures != 1 else ''}."
    )
    for number, entry in enumerate(allowlist):
        if number not in used:
            print(f"ALLOW-LIST {entry['id']} ({entry['package']}) no longer matches: remove it.")
    online_checks.check_index(pins)
    verdict = online_audit(constraints, allowlist)
    return 1 if failures or problems or loose or verdict else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "constraints.txt")))
