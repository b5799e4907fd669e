"""The systemd units and the Containerfile in deploy/ start commands the CLI really has, with
options it really takes (a renamed option would otherwise surface only on a server)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearhold.cli import app

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _unit_commands() -> list[tuple[str, list[str]]]:
    found = []
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart="):
                found.append((unit.name, shlex.split(line.removeprefix("ExecStart="))))
    return found


def _container_commands() -> list[tuple[str, list[str]]]:
    text = (DEPLOY / "Containerfile").read_text()
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", text, re.MULTILINE).group(1))
    runs = re.findall(r"^RUN (?:\w+=\S+ )*clearhold (.*)$", text, re.MULTILINE)
    return [("CMD", cmd)] + [("RUN", ["clearhold", *shlex.split(run)]) for run in runs]


COMMANDS = _unit_commands() + _container_commands()


def test_every_unit_and_the_image_start_clearhold():
    units = {name for name, _ in _unit_commands()}
    assert units == {
        "clearhold-web.service",
        "clearhold-worker@.service",
        "clearhold-digests.service",
        "clearhold-retention.service",
    }
    assert [name for name, _ in _container_commands()] == ["CMD", "RUN"]


@pytest.mark.parametrize(("where", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_the_command_and_its_options_exist(where, command):
    assert Path(command[0]).name == "clearhold", where
    result = CliRunner().invoke(app, [*command[1:], "--help"])
    assert result.exit_code == 0, result.output


def test_the_image_matches_the_guide():
    """The Containerfile installs the guide's libraries and fonts, builds the assets on a
    Node.js new enough for the guide's requirement, and sets only documented variables."""
    from tests.serving.deploy_guide import GUIDE, apt_packages

    text = (DEPLOY / "Containerfile").read_text()
    guide = GUIDE.read_text()
    installed = re.search(r"--no-install-recommends \\\n(.*?)\\\n", text, re.DOTALL).group(1)
    assert set(installed.split()) <= set(apt_packages())
    # The base image is a build argument (deploy/build-drill.sh passes a stand-in); its default.
    node = int(re.search(r"^ARG NODE_IMAGE=docker\.io/library/node:(\d+)", text, re.M).group(1))
    wanted = re.search(r"needs Node\.js (\d+)\.\d+ or later", guide)
    assert node >= int(wanted.group(1))
    for name in set(re.findall(r"\b(CLEARHOLD_[A-Z_]+)=", text)):
        assert f"`{name}`" in guide, f"{name} is set in the image but not in docs/deploy.md"
