"""The parts of the dependency audit that need the network, each bounded in time and never a
failure when the network is not there: whether each pin is the newest patch release of its
series on the package index, and pip-audit against an online vulnerability service.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

QUERY_TIMEOUT_S = 20
PROBE_TIMEOUT_S = 3
WORKERS = 4


def newest_patch(pinned: str, available: list[str]) -> str | None:
    """The newest release of ``pinned``'s series (same major.minor) among ``available``, when it
    is newer than the pin; None when the pin is the newest. Pre-releases count only for a pin
    that is one."""
    try:
        pin = Version(pinned)
    except InvalidVersion:
        return None
    series = pin.release[:2]
    newer = []
    for text in available:
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if (
            version.release[:2] == series
            and version > pin
            and (pin.is_prerelease or not version.is_prerelease)
        ):
            newer.append(version)
    return str(max(newer)) if newer else None


def index_versions(name: str) -> list[str] | str:
    """The versions the package index lists for ``name``, or why it could not say."""
    command = [sys.executable, "-m", "pip", "index", "versions", "--json", name]
    command += ["--timeout", "5", "--retries", "0", "--disable-pip-version-check"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=QUERY_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return f"no answer in {QUERY_TIMEOUT_S} s"
    try:
        return list(json.loads(result.stdout)["versions"])
    except (json.JSONDecodeError, KeyError, TypeError):
        lines = (result.stderr or result.stdout).strip().splitlines()
        return lines[-1] if lines else f"pip exited with {result.returncode}"


BATCH = Path(__file__).resolve().parent / "pip_index_batch.py"


def batch_versions(names: list[str], budget: float) -> dict[str, list[str] | str]:
    """Each name's versions on the index (or why not), asked by ``WORKERS`` pip processes side
    by side, each for its share of the names (one process asking ~165 names in turn spent most
    of the time waiting on the network, and ran out of its 120 s on a loaded machine); names not
    answered within ``budget`` seconds are missing."""
    shares = [names[start::WORKERS] for start in range(WORKERS)]
    processes = [
        subprocess.Popen(
            [sys.executable, str(BATCH), *share],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for share in shares
        if share
    ]
    deadline = time.monotonic() + budget
    answers: dict[str, list[str] | str] = {}
    for process in processes:
        try:
            output, _ = process.communicate(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        answers |= _batch_answers(output or "")
    return answers


def _batch_answers(output: str) -> dict[str, list[str] | str]:
    """The answers in a batch process's output, one JSON line per name."""
    answers: dict[str, list[str] | str] = {}
    for line in output.splitlines():
        try:
            answer = json.loads(line)
        except json.JSONDecodeError:
            continue
        answers[answer["name"]] = answer.get("versions", answer.get("error", "no answer"))
    return answers


def threaded_versions(names: list[str], budget: float) -> dict[str, list[str] | str]:
    """The same, one ``pip index versions`` process per name (slower; used when the batch
    could not run at all)."""
    pool = ThreadPoolExecutor(max_workers=WORKERS)
    futures = {pool.submit(index_versions, name): name for name in names}
    done, _ = wait(futures, timeout=budget)
    pool.shutdown(wait=False, cancel_futures=True)
    return {futures[f]: f.result() for f in done}


def check_index(pins: list[tuple[str, str]]) -> None:
    """Warn about each pin that is not the newest patch release of its series. Prints how long
    the check took; anything the index did not answer in time is a warning."""
    if os.environ.get("CLEARHOLD_AUDIT_SKIP_INDEX") == "1":
        print("Index: skipped (CLEARHOLD_AUDIT_SKIP_INDEX=1).")
        return
    budget = float(os.environ.get("CLEARHOLD_AUDIT_INDEX_BUDGET", "120"))
    started = time.monotonic()
    names = [name for name, _ in pins]
    answers = batch_versions(names, budget)
    if not answers:
        answers = threaded_versions(names, budget - (time.monotonic() - started))
    behind, unanswered = [], []
    for name, version in pins:
        answer = answers.get(name, f"not answered within {budget:.0f} s")
        if isinstance(answer, str):
            unanswered.append(f"{name}: {answer}")
        elif newer := newest_patch(version, answer):
            behind.append(f"NOT NEWEST {name} {version}: {newer} is out (same series).")
    elapsed = time.monotonic() - started
    print(
        f"Index: {len(pins) - len(unanswered)} of {len(pins)} pins checked in {elapsed:.1f} s, "
        f"{len(behind)} not on the newest patch release of their series."
    )
    for line in behind:
        print(f"WARNING {line}")
    for line in unanswered:
        print(f"WARNING index did not answer for {line}")


def _answers(request: urllib.request.Request, expect: str | None) -> str:
    """'' when ``request`` gets a JSON object (holding ``expect``, if given), else what
    happened."""
    try:
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT_S) as response:
            body = json.loads(response.read(2_000_000))
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (OSError, ValueError) as error:
        return type(error).__name__
    if not isinstance(body, dict) or (expect is not None and expect not in body):
        return "not the answer of a vulnerability service"
    return ""


def answering_service() -> tuple[str | None, str]:
    """The pip-audit service that answers a quick probe ('pypi' or 'osv'), with what each
    probe got."""
    probes = {
        "pypi": urllib.request.Request("https://pypi.org/pypi/pip/24.0/json"),
        "osv": urllib.request.Request(
            "https://api.osv.dev/v1/query",
            data=json.dumps(
                {"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "24.0"}
            ).encode(),
            headers={"Content-Type": "application/json"},
        ),
    }
    expected = {"pypi": "vulnerabilities", "osv": None}
    tried = []
    for service, request in probes.items():
        failure = _answers(request, expected[service])
        if not failure:
            return service, ""
        tried.append(f"{request.host}: {failure}")
    return None, "; ".join(tried)


def run_pip_audit(constraints: Path, service: str) -> dict[str, Any] | None:
    """pip-audit's JSON report on the pins (None when it gave none)."""
    command = [sys.executable, "-m", "pip_audit", "--progress-spinner=off", "--format=json"]
    command += ["--no-deps", "--disable-pip", "--vulnerability-service", service]
    command += ["--timeout", "10", "--requirement", str(constraints)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        print("pip-audit: no answer within 600 s.", file=sys.stderr)
        return None
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stderr or result.stdout, file=sys.stderr)
        return None
