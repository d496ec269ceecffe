"""Write the Rekapitulasi Data Kinerja workbook: a consolidated sheet, a sheet per unit with
a chart of capaian per indicator, and a sheet of notes on method and data.

Written with XlsxWriter: a province recap is some 140,000 styled cells, which openpyxl takes
three times as long to write.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.office.xlsx_write import (
    LINE_HEIGHT,
    Cell,
    TextCells,
    TextFormat,
    page_setup,
    save_xlsxwriter,
    set_width,
    text_format,
    wrapped_lines,
    write_cells,
    write_string,
)
from pipeline.rekap.recap import BASIS_TAHUNAN, Rekap, RekapRow, basis_triwulan
from pipeline.workspace.periode import BULAN, ROMAWI

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
HEADER_ROW = 4  # 0-based: the fifth row, under the title lines
# Arial, as in the office's documents; Linux has the metric-compatible Liberation Sans.
FONT = "Arial"
CHART_TITLE = "Capaian s.d. triwulan berjalan per indikator (%)"
EMU_PER_CM, EMU_PER_PIXEL = 360_000, 9_525
Column = tuple[str, float, str | None, Callable[[RekapRow], Any]]


# Excel's paper codes (XlsxWriter set_paper): 9 is A4; 14 is Folio, 8,5 x 13 in, which is F4.
PAPER = {"A4": 9, "F4": 14}
# The long side of each paper in cm, less the side margins: the printable width in landscape.
_PRINTABLE_CM = {"A4": 29.7 - 2 * 0.75 * 2.54, "F4": 33.0 - 2 * 0.75 * 2.54}
# Below this print scale a recap is too small to read: the sheet then prints on several
# pages across, the indicator's identity columns repeated on each.
MIN_SCALE = 65
_CM_PER_PIXEL = 2.54 / 96


def write_rekap(rekap: Rekap, target: Path, instansi: str, kertas: str = "F4") -> Path:
    title = f"Rekapitulasi Data Kinerja s.d. {rekap.periode.nama}"
    stamp = dt.datetime(rekap.periode.tahun, rekap.periode.bulan, 1)

    def fill(wb: Any) -> None:
        styles = _register_styles(wb)
        columns = _columns(rekap)
        # Each row's values once: its unit sheet shows them again, bar the Unit column.
        table = [[get(row) for _name, _width, _fmt, get in columns] for row in rekap.rows]
        texts = TextCells()
        taken: set[str] = set()
        ws = wb.add_worksheet(_sheet_name("Konsolidasi", taken))
        _sheet(ws, "Konsolidasi", rekap, table, columns, instansi, styles, texts)
        _print_setup(ws, columns, table, kertas)
        for unit, indices in _unit_rows(rekap.rows).items():
            rows = [table[i][1:] for i in indices]
            ws = wb.add_worksheet(_sheet_name(unit, taken))
            heading = f"{unit} — {rekap.rows[indices[0]].unit_nama}"
            _sheet(ws, heading, rekap, rows, columns[1:], instansi, styles, texts)
            _print_setup(ws, columns[1:], rows, kertas)
            _chart(wb, ws, len(rows), columns[1:])
        notes = wb.add_worksheet(_sheet_name("Catatan", taken))
        _notes(notes, rekap, styles)
        notes.set_paper(PAPER[kertas])

    return save_xlsxwriter(target, fill, title=title, stamp=stamp)


def _sheet_name(name: str, taken: set[str]) -> str:
    """``name`` cut to Excel's 31 characters, numbered if a sheet already has it.

    Excel compares sheet names regardless of case, and XlsxWriter refuses a duplicate where
    openpyxl numbered it: a unit coded CATATAN leaves the notes sheet "Catatan1".
    """
    candidate, number = name[:31], 0
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{name[: 31 - len(str(number))]}{number}"
    taken.add(candidate.casefold())
    return candidate


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
        ("Frekuensi", 11, None, lambda r: r.frekuensi),
        *quarters,
        *months,
        (f"Realisasi s.d. {BULAN[p.bulan - 1]}", 12, NUM, lambda r: r.realisasi_sd_bulan),
        # Each capaian stands right of the target it was computed against.
        (basis_triwulan(p.triwulan), 12, NUM, lambda r: _target(r.target_sd_tw)),
        (f"Capaian s.d. TW {ROMAWI[p.triwulan - 1]} (%)", 12, PCT, lambda r: r.capaian_tw.nilai),
        ("Kategori", 14, None, lambda r: r.kategori),
        (BASIS_TAHUNAN, 11, NUM, lambda r: _target(r.target)),
        ("Capaian thd Target Tahunan (%)", 13, PCT, lambda r: r.capaian_tahunan.nilai),
        ("Program/Kegiatan", 30, None, lambda r: r.program),
        ("Pagu (Rp)", 16, RP, lambda r: r.pagu),
        (
            f"Realisasi Anggaran s.d. {BULAN[p.bulan - 1]} (Rp)",
            16,
            RP,
            lambda r: r.realisasi_anggaran,
        ),
        ("Serapan Anggaran (%)", 11, PCT, lambda r: r.serapan),
        ("Efisiensi", 13, None, lambda r: r.efisiensi or "-"),
        ("Keterangan", 40, None, _remarks),
    ]


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
    # Which capaian a note is about: the two share notes such as "Realisasi belum diisi."
    tw, year = row.capaian_tw.catatan, row.capaian_tahunan.catatan
    notes = (
        [tw, year] if tw == year or not (tw and year) else [f"s.d. TW: {tw}", f"tahunan: {year}"]
    )
    if row.polaritas == "turun":
        formula = (
            "(2 × target − realisasi) / target"
            if row.metode_turun == "2t-r"
            else ("target / realisasi")
        )
        notes.append(f"Polaritas turun: capaian = {formula} × 100.")
    return " ".join(dict.fromkeys(n for n in notes if n))


Styles = dict[str, Any]
NUMBER_TYPES = (int, float)  # for isinstance(): a tuple is quicker than int | float


def _unit_rows(rows: Sequence[RekapRow]) -> dict[str, list[int]]:
    """The indices of each unit's rows, units in the order of Rekap.units()."""
    indices: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        indices.setdefault(row.unit, []).append(i)
    return indices


