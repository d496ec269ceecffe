"""Run one function per item, each in its own process with a time limit.

A hostile PDF can hang or crash a parser, and PDFium is not thread-safe; so each file is
read in a child process, several at once, and a child that runs past its deadline is killed
together with anything it started (tesseract). The child may ask for more time before slow
work (OCR) through the ``notify`` callable it receives.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, Literal, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")
Work = Callable[[T, Callable[[float], None]], R]


@dataclass(frozen=True)
class Failure:
    """Why a child gave no result."""

    kind: Literal["timeout", "crash", "error"]
    detail: str
    seconds: float = 0.0


@dataclass
class _Child(Generic[T]):
    index: int
    process: Any
    deadline: float
    started: float


def run_isolated(
    work: Work[T, R],
    items: Sequence[T],
    *,
    workers: int,
    timeout: float,
    on_done: Callable[[int], None] | None = None,
) -> list[R | Failure]:
    """``work(item, notify)`` for every item, at most ``workers`` at a time, in item order.
    ``on_done(index)`` is called in the parent as each item finishes, however it ended.

    ``work`` and the items must be picklable where processes are spawned (Windows, macOS);
    on Linux children are forked and inherit everything already imported.
    """
    methods = multiprocessing.get_all_start_methods()
    ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    results: list[R | Failure | None] = [None] * len(items)
    queue = deque(range(len(items)))
    running: dict[Connection, _Child[T]] = {}
    try:
        while queue or running:
            while queue and len(running) < max(1, workers):
                index = queue.popleft()
                receive, send = ctx.Pipe(duplex=False)
                process = ctx.Process(target=_child, args=(work, items[index], send), daemon=True)
                process.start()
                send.close()
                now = time.monotonic()
                running[receive] = _Child(index, process, now + timeout, now)
            soonest = min(child.deadline for child in running.values())
            for ready in wait(list(running), timeout=max(0.0, soonest - time.monotonic())):
                index = running[cast(Connection, ready)].index
                _receive(cast(Connection, ready), running, results)
                if on_done is not None and results[index] is not None:
                    on_done(index)
            now = time.monotonic()
            for conn, child in list(running.items()):
                if child.deadline <= now:
                    _kill(child.process)
                    results[child.index] = Failure("timeout", "", now - child.started)
                    _close(conn, running)
                    if on_done is not None:
                        on_done(child.index)
    finally:
        for conn, child in list(running.items()):
            _kill(child.process)
            _close(conn, running)
    return [r if r is not None else Failure("error", "tidak ada hasil") for r in results]


def _receive(conn: Connection, running: dict[Connection, _Child[T]], results: list[Any]) -> None:
    child = running[conn]
    try:
        kind, payload = conn.recv()
    except (EOFError, OSError):
        child.process.join(5)
        results[child.index] = Failure("crash", str(child.process.exitcode))
        _close(conn, running)
        return
    except Exception as err:  # a result that cannot be unpickled
        results[child.index] = Failure("error", f"{type(err).__name__}: {err}")
        _kill(child.process)
        _close(conn, running)
        return
    if kind == "extend":
        child.deadline = max(child.deadline, time.monotonic() + float(payload))
        return
    results[child.index] = payload if kind == "done" else Failure("error", str(payload))
    child.process.join(5)
    _close(conn, running)


def _child(work: Work[T, Any], item: T, conn: Connection) -> None:
    if hasattr(os, "setpgid"):
        os.setpgid(0, 0)  # a group of its own, so a kill also ends the tesseract it started
    faulthandler.disable()  # a crash is reported by the parent in one line, not a traceback

    def notify(seconds: float) -> None:
        conn.send(("extend", seconds))

    try:
        conn.send(("done", work(item, notify)))
    except BaseException as err:  # reported to the parent, never printed as a traceback
        with contextlib.suppress(Exception):
            conn.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


def _kill(process: Any) -> None:
    if process.pid is not None and hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    process.kill()
    process.join(5)


def _close(conn: Connection, running: dict[Connection, _Child[T]]) -> None:
    running.pop(conn, None)
    conn.close()
