"""`clearhold document`: the same service as the web page, from the command line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from clearhold.cli import app
from clearhold.documents.models import GeneratedDocument

pytestmark = pytest.mark.django_db
runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, ["document", *args])


def test_makes_the_notice_and_writes_it(served, details, inspector, problem, tmp_path):
    out = tmp_path / "notice.pdf"
    result = _run("closure_notice", "--problem", str(problem.pk), "--as", "inspector",
                  "--out", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    document = GeneratedDocument.objects.get()
    assert out.read_bytes().startswith(b"%PDF")
    assert document.sha256 in result.output.replace("\n", "")


def test_a_blocked_notice_exits_2_naming_what_is_missing(served, inspector, problem, tmp_path):
    result = _run("closure_notice", "--problem", str(problem.pk), "--as", "inspector",
                  "--out", str(tmp_path / "x.pdf"))  # fmt: skip
    assert result.exit_code == 2
    assert "s.76(5)(g)" in result.output
    assert not GeneratedDocument.objects.exists()


def test_a_user_without_rights_exits_3(served, details, outsider, problem, tmp_path):
    result = _run("closure_notice", "--problem", str(problem.pk), "--as", "outsider",
                  "--out", str(tmp_path / "x.pdf"))  # fmt: skip
    assert result.exit_code == 3
    assert "Refused" in result.output
