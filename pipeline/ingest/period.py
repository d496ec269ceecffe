"""Read a period's workbooks: each file's raw reading and, for a workbook of a known unit, its
typed cells.

With a cache (:class:`pipeline.ingest.cache.WorkbookCache`), a workbook read before and
unchanged is taken from it instead of being read again. The readings are the same either way,
so what uses them (validation) does not know or care where they came from.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.ingest.cells import Context, typed_rows
from pipeline.ingest.reader import RawWorkbook, open_workbook, read_raw
from pipeline.ingest.rules import Hit
from pipeline.workspace.layout import Layout

if TYPE_CHECKING:
    from pipeline.ingest.cache import Entry, WorkbookCache

Typed = tuple[str, dict[str, list[Any]], list[Hit]]
"""A workbook's unit code, its typed rows by sheet, and the findings of typing its cells."""

UnitOf = Callable[[RawWorkbook], str | None]
"""The unit a workbook belongs to in this period, or None (its identity is the caller's
business: the configured units, the period's year and month)."""


@dataclass
class Reading:
    path: Path
    raw: RawWorkbook | None
    """None when the file could not be read as a workbook (``hits`` say why)."""
    hits: list[Hit]
    """What reading the file found (file-level problems, missing sheets or columns)."""
    typed: Typed | None = None
    """For a workbook of a known unit: its typed cells."""
    digest: bytes | None = None
    """A hash of the typed rows, when the cache already knows it."""


class PeriodReader:
    """Starts parsing ``files`` on other threads at once (python-calamine parses outside the
    GIL), so the caller can load its configuration meanwhile; :meth:`readings` then reads and
    types each in file order."""

    def __init__(self, files: list[Path], layout: Layout, cache: WorkbookCache | None = None):
        self.files, self.layout, self.cache = files, layout, cache
        self._kept: dict[Path, Entry | None] = {p: cache.get(p) for p in files} if cache else {}
        self._pool = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1))
        self._opened = self._pool.map(
            lambda p: None if self._kept.get(p) else open_workbook(p, layout), files
        )

    def readings(
        self,
        satuan: tuple[str, ...],
        unit_of: UnitOf,
        progress: Callable[[str], None] | None = None,
    ) -> Iterator[Reading]:
        """Each file's reading, typed with ``satuan`` for the unit ``unit_of`` names."""
        try:
            for path, workbook in zip(self.files, self._opened, strict=True):
                if progress:
                    progress(path.name)
                kept = self._kept.get(path)
                if kept is not None and _still_valid(kept, satuan, unit_of):
                    typed = (kept.unit, kept.rows, kept.cell_hits)
                    yield Reading(path, kept.raw, kept.raw_hits, typed, kept.digest or None)
                else:
                    yield self._read(path, workbook, satuan, unit_of)
        finally:
            self._pool.shutdown(cancel_futures=True)
        if self.cache is not None:
            self.cache.prune()

    def _read(self, path: Path, workbook: Any, satuan: tuple[str, ...], unit_of: UnitOf) -> Reading:
        raw, hits = read_raw(path, path.name, self.layout, workbook)
        unit = unit_of(raw) if raw is not None else None
        if raw is None or unit is None:
            return Reading(path, raw, hits)
        typed = type_workbook(raw, unit, satuan)
        digest = None
        if self.cache is not None:
            from pipeline.ingest.cache import Entry

            digest = self.cache.put(path, Entry(unit, satuan, raw, hits, typed[1], typed[2]))
        return Reading(path, raw, hits, typed, digest)


def read_period(
    files: list[Path], layout: Layout, cache: WorkbookCache | None = None
) -> PeriodReader:
    """A reader of ``files`` (see :class:`PeriodReader`); ``cache`` keeps readings between
    runs."""
    return PeriodReader(files, layout, cache)


def type_workbook(raw: RawWorkbook, unit_code: str, satuan: tuple[str, ...]) -> Typed:
    ctx = Context(raw, unit_code, satuan)
    rows: dict[str, list[Any]] = {}
    hits: list[Hit] = []
    for key, sheet in raw.sheets.items():
        rows[key], cell_hits = typed_rows(sheet, ctx)
        hits += cell_hits
    return unit_code, rows, hits


def _still_valid(entry: Entry, satuan: tuple[str, ...], unit_of: UnitOf) -> bool:
    """Whether a kept reading can stand: typed with today's satuan, for the unit the workbook
    is identified as today (its raw rows are not kept, so it cannot be typed again)."""
    return entry.satuan == satuan and unit_of(entry.raw) in (None, entry.unit)
