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


def test_a_purpose_lets_the_lead_print_personal_data_and_the_read_is_audited(
    problem, site, manager, tmp_path
):
    """The CLI reads through the same read model: without --purpose what a household said is
    left out; with one the lead sees it, the document is marked and the read audited."""
    import datetime as dt

    from clearhold.audit.models import AuditEntry
    from clearhold.documents.models import ConsultationResponse
    from clearhold.places.models import Unit

    unit = Unit.objects.create(site=site, name="Flat 1", address="Flat 1, Onyx Court")
    ConsultationResponse.objects.create(
        problem=problem, unit=unit, received_on=dt.date(2025, 4, 20), stance="objection",
        reason="The gate blocks my path", recorded_by=manager,
    )  # fmt: skip
    args = ["consultation_log", "--problem", str(problem.pk), "--as", "manager", "--format", "csv"]
    plain, said = tmp_path / "plain.csv", tmp_path / "said.csv"
    assert _run(*args, "--out", str(plain)).exit_code == 0
    assert "The gate blocks my path" not in plain.read_text(encoding="utf-8-sig")
    result = _run(*args, "--purpose", "problem_solving", "--out", str(said))
    assert result.exit_code == 0, result.output
    assert "The gate blocks my path" in said.read_text(encoding="utf-8-sig")
    assert [d.personal_data for d in GeneratedDocument.objects.order_by("id")] == [False, True]
    assert AuditEntry.objects.filter(
        action="view", purpose="problem_solving", data_class="restricted"
    ).exists()
    assert _run(*args, "--purpose", "curiosity", "--out", str(said)).exit_code != 0
