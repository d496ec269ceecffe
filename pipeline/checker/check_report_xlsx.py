"""The check laporan as an xlsx workbook: one sheet per table, filterable, header frozen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.checker.check_report import (
    DETAIL_HEADERS,
    PROBLEM_HEADERS,
    SUMMARY_HEADERS,
    TITLE,
    detail_rows,
    problem_rows,
    summary_rows,
)
from pipeline.checker.result import CheckResult
from pipeline.office.xlsx_write import (
    LINE_HEIGHT,
    fit_to_width,
    save_workbook,
    wrapped_lines,
    write_text,
)

# Font colour and a light fill per status; the label text carries the meaning on its own.
STATUS_STYLE = {
    "lengkap": ("14532D", "E3F3E8"),
    "tidak lengkap": ("7A3D00", "FFF1DA"),
    "tidak dapat diverifikasi": ("1F3A68", "E8EEF7"),
    "tidak dapat dibaca": ("9B1515", "FDE8E8"),
}
HEADER_FILL = "E6E6E6"
FONT = {"name": "Calibri", "size": 11}  # a Font() without a name turns serif in LibreOffice
WIDTHS = {
    "No": 5,
    "Berkas": 48,
    "Jenis dokumen": 30,
    "Status": 24,
    "Jumlah halaman": 10,
    "Bagian belum ada": 60,
    "Bagian": 50,
    "Ditemukan": 11,
    "Halaman": 9,
    "Catatan": 100,
}
FIXED_STAMP = dt.datetime(2000, 1, 1)


def write_xlsx(results: Sequence[CheckResult], target: Path, dibuat: dt.date | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheets = [
        ("Ringkasan", SUMMARY_HEADERS, summary_rows(results)),
        ("Rincian bagian", DETAIL_HEADERS, detail_rows(results)),
        ("Catatan", PROBLEM_HEADERS, problem_rows(results)),
    ]
    for index, (name, headers, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        _fill(sheet, name, headers, rows)
    stamp = dt.datetime.combine(dibuat, dt.time()) if dibuat else FIXED_STAMP
    return save_workbook(book, target, title=TITLE, stamp=stamp)


def _fill(
    sheet: Any, name: str, headers: Sequence[str], rows: Sequence[Sequence[str | int]]
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.title = name
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for column, header in enumerate(headers, 1):
        cell = sheet.cell(1, column)
        write_text(cell, header)
        cell.font = Font(bold=True, **FONT)
        cell.fill = header_fill
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = WIDTHS.get(header, 20)
    for r, row in enumerate(rows, 2):
        lines = 1
        for column, (header, value) in enumerate(zip(headers, row, strict=True), 1):
            cell = sheet.cell(r, column)
            if isinstance(value, int):
                cell.value = value
            else:
                write_text(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            style = STATUS_STYLE.get(str(value)) if header == "Status" else None
            if style:
                cell.font = Font(color=style[0], **FONT)
                cell.fill = PatternFill("solid", fgColor=style[1])
            lines = max(lines, wrapped_lines(value, WIDTHS.get(header, 20)))
        sheet.row_dimensions[r].height = LINE_HEIGHT * lines
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    fit_to_width(sheet)
