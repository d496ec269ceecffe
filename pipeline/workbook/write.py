"""Write the workbook (buku kerja) each unit fills, generated from the layout spec.

Every sheet and column comes from ``sop_specs/validasi/buku-kerja.yaml``, so a column added
there appears here without code changes. The output is deterministic (fixed document
properties, fixed zip timestamps): writing the same inputs twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.errors import WorkspaceError
from pipeline.office.xlsx_write import (
    LINE_HEIGHT,
    fit_to_width,
    save_workbook,
    wrapped_lines,
    write_text,
)
from pipeline.validate.cross_sheet import iki_key, reports_own
from pipeline.workbook.petunjuk import guard, write_petunjuk
from pipeline.workspace.config import Config, Unit, load_config
from pipeline.workspace.layout import Kolom, Layout, Lembar, load_layout
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import BULAN, Periode

PeriodeLike = Periode | tuple[int, int]
Row = Mapping[str, object]
Prefill = Mapping[str, Sequence[Row]]
PrefillProvider = Callable[[Workspace, Config, Unit, Periode | None], Prefill | None]
"""Supplies what is already known for a unit's template (for example from its workbook of the
previous period): sheet kunci -> rows of column kunci -> value."""

DATA_ROWS = 1000
"""Data rows below the header covered by the dropdowns and the autofilter."""
LIST_SHEET = "Daftar Pilihan"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
# Long texts (sasaran, indikator, rencana aksi) wrap instead of running under the next column.
DATA_ALIGN = {"teks": Alignment(wrap_text=True, vertical="top")}
TOP = Alignment(vertical="top")
MAX_LINES = 8
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)
# '#,##0.##' would show integers with a dangling separator ("85," / "1.250,"), and most angka
# values are counts, so plain numbers use General; money gets thousands separators.
NUMBER_FORMAT = {"uang": "#,##0", "angka": "General", "angka_atau_rentang": "General"}
UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|]+')
TEXT_FORMAT = "@"  # typed codes such as "1.1" or "01" must stay text, not become numbers/dates
NUMERIC_JENIS = frozenset(NUMBER_FORMAT)
REJECTED = "_galat"
"""Row key of a prefilled row: column kunci -> why its value was rejected last month (see
:mod:`pipeline.workbook.prefill`)."""
REJECTED_FILL = PatternFill("solid", fgColor="FFC7CE")
GENERATED_SHEETS = {"realisasi": "indikator", "anggaran": "program"}
"""Monthly sheets whose rows are generated from the PK: sheet kunci -> PK column copied."""


def write_workbook(
    config: Config,
    layout: Layout,
    unit: Unit,
    periode: PeriodeLike | None,
    target: Path,
    prefill: Prefill | None = None,
) -> Path:
    """Write ``unit``'s workbook for ``periode`` (None: an annual-only template) to ``target``.

    ``prefill`` maps a sheet kunci to rows (column kunci -> value) written from row 2. When
    the PK rows are known, the Realisasi and Realisasi Anggaran sheets get one row per PK
    indicator per month up to the period, with the value left empty for the staffer.
    """
    periode = as_periode(periode)
    known = dict(prefill or {})
    if periode is not None and known.get("pk"):
        for kunci, source in GENERATED_SHEETS.items():
            known[kunci] = monthly_rows(known["pk"], known.get(kunci, ()), periode.bulan, source)
    if periode is not None and known.get("iki"):
        known["realisasi_iki"] = iki_monthly_rows(
            known.get("pk", ()), known["iki"], known.get("realisasi_iki", ()), periode.bulan
        )
    wb = Workbook()
    write_petunjuk(wb.active, config, layout, unit, periode)
    for lembar in layout.lembar:
        _write_sheet(wb, config, lembar, known.get(lembar.kunci, ()))
    if LIST_SHEET in wb.sheetnames:  # created on demand while writing; keep it last
        wb.move_sheet(LIST_SHEET, len(wb.sheetnames) - 1 - wb.sheetnames.index(LIST_SHEET))
    wb.active = 0
    # Stamped with the workbook's own year: fixed (the same inputs give the same bytes), and
    # a 2025 workbook does not say it was made in 2024.
    stamp = dt.datetime(periode.tahun if periode else config.tahun, 1, 1)
    return save_workbook(wb, target, title=f"Buku Kerja Kinerja {unit.nama}", stamp=stamp)


def write_unit_template(
    workspace: Workspace,
    kode_unit: str,
    periode: PeriodeLike | None,
    out: Path | None = None,
    prefill: PrefillProvider | None = None,
) -> Path:
    """``sakip template``: the workbook of one unit, by default under outputs/templat/."""
    config = load_config(workspace)
    unit = config.unit_by_code(kode_unit.strip().upper())
    if unit is None:
        codes = ", ".join(u.kode for u in config.unit)
        raise WorkspaceError(
            f"Unit '{kode_unit}' tidak dikenal. Kode unit yang terdaftar di sakip.yaml: {codes}."
        )
    layout = load_layout(workspace)
    periode = as_periode(periode)
    known = prefill(workspace, config, unit, periode) if prefill else None
    target = out or workspace.outputs / "templat" / workbook_name(config, unit, periode)
    return write_workbook(config, layout, unit, periode, target, known)


def as_periode(periode: PeriodeLike | None) -> Periode | None:
    return Periode(*periode) if isinstance(periode, tuple) else periode


def workbook_name(config: Config, unit: Unit, periode: PeriodeLike | None) -> str:
    """'2024-03 Bidang Usaha Kecil dan Menengah.xlsx' (or '2024 ...' for an annual template)."""
    periode = as_periode(periode)
    when = str(periode) if periode else str(config.tahun)
    return f"{when} {UNSAFE_IN_FILENAME.sub('-', unit.nama)}.xlsx"


def month_name(value: object) -> object:
    """A month as its Indonesian name; 3 or "3" or "maret" become "Maret", else unchanged."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12:
        return BULAN[value - 1]
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and 1 <= int(text) <= 12:
            return BULAN[int(text) - 1]
        return next((b for b in BULAN if b.lower() == text.lower()), value)
    return value


