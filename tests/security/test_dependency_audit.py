"""Dependencies audited offline (issue 15).

Finding: ``make audit`` ran only pip-audit, which cannot reach a vulnerability service from
these machines, so it printed "NOTHING WAS AUDITED" and passed: no pin was ever checked.
Reproduced by running ``make audit`` here (pip-audit's PyPI service answers 404).

Must hold: every pin in constraints.txt is checked against the shipped offline snapshot of the
Python Packaging Advisory Database (read from its compressed archive), OSV ranges evaluated as
the schema says (``introduced``/``fixed``/``last_affected``, unfixed ranges, explicit
``versions``), names compared as PEP 503 does; the snapshot's date and advisory count are
printed; a match fails unless a committed allow-list explains it with a reason; the index and
pip-audit checks warn, never fail, when the network is not there.
"""

from __future__ import annotations

import io
import json
import re
import sys
import tarfile
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st
from packaging.version import Version

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))
import advisories  # noqa: E402
import dependency_audit  # noqa: E402
import online_checks  # noqa: E402
import refresh_advisories  # noqa: E402


def advisory(id_: str, package: str, *events: dict, versions: tuple = (), **extra) -> dict:
    return {
        "id": id_,
        "summary": f"{id_} in {package}",
        "aliases": [f"CVE-{id_}"],
        "affected": [
            {
                "package": {"name": package, "ecosystem": "PyPI"},
                "ranges": [{"type": "ECOSYSTEM", "events": list(events)}] if events else [],
                "versions": list(versions),
            }
        ],
        **extra,
    }


