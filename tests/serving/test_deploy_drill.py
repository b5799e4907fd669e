"""The deploy drill: docs/deploy.md followed on this machine, to a running ClearHold on
PostgreSQL behind OpenID Connect. The guide's own shell blocks run (the environment file with
the Entra ID block, `clearhold manage check --deploy`, `migrate`, `collectstatic`, the first
administrator through `manage shell` answering its password prompt on a terminal), then the
systemd units' own commands start the web server and a task worker. Requests come as nginx
sends them (the site's host name, `X-Forwarded-Proto: https`); the organisation's provider is
Authlib's authorisation server on 127.0.0.1 standing in for Entra ID, registered with the
guide's callback address. What the drill cannot do on a test machine, it says: the packages are
looked up in Debian's package index rather than installed, the database is created in the
test's PostgreSQL server rather than by `sudo -u postgres`, the virtual environment is this
one, systemd and nginx are not running (their commands and headers are used instead)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dj_database_url
import psycopg
import pytest
import requests
from django.utils.crypto import get_random_string

from tests.accounts.oidc_provider import Provider, start
from tests.serving.deploy_guide import (
    GUIDE,
    ROOT,
    Drill,
    apt_packages,
    guide_block,
    unit_command,
)
from tests.serving.processes import (
    POSTGRESQL_ONLY,
    database_url,
    free_port,
    is_server_setting,
    on_a_terminal,
    on_postgresql,
    until,
)

SITE = "clearhold.example.gov.uk"
CALLBACK = f"https://{SITE}/oidc/callback/"
# What deploy/nginx/clearhold.conf passes on (proxy_set_header Host, X-Forwarded-Proto).
THROUGH_NGINX = {"Host": SITE, "X-Forwarded-Proto": "https"}
ENTRA = "https://login.microsoftonline.com/<tenant>"
SECTION_4 = "run .venv/bin/clearhold manage migrate"
CLEARHOLD = str(Path(sys.executable).parent / "clearhold")


@pytest.fixture
def database():
    """A new, empty database on the test's PostgreSQL server, owned by the test's role (the
    guide's `createdb --owner clearhold clearhold`); dropped afterwards."""
    server = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"{server['NAME']}_deploy_drill_{os.getpid()}"
    where = {"host": server["HOST"], "port": server["PORT"], "user": server["USER"]}
    where |= {"password": server["PASSWORD"]} if server["PASSWORD"] else {}
    with psycopg.connect(dbname="postgres", autocommit=True, **where) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" OWNER "{server["USER"]}"')
        try:
            yield database_url(server, name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def provider():
    """The organisation's identity provider, knowing ClearHold by the guide's callback."""
    found = Provider("clearhold-drill", get_random_string(32), CALLBACK)
    server = start(found)
    yield found
    server.shutdown()
    server.server_close()


def _drill(tmp_path: Path, provider: Provider) -> Drill:
    etc = tmp_path / "etc-clearhold"
    return Drill(
        [
            # Not root: the drill's folder and file are the test user's own.
            ("install -d -m 0750 -o root -g clearhold /etc/clearhold", f"install -d -m 0750 {etc}"),
            ("chown root:clearhold /etc/clearhold/environment", ": not root, no chown"),
            ("/etc/clearhold", str(etc)),
            ("sudo -u clearhold ", ""),
            ("cd /srv/clearhold", f"cd {ROOT}"),
            ("/srv/clearhold/.venv/bin/clearhold", CLEARHOLD),  # the units' (before the next)
            (".venv/bin/clearhold", CLEARHOLD),
            # Entra ID's values, with the provider on 127.0.0.1 standing in.
            ("<application (client) ID>", provider.client.client_id),
            ("<client secret value>", provider.client.client_secret),
            (f"{ENTRA}/oauth2/v2.0/authorize", f"{provider.url}/authorize"),
            (f"{ENTRA}/oauth2/v2.0/token", f"{provider.url}/token"),
            ("https://graph.microsoft.com/oidc/userinfo", f"{provider.url}/userinfo"),
            (f"{ENTRA}/discovery/v2.0/keys", f"{provider.url}/jwks"),
        ]
    )


def _environment() -> dict[str, str]:
    """The shell's environment: no ClearHold setting but what the guide's file gives."""
    keep = {k: v for k, v in os.environ.items() if not is_server_setting(k)}
    path = os.environ.get("PYTHONPATH", "")
    keep["PYTHONPATH"] = f"{ROOT / 'src'}{os.pathsep}{path}"
    return keep


def _set_up(drill: Drill, database: str, var: Path, password: str) -> str:
    """Sections 3 and 4 of the guide as one script, on a terminal (the password prompt reads
    it); what it printed."""
    script = "\n".join(
        [
            "set -euo pipefail",
            'step() { echo "drill: $1 at ${SECONDS} s"; }',
            "step environment",
            drill.script(guide_block("cat >> /etc/clearhold/environment <<'EOF'\nDATABASE_URL")),
            drill.script(guide_block("CLEARHOLD_OIDC_CLIENT_ID")),
            # The drill's database server and data folder, after the guide's own values.
            f"echo DATABASE_URL={database} >> {drill.script('/etc/clearhold/environment')}",
            f"echo CLEARHOLD_VAR={var} >> {drill.script('/etc/clearhold/environment')}",
            "step check",
            drill.script(guide_block("run() {")),  # cd, run(), check --deploy
            *(  # migrate, then collectstatic, each timed
                f"step {line.split()[-1]}\n{drill.script(line)}"
                for line in guide_block(SECTION_4, at_start=True).splitlines()
            ),
            "step administrator",
            drill.script(guide_block("getpass.getpass()")),
            "step done",
        ]
    )
    (var.parent / "set-up.sh").write_text(script)
    return on_a_terminal(["bash", str(var.parent / "set-up.sh")], _environment(), password)


def _service(drill: Drill, unit: str, log: Path, *extra: str) -> subprocess.Popen:
    """A unit's ExecStart run with its EnvironmentFile (through the guide's `run`), its output
    in ``log`` (the journal's part)."""
    run = next(line for line in guide_block("run() {").splitlines() if line.startswith("run()"))
    command = " ".join([drill.script(" ".join(unit_command(unit))), *extra])
    return subprocess.Popen(
        ["bash", "-c", f"{drill.script(run)}\ncd {ROOT}\nrun {command}"],
        env=_environment(),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, stopped as systemd would stop it
    )


def _health_checks(drill: Drill, port: int) -> list[dict]:
    """The guide's two curl lines, on the drill's port, as parsed JSON."""
    lines = drill.script(guide_block("curl -s http://127.0.0.1:8000/healthz")).splitlines()
    answers = []
    for line in lines:
        line = line.replace(":8000/", f":{port}/")
        answers.append(json.loads(subprocess.run(line, shell=True, capture_output=True).stdout))
    return answers


def _sign_in_through_the_provider(base: str, provider: Provider) -> requests.Response:
    """From ClearHold's sign-in page to the provider and back, as the first administrator."""
    page = requests.get(f"{base}/sign-in/", headers=THROUGH_NGINX, timeout=10)
    assert page.status_code == 200
    assert "Fenland District Council account" in page.text
    leave = requests.get(
        f"{base}/oidc/authenticate/", headers=THROUGH_NGINX, allow_redirects=False, timeout=10
    )
    assert leave.status_code == 302
    asked = urlsplit(leave.headers["Location"])
    assert f"{asked.scheme}://{asked.netloc}{asked.path}" == f"{provider.url}/authorize"
    assert parse_qs(asked.query)["redirect_uri"] == [CALLBACK]
    provider.person = {"sub": "it.admin", "email": "it.admin@example.gov.uk"}
    back = requests.get(leave.headers["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    returned = urlsplit(back.headers["Location"])
    assert f"{returned.scheme}://{returned.netloc}{returned.path}" == CALLBACK
    return requests.get(
        f"{base}{returned.path}?{returned.query}",
        headers=THROUGH_NGINX,
        cookies=dict(leave.cookies),  # Secure cookies: the browser had them over HTTPS
        allow_redirects=False,
        timeout=20,
    )


def test_the_packages_the_guide_installs_exist_in_debian_12():
    if shutil.which("apt-cache") is None or "bookworm" not in Path("/etc/os-release").read_text():
        pytest.skip("needs Debian 12's package index (apt-cache) to look the names up")
    packages = apt_packages()
    assert {"python3", "postgresql", "nodejs", "libpango-1.0-0", "sudo", "curl"} <= set(packages)
    shown = subprocess.run(
        ["apt-cache", "show", "--no-all-versions", *packages], capture_output=True, text=True
    ).stdout
    found = {line.split(": ", 1)[1] for line in shown.splitlines() if line.startswith("Package: ")}
    assert set(packages) - found == set(), "Debian 12 has no package of these names"


def test_the_node_version_the_guide_asks_for_is_what_the_assets_need():
    sass = ROOT / "node_modules" / "sass" / "package.json"
    if not sass.exists():
        pytest.skip("the front-end dependencies are not installed (npm ci)")
    wanted = json.loads(sass.read_text())["engines"]["node"].removeprefix(">=")
    major_minor = ".".join(wanted.split(".")[:2])
    assert f"Node.js {major_minor} or later" in GUIDE.read_text()


@pytest.mark.database  # its own database on the server DATABASE_URL names
@pytest.mark.skipif(not on_postgresql(), reason=POSTGRESQL_ONLY)
def test_the_guide_runs_to_clearhold_on_postgresql_behind_oidc(tmp_path, database, provider):
    drill = _drill(tmp_path, provider)
    drill.check_used()
    var = tmp_path / "var-lib-clearhold"
    var.mkdir()
    output = _set_up(drill, database, var, password=get_random_string(20))
    (tmp_path / "set-up.txt").write_text(output)
    assert "System check identified no issues (1 silenced)" in output
    assert "Static files collected." in output

    port = free_port()
    journal = tmp_path / "journal.txt"
    services = [
        _service(drill, "clearhold-web.service", journal, "--workers", "1", "--port", str(port)),
        _service(drill, "clearhold-worker@.service", tmp_path / "worker-journal.txt"),
    ]
    try:
        base = f"http://127.0.0.1:{port}"
        try:
            until(lambda: requests.get(f"{base}/healthz", timeout=5).json()["worker"] == "ok")
        except AssertionError:
            raise AssertionError(journal.read_text()[-3000:]) from None
        health, ready = _health_checks(drill, port)
        assert (health["status"], health["database"], health["workers_alive"]) == ("ok", "ok", 1)
        assert (ready["ready"], ready["migrations"]) == (True, "all applied"), ready
        plain = requests.get(
            f"{base}/sign-in/", headers={"Host": SITE}, allow_redirects=False, timeout=10
        )
        assert plain.headers["Location"] == f"https://{SITE}/sign-in/"
        signed_in = _sign_in_through_the_provider(base, provider)
        assert (signed_in.status_code, signed_in.headers["Location"]) == (302, "/")
        home = requests.get(
            f"{base}/", headers=THROUGH_NGINX, cookies=dict(signed_in.cookies), timeout=10
        )
        assert home.status_code == 200
        assert "Sign out" in home.text
    finally:
        for service in services:
            os.killpg(service.pid, signal.SIGTERM)
        for service in services:
            service.wait(timeout=40)
