"""Write the Rekapitulasi Data Kinerja workbook: a consolidated sheet, a sheet per unit with
a chart of capaian per indicator, and a sheet of notes on method and data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from copy import copy
from pathlib import Path
from typing import Any

from pipeline.periode import BULAN, ROMAWI
from pipeline.rekap import Rekap, RekapRow
from pipeline.xlsx_write import LINE_HEIGHT, fit_to_width, save_workbook, wrapped_lines, write_text

FILLS = {
    "Sangat Tinggi": "1B7F3B",
    "Tinggi": "7CC47F",
    "Sedang": "F6D55C",
    "Rendah": "F2994A",
    "Sangat Rendah": "D64545",
}
HEADER_FILL = "1F4E79"
NUM = "#,##0.##"
PCT = "0.00"
RP = "#,##0"
MAX_LINES = 8
# Arial, as in the office's documents; Linux has the metric-compatible Liberation Sans.
FONT = "Arial"
Column = tuple[str, float, str | None, Callable[[RekapRow], Any]]


def write_rekap(rekap: Rekap, target: Path, instansi: str) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    styles = _register_styles(wb)
    columns = _columns(rekap)
    wb.active.title = "Konsolidasi"
    _sheet(wb.active, "Konsolidasi", rekap, rekap.rows, columns, instansi, True, styles)
    for unit in rekap.units():
        rows = [r for r in rekap.rows if r.unit == unit]
        ws = wb.create_sheet(unit[:31])
        _sheet(ws, f"{unit} — {rows[0].unit_nama}", rekap, rows, columns, instansi, False, styles)
        _chart(ws, rows, len(columns) - 1)
    _notes(wb.create_sheet("Catatan"), rekap)
    title = f"Rekapitulasi Data Kinerja s.d. {rekap.periode.nama}"
    stamp = dt.datetime(rekap.periode.tahun, rekap.periode.bulan, 1)
    return save_workbook(wb, target, title=title, stamp=stamp)


def _columns(rekap: Rekap) -> list[Column]:
    p = rekap.periode
    months: list[Column] = [(BULAN[m][:3], 10, NUM, _month(m)) for m in range(p.bulan)]
    quarters: list[Column] = [(f"Target TW {ROMAWI[q]}", 10, NUM, _quarter(q)) for q in range(4)]
    return [
        ("Unit", 10, None, lambda r: r.unit),
        ("Kode", 10, None, lambda r: r.kode),
        ("Sasaran Strategis", 30, None, lambda r: r.sasaran),
        ("Indikator Kinerja", 40, None, lambda r: r.indikator),
        ("Satuan", 10, None, lambda r: r.satuan),
        ("Polaritas", 9, None, lambda r: r.polaritas),
        ("Agregasi", 11, None, lambda r: r.agregasi),
        ("Target Tahunan", 11, NUM, lambda r: _target(r.target)),
        *quarters,
        *months,
        (f"Realisasi s.d. {BULAN[p.bulan - 1]}", 12, NUM, lambda r: r.realisasi_sd_bulan),
        (f"Target s.d. TW {ROMAWI[p.triwulan - 1]}", 12, NUM, lambda r: _target(r.target_sd_tw)),
        (f"Capaian s.d. TW {ROMAWI[p.triwulan - 1]} (%)", 12, PCT, lambda r: r.capaian_tw.nilai),
        ("Kategori", 14, None, lambda r: r.kategori),
        ("Capaian thd Target Tahunan (%)", 13, PCT, lambda r: r.capaian_tahunan.nilai),
        ("Program/Kegiatan", 30, None, lambda r: r.program),
        ("Pagu (Rp)", 16, RP, lambda r: r.pagu),
        (f"Realisasi Anggaran s.d. {BULAN[p.bulan - 1]} (Rp)", 16, RP,
         lambda r: r.realisasi_anggaran),
        ("Serapan Anggaran (%)", 11, PCT, lambda r: r.serapan),
        ("Efisiensi", 13, None, lambda r: r.efisiensi or "-"),
        ("Keterangan", 40, None, _remarks),
    ]  # fmt: skip


def _month(index: int) -> Callable[[RekapRow], Any]:
    return lambda r: r.realisasi_bulan[index]


def _quarter(index: int) -> Callable[[RekapRow], Any]:
    return lambda r: _target(r.target_tw[index])


def _target(value: Any) -> Any:
    if isinstance(value, tuple):
        return f"{_num(value[0])}–{_num(value[1])}"
    return value


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _remarks(row: RekapRow) -> str:
    notes = [row.capaian_tw.catatan, row.capaian_tahunan.catatan]
    if row.polaritas == "turun":
        formula = (
            "(2 × target − realisasi) / target"
            if row.metode_turun == "2t-r"
            else ("target / realisasi")
        )
        notes.append(f"Polaritas turun: capaian = {formula} × 100.")
    return " ".join(dict.fromkeys(n for n in notes if n))


def _sheet(
    ws: Any, title: str, rekap: Rekap, rows: Sequence[RekapRow], columns: list[Column],
    instansi: str, with_unit: bool, styles: Styles,
) -> None:  # fmt: skip
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    cols = columns if with_unit else columns[1:]
    write_text(ws.cell(1, 1), f"REKAPITULASI DATA KINERJA (SEMENTARA) — {title}")
    ws.cell(1, 1).font = Font(name=FONT, bold=True, size=13)
    for line in (2, 3):
        ws.cell(line, 1).font = Font(name=FONT, size=10)
    write_text(ws.cell(2, 1), instansi)
    write_text(ws.cell(3, 1), f"Periode: Januari s.d. {rekap.periode.nama}. Angka sementara "
               "sampai disahkan sesuai SOP Pengumpulan Data Kinerja.")  # fmt: skip
    header = 5
    for c, (name, width, fmt, get) in enumerate(cols, start=1):
        cell = ws.cell(header, c)
        write_text(cell, name)
        cell.font = Font(name=FONT, size=10, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(c)].width = _column_width(width, fmt, get, rows)
    for r, row in enumerate(rows, start=header + 1):
        for c, (name, _width, fmt, get) in enumerate(cols, start=1):
            cell = ws.cell(r, c)
            _put(cell, get(row), fmt, styles)
            if name == "Kategori" and row.kategori in FILLS:
                cell._style = copy(styles[f"kategori {row.kategori}"])
    _fit_heights(ws, header, rows, cols)
    ws.freeze_panes = ws.cell(header + 1, 4 if with_unit else 3)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(cols))}{header + max(len(rows), 1)}"
    ws.row_dimensions[header].height = 45
    ws.print_title_rows = f"{header}:{header}"
    fit_to_width(ws)


def _column_width(
    width: float, fmt: str | None, get: Callable[[RekapRow], Any], rows: Sequence[RekapRow]
) -> float:
    """Numeric columns widen to their largest value, so Excel never shows '####'."""
    if fmt is None:
        return width
    digits = [len(f"{abs(v):,.2f}") + 2 for r in rows if isinstance(v := get(r), int | float)]
    return max([width, *digits])


def _fit_heights(ws: Any, header: int, rows: Sequence[RekapRow], cols: list[Column]) -> None:
    text_cols = [(get, width) for _name, width, fmt, get in cols if fmt is None]
    for r, row in enumerate(rows, start=header + 1):
        lines = max(wrapped_lines(get(row), width) for get, width in text_cols)
        if lines > 1:
            ws.row_dimensions[r].height = LINE_HEIGHT * min(lines, MAX_LINES)


Styles = dict[str, Any]


def _register_styles(wb: Any) -> Styles:
    """Named styles, registered once, and each one's style array kept for copying.

    Copying a ready style array onto a cell is far cheaper than building Alignment or
    PatternFill objects (or looking a named style up) per cell, which matters for a
    province-sized recap of some 140,000 cells.
    """
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    top = Alignment(vertical="top")
    font = Font(name=FONT, size=10)
    for fmt in (NUM, PCT, RP):
        wb.add_named_style(
            NamedStyle(name=f"angka {fmt}", number_format=fmt, alignment=top, font=font)
        )
    wrap = Alignment(wrap_text=True, vertical="top")
    wb.add_named_style(NamedStyle(name="teks", alignment=wrap, font=font))
    for label, colour in FILLS.items():
        style = NamedStyle(name=f"kategori {label}", alignment=top, font=font)
        style.fill = PatternFill("solid", fgColor=colour)
        wb.add_named_style(style)
    scratch = wb.create_sheet("_gaya")
    styles: Styles = {}
    for name in wb.style_names:
        cell = scratch.cell(1, 1)
        cell.style = name
        styles[name] = copy(cell._style)
    wb.remove(scratch)
    return styles


def _put(cell: Any, value: Any, fmt: str | None, styles: Styles) -> None:
    if value is None:
        return
    if fmt is not None and isinstance(value, int | float):
        cell.value = value
        cell._style = copy(styles[f"angka {fmt}"])
    else:
        write_text(cell, value)
        cell._style = copy(styles["teks"])


def _chart(ws: Any, rows: Sequence[RekapRow], capaian_col: int) -> None:
    from openpyxl.chart import BarChart, Reference

    if not rows:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Capaian s.d. triwulan berjalan per indikator (%)"
    chart.y_axis.title = "%"
    chart.legend = None
    first, last = 6, 5 + len(rows)
    col = next(
        c for c in range(1, ws.max_column + 1)
        if str(ws.cell(5, c).value or "").startswith("Capaian s.d.")
    )  # fmt: skip
    chart.add_data(Reference(ws, min_col=col, min_row=5, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.height = max(7.5, 0.8 * len(rows) + 3)
    chart.width = 22
    ws.add_chart(chart, f"A{last + 3}")


def _notes(ws: Any, rekap: Rekap) -> None:
    from openpyxl.styles import Font

    lines = [
        "Catatan rekapitulasi",
        "Capaian polaritas naik = realisasi / target × 100; polaritas turun sesuai metode "
        "indikator (lihat kolom Keterangan).",
        "Target 0 atau tanpa target: capaian tidak dapat dievaluasi (bukan 0).",
        "Sel realisasi kosong berarti belum diisi; 0 berarti realisasi nol.",
        "Kategori menurut skala capaian di sakip.yaml (bawaan: Permendagri 86/2017).",
        "Efisiensi membandingkan capaian terhadap target tahunan dengan serapan anggaran.",
        *rekap.notes,
        *(f"Unit {code} tidak direkap: {why}." for code, why in rekap.held_back.items()),
    ]
    for r, line in enumerate(lines, start=1):
        write_text(ws.cell(r, 1), line)
    for r in range(1, len(lines) + 1):
        ws.cell(r, 1).font = Font(name=FONT, size=10, bold=r == 1)
    ws.column_dimensions["A"].width = 120
