"""docs/deploy.md as a script: its shell blocks, found by what they do, with the few
substitutions a drill on a test machine needs (a scratch folder for /etc/clearhold, the test's
user for `sudo -u clearhold`, this virtual environment for /srv/clearhold/.venv). Every
substitution must find its text in the guide, so a changed guide fails the drill loudly rather
than drilling something else."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"
UNITS = ROOT / "deploy" / "systemd"


def shell_blocks(text: str) -> list[str]:
    """The ```sh blocks of a Markdown text, in order."""
    return re.findall(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def guide_block(marker: str, *, at_start: bool = False) -> str:
    """The one shell block of docs/deploy.md that contains ``marker`` (or starts with it)."""
    blocks = shell_blocks(GUIDE.read_text())
    found = [b for b in blocks if (b.startswith(marker) if at_start else marker in b)]
    assert len(found) == 1, f"{len(found)} blocks of docs/deploy.md contain {marker!r}"
    return found[0]


def unit_command(unit: str) -> list[str]:
    """The ExecStart command of a systemd unit in deploy/systemd."""
    for line in (UNITS / unit).read_text().splitlines():
        if line.startswith("ExecStart="):
            return shlex.split(line.removeprefix("ExecStart="))
    raise AssertionError(f"{unit} has no ExecStart")


def apt_packages() -> list[str]:
    """The Debian packages the guide's `apt-get install` lines name."""
    block = guide_block("apt-get install").replace("\\\n", " ")
    names: list[str] = []
    for line in block.splitlines():
        words = line.split()
        if words[:2] == ["apt-get", "install"]:
            names += [word for word in words[2:] if not word.startswith("-")]
    return names


@dataclass
class Drill:
    """Substitutions from the guide's text to the drill's, each checked to occur."""

    replacements: list[tuple[str, str]] = field(default_factory=list)

    def script(self, block: str) -> str:
        """``block`` with the substitutions that apply to it, in one pass (the longest text
        first, and never again inside a replacement); other text stays as written."""
        table = dict(self.replacements)
        pattern = "|".join(re.escape(old) for old in sorted(table, key=len, reverse=True))
        return re.sub(pattern, lambda found: table[found.group(0)], block)

    def check_used(self) -> None:
        """Every substitution names text the guide (or a unit) really has."""
        text = GUIDE.read_text() + "".join(p.read_text() for p in UNITS.glob("*.service"))
        missing = [old for old, _ in self.replacements if old not in text]
        assert not missing, f"the guide no longer has {missing}: update the drill"
