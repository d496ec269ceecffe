"""Pause Python's cyclic garbage collector while a period's data are built.

Reading a province period creates about half a million objects (rows as dicts, their values,
documents' contexts), none of which is cyclic garbage: reference counting frees whatever is
dropped. The collector would still walk the growing heap again and again as the objects pile
up, which measured a sixth to a fifth of validation's time. It is paused for the bulk work only
and restored as it was, so a pause inside another pause changes nothing.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def bulk(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with the collector paused."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return fn(*args, **kwargs)

    return wrapper