def _sheet(
    ws: Any,
    title: str,
    rekap: Rekap,
    table: Sequence[Sequence[Any]],
    cols: list[Column],
    instansi: str,
    styles: Styles,
    texts: TextCells,
) -> None:
    """A recap sheet of ``table`` (a row of values per indicator) under ``cols``' headers."""
    state = "" if rekap.disahkan else " (SEMENTARA)"
    write_string(ws, 0, 0, f"REKAPITULASI DATA KINERJA{state} — {title}", styles["judul"])
    write_string(ws, 1, 0, instansi, styles["baris"])
    periode = f"Periode: Januari s.d. {rekap.periode.nama}. " + (
        "Telah disahkan Kepala Dinas sesuai SOP Pengumpulan Data Kinerja."
        if rekap.disahkan
        else "Angka sementara sampai disahkan sesuai SOP Pengumpulan Data Kinerja."
    )
    write_string(ws, 2, 0, periode, styles["baris"])
    by_column = list(zip(*table, strict=True)) or [() for _col in cols]
    for c, (name, width, fmt, _get) in enumerate(cols):
        write_string(ws, HEADER_ROW, c, name, styles["kepala"])
        set_width(ws, c, _column_width(width, fmt, by_column[c]))
    _write_cells(ws, table, cols, styles, texts)
    _fit_heights(ws, table, cols)
    with_unit = cols[0][0] == "Unit"  # the consolidated sheet, its Unit column frozen too
    ws.freeze_panes(HEADER_ROW + 1, 3 if with_unit else 2)
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + max(len(table), 1), len(cols) - 1)
    ws.set_row(HEADER_ROW, 45)
    ws.repeat_rows(HEADER_ROW)


