"""A task for the scale-out test: it notes its number in a file, one line per run."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def note_number(number: int) -> int:
    """Append ``number`` to the file named by CLEARHOLD_PROBE_FILE (one write per line), after
    20 ms of work, so that one worker cannot finish the queue before the other has started."""
    time.sleep(0.02)
    with Path(os.environ["CLEARHOLD_PROBE_FILE"]).open("a") as out:
        out.write(f"{number}\n")
    return number
