"""Starting real `clearhold` processes for the serving tests: free ports, an environment on the
test's own PostgreSQL database, waiting for an answer, and stopping what was started."""

from __future__ import annotations

import fcntl
import os
import re
import select
import socket
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
POSTGRESQL_ONLY = "runs on PostgreSQL only (CI's second pass): DATABASE_URL is not postgres://"
DJANGO_VARIABLES = ("DATABASE_URL",)


def is_server_setting(key: str) -> bool:
    """Whether an environment variable configures ClearHold or Django (the database, the
    settings module, DJANGO_ALLOW_ASYNC_UNSAFE the browser tests set): a started process gets
    only what its test or the deployment guide gives it."""
    return key.startswith(("CLEARHOLD_", "DJANGO_")) or key in DJANGO_VARIABLES


T = TypeVar("T")


def on_postgresql() -> bool:
    """Whether this run's database is PostgreSQL."""
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict, name: str | None = None) -> str:
    """A DATABASE_URL for the server of ``settings_dict`` (Django's), database ``name``."""
    user = quote(settings_dict["USER"] or "", safe="")
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{name or settings_dict['NAME']}"


def clean_environment(**values: str) -> dict[str, str]:
    """This process's environment without ClearHold's own settings, plus ``values``; the
    worktree's source first on the path."""
    env = {key: value for key, value in os.environ.items() if not is_server_setting(key)}
    path = os.environ.get("PYTHONPATH", "")
    env["PYTHONPATH"] = f"{ROOT / 'src'}{os.pathsep}{path}" if path else str(ROOT / "src")
    return env | {"DJANGO_SETTINGS_MODULE": "clearhold.web.settings", **values}


def clearhold_command() -> list[str]:
    """The `clearhold` entry point of this virtual environment (as an installation runs it)."""
    script = Path(sys.executable).parent / "clearhold"
    return [str(script)] if script.exists() else [sys.executable, "-m", "clearhold.cli"]


def start(env: dict, *args: str) -> subprocess.Popen:
    """Start `clearhold ARGS` with its output collected (read it with ``stop``)."""
    return subprocess.Popen(
        [*clearhold_command(), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process: subprocess.Popen) -> str:
    """Stop ``process`` (SIGTERM, as systemd does) and return what it printed."""
    if process.poll() is None:
        process.terminate()
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output or ""


def until(check: Callable[[], T], seconds: float = 90, what: str = "the answer") -> T:
    """``check()``'s first true answer, asking every 0.2 s (an unanswered port is no answer).
    The wait is generous: a server and its worker start in seconds alone, but CI runs these
    beside the rest of the suite on both cores, where a start once took over 45 s."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if answer := check():
                return answer
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {seconds} s")
        time.sleep(0.2)


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in ``html``."""
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def on_a_terminal(command: list[str], env: dict, answer: str, seconds: float = 120) -> str:
    """Run ``command`` with a terminal of its own, typing ``answer`` at its password prompt
    (getpass reads /dev/tty, as a person at the console would); what it printed. Fails when
    the command fails or takes longer than ``seconds``."""
    main, side = os.openpty()

    def take_terminal() -> None:  # in the child, after start_new_session's setsid
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        command,
        env=env,
        stdin=side,
        stdout=side,
        stderr=side,
        start_new_session=True,
        preexec_fn=take_terminal,
    )
    os.close(side)
    printed, answered, deadline = b"", False, time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not select.select([main], [], [], 0.5)[0]:
            continue
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed: every process on it has ended
            break
        if not chunk:
            break
        printed += chunk
        if not answered and printed.rstrip().endswith(b"Password:"):
            os.write(main, answer.encode() + b"\n")
            answered = True
    os.close(main)
    if process.poll() is None:
        process.kill()
    text = printed.decode(errors="replace")
    assert process.wait(timeout=10) == 0, text
    return text
