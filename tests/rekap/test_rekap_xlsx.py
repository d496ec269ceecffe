"""The Rekapitulasi Data Kinerja workbook, written from a hand-made Rekap."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter

from pipeline.office import xlsx_write
from pipeline.rekap.recap import Rekap, RekapRow
from pipeline.rekap.xlsx import write_rekap
from pipeline.validate.capaian import Capaian
from pipeline.workspace.periode import Periode

INSTANSI = "Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Contoh"
HYPERLINK = '=HYPERLINK("http://contoh.invalid","bukti")'
LONG_NOTE = (
    "Realisasi triwulan berjalan belum mencapai target karena kegiatan pendampingan koperasi "
    "ditunda."
)


def row(unit: str, kode: str, **changes: object) -> RekapRow:
    values: dict[str, object] = {
        "unit": unit,
        "unit_nama": f"Bidang {unit}",
        "kode": kode,
        "sasaran": "Meningkatnya kualitas koperasi",
        "indikator": "Persentase koperasi sehat",
        "satuan": "%",
        "polaritas": "naik",
        "agregasi": "terakhir",
        "metode_turun": "2t-r",
        "target": 60.0,
        "target_tw": [58.0, 59.0, 59.5, 60.0],
        "target_sd_tw": 58.0,
        "realisasi_bulan": [55.0, 57.5, 60.2],
        "realisasi_sd_bulan": 60.2,
        "capaian_tahunan": Capaian(100.33, "ok"),
        "capaian_tw": Capaian(103.79, "ok"),
        "kategori": "Sangat Tinggi",
        "program": "Program Pembinaan Koperasi",
        "pagu": 125_000_000.0,
        "realisasi_anggaran": 25_000_000.0,
        "serapan": 20.0,
        "efisiensi": "efisien",
    }
    values.update(changes)
    return RekapRow(**values)  # type: ignore[arg-type]


def sample_rekap() -> Rekap:
    rows = [
        row("BKP", "BKP-1"),
        row(
            "BKP",
            "BKP-2",
            program=HYPERLINK,
            target=(70.0, 75.5),
            kategori="Sedang",
            capaian_tw=Capaian(None, "tidak_dapat_dievaluasi", "Target 0."),
        ),
        row(
            "UKM",
            "UKM-1",
            sasaran="-Sasaran diawali tanda minus\x07",
            realisasi_bulan=[None, None, 1_234_567.5],
            capaian_tahunan=Capaian(50.0, "ok", LONG_NOTE),
        ),
    ]
    return Rekap(Periode(2024, 3), rows, notes=["+catatan diawali tanda plus"])


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return write_rekap(sample_rekap(), tmp_path / "rekap.xlsx", INSTANSI)


def column(ws: Any, name: str) -> int:
    """The 1-based column of header ``name`` (row 5)."""
    return next(c.column for c in ws[5] if c.value == name)


def test_sheets_headers_and_values(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Konsolidasi", "BKP", "UKM", "Catatan"]
    ws = wb["Konsolidasi"]
    assert ws["A1"].value == "REKAPITULASI DATA KINERJA (SEMENTARA) — Konsolidasi"
    assert (ws["A2"].value, ws["A1"].font.name, ws["A1"].font.b) == (INSTANSI, "Arial", True)
    header = [c.value for c in ws[5]]
    assert header[:9] == [
        "Unit",
        "Kode",
        "Sasaran Strategis",
        "Indikator Kinerja",
        "Satuan",
        "Polaritas",
        "Agregasi",
        "Frekuensi",
        "Target TW I",
    ]
    # Each capaian stands right of the target it was computed against.
    start = header.index("Target s.d. TW I")
    assert header[start : start + 5] == [
        "Target s.d. TW I",
        "Capaian s.d. TW I (%)",
        "Kategori",
        "Target Tahunan",
        "Capaian thd Target Tahunan (%)",
    ]
    assert header[-3:] == ["Serapan Anggaran (%)", "Efisiensi", "Keterangan"]
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(6, values_only=True)}
    assert rows["BKP-1"]["Capaian s.d. TW I (%)"] == 103.79
    assert rows["BKP-2"]["Target Tahunan"] == "70–75,5"
    assert rows["BKP-2"]["Capaian s.d. TW I (%)"] is None
    assert rows["BKP-2"]["Keterangan"] == "Target 0."
    assert rows["BKP-1"]["Keterangan"] is None  # no remarks: an empty cell, not ""
    assert rows["UKM-1"]["Sasaran Strategis"] == "-Sasaran diawali tanda minus"
    assert [c.value for c in wb["BKP"][5]] == header[1:]
    assert wb["Catatan"]["A1"].value == "Catatan rekapitulasi"


def test_text_like_a_formula_stays_text(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws, bkp = wb["Konsolidasi"], wb["BKP"]
    program = ws.cell(7, column(ws, "Program/Kegiatan"))
    assert (program.value, program.data_type, program.quotePrefix) == (HYPERLINK, "s", True)
    assert program.alignment.wrap_text  # the quoted format is the text format, plus the prefix
    assert bkp.cell(7, column(bkp, "Program/Kegiatan")).quotePrefix
    assert not ws.cell(6, column(ws, "Program/Kegiatan")).quotePrefix
    assert ws["C8"].quotePrefix  # "-Sasaran ..."
    assert wb["Catatan"]["A11"].value == "+catatan diawali tanda plus"
    assert wb["Catatan"]["A11"].quotePrefix
    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in zf.read(n) for n in sheets)


def test_formats_and_layout(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Konsolidasi"]
    assert ws.freeze_panes == "D6" and wb["BKP"].freeze_panes == "C6"
    assert ws.auto_filter.ref == "A5:AA8" and wb["BKP"].auto_filter.ref == "A5:Z7"
    assert ws.print_title_rows == "$5:$5"
    assert ws.page_setup.orientation == "landscape"
    assert ws.row_dimensions[5].height == 45
    header = ws["A5"]
    assert header.font.b and header.font.color.rgb[2:] == "FFFFFF"
    assert header.fill.fgColor.rgb[2:] == "1F4E79" and header.alignment.wrap_text
    assert ws["I6"].number_format == "#,##0.##" and ws["I6"].alignment.vertical == "top"
    assert ws.cell(6, column(ws, "Capaian s.d. TW I (%)")).number_format == "0.00"
    assert ws.cell(6, column(ws, "Pagu (Rp)")).number_format == "#,##0"
    assert ws["C6"].alignment.wrap_text and ws["C6"].font.name == "Arial"
    kategori = column(ws, "Kategori")
    fills = {ws.cell(r, kategori).value: ws.cell(r, kategori).fill.fgColor.rgb[2:] for r in (6, 7)}
    assert fills == {"Sangat Tinggi": "1B7F3B", "Sedang": "F6D55C"}
    # Widths as given (openpyxl reads XlsxWriter's column ranges by their first column).
    widths = {d.min: d.width for d in ws.column_dimensions.values() if d.min}
    assert (widths[1], widths[4], widths[column(ws, "Keterangan")]) == (10, 40, 40)
    # The largest March value (1,234,567.50) widens its column beyond the default 10.
    assert widths[column(ws, "Mar")] == len("1,234,567.50") + 2
    # Wrapped text of several lines makes its row taller (no spreadsheet does it on opening).
    assert ws.row_dimensions[6].height is None
    assert ws.cell(8, column(ws, "Keterangan")).value == LONG_NOTE
    assert ws.row_dimensions[8].height == 45  # three lines of a 40-character column
    assert wb["Catatan"].column_dimensions["A"].width == 120


def test_unit_sheets_have_a_chart(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    assert len(wb["BKP"]._charts) == 1 and len(wb["UKM"]._charts) == 1
    assert not wb["Konsolidasi"]._charts
    with zipfile.ZipFile(path) as zf:
        chart = zf.read("xl/charts/chart1.xml").decode()
        drawing = zf.read("xl/drawings/drawing1.xml").decode()
    assert "Capaian s.d. triwulan berjalan per indikator (%)" in chart
    assert '<c:barDir val="bar"/>' in chart
    assert "<c:f>BKP!$Q$6:$Q$7</c:f>" in chart and "<c:f>BKP!$A$6:$A$7</c:f>" in chart
    assert '<xdr:twoCellAnchor editAs="oneCell">' in drawing
    assert "<xdr:row>9</xdr:row>" in drawing  # three rows under the last indicator (row 7)


def test_writes_are_deterministic(tmp_path: Path) -> None:
    first = write_rekap(sample_rekap(), tmp_path / "a" / "rekap.xlsx", INSTANSI)
    second = write_rekap(sample_rekap(), tmp_path / "b" / "rekap.xlsx", INSTANSI)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert sorted(p.name for p in first.parent.iterdir()) == ["rekap.xlsx"]  # no temp file
    props = openpyxl.load_workbook(first).properties
    assert props.title == "Rekapitulasi Data Kinerja s.d. Maret 2024"
    assert props.creator == props.lastModifiedBy == "sakip"
    assert props.created == props.modified == dt.datetime(2024, 3, 1)


def test_sheet_names_are_cut_and_made_unique(tmp_path: Path) -> None:
    long = "BIDANG-PEMBERDAYAAN-KOPERASI-DAN-UMKM"
    rows = [row("CATATAN", "C-1"), row(f"{long}-A", "A-1"), row(f"{long}-B", "B-1")]
    path = write_rekap(Rekap(Periode(2024, 3), rows), tmp_path / "rekap.xlsx", INSTANSI)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Konsolidasi", "CATATAN", long[:31], f"{long[:30]}1", "Catatan1"]
    assert wb[f"{long[:30]}1"]["A1"].value.endswith(f"{long}-B — Bidang {long}-B")
    assert len(wb[f"{long[:30]}1"]._charts) == 1


def test_a_row_of_cells_is_written_through_xlsxwriter(tmp_path: Path) -> None:
    path = tmp_path / "sel.xlsx"
    wb = xlsxwriter.Workbook(str(path), xlsx_write.XLSXWRITER_OPTIONS)
    wb.set_properties({"created": dt.datetime(2024, 1, 1)})
    fmt = wb.add_format({"bold": True})
    ws = wb.add_worksheet()
    xlsx_write.write_cells(
        ws, 2, [(0, None, fmt), (1, 1.5, fmt), (3, "=A1 & <b>", fmt), (4, 2, fmt)]
    )
    wb.close()
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[3]] == [None, 1.5, None, "=A1 & <b>", 2]
    assert sheet["D3"].data_type == "s" and sheet["A3"].font.b


def test_prints_on_the_office_paper_at_a_readable_scale(path: Path, tmp_path: Path) -> None:
    """F4 (Excel's Folio) by default, landscape, the header row on every page; 26 columns do
    not fit one page width readably, so they print across pages at 65% with the columns up
    to the indicator repeated."""
    wb = openpyxl.load_workbook(path)
    for ws in (wb["Konsolidasi"], wb["BKP"]):
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation) == (14, "landscape")
        assert ws.print_title_rows == "$5:$5"
        assert int(setup.scale) == 65 and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb["Konsolidasi"].print_title_cols == "$A:$D"
    assert wb["BKP"].print_title_cols == "$A:$C"
    assert int(wb["Catatan"].page_setup.paperSize) == 14
    a4 = openpyxl.load_workbook(write_rekap(sample_rekap(), tmp_path / "a4.xlsx", INSTANSI, "A4"))
    assert int(a4["Konsolidasi"].page_setup.paperSize) == 9


def test_a_narrow_recap_prints_one_page_wide(tmp_path: Path) -> None:
    from pipeline.rekap.xlsx import MIN_SCALE, _print_setup

    wb = xlsxwriter.Workbook(str(tmp_path / "sempit.xlsx"))
    ws = wb.add_worksheet()
    cols = [("Kode", 10.0, None, str), ("Indikator Kinerja", 40.0, None, str)]
    _print_setup(ws, cols, [["A", "B"]], "F4")
    wb.close()
    setup = openpyxl.load_workbook(tmp_path / "sempit.xlsx").active
    assert setup.sheet_properties.pageSetUpPr.fitToPage and MIN_SCALE == 65
