"""Start-up time of the light commands (issue 2 target: under 0.3 s on the CI machine).

    .venv/bin/python bench/bench_startup.py [--runs 20]

Runs each command as a whole new process, the way a user starts it, and prints the minimum and
median wall time. Needs sakip installed in the running interpreter's environment.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = [["--help"], ["sop", "list"], ["sop", "list", "--json"], ["sop", "show", "pk"]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    sakip = shutil.which("sakip", path=str(Path(sys.executable).parent))
    if sakip is None:
        sys.exit("sakip tidak terpasang di lingkungan Python ini.")
    root = Path(__file__).resolve().parent.parent
    print(f"{'perintah':<28} {'min (s)':>8} {'median (s)':>11}")
    for command in COMMANDS:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([sakip, *command], cwd=root, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        label = "sakip " + " ".join(command)
        print(f"{label:<28} {min(times):>8.3f} {statistics.median(times):>11.3f}")


if __name__ == "__main__":
    main()
