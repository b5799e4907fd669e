"""The command line acts as a named user, with that user's rights (issue 15, "guards that
guard").

Finding: ``clearhold hotspots``, ``evaluate`` and ``import`` ran with no user at all: anyone with
a shell on the server read the whole incident store and loaded files into it, past every rule
the pages apply, and the audit trail named no one (``import --user`` was optional). Reproduced
by running each command without a user, and as a partner viewer (whom the pages refuse): every
run succeeded.

Must hold: like ``document --as``, each command needs ``--as USERNAME``; the user's rights are
asked of the same rules as the pages (incidents.view, evaluation.run, incidents.import); a
refusal prints the rule's sentence, exits non-zero, is audited as that user and stores nothing;
an accepted run is audited as that user.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.cli import app
from clearhold.incidents.models import ImportBatch, Incident
from tests.conftest import WISBECH_TARGET
from tests.incidents.policeuk_files import FENLAND, row, write


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


@pytest.fixture
def commands(tmp_path):
    """Each command with everything but ``--as``, and the sentence its rule refuses with."""
    incidents = write(tmp_path / "a.csv", [row(i) for i in range(3)])
    hotspots = [
        "hotspots",
        "--category",
        "asb-unclassified",
        "--from",
        "2024-01",
        "--to",
        "2024-02",
    ]
    evaluate = [
        "evaluate", "--target", str(WISBECH_TARGET), "--intervention", "2025-05-07",
        "--category", "Anti-social behaviour", "--from-files", str(FENLAND),
    ]  # fmt: skip
    return {
        "hotspots": (hotspots, "cannot see the partnership’s incident data"),
        "evaluate": (evaluate, "cannot see the partnership’s incident data"),
        "import": (["import", "policeuk", str(incidents)], "can import incident data"),
    }


@pytest.mark.parametrize("name", ["hotspots", "evaluate", "import"])
def test_a_run_without_a_named_user_is_refused(commands, name, db):
    args, _ = commands[name]
    result = run(*args)
    assert result.exit_code == 2
    assert "--as" in result.output
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("name", ["hotspots", "evaluate", "import"])
def test_a_user_the_rules_refuse_is_refused_plainly_and_audited(commands, name, partner_viewer, db):
    args, sentence = commands[name]
    result = run(*args, "--as", partner_viewer.username)
    assert result.exit_code != 0
    assert "Refused" in result.output
    assert sentence in result.output.replace("\n", " ")
    refused = AuditEntry.objects.filter(action=AuditAction.REFUSED, username="viewer")
    assert refused.count() == 1
    assert not ImportBatch.objects.exists()
    assert not Incident.objects.exists()


@pytest.mark.parametrize("name", ["hotspots", "evaluate", "import"])
def test_an_unknown_user_is_refused(commands, name, db):
    args, _ = commands[name]
    result = run(*args, "--as", "nobody")
    assert result.exit_code == 1
    assert "no active ClearHold user called nobody" in result.output
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("name", ["hotspots", "evaluate", "import"])
def test_an_allowed_run_is_audited_as_the_user(commands, name, officer, db):
    args, _ = commands[name]
    result = run(*args, "--as", officer.username)
    assert result.exit_code == 0, result.output
    entries = AuditEntry.objects.filter(username="officer").exclude(action=AuditAction.REFUSED)
    assert entries.exists()
    if name == "import":
        assert ImportBatch.objects.get().created_by == officer
        assert Incident.objects.count() == 3
