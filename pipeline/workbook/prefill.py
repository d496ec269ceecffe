"""What a new workbook can be prefilled with: the unit's latest earlier workbook of the year.

The PK, RAK and IKI carry over as they stand; realisasi and realisasi anggaran carry over for
the months before the new period, so a staffer only types the new month.
"""

from __future__ import annotations

from typing import Any

from pipeline.ingest.cells import Context, TypedRow, typed_rows
from pipeline.ingest.reader import RawWorkbook, read_raw
from pipeline.validate.period import input_files, period_folder
from pipeline.workspace.config import Config, Unit
from pipeline.workspace.layout import load_layout
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

MONTHLY = ("realisasi", "anggaran", "realisasi_iki")


def earlier_rows(
    workspace: Workspace, config: Config, unit: Unit, periode: Periode | None
) -> dict[str, list[dict[str, object]]] | None:
    """Rows per sheet key from the unit's newest workbook before ``periode`` (same year)."""
    last = periode.bulan - 1 if periode else 12
    year = periode.tahun if periode else config.tahun
    layout = load_layout(workspace)
    for month in range(last, 0, -1):
        for path in input_files(period_folder(workspace, Periode(year, month))):
            raw, _hits = read_raw(path, path.name, layout)
            if raw is not None and _unit_of(raw) == unit.kode:
                return _rows(raw, unit, config, periode)
    return None


def _unit_of(raw: RawWorkbook) -> str:
    value, _cell = raw.identity.get("kode_unit", ("", ""))
    return str(value or "").strip().upper()


def _rows(
    raw: RawWorkbook, unit: Unit, config: Config, periode: Periode | None
) -> dict[str, list[dict[str, object]]]:
    ctx = Context(raw, unit.kode, tuple(config.satuan))
    out: dict[str, list[dict[str, object]]] = {}
    for key, sheet in raw.sheets.items():
        rows, _hits = typed_rows(sheet, ctx)
        if key in MONTHLY:
            limit = periode.bulan if periode else 13
            rows = [r for r in rows if isinstance(r.get("bulan"), int) and r["bulan"] < limit]
        out[key] = [_plain(r) for r in rows]
    return out


def _plain(row: TypedRow) -> dict[str, object]:
    return {k: _value(v) for k, v in row.items() if not k.startswith("_") and v is not None}


def _value(value: Any) -> object:
    if isinstance(value, tuple):  # a range target goes back as the text people type
        return "–".join(_number(v) for v in value)
    return value


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
