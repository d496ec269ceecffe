"""One build at a time per workspace, run for the web desk in a process of its own.

The build is the same library call as ``sakip build`` (:func:`run_build`). It runs in a child
process, not a thread of the server: the build forks its own workers, and forking a process
that serves requests on several threads is unsafe. The child holds a lock file for as long as
it runs, and writes its progress to a small JSON file the page polls.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.errors import SakipError, WebError
from pipeline.workspace.paths import CACHE_DIR, Workspace
from pipeline.workspace.periode import Periode

LOCK_FILE = f"{CACHE_DIR}/web-build.lock"
STATE_FILE = f"{CACHE_DIR}/web-build.json"
LOG_FILE = f"{CACHE_DIR}/web-build.log"

STARTUP_SECONDS = 30
"""How long the child may take to start and take the lock."""

_starting = threading.Lock()


@dataclass(frozen=True)
class BuildState:
    state: str
    """'kosong' (never run), 'berjalan', 'selesai' or 'gagal'."""
    periode: str = ""
    stage: str = ""
    done: int = 0
    total: int = 0
    message: str = ""
    build_id: int | None = None
    complete: bool = False
    oleh: str = ""
    mulai: float = 0.0
    """When the build was asked for (seconds since the epoch)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "periode": self.periode,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "message": self.message,
            "build_id": self.build_id,
            "complete": self.complete,
            "oleh": self.oleh,
            "mulai": self.mulai,
        }


def read_state(workspace: Workspace) -> BuildState:
    path = workspace.root / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        state = BuildState(**{k: v for k, v in data.items() if k in BuildState.__annotations__})
    except (OSError, ValueError, TypeError):
        return BuildState("kosong")
    young = time.time() - state.mulai < STARTUP_SECONDS
    if state.state == "berjalan" and not young and not running(workspace):
        # The child died without a word (killed, machine restarted): say so, once.
        return BuildState(
            "gagal",
            state.periode,
            message="Build berhenti sebelum selesai. Jalankan lagi.",
            oleh=state.oleh,
        )
    return state


def _write_state(workspace: Workspace, state: BuildState) -> None:
    path = workspace.root / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state.to_json(), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


@contextlib.contextmanager
def _lock(workspace: Workspace) -> Iterator[bool]:
    """Holds the workspace's build lock while the block runs; yields False when another
    process holds it."""
    path = workspace.root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def running(workspace: Workspace) -> bool:
    with _lock(workspace) as free:
        return not free


def start_build(workspace: Workspace, periode: Periode, oleh: str) -> None:
    """Start the period's build in a child process; WebError when one is already running."""
    with _starting:
        if running(workspace) or read_state(workspace).state == "berjalan":
            raise WebError(
                "Build lain sedang berjalan di workspace ini. Tunggu sampai selesai, lalu ulangi."
            )
        _write_state(workspace, BuildState("berjalan", str(periode), oleh=oleh, mulai=time.time()))
        log = (workspace.root / LOG_FILE).open("ab")
        with log:
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "pipeline.web.jobs",
                    str(workspace.root),
                    str(periode),
                    oleh,
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )


def run_in_child(root: str, periode_text: str, oleh: str) -> int:
    from pipeline.build.record import run_build

    workspace = Workspace.open(root)
    periode = Periode.parse(periode_text)
    with _lock(workspace) as free:
        if not free:
            return 1  # the state file belongs to the build that holds the lock
        last = [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if done < total and now - last[0] < 0.2:
                return  # a few writes a second are enough for a page that polls each second
            last[0] = now
            _write_state(
                workspace,
                BuildState(
                    "berjalan", periode_text, stage, done, total, oleh=oleh, mulai=time.time()
                ),
            )

        try:
            result, _manifest = run_build(workspace, periode, None, False, False, progress)
        except SakipError as err:
            _write_state(workspace, BuildState("gagal", periode_text, message=str(err), oleh=oleh))
            return 1
        except Exception as err:
            _write_state(
                workspace,
                BuildState(
                    "gagal",
                    periode_text,
                    message=f"Galat internal ({type(err).__name__}: {err}); rincian di {LOG_FILE}.",
                    oleh=oleh,
                ),
            )
            raise
        held = "; ".join(f"{unit}: {why}" for unit, why in result.held_back.items())
        failed = "; ".join(f"{f.title}: {f.problem}" for f in result.failed)
        made = sum(1 for o in result.outputs if o.rebuilt)
        message = f"{made} berkas disusun, {len(result.outputs) - made} tidak berubah."
        if held:
            message += f" Unit yang tidak dibuatkan dokumen: {held}."
        if failed:
            message += f" Gagal: {failed}."
        _write_state(
            workspace,
            BuildState(
                "selesai",
                periode_text,
                done=1,
                total=1,
                message=message,
                build_id=result.build_id,
                complete=result.complete,
                oleh=oleh,
            ),
        )
    return 0


if __name__ == "__main__":
    sys.exit(run_in_child(*sys.argv[1:4]))
