"""The laporan kepatuhan as an xlsx workbook the Sub Bagian Program can filter and sort."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.findings import SEVERITY_LABEL, Report
from pipeline.laporan.content import (
    NO_UNIT_TITLE,
    ordered_findings,
    status_label,
    title,
    totals,
)
from pipeline.periode import Periode
from pipeline.xlsx_write import LINE_HEIGHT, fit_to_width, save_workbook, wrapped_lines, write_text

# (header, column width in characters); widths fit typical codes, names and messages.
SUMMARY_COLUMNS = (
    ("Kode", 14),
    ("Unit", 42),
    ("Status", 20),
    ("Galat", 9),
    ("Peringatan", 12),
    ("Berkas", 48),
)
FINDING_COLUMNS = (
    ("Tingkat", 12),
    ("Kode Unit", 14),
    ("Berkas", 32),
    ("Lembar", 16),
    ("Sel", 8),
    ("Aturan", 26),
    ("Pesan", 90),
)
# Font colour and a light fill per status; the label text carries the meaning on its own.
STATUS_STYLE = {
    "lengkap": ("14532D", "E3F3E8"),
    "belum_lengkap": ("7A3D00", "FFF1DA"),
    "tidak_menyerahkan": ("9B1515", "FDE8E8"),
}
HEADER_FILL = "E6E6E6"
# openpyxl's default font; a Font() without a name makes LibreOffice fall back to a serif face.
FONT = {"name": "Calibri", "size": 11}


def write_xlsx(report: Report, target: Path) -> Path:
    """Write the "Ringkasan" and "Temuan" sheets to ``target`` atomically and return it."""
    periode = Periode.parse(report.periode)
    wb = _workbook(report)
    wb.properties.subject = "Laporan kepatuhan data kinerja"
    # Dated by the period, never the clock, so the same findings give the same bytes.
    stamp = dt.datetime(periode.tahun, periode.bulan, 1)
    return save_workbook(wb, target, title=title(report), stamp=stamp)


def _workbook(report: Report) -> Any:
    from openpyxl import Workbook

    wb = Workbook()
    summary = wb.active
    summary.title = "Ringkasan"
    _fill_summary(summary, report)
    _fill_findings(wb.create_sheet("Temuan"), report)
    return wb


def _fill_summary(ws: Any, report: Report) -> None:
    _header(ws, SUMMARY_COLUMNS)
    for unit in report.units:
        row = ws.max_row + 1
        counts = (unit.errors, unit.warnings)
        files = "\n".join(unit.files)
        _write_row(ws, row, (unit.code, unit.name, status_label(unit), *counts, files))
        _style_status(ws.cell(row, 3), unit.status)
    total = totals(report)
    if total.no_unit_errors or total.no_unit_warnings:
        # Keeps the Galat and Peringatan columns adding up to every finding in "Temuan".
        loose = ("", NO_UNIT_TITLE, "", total.no_unit_errors, total.no_unit_warnings, "")
        _write_row(ws, ws.max_row + 1, loose)
    _finish(ws, wrap_column=len(SUMMARY_COLUMNS))


def _fill_findings(ws: Any, report: Report) -> None:
    _header(ws, FINDING_COLUMNS)
    for f in ordered_findings(report):
        values = (SEVERITY_LABEL[f.severity], f.unit, f.file, f.sheet, f.cell, f.rule, f.message)
        _write_row(ws, ws.max_row + 1, values)
    _finish(ws, wrap_column=len(FINDING_COLUMNS))


def _header(ws: Any, columns: Sequence[tuple[str, int]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for col, (name, width) in enumerate(columns, start=1):
        cell = ws.cell(1, col)
        write_text(cell, name)
        cell.font = Font(**FONT, bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width


def _write_row(ws: Any, row: int, values: Sequence[str | int]) -> None:
    from openpyxl.styles import Alignment

    for col, value in enumerate(values, start=1):
        cell = ws.cell(row, col)
        if isinstance(value, int):
            cell.value = value
        elif value:
            # Text from a unit's workbook ("=HYPERLINK(...)") must stay inert text.
            write_text(cell, value)
        # An empty string is left as an empty cell: it filters as "(Kosong)" in Excel.
        cell.alignment = Alignment(vertical="top")


def _style_status(cell: Any, status: str) -> None:
    from openpyxl.styles import Font, PatternFill

    font_colour, fill_colour = STATUS_STYLE[status]
    cell.font = Font(**FONT, bold=True, color=font_colour)
    cell.fill = PatternFill("solid", fgColor=fill_colour)


def _finish(ws: Any, *, wrap_column: int) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    width = ws.column_dimensions[get_column_letter(wrap_column)].width
    for (cell,) in ws.iter_rows(min_row=2, min_col=wrap_column, max_col=wrap_column):
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        lines = wrapped_lines(cell.value, width)
        if lines > 1:
            ws.row_dimensions[cell.row].height = lines * LINE_HEIGHT
    last = get_column_letter(ws.max_column)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{ws.max_row}"
    ws.print_title_rows = "1:1"
    fit_to_width(ws)
