"""Keep what reading a unit's workbook gave, so that a build does not read it again unchanged.

After one unit sent a new workbook, a build reads that one: the other units' sheets, typed
values and cell findings come from here. An entry is found by the file's name and sha256 and
by everything reading depends on (the workbook layout, this program); the configured satuan
are kept with it and compared. The checks across sheets, the unit's identification and the
period's judgement run again on every build. Each period has a folder of its own, holding only
the entries its last run used; deleting it costs time only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.ingest.reader import RawWorkbook, SheetRows
from pipeline.ingest.rules import Hit
from pipeline.office.ooxml import write_atomic
from pipeline.workspace import cachefile
from pipeline.workspace.fingerprint import code_digest, sha256_file, stable_bytes
from pipeline.workspace.layout import Layout

KIND = "buku-kerja"
FORMAT = 2
"""Version 1 was pickled (and is never read); version 2 is :mod:`cachefile` JSON."""


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
        data = cachefile.load(self.folder / self.key(path), KIND, FORMAT)
        try:
            entry = _entry(data, path, self.layout) if data is not None else None
        except (KeyError, TypeError, ValueError):
            entry = None  # written by something else than this program: ignored
        if entry is not None:
            self._used.add(self.key(path))
        return entry

    def put(self, path: Path, entry: Entry) -> bytes:
        """Keep ``entry`` for the next run; return its rows' digest."""
        digest = entry.digest or rows_digest(entry.rows)
        try:
            payload = cachefile.encode(KIND, FORMAT, _data(entry, digest))
        except TypeError:
            return digest  # a value this format does not hold: read again next time

        def produce(tmp: Path) -> None:
            tmp.write_bytes(payload)

        try:
            write_atomic(self.folder / self.key(path), produce)
        except OSError:
            return digest  # a cache that cannot be written only costs time
        self._used.add(self.key(path))
        return digest

    def prune(self) -> None:
        """Remove the entries this run did not use (workbooks replaced or removed)."""
        try:
            for path in self.folder.iterdir():
                if path.name not in self._used:
                    path.unlink(missing_ok=True)
        except OSError:
            return  # missing or not writable: nothing to prune, nothing lost


def _data(entry: Entry, digest: bytes) -> dict[str, Any]:
    """``entry`` as plain data. The sheets' raw rows are not kept (only the typed ones are
    used after typing), nor their layout (the one given again on reading)."""
    raw = entry.raw
    return {
        "unit": entry.unit,
        "satuan": list(entry.satuan),
        "label": raw.label,
        "identity": raw.identity,
        "identity_sheet": raw.identity_sheet,
        "sheets": {
            key: [sheet.name, sheet.header_row, sheet.columns] for key, sheet in raw.sheets.items()
        },
        "raw_hits": [_hit_data(h) for h in entry.raw_hits],
        "rows": entry.rows,
        "cell_hits": [_hit_data(h) for h in entry.cell_hits],
        "digest": digest.hex(),
    }


def _entry(data: Any, path: Path, layout: Layout) -> Entry:
    """The entry ``data`` holds; KeyError, TypeError or ValueError when it is not one."""
    by_key = {lembar.kunci: lembar for lembar in layout.lembar}
    sheets = {}
    for key, (name, header_row, columns) in _of(data["sheets"], dict).items():
        if key in by_key:
            sheets[key] = SheetRows(
                by_key[key], _of(name, str), _of(header_row, int), _of(columns, dict)
            )
    identity = {
        _of(k, str): (value, _of(cell, str))
        for k, (value, cell) in _of(data["identity"], dict).items()
    }
    raw = RawWorkbook(
        path, _of(data["label"], str), identity, _of(data["identity_sheet"], str), sheets
    )
    rows = _of(data["rows"], dict)
    for typed in rows.values():
        if not all(type(r) is dict for r in _of(typed, list)):
            raise TypeError("typed rows are mappings")
    return Entry(
        unit=_of(data["unit"], str),
        satuan=tuple(_of(s, str) for s in _of(data["satuan"], list)),
        raw=raw,
        raw_hits=[_hit(h) for h in _of(data["raw_hits"], list)],
        rows=rows,
        cell_hits=[_hit(h) for h in _of(data["cell_hits"], list)],
        digest=bytes.fromhex(_of(data["digest"], str)),
    )


def _hit_data(hit: Hit) -> list[Any]:
    return [hit.rule, hit.unit, hit.file, hit.sheet, hit.cell, hit.params]


def _hit(data: Any) -> Hit:
    rule, unit, file, sheet, cell, params = _of(data, list)
    return Hit(
        _of(rule, str),
        _of(unit, str),
        _of(file, str),
        _of(sheet, str),
        _of(cell, str),
        _of(params, dict),
    )


def _of(value: Any, kind: type) -> Any:
    """``value``, checked to be a ``kind``."""
    if type(value) is not kind:
        raise TypeError(f"{kind.__name__} expected")
    return value
