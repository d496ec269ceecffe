"""The extension point for checks beyond the required sections.

An :class:`ExtraCheck` is passed to :func:`pipeline.checker.check_paths` and runs on each file
whose sections are all present; each message it returns is a finding that makes the file
``incomplete``. The one sakip has is the cross-check of a returned PK against what the build
of the period made (:mod:`pipeline.checker.crosscheck`, with ``sakip check --periode``);
recording which returned file answers which built document belongs in the caller, after the
results (:mod:`pipeline.checker.record`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pipeline.checker.sections import DocumentSpec


@dataclass(frozen=True)
class ReadDocument:
    """What an extra check may look at: the file, its type and its body text."""

    path: Path
    spec: DocumentSpec
    pages: tuple[tuple[str, ...], ...]
    """Normalised body lines per page (running headers and Daftar Isi removed)."""


class ExtraCheck(Protocol):
    """Runs in the worker process for a file whose sections are all present; must be
    picklable (a module-level function or a dataclass instance). Returns findings in Bahasa
    Indonesia, each saying what differs and what to do; an empty list when all agree."""

    def __call__(self, document: ReadDocument) -> list[str]: ...