def _print_setup(ws: Any, cols: list[Column], table: Sequence[Sequence[Any]], kertas: str) -> None:
    """Landscape on the workspace's paper, the header row on every page, one page wide when
    that still reads (MIN_SCALE or more); else across several pages at MIN_SCALE with the
    columns up to the indicator repeated on each."""
    page_setup(ws, fit_width=False)
    ws.set_landscape()
    ws.set_paper(PAPER[kertas])
    by_column = list(zip(*table, strict=True)) or [() for _col in cols]
    widths = [
        _column_width(width, fmt, by_column[c]) for c, (_n, width, fmt, _g) in enumerate(cols)
    ]
    total_cm = sum(round(w * 7) for w in widths) * _CM_PER_PIXEL
    scale = math.floor(100 * _PRINTABLE_CM[kertas] / total_cm) if total_cm else 100
    if scale >= MIN_SCALE:
        ws.fit_to_pages(1, 0)
        return
    ws.set_print_scale(MIN_SCALE)
    names = [name for name, _w, _f, _g in cols]
    if "Indikator Kinerja" in names:
        ws.repeat_columns(0, names.index("Indikator Kinerja"))


def _write_cells(
    ws: Any,
    table: Sequence[Sequence[Any]],
    cols: list[Column],
    styles: Styles,
    texts: TextCells,
) -> None:
    """The values under the header, row by row (the shared strings keep their order)."""
    # Decided once per column rather than per cell: 140,000 cells in a province recap.
    numbers = [styles[f"angka {fmt}"] if fmt else None for _n, _w, fmt, _g in cols]
    teks: TextFormat = styles["teks"]
    # The Kategori column's value is the row's kategori, and picks the cell's fill.
    fills: dict[str, TextFormat] = {label: styles[f"kategori {label}"] for label in FILLS}
    kategori = next(c for c, column in enumerate(cols) if column[0] == "Kategori")
    isfinite = math.isfinite
    for r, values in enumerate(table, start=HEADER_ROW + 1):
        cells: list[Cell] = []
        for c, value in enumerate(values):
            if value is None:
                continue
            number = numbers[c]
            if number is not None and isinstance(value, NUMBER_TYPES):
                if isfinite(value):  # XlsxWriter refuses NaN and infinity
                    cells.append((c, value, number))
            else:
                cells.append(
                    texts.cell(c, value, fills.get(value, teks) if c == kategori else teks)
                )
        write_cells(ws, r, cells)


def _column_width(width: float, fmt: str | None, values: Sequence[Any]) -> float:
    """Numeric columns widen to their largest value, so Excel never shows '####'."""
    if fmt is None:
        return width
    # The written length grows with the magnitude: only the largest value needs formatting.
    largest = max(map(abs, [v for v in values if isinstance(v, NUMBER_TYPES)]), default=None)
    return width if largest is None else max(width, len(f"{largest:,.2f}") + 2)


def _fit_heights(ws: Any, table: Sequence[Sequence[Any]], cols: list[Column]) -> None:
    text_cols = [(c, width) for c, (_name, width, fmt, _get) in enumerate(cols) if fmt is None]
    for r, values in enumerate(table, start=HEADER_ROW + 1):
        lines = max([wrapped_lines(values[c], width) for c, width in text_cols])
        if lines > 1:
            ws.set_row(r, LINE_HEIGHT * min(lines, MAX_LINES))


def _register_styles(wb: Any) -> Styles:
    """Every cell format of the workbook, made once and shared by all cells."""
    font = {"font_name": FONT, "font_size": 10}
    top = {**font, "valign": "top"}
    header = {
        **font,
        "bold": True,
        "font_color": "#FFFFFF",
        "bg_color": f"#{HEADER_FILL}",
        "text_wrap": True,
        "valign": "vcenter",
        "align": "center",
    }
    styles: Styles = {
        "judul": text_format(wb, {"font_name": FONT, "font_size": 13, "bold": True}),
        "baris": text_format(wb, font),
        "kepala": text_format(wb, header),
        "teks": text_format(wb, {**top, "text_wrap": True}),
        "catatan": text_format(wb, font),
        "catatan judul": text_format(wb, {**font, "bold": True}),
    }
    for fmt in (NUM, PCT, RP):
        styles[f"angka {fmt}"] = wb.add_format({**top, "num_format": fmt})
    for label, colour in FILLS.items():
        styles[f"kategori {label}"] = text_format(wb, {**top, "bg_color": f"#{colour}"})
    return styles


