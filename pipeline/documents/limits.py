"""A time and memory limit around rendering one document.

A workspace's template override is code the office wrote: a loop nested a hundred thousand
deep, a recursive macro or a list grown without end must fail that one document, not hang or
exhaust the build. Rendering runs in a worker process's main thread (or the main process when
there is one worker), where an interval timer can interrupt it; the memory limit is an address
space limit above what the process already uses, lifted again afterwards.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

RENDER_SECONDS = 300.0
"""Far above any real document (the LKjIP of a province renders in a few seconds)."""
RENDER_MEMORY = 2 * 1024 * 1024 * 1024
"""Address space one render may add to its process."""


class RenderTimeout(Exception):
    """Rendering one document took longer than its limit."""


def _expired(_signum: int, _frame: FrameType | None) -> None:
    raise RenderTimeout


@contextmanager
def render_limits(seconds: float = RENDER_SECONDS, memory: int = RENDER_MEMORY) -> Iterator[None]:
    """Raise RenderTimeout after ``seconds`` and MemoryError past ``memory`` more bytes, for
    the code run inside (each limit only where the platform offers it)."""
    timed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    previous = signal.signal(signal.SIGALRM, _expired) if timed else None
    if timed:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    restore = _limit_memory(memory)
    try:
        yield
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if restore is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, restore)


def render_limit_problem(template: Path, err: BaseException) -> str:
    """The one line that says which limit a template broke and what to do."""
    what = f"Templat '{template.name}'"
    if isinstance(err, RenderTimeout):
        why = (
            f"tidak selesai disusun dalam {RENDER_SECONDS:.0f} detik (perulangan yang "
            "terlalu besar?)"
        )
    elif isinstance(err, RecursionError):
        why = "memanggil dirinya sendiri tanpa akhir (makro atau include yang berulang)"
    else:
        why = f"memerlukan memori lebih dari {RENDER_MEMORY // 1024**3} GB"
    return (
        f"{what} {why}. Perbaiki templat itu, atau hapus berkasnya dari folder templates/ "
        "workspace agar templat bawaan dipakai."
    )


def _limit_memory(extra: int) -> tuple[int, int] | None:
    """Lower the address-space limit to current use plus ``extra``; returns the limits to
    restore, or None when nothing was changed."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError, IndexError):
        return None
    wanted = used + extra
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        return None  # already tighter
    if hard != resource.RLIM_INFINITY and wanted > hard:
        return None
    try:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):
        return None
    return soft, hard
