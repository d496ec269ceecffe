"""What a new workbook can be prefilled with: the unit's latest earlier workbook of the year.

The PK, RAK and IKI carry over as they stand; realisasi and realisasi anggaran carry over for
the months before the new period, so a staffer only types the new month.

Nothing a unit typed is lost on the way: a cell that was rejected last month (an ambiguous
"1,250", a unit of measure not in the list) is carried over exactly as typed, with the reason
in the row's ``GALAT`` entry, so the new workbook can mark it and ``sakip template`` can say so;
a blank there would turn a value to be corrected into a month "not filled".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.ingest.cells import Context, TypedRow, typed_rows
from pipeline.ingest.reader import RawWorkbook, SheetRows, read_raw
from pipeline.ingest.rules import Hit, Rules, load_rules
from pipeline.validate.period import input_files, period_folder
from pipeline.workbook.write import REJECTED
from pipeline.workspace.config import Config, Unit
from pipeline.workspace.layout import load_layout
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

MONTHLY = ("realisasi", "anggaran", "realisasi_iki")
GALAT = REJECTED
"""Row key: column kunci -> why last month's value there was rejected (carried as typed)."""


@dataclass(frozen=True)
class Carried:
    """A value rejected in last month's workbook, carried into the new one as typed."""

    file: str
    sheet: str
    cell: str
    value: str
    reason: str


def earlier_rows(
    workspace: Workspace, config: Config, unit: Unit, periode: Periode | None
) -> dict[str, list[dict[str, object]]] | None:
    """Rows per sheet key from the unit's newest workbook before ``periode`` in its year; in a
    year with none yet, the PK, RAK and IKI of the year before (see :func:`seed_of`), to be
    reviewed for the new year, with no realisasi."""
    last = periode.bulan - 1 if periode else 12
    year = periode.tahun if periode else config.tahun
    layout = load_layout(workspace)
    found = _newest(workspace, unit, Periode(year, max(last, 1)), layout) if last else None
    if found is not None:
        return _rows(found[1], unit, config, periode, load_rules(workspace))
    seed = seed_of(workspace, unit, periode) if periode else None
    if seed is None:
        return None
    raw = _newest(workspace, unit, seed, layout)
    assert raw is not None
    rows = _rows(raw[1], unit, config, None, load_rules(workspace))
    return {key: value for key, value in rows.items() if key not in MONTHLY}


def seed_of(workspace: Workspace, unit: Unit, periode: Periode) -> Periode | None:
    """The period of last year's newest workbook of ``unit`` when the unit has sent none yet
    in ``periode``'s year: the first workbook of a year starts from last year's PK, RAK and
    IKI. None when this year already has one, or last year has none."""
    layout = load_layout(workspace)
    if periode.bulan > 1 and _newest(
        workspace, unit, Periode(periode.tahun, periode.bulan - 1), layout
    ):
        return None
    found = _newest(workspace, unit, Periode(periode.tahun - 1, 12), layout)
    return found[0] if found else None


def _newest(
    workspace: Workspace, unit: Unit, until: Periode, layout: Any
) -> tuple[Periode, RawWorkbook] | None:
    """The unit's newest readable workbook from ``until`` back to January of that year."""
    for month in range(until.bulan, 0, -1):
        periode = Periode(until.tahun, month)
        for path in input_files(period_folder(workspace, periode)):
            raw, _hits = read_raw(path, path.name, layout)
            if raw is not None and _unit_of(raw) == unit.kode:
                return periode, raw
    return None


def _unit_of(raw: RawWorkbook) -> str:
    value, _cell = raw.identity.get("kode_unit", ("", ""))
    return str(value or "").strip().upper()


def _rows(
    raw: RawWorkbook, unit: Unit, config: Config, periode: Periode | None, rules: Rules
) -> dict[str, list[dict[str, object]]]:
    ctx = Context(raw, unit.kode, tuple(config.satuan))
    out: dict[str, list[dict[str, object]]] = {}
    for key, sheet in raw.sheets.items():
        rows, hits = typed_rows(sheet, ctx)
        plain = [_with_rejected(_plain(r), r, raw, sheet, hits, rules) for r in rows]
        if key in MONTHLY:
            limit = periode.bulan if periode else 13
            # A month that could not be read stays too: it is for the unit to correct.
            plain = [
                p
                for p, r in zip(plain, rows, strict=True)
                if "bulan" in r.get("_invalid", ())
                or (isinstance(r.get("bulan"), int) and r["bulan"] < limit)
            ]
        out[key] = plain
    return out


def _with_rejected(
    plain: dict[str, object],
    row: TypedRow,
    raw: RawWorkbook,
    sheet: SheetRows,
    hits: list[Hit],
    rules: Rules,
) -> dict[str, object]:
    """``plain`` with each rejected cell's value as it was typed, and why it was rejected."""
    invalid = row.get("_invalid")
    if not invalid:
        return plain
    cells = dict(sheet.rows).get(row["_row"], ())
    reasons: dict[str, Carried] = {}
    for key in sorted(invalid):
        index = sheet.columns[key]
        typed = cells[index] if index < len(cells) else ""
        cell = sheet.cell(key, row["_row"])
        hit = next((h for h in hits if h.cell == cell), None)
        finding = rules.finding(hit) if hit is not None else None
        reason = finding.message if finding is not None else "isian tidak dapat dibaca"
        plain[key] = typed if isinstance(typed, str) else str(typed)
        reasons[key] = Carried(raw.label, sheet.name, cell, str(typed), reason)
    plain[GALAT] = reasons
    return plain


def carried(rows: dict[str, list[dict[str, object]]] | None) -> list[Carried]:
    """The rejected values the prefill carries forward, in sheet and row order."""
    found: list[Carried] = []
    for sheet_rows in (rows or {}).values():
        for row in sheet_rows:
            reasons = row.get(GALAT)
            if isinstance(reasons, dict):
                found += [r for r in reasons.values() if isinstance(r, Carried)]
    return found


def _plain(row: TypedRow) -> dict[str, object]:
    return {k: _value(v) for k, v in row.items() if not k.startswith("_") and v is not None}


def _value(value: Any) -> object:
    if isinstance(value, tuple):  # a range target goes back as the text people type
        return "–".join(_number(v) for v in value)
    return value


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