def _chart(wb: Any, ws: Any, count: int, cols: list[Column]) -> None:
    """A bar per indicator (``count`` of them) of a unit sheet with ``cols``: capaian s.d. TW."""
    if not count:
        return
    col = next(c for c, column in enumerate(cols) if column[0].startswith("Capaian s.d."))
    first, last = HEADER_ROW + 1, HEADER_ROW + count
    chart = wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": [ws.name, HEADER_ROW, col],
            "categories": [ws.name, first, 0, last, 0],
            "values": [ws.name, first, col, last, col],
        }
    )
    chart.set_title({"name": CHART_TITLE})
    chart.set_x_axis({"name": "%"})  # a bar chart's x axis is its value axis
    chart.set_legend({"none": True})
    height = max(7.5, 0.8 * count + 3)
    chart.set_size({"width": _pixels(22), "height": _pixels(height)})
    # Moves with the cells but keeps its size, like openpyxl's one-cell anchor did.
    ws.insert_chart(last + 3, 0, chart, {"object_position": 2})


def _pixels(cm: float) -> int:
    return round(cm * EMU_PER_CM / EMU_PER_PIXEL)


def _notes(ws: Any, rekap: Rekap, styles: Styles) -> None:
    lines = [
        "Catatan rekapitulasi",
        "Capaian polaritas naik = realisasi / target × 100; polaritas turun sesuai metode "
        "indikator (lihat kolom Keterangan).",
        f"Capaian s.d. TW dihitung terhadap kolom {basis_triwulan(rekap.periode.triwulan)} "
        "(target triwulan sampai dengan triwulan berjalan, digabung menurut agregasi "
        "indikator); capaian tahunan terhadap kolom Target Tahunan. Kategori dinilai dari "
        "capaian s.d. TW.",
        "Agregasi: jumlah = dijumlahkan; terakhir, tren-naik, tren-turun = posisi bulan "
        "terakhir yang dilaporkan; rata-rata = dirata-ratakan; terbaik = nilai terbaik sejauh "
        "ini (tertinggi untuk polaritas naik, terendah untuk polaritas turun).",
        "Frekuensi: indikator triwulanan, semesteran atau tahunan diukur pada bulan jatuh "
        "temponya (triwulanan: Maret, Juni, September, Desember; semesteran: Juni, Desember; "
        "tahunan: Desember). Realisasi s.d. dan capaiannya dihitung dari bulan jatuh tempo "
        "saja; di bulan lain ditampilkan posisi bulan jatuh tempo terakhir terhadap target s.d. "
        "triwulannya (lihat Keterangan), dan sebelum jatuh tempo pertama kategorinya Belum "
        "Jatuh Tempo, bukan capaian 0.",
        "Realisasi s.d. dan target s.d. TW hasil agregasi dibulatkan dua desimal (setengah ke "
        "atas) sebelum capaian dihitung; sel menyimpan angka yang tampil.",
        "Target 0 atau tanpa target: capaian tidak dapat dievaluasi (bukan 0).",
        "Sel realisasi kosong berarti belum diisi; 0 berarti realisasi nol.",
        "Kategori menurut skala capaian di sakip.yaml (bawaan: Permendagri 86/2017).",
        "Efisiensi membandingkan capaian terhadap target tahunan dengan serapan anggaran.",
        *rekap.notes,
        *(f"Unit {code} tidak direkap: {why}." for code, why in rekap.held_back.items()),
    ]
    for r, line in enumerate(lines):
        write_string(ws, r, 0, line, styles["catatan judul" if r == 0 else "catatan"])
    set_width(ws, 0, 120)
    page_setup(ws, fit_width=False)
