"""Run ``sakip`` in a child process as an office would, and judge how it ended.

Each hostile case must end in a clear message: exit code 0, 1 or 2, no traceback, no
"galat internal", no hang, memory under the bound, and the inputs left as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MEMORY_BOUND_MIB = 500
TIMEOUT_S = 120
# Linux keeps a process's peak memory across exec, so a child forked from pytest would show
# pytest's own size: a small launcher forks sakip and reports the grandchild's peak instead.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "pipeline", *sys.argv[2:]])
_pid, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    peak_mib: float
    hung: bool

    @property
    def text(self) -> str:
        return self.out + self.err

    def json(self) -> Any:
        return json.loads(self.out)


def workspace(tmp: Path) -> Path:
    shutil.copy(ROOT / "sakip.yaml", tmp / "sakip.yaml")
    (tmp / "inputs" / "2024" / "03").mkdir(parents=True)
    return tmp


def inputs_digest(ws: Path) -> dict[str, str]:
    return {
        str(p.relative_to(ws)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((ws / "inputs").rglob("*"))
        if p.is_file()
    }


def run(
    ws: Path,
    *args: str,
    env: dict[str, str] | None = None,
    stdout: Path | None = None,
    file_limit_kb: int | None = None,
) -> Outcome:
    """``sakip ARGS`` in ``ws``, with its own peak memory (from wait4, not the whole suite);
    ``stdout`` sends the output there instead (e.g. /dev/full). ``file_limit_kb`` caps the
    size of every file sakip writes (RLIMIT_FSIZE, what ``ulimit -f`` sets): a write past it
    fails with EFBIG, as one on a full disk fails with ENOSPC, and no root is needed."""
    # Kept off the workspace's disk, which a case may have filled or made read-only.
    notes = Path(tempfile.mkdtemp(prefix="sakip-run-"))
    out_path, err_path, peak_path = notes / "out", notes / "err", notes / "peak"
    if stdout is not None:
        out_path = stdout
    with out_path.open("wb") as out, err_path.open("wb") as err:
        child = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(peak_path), *args],
            cwd=ws,
            stdout=out,
            stderr=err,
            env={**os.environ, "COLUMNS": "200", **(env or {})},
            start_new_session=True,
            preexec_fn=None if file_limit_kb is None else lambda: _limit_files(file_limit_kb),
        )
        deadline = time.monotonic() + TIMEOUT_S
        hung = False
        while True:
            pid, status = os.waitpid(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                hung = True
                os.killpg(child.pid, signal.SIGKILL)
            time.sleep(0.02)
    child.returncode = os.waitstatus_to_exitcode(status)
    outcome = Outcome(
        child.returncode,
        out_path.read_text(errors="replace") if stdout is None else "",
        err_path.read_text(errors="replace"),
        int(peak_path.read_text()) / 1024 if peak_path.exists() else 0.0,
        hung,
    )
    shutil.rmtree(notes, ignore_errors=True)
    return outcome


EXAMPLES_ENV = "SAKIP_HOSTILE_EXAMPLES"
"""Where ``tools/hostile_counts.py`` has each fuzzer example counted (unset: nowhere)."""


def count_example(fuzzer: str) -> None:
    """One example of ``fuzzer`` ran: a fuzzer is one pytest item but many cases."""
    path = os.environ.get(EXAMPLES_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{fuzzer}\n")


def _limit_files(kb: int) -> None:
    """In the child before exec: a file size limit, and SIGXFSZ ignored so that a write past
    it fails with EFBIG instead of killing the process (Python ignores it too, once started;
    an ignored signal stays ignored across exec)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (kb * 1024, kb * 1024))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def assert_clear(outcome: Outcome, before: dict[str, str], ws: Path) -> None:
    """The properties every hostile case must keep."""
    assert not outcome.hung, "sakip tidak selesai dalam batas waktu"
    assert outcome.code in (0, 1, 2), (outcome.code, outcome.text[-2000:])
    assert "Traceback" not in outcome.text, outcome.text[-3000:]
    assert "galat internal" not in outcome.text, outcome.text[-2000:]
    assert outcome.peak_mib <= MEMORY_BOUND_MIB, outcome.peak_mib
    assert inputs_digest(ws) == before
