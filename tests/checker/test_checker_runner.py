"""One process per file with a time limit: a hang or a crash costs that file only."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.checker.runner import Failure, run_isolated


def _work(item: str, notify: Callable[[float], None]) -> str:
    if item == "hang":
        time.sleep(60)
    if item == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    if item == "error":
        raise ValueError("rusak")
    if item == "slow-ocr":
        notify(5)  # asks for more time, as the OCR step does
        time.sleep(0.8)
    return item.upper()


def test_results_come_back_in_order_and_failures_stay_with_their_item() -> None:
    items = ["a", "hang", "b", "crash", "error", "c"]
    start = time.monotonic()
    results = run_isolated(_work, items, workers=2, timeout=1.0)
    assert time.monotonic() - start < 10
    assert results[0] == "A" and results[2] == "B" and results[5] == "C"
    hang, crash, error = results[1], results[3], results[4]
    assert isinstance(hang, Failure) and hang.kind == "timeout" and hang.seconds >= 1.0
    assert crash == Failure("crash", str(-signal.SIGSEGV))
    assert error == Failure("error", "ValueError: rusak")


def test_a_child_may_extend_its_time_limit() -> None:
    assert run_isolated(_work, ["slow-ocr"], workers=1, timeout=0.5) == ["SLOW-OCR"]


def _spawn_grandchild(item: str, notify: Callable[[float], None]) -> str:
    import subprocess

    child = subprocess.Popen(["sleep", "60"])
    Path(item).write_text(str(child.pid))
    child.wait()
    return "tidak sampai"


def test_a_timeout_also_ends_what_the_child_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    [result] = run_isolated(_spawn_grandchild, [str(pid_file)], workers=1, timeout=1.0)
    assert isinstance(result, Failure) and result.kind == "timeout"
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(grandchild), "proses cucu (seperti tesseract) masih berjalan"


def _alive(pid: int) -> bool:
    """Running, as opposed to gone or a zombie waiting for init to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")