def monthly_rows(pk: Sequence[Row], given: Sequence[Row], bulan: int, source: str) -> list[Row]:
    """``given`` plus an empty row for each PK indicator and month 1..``bulan`` it lacks,
    ordered by month so each month's rows stand together."""
    have = {(str(r.get("kode", "")), month_name(r.get("bulan"))) for r in given}
    rows = list(given)
    for month in BULAN[:bulan]:
        for indicator in pk:
            kode = str(indicator.get("kode", ""))
            if kode and (kode, month) not in have:
                rows.append({"kode": kode, source: indicator.get(source), "bulan": month})
                have.add((kode, month))

    def order(row: Row) -> int:
        name = month_name(row.get("bulan"))
        return BULAN.index(name) if name in BULAN else len(BULAN)

    return sorted(rows, key=order)


def iki_monthly_rows(
    pk: Sequence[Row], iki: Sequence[Row], given: Sequence[Row], bulan: int
) -> list[Row]:
    """``given`` plus an empty Realisasi IKI row for each IKI that reports its own realisasi
    (no PK indicator of the same satuan) and month 1..``bulan`` it lacks, by month."""
    by_code: dict[str, Row] = {}
    for r in pk:  # the first row of a code, as the validator traces it
        if r.get("kode"):
            by_code.setdefault(str(r.get("kode")), r)
    have = {(*iki_key(r), month_name(r.get("bulan"))) for r in given}
    rows = list(given)
    for month in BULAN[:bulan]:
        for row in iki:
            if not row.get("nip") or not reports_own(row, by_code):
                continue
            if (*iki_key(row), month) not in have:
                rows.append(
                    {
                        "nip": row.get("nip"),
                        "nama": row.get("nama"),
                        "indikator": row.get("indikator"),
                        "bulan": month,
                    }
                )
                have.add((*iki_key(row), month))

    def order(row: Row) -> int:
        name = month_name(row.get("bulan"))
        return BULAN.index(name) if name in BULAN else len(BULAN)

    return sorted(rows, key=order)