def archive(path: Path, *documents: dict, date: str = "2031-02-03") -> Path:
    with tarfile.open(path, "w:xz") as tar:
        for name, data in [(advisories.META, json.dumps({"date": date}).encode())] + [
            (f"vulns/{d['affected'][0]['package']['name']}/{d['id']}.yaml", yaml.dump(d).encode())
            for d in documents
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setenv("CLEARHOLD_AUDIT_SKIP_INDEX", "1")
    monkeypatch.setenv("CLEARHOLD_AUDIT_SKIP_ONLINE", "1")


@pytest.fixture
def world(tmp_path, offline):
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("Django==4.2.0\nzope.interface==5.0\nrich==14.0.0  # a comment\n")
    snapshot = archive(
        tmp_path / "snapshot.tar.xz",
        advisory("PYSEC-1", "django", {"introduced": "4.2"}, {"fixed": "4.2.1"}),
        advisory("PYSEC-2", "rich", {"introduced": "0"}, {"fixed": "1.0"}),
    )
    allowlist = tmp_path / "allow.toml"
    return constraints, snapshot, allowlist


def audit(world) -> int:
    constraints, snapshot, allowlist = world
    return dependency_audit.main(constraints, snapshot, allowlist)


def test_a_pin_matching_an_advisory_fails_the_audit(world, capsys):
    assert audit(world) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE Django 4.2.0: PYSEC-1 (CVE-PYSEC-1), fixed in 4.2.1." in out
    assert "PYSEC-2" not in out
    assert "2 read (0 withdrawn skipped) from the snapshot dated 2031-02-03" in out
    assert "1 unexplained match." in out


def test_an_allow_list_entry_with_a_reason_explains_a_match(world, capsys):
    world[2].write_text(
        '[[advisory]]\nid = "CVE-PYSEC-1"\npackage = "DJANGO"\nreason = "Not reachable here."\n'
    )
    assert audit(world) == 0
    assert "ALLOWED Django 4.2.0: PYSEC-1: Not reachable here." in capsys.readouterr().out


def test_an_allow_list_entry_without_a_reason_explains_nothing(world, capsys):
    world[2].write_text('[[advisory]]\nid = "PYSEC-1"\npackage = "django"\nreason = " "\n')
    assert audit(world) == 1
    out = capsys.readouterr().out
    assert "entry 1 has no reason" in out
    assert "VULNERABLE Django 4.2.0: PYSEC-1" in out


def test_an_entry_for_another_package_explains_nothing(world):
    world[2].write_text('[[advisory]]\nid = "PYSEC-1"\npackage = "rich"\nreason = "Wrong."\n')
    assert audit(world) == 1


def test_a_line_that_pins_nothing_fails(world, capsys):
    world[0].write_text("Django>=4.2\n")
    assert audit(world) == 1
    assert "NOT PINNED Django>=4.2" in capsys.readouterr().out


def test_a_withdrawn_advisory_is_not_a_match(tmp_path, offline, capsys):
    constraints = tmp_path / "c.txt"
    constraints.write_text("django==4.2.0\n")
    withdrawn = advisory("PYSEC-9", "django", {"introduced": "0"}, withdrawn="2024-01-01")
    snapshot = archive(tmp_path / "s.tar.xz", withdrawn)
    assert dependency_audit.main(constraints, snapshot, tmp_path / "none.toml") == 0
    assert "0 read (1 withdrawn skipped)" in capsys.readouterr().out


# -- OSV range semantics -----------------------------------------------------------------------


def matches(version: str, *events: dict, versions: tuple = (), package: str = "pkg") -> bool:
    parsed = advisories.parse(advisory("X", package, *events, versions=versions))
    return advisories.affects(parsed, "pkg", version)


@pytest.mark.parametrize(
    ("version", "events", "versions", "affected"),
    [
        ("1.4", [{"introduced": "1.0"}, {"fixed": "1.5"}], (), True),
        ("1.5", [{"introduced": "1.0"}, {"fixed": "1.5"}], (), False),
        ("0.9", [{"introduced": "1.0"}, {"fixed": "1.5"}], (), False),
        ("1.0", [{"introduced": "1.0"}, {"fixed": "1.5"}], (), True),
        ("1.5", [{"introduced": "0"}, {"last_affected": "1.5"}], (), True),
        ("1.5.1", [{"introduced": "0"}, {"last_affected": "1.5"}], (), False),
        ("99.0", [{"introduced": "2.0"}], (), True),  # unfixed: everything since 2.0
        ("1.9", [{"introduced": "2.0"}], (), False),
        ("1.5rc1", [{"introduced": "0"}, {"fixed": "1.5"}], (), True),
        ("2.5", [{"introduced": "1.0"}, {"fixed": "2.0"}, {"introduced": "3.0"}], (), False),
        ("3.1", [{"introduced": "1.0"}, {"fixed": "2.0"}, {"introduced": "3.0"}], (), True),
        ("7.0", [], ("7.0",), True),  # listed only in versions
        ("7.0.0", [], ("7.0",), True),  # the same version, spelt differently
        ("7.1", [], ("7.0",), False),
        ("1.2", [{"introduced": "not a version"}, {"fixed": "2.0"}], (), False),
    ],
)
def test_range_semantics(version, events, versions, affected):
    assert matches(version, *events, versions=versions) is affected


versions = st.lists(st.integers(0, 20), min_size=1, max_size=3).map(
    lambda parts: Version(".".join(map(str, parts)))
)


@given(versions, versions, versions)
def test_introduced_fixed_is_a_half_open_interval(low, high, pin):
    assume(low < high)
    events = [{"introduced": str(low)}, {"fixed": str(high)}]
    assert matches(str(pin), *events) is (low <= pin < high)


@given(versions, versions)
def test_last_affected_is_inclusive(last, pin):
    assert matches(str(pin), {"introduced": "0"}, {"last_affected": str(last)}) is (pin <= last)


@pytest.mark.parametrize(
    ("declared", "pinned"),
    [
        ("zope.interface", "Zope_Interface"),
        ("PyYAML", "pyyaml"),
        ("typing-extensions", "Typing.Extensions"),
    ],
)
def test_names_compare_as_pep_503_says(declared, pinned):
    parsed = advisories.parse(advisory("X", declared, {"introduced": "0"}))
    assert advisories.affects(parsed, pinned, "1.0")
    assert not advisories.affects(parsed, pinned + "x", "1.0")


# -- the shipped snapshot ----------------------------------------------------------------------


def test_the_shipped_snapshot_loads_and_says_its_date():
    snapshot = advisories.load()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", snapshot.date)
    assert len(snapshot.advisories) > 1000
    assert snapshot.meta["advisories"] == len(snapshot.advisories) + snapshot.withdrawn
    assert any(a.id == "PYSEC-2023-100" for a in snapshot.matches("Django", "4.2.0"))
    assert advisories.ARCHIVE.stat().st_size < 1_000_000


def test_refreshing_from_a_source_directory_keeps_only_pypi(tmp_path):
    source = tmp_path / "db"
    for document in (
        advisory("PYSEC-7", "django", {"introduced": "0"}),
        {"id": "GO-1", "affected": [{"package": {"name": "x", "ecosystem": "Go"}}]},
    ):
        folder = source / "vulns" / document["affected"][0]["package"]["name"]
        folder.mkdir(parents=True)
        (folder / f"{document['id']}.yaml").write_text(yaml.dump(document))
    (source / "README.md").write_text("commit " + "a" * 40 + ", dated 2030-01-02.\n")
    target = tmp_path / "out" / "snapshot.tar.xz"
    assert refresh_advisories.main([str(source), "--output", str(target)]) == 0
    snapshot = advisories.load(target)
    assert (snapshot.date, [a.id for a in snapshot.advisories]) == ("2030-01-02", ["PYSEC-7"])
    assert "commit " + "a" * 40 in (target.parent / "README.md").read_text()


# -- the checks that need the network ------------------------------------------------------------


@pytest.mark.parametrize(
    ("pinned", "available", "newest"),
    [
        ("5.2.18", ["5.2.19", "5.2.18", "6.0"], "5.2.19"),
        ("5.2.19", ["5.2.19", "6.0", "5.3.1"], None),
        ("5.2.19", ["5.2.20rc1"], None),
        ("1.0rc1", ["1.0rc2"], "1.0rc2"),
    ],
)
def test_newest_patch_of_the_series(pinned, available, newest):
    assert online_checks.newest_patch(pinned, available) == newest


def test_an_unreachable_index_warns_and_does_not_fail(world, monkeypatch, capsys):
    monkeypatch.delenv("CLEARHOLD_AUDIT_SKIP_INDEX")
    monkeypatch.setattr(online_checks, "batch_versions", lambda names, budget: {})
    monkeypatch.setattr(online_checks, "index_versions", lambda name: "ConnectionError")
    world[0].write_text("rich==14.0.0\n")
    assert audit(world) == 0
    out = capsys.readouterr().out
    assert "0 of 1 pins checked" in out
    assert "WARNING index did not answer for rich: ConnectionError" in out


def test_a_pin_behind_its_series_is_warned_about(world, monkeypatch, capsys):
    monkeypatch.delenv("CLEARHOLD_AUDIT_SKIP_INDEX")
    answers = {"rich": ["14.0.1", "15.0"]}
    monkeypatch.setattr(online_checks, "batch_versions", lambda names, budget: answers)
    world[0].write_text("rich==14.0.0\n")
    assert audit(world) == 0
    assert "WARNING NOT NEWEST rich 14.0.0: 14.0.1 is out" in capsys.readouterr().out


def test_pins_the_index_did_not_answer_in_time_are_warned_about(world, monkeypatch, capsys):
    monkeypatch.delenv("CLEARHOLD_AUDIT_SKIP_INDEX")
    monkeypatch.setenv("CLEARHOLD_AUDIT_INDEX_BUDGET", "7")
    answers = {"Django": ["4.2.0"]}
    monkeypatch.setattr(online_checks, "batch_versions", lambda names, budget: answers)
    assert audit(world) == 1  # the Django advisory, not the index
    out = capsys.readouterr().out
    assert "1 of 3 pins checked" in out
    assert "WARNING index did not answer for rich: not answered within 7 s" in out


def test_pip_audit_is_skipped_when_no_service_answers(world, monkeypatch, capsys):
    monkeypatch.delenv("CLEARHOLD_AUDIT_SKIP_ONLINE")
    monkeypatch.setattr(online_checks, "answering_service", lambda: (None, "pypi.org: HTTP 404"))
    world[0].write_text("rich==14.0.0\n")
    assert audit(world) == 0
    assert "no vulnerability service answered (pypi.org: HTTP 404)" in capsys.readouterr().out


AUDITED = {"name": "django", "version": "5.2.19", "vulns": []}
SKIPPED = {"name": "rich", "skip_reason": "Dependency not found on PyPI: rich (14.3.4)"}
VULNERABLE = {
    "name": "django",
    "version": "5.2.0",
    "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "aliases": ["CVE-2025-1"]}],
}


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
def test_pip_audit_verdict(monkeypatch, capsys, dependencies, strict, verdict, said):
    if strict:
        monkeypatch.setenv("CLEARHOLD_AUDIT_STRICT", "1")
    report = {"dependencies": list(dependencies)}
    assert dependency_audit.pip_audit_verdict(report, []) == verdict
    assert said in capsys.readouterr().out


def test_pip_audit_findings_honour_the_allow_list(capsys):
    allow = [{"id": "CVE-2025-1", "package": "Django", "reason": "Unused feature."}]
    assert dependency_audit.pip_audit_verdict({"dependencies": [VULNERABLE]}, allow) == 0
    assert "ALLOWED django 5.2.0: PYSEC-2025-1: Unused feature." in capsys.readouterr().out
