"""The laporan kepatuhan as an xlsx workbook the Sub Bagian Program can filter and sort.

Written with XlsxWriter (see pipeline.office.xlsx_write): a province's report has thousands of
findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.ingest.findings import SEVERITY_LABEL, Report
from pipeline.office.xlsx_write import (
    LINE_HEIGHT,
    TextFormat,
    page_setup,
    save_xlsxwriter,
    set_width,
    text_format,
    wrapped_lines,
    write_string,
)
from pipeline.validate.kepatuhan.content import (
    NO_UNIT_TITLE,
    ordered_findings,
    status_label,
    title,
    totals,
)
from pipeline.workspace.periode import Periode

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
# Named outright: a font without a name makes LibreOffice fall back to a serif face.
FONT = {"font_name": "Calibri", "font_size": 11}
SUBJECT = "Laporan kepatuhan data kinerja"


def write_xlsx(report: Report, target: Path) -> Path:
    """Write the "Ringkasan" and "Temuan" sheets to ``target`` atomically and return it."""
    periode = Periode.parse(report.periode)

    def fill(wb: Any) -> None:
        styles = _styles(wb)
        _fill_summary(wb.add_worksheet("Ringkasan"), report, styles)
        _fill_findings(wb.add_worksheet("Temuan"), report, styles)

    # Dated by the period, never the clock, so the same findings give the same bytes.
    stamp = dt.datetime(periode.tahun, periode.bulan, 1)
    return save_xlsxwriter(target, fill, title=title(report), stamp=stamp, subject=SUBJECT)


Styles = dict[str, TextFormat]


def _styles(wb: Any) -> Styles:
    """The workbook's cell formats, made once: cells share them."""
    styles = {
        "kepala": text_format(
            wb,
            {
                **FONT,
                "bold": True,
                "bg_color": f"#{HEADER_FILL}",
                "valign": "vcenter",
                "text_wrap": True,
            },
        ),
        "isi": text_format(wb, {**FONT, "valign": "top"}),
        "lipat": text_format(wb, {**FONT, "valign": "top", "text_wrap": True}),
    }
    for status, (font_colour, fill_colour) in STATUS_STYLE.items():
        styles[status] = text_format(
            wb,
            {
                **FONT,
                "valign": "top",
                "bold": True,
                "font_color": f"#{font_colour}",
                "bg_color": f"#{fill_colour}",
            },
        )
    return styles


def _fill_summary(ws: Any, report: Report, styles: Styles) -> None:
    rows: list[tuple[Sequence[str | int], str | None]] = []
    for unit in report.units:
        files = "\n".join(unit.files)
        counts = (unit.errors, unit.warnings)
        rows.append(((unit.code, unit.name, status_label(unit), *counts, files), unit.status))
    total = totals(report)
    if total.no_unit_errors or total.no_unit_warnings:
        # Keeps the Galat and Peringatan columns adding up to every finding in "Temuan".
        loose = ("", NO_UNIT_TITLE, "", total.no_unit_errors, total.no_unit_warnings, "")
        rows.append((loose, None))
    _fill(ws, SUMMARY_COLUMNS, rows, styles, status_column=2)


def _fill_findings(ws: Any, report: Report, styles: Styles) -> None:
    rows: list[tuple[Sequence[str | int], str | None]] = [
        ((SEVERITY_LABEL[f.severity], f.unit, f.file, f.sheet, f.cell, f.rule, f.message), None)
        for f in ordered_findings(report)
    ]
    _fill(ws, FINDING_COLUMNS, rows, styles)


def _fill(
    ws: Any,
    columns: Sequence[tuple[str, int]],
    rows: Sequence[tuple[Sequence[str | int], str | None]],
    styles: Styles,
    status_column: int | None = None,
) -> None:
    """A header row, then ``rows`` (values and the unit status, if any) under it.

    The last column wraps, and its rows are made tall enough for it; the header is frozen,
    filterable and printed on every page.
    """
    for col, (name, width) in enumerate(columns):
        write_string(ws, 0, col, name, styles["kepala"])
        set_width(ws, col, width)
    wrap, wrap_width = len(columns) - 1, columns[-1][1]
    for row, (values, status) in enumerate(rows, start=1):
        for col, value in enumerate(values):
            if col == wrap:
                style = styles["lipat"]
            elif col == status_column and status is not None:
                style = styles[status]
            else:
                style = styles["isi"]
            if isinstance(value, int):
                ws.write_number(row, col, value, style.plain)
            elif value:
                # Text from a unit's workbook ("=HYPERLINK(...)") must stay inert text.
                value = write_string(ws, row, col, value, style)
            else:
                # An empty string is left as an empty cell: it filters as "(Kosong)" in Excel.
                ws.write_blank(row, col, None, style.plain)
            if col == wrap and (lines := wrapped_lines(value, wrap_width)) > 1:
                ws.set_row(row, lines * LINE_HEIGHT)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(columns) - 1)
    ws.repeat_rows(0)
    page_setup(ws)
