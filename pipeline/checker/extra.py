"""The extension point for checks beyond the required sections.

Issue 5, item 3 (not built yet): with ``--workspace`` and ``--periode``, compare a returned
file with what the build made for that period (year, unit, the parties' names and NIP, each
indikator's target in the PK table) and record which returned file answers which built
document in the archive database. That check will be an :class:`ExtraCheck` passed to
:func:`pipeline.checker.check_paths`; each message it returns is a finding that makes the
file ``incomplete``. Recording in the archive belongs in the caller, after the results.
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
