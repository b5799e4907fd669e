"""``pip index versions --json NAME`` for many names in one interpreter, one JSON line each.

Starting pip costs about a third of a second of CPU; for 120 pins that is most of the index
check. This runs pip's own command-line entry point (the one the ``pip`` script calls) once per
name inside a single process and prints ``{"name": ..., "versions": [...]}`` or
``{"name": ..., "error": "..."}`` per line as each answer comes.

    python scripts/pip_index_batch.py NAME [NAME ...]
"""

from __future__ import annotations

import contextlib
import io
import json
import sys

from pip._internal.cli.main import main as pip_main

OPTIONS = ["--json", "--timeout", "5", "--retries", "0", "--disable-pip-version-check"]


def versions(name: str) -> dict[str, object]:
    out, err = io.StringIO(), io.StringIO()
    quiet = (contextlib.redirect_stdout(out), contextlib.redirect_stderr(err))
    with quiet[0], quiet[1], contextlib.suppress(SystemExit):
        pip_main(["index", "versions", *OPTIONS, name])
    try:
        return {"name": name, "versions": list(json.loads(out.getvalue())["versions"])}
    except (json.JSONDecodeError, KeyError, TypeError):
        lines = (err.getvalue() or out.getvalue()).strip().splitlines()
        return {"name": name, "error": lines[-1] if lines else "no answer"}


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(json.dumps(versions(name)), flush=True)
