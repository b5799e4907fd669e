"""Run every benchmark in this folder, one after the other, in one process each.

Each ``bench_*.py`` compares ClearHold with the library a user would otherwise use (pandas,
esda, scipy) in the same run and prints the ratio. They read the police.uk data in
``../shared/data/policeuk`` when it is there and say so, and skip, when it is not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if not scripts:
        print("No benchmarks yet.")
        return 0
    failed = []
    for script in scripts:
        print(f"\n=== {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script), *sys.argv[1:]]).returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
