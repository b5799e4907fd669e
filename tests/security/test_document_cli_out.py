"""`clearhold document --out` (security probe, issue 21).

Reproduced: with a umask of 022 the file written to ``--out`` (a closure notice, a letter run,
a bundle: personal data) was readable by every account on the server, and a file already there
kept its mode. A signed-in person of another organisation learned which problems exist: a
problem that did not exist said "No problem 99" (exit 1), one that was not theirs "Refused"
(exit 3), and one theirs but without a closure "Nothing on problem … to make … from".

What must hold: the file is written 0600, even over an existing 0644 file; a problem the maker
may not see, existing or not, gets one and the same one-line refusal with exit code 3.
"""

from __future__ import annotations

import os
import stat

import pytest
from typer.testing import CliRunner

from clearhold.cli import app
from clearhold.documents.models import GeneratedDocument

pytestmark = pytest.mark.django_db


def _run(*args: str):
    return CliRunner().invoke(app, ["document", *args], env={"COLUMNS": "300"})


def test_the_file_is_written_0600_even_over_a_readable_one(
    served, details, inspector, problem, tmp_path
):
    out = tmp_path / "notice.pdf"
    out.write_bytes(b"old")
    out.chmod(0o644)
    old = os.umask(0o022)
    try:
        result = _run("closure_notice", "--problem", str(problem.pk), "--as", "inspector",
                      "--out", str(out))  # fmt: skip
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes().startswith(b"%PDF")


def test_a_problem_not_theirs_and_a_missing_one_are_refused_alike(
    served, details, outmanager, problem, tmp_path
):
    out = tmp_path / "x.pdf"
    theirs = _run("closure_notice", "--problem", str(problem.pk), "--as", outmanager.username,
                  "--out", str(out))  # fmt: skip
    missing = _run("closure_notice", "--problem", "999999", "--as", outmanager.username,
                   "--out", str(out))  # fmt: skip
    assert theirs.exit_code == missing.exit_code == 3
    assert len(theirs.output.strip().splitlines()) == 1
    assert theirs.output.replace(str(problem.pk), "N") == missing.output.replace("999999", "N")
    assert not out.exists()
    assert not GeneratedDocument.objects.exists()


def test_a_problem_without_a_closure_not_theirs_says_nothing_of_it(problem, outmanager, tmp_path):
    result = _run("closure_notice", "--problem", str(problem.pk), "--as", outmanager.username,
                  "--out", str(tmp_path / "x.pdf"))  # fmt: skip
    assert result.exit_code == 3
    assert "Nothing on problem" not in result.output
