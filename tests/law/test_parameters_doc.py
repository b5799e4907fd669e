"""docs/law-parameters.md lists every row of the parameter table as it is."""

from __future__ import annotations

from pathlib import Path

from clearhold.law.parameters import PARAMETERS

DOC = Path(__file__).resolve().parents[2] / "docs" / "law-parameters.md"


def test_every_parameter_row_is_in_the_document():
    rows = {line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| `")}
    expected = set()
    for r in PARAMETERS:
        start = f"| `{r.name}` | {r.value} | {r.section} | {r.effective_from or 'not in force'} |"
        match = [line for line in rows if line.startswith(start)]
        assert len(match) == 1, f"{start} missing from {DOC.name}"
        expected.add(match[0])
    assert rows == expected
