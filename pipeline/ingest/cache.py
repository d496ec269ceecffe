"""Keep what reading a unit's workbook gave, so that a build does not read it again unchanged.

After one unit sent a new workbook, a build reads that one: the other units' sheets, typed
values and cell findings come from here. An entry is found by the file's name and sha256 and
by everything reading depends on (the workbook layout, this program); the configured satuan
are kept with it and compared. The checks across sheets, the unit's identification and the
period's judgement run again on every build. Each period has a folder of its own, holding only
the entries its last run used; deleting it costs time only.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.ingest.reader import RawWorkbook
from pipeline.ingest.rules import Hit
from pipeline.office.ooxml import write_atomic
from pipeline.workspace.fingerprint import code_digest, sha256_file, stable_bytes
from pipeline.workspace.layout import Layout

FORMAT = 1


@dataclass
class Entry:
    """A workbook as validation read it, before the checks across its sheets."""

    unit: str
    satuan: tuple[str, ...]
    raw: RawWorkbook
    """Without the sheets' raw rows: only the typed ones are used after typing."""
    raw_hits: list[Hit]
    rows: dict[str, list[Any]]
    cell_hits: list[Hit]
    digest: bytes = b""
    """:func:`rows_digest` of ``rows``."""


def rows_digest(rows: dict[str, list[Any]]) -> bytes:
    """A hash of a workbook's typed rows, the same in every process."""
    # Sets (the cells already reported unreadable) pickle in an order that changes between
    # runs: hashed sorted.
    canonical = {
        sheet: [{**r, "_invalid": sorted(r["_invalid"])} if "_invalid" in r else r for r in rs]
        for sheet, rs in rows.items()
    }
    return hashlib.sha256(stable_bytes(canonical)).digest()


@dataclass
class WorkbookCache:
    folder: Path
    layout: Layout
    _base: str = ""
    _keys: dict[Path, str] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._base = hashlib.sha256(
            f"{FORMAT}|{code_digest()}|".encode() + stable_bytes(self.layout)
        ).hexdigest()

    def key(self, path: Path) -> str:
        if path not in self._keys:
            text = f"{self._base}|{path.name}|{sha256_file(path)}"
            self._keys[path] = hashlib.sha256(text.encode()).hexdigest()
        return self._keys[path]

    def get(self, path: Path) -> Entry | None:
        """The entry for ``path`` as it is now, or None."""
        try:
            entry = pickle.loads(zlib.decompress((self.folder / self.key(path)).read_bytes()))
        except (
            OSError,
            zlib.error,
            pickle.UnpicklingError,
            EOFError,
            ValueError,
            TypeError,
            AttributeError,
            ImportError,
        ):
            return None
        if not isinstance(entry, Entry):
            return None
        by_key = {lembar.kunci: lembar for lembar in self.layout.lembar}
        entry.raw.path = path
        entry.raw.sheets = {
            key: dataclasses.replace(sheet, lembar=by_key[key])
            for key, sheet in entry.raw.sheets.items()
            if key in by_key
        }
        self._used.add(self.key(path))
        return entry

    def put(self, path: Path, entry: Entry) -> bytes:
        """Keep ``entry`` for the next run; return its rows' digest."""
        # The layout is the one given again on reading; the raw rows are not needed any more.
        sheets = {
            k: dataclasses.replace(s, rows=[], lembar=None)  # type: ignore[arg-type]
            for k, s in entry.raw.sheets.items()
        }
        raw = dataclasses.replace(entry.raw, sheets=sheets)
        entry = dataclasses.replace(entry, raw=raw, digest=entry.digest or rows_digest(entry.rows))
        payload = zlib.compress(pickle.dumps(entry, protocol=5), 1)

        def produce(tmp: Path) -> None:
            tmp.write_bytes(payload)

        try:
            write_atomic(self.folder / self.key(path), produce)
        except OSError:
            return entry.digest  # a cache that cannot be written only costs time
        self._used.add(self.key(path))
        return entry.digest

    def prune(self) -> None:
        """Remove the entries this run did not use (workbooks replaced or removed)."""
        try:
            for path in self.folder.iterdir():
                if path.name not in self._used:
                    path.unlink(missing_ok=True)
        except OSError:
            return  # missing or not writable: nothing to prune, nothing lost