def put_value(cell: Any, value: object, text_only: bool = False) -> None:
    """Write ``value``: numbers as numbers, everything else as text, never as a formula."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        value = "ya" if value else "tidak"
    if not text_only and isinstance(value, int | float | Decimal):
        cell.value = value
    else:
        write_text(cell, value)


def _write_sheet(wb: Workbook, config: Config, lembar: Lembar, rows: Sequence[Row]) -> None:
    ws: Worksheet = wb.create_sheet(lembar.nama)
    last_row = 1 + max(DATA_ROWS, len(rows))
    last_col = get_column_letter(len(lembar.kolom))
    for index, kolom in enumerate(lembar.kolom, start=1):
        letter = get_column_letter(index)
        number_format = NUMBER_FORMAT.get(kolom.jenis, TEXT_FORMAT)
        # The column's own style (unlocked, number format) covers every empty cell below the
        # header in Excel and Calc, without thousands of styled empty cells that inflate the
        # used range and slow writing; only the header and the cells we fill get records.
        column = ws.column_dimensions[letter]
        column.width = kolom.lebar
        column.number_format = number_format
        column.protection = UNLOCKED
        column.alignment = align = DATA_ALIGN.get(kolom.jenis, TOP)
        header = ws.cell(row=1, column=index, value=kolom.judul)
        header.font, header.fill, header.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        header.protection = LOCKED
        for offset, data in enumerate(rows):
            value = data.get(kolom.kunci)
            if kolom.jenis == "bulan":
                value = month_name(value)
            if value is None or value == "":
                continue  # no cell record: the empty cell keeps the column's style
            cell = ws.cell(row=2 + offset, column=index)
            cell.number_format, cell.protection, cell.alignment = number_format, UNLOCKED, align
            put_value(cell, value, kolom.jenis not in NUMERIC_JENIS)
            _mark_rejected(cell, data, kolom)
        choices = _choices(config, kolom)
        if choices:
            _add_dropdown(wb, ws, kolom, choices, f"{letter}2:{letter}{last_row}")
    _fit_heights(ws, lembar, rows)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last_col}{last_row}"
    ws.protection = guard()
    fit_to_width(ws)


def _mark_rejected(cell: Any, data: Row, kolom: Kolom) -> None:
    """A value carried as typed although last month's check rejected it: coloured, with the
    reason in a comment, so the unit corrects it instead of finding it blank."""
    reasons = data.get(REJECTED)
    reason = reasons.get(kolom.kunci) if isinstance(reasons, Mapping) else None
    if reason is None:
        return
    cell.fill = REJECTED_FILL
    text = f"Belum sah pada buku kerja bulan lalu: {getattr(reason, 'reason', reason)} "
    text += "Perbaiki isian ini."
    cell.comment = Comment(text, "sakip", width=320, height=110)


def _fit_heights(ws: Worksheet, lembar: Lembar, rows: Sequence[Row]) -> None:
    """Row heights for wrapped text, estimated from its length: neither Excel nor Calc grows
    a row written by openpyxl on opening, so long texts would be cut or overlap."""
    ws.row_dimensions[1].height = LINE_HEIGHT * _lines([(k.judul, k.lebar) for k in lembar.kolom])
    wrapped = [k for k in lembar.kolom if k.jenis in DATA_ALIGN]
    for offset, data in enumerate(rows):
        lines = _lines([(data.get(k.kunci), k.lebar) for k in wrapped])
        if lines > 1:
            ws.row_dimensions[2 + offset].height = LINE_HEIGHT * lines


def _lines(cells: Sequence[tuple[object, float]]) -> int:
    counts = [wrapped_lines(v, w) for v, w in cells if v]
    return min(max(counts, default=1), MAX_LINES)


def _choices(config: Config, kolom: Kolom) -> list[str]:
    if kolom.jenis == "bulan":
        return list(BULAN)
    if kolom.pilihan_dari == "satuan":
        return list(config.satuan)
    return list(kolom.pilihan)


def _add_dropdown(
    wb: Workbook, ws: Worksheet, kolom: Kolom, choices: list[str], sqref: str
) -> None:
    # A free unit of measure is a finding for the validator, not a hard stop while typing.
    style = "warning" if kolom.pilihan_dari == "satuan" else "stop"
    dv = DataValidation(
        type="list",
        formula1=_list_formula(wb, choices),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle=style,
        errorTitle=f"Isian {kolom.judul}"[:32],  # Excel's limits: 32 and 255 characters
        error=f"Pilih salah satu isian dari daftar: {', '.join(choices)}."[:255],
    )
    dv.add(sqref)
    ws.add_data_validation(dv)


def _list_formula(wb: Workbook, choices: list[str]) -> str:
    """An inline list when Excel allows it (at most 255 characters, no comma or quote in an
    item); otherwise a range on a hidden sheet, which has no such limits."""
    inline = ",".join(choices)
    if len(inline) <= 255 and not any("," in c or '"' in c for c in choices):
        return f'"{inline}"'
    if LIST_SHEET in wb.sheetnames:
        sheet = wb[LIST_SHEET]
        column = sheet.max_column + 1
    else:
        sheet = wb.create_sheet(LIST_SHEET)
        sheet.sheet_state = "hidden"
        sheet.protection = guard()
        column = 1
    for row, choice in enumerate(choices, start=1):
        put_value(sheet.cell(row=row, column=column), choice, text_only=True)
    letter = get_column_letter(column)
    return f"{quote_sheetname(LIST_SHEET)}!${letter}$1:${letter}${len(choices)}"
