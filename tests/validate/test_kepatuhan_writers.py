"""The compliance report writers: HTML, xlsx and the terminal summary table."""

from __future__ import annotations

import datetime as dt
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from pipeline.ingest.findings import Finding, Report, UnitStatus
from pipeline.validate.kepatuhan import render_html, summary_table, write_html, write_xlsx

INSTANSI = "Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Contoh"
SCRIPT_MESSAGE = "Berkas <script>alert('x')</script> tidak dapat dibuka; kirim ulang berkas .xlsx."
FORMULA_MESSAGE = '=HYPERLINK("http://contoh.invalid","klik")'
FORMULA_FILE = "=SUM(A1).xlsx"


def sample_report(extra_warnings: int = 0) -> Report:
    """Four units in config order, one of each status and a clean one, plus a stray file.

    ``extra_warnings`` adds that many peringatan to BID-UKM (to make the report span pages).
    """
    message = "Keterangan realisasi baris {} kosong; isi penjelasan capaian bulan ini."
    more = [
        Finding(
            "peringatan",
            "BID-UKM",
            "ukm.xlsx",
            "Realisasi",
            f"E{row}",
            "realisasi.ket",
            message.format(row),
        )
        for row in range(7, 7 + extra_warnings)
    ]
    units = [
        UnitStatus("SEKRE", "Sekretariat", "lengkap", 0, 0, ("sekretariat.xlsx",)),
        UnitStatus(
            "BID-KOP",
            "Bidang Koperasi",
            "belum_lengkap",
            2,
            1,
            ("koperasi & umkm.xlsx", FORMULA_FILE),
        ),
        UnitStatus(
            "BID-UKM",
            "Bidang Usaha Kecil dan Menengah",
            "lengkap",
            0,
            1 + extra_warnings,
            ("ukm.xlsx",),
        ),
        UnitStatus("UPT-BLK", "UPT Balai Pelatihan Koperasi", "tidak_menyerahkan", 1, 0),
    ]
    findings = [
        Finding(
            "peringatan",
            "BID-KOP",
            "koperasi & umkm.xlsx",
            "RAK",
            "D9",
            "rak.konsisten",
            "Jumlah target TW I–IV (95) berbeda dengan target tahunan PK (100).",
        ),
        Finding(
            "galat",
            "BID-KOP",
            "koperasi & umkm.xlsx",
            "Realisasi",
            "F12",
            "realisasi.wajib",
            "Realisasi Maret untuk indikator IK-2 belum diisi.",
        ),
        Finding("galat", "BID-KOP", FORMULA_FILE, "PK", "B4", "pk.teks", FORMULA_MESSAGE),
        Finding(
            "peringatan",
            "BID-UKM",
            "ukm.xlsx",
            "IKI",
            "C5",
            "iki.indikator",
            "Indikator IKI \x07tidak ditemukan di PK unit; periksa ejaannya.",
        ),
        *more,
        Finding(
            "galat",
            "UPT-BLK",
            "",
            "",
            "",
            "unit.menyerahkan",
            "Unit belum menyerahkan buku kerja periode Maret 2024.",
        ),
        Finding("galat", "", "rusak.xlsx", "", "", "berkas.rusak", SCRIPT_MESSAGE),
    ]
    return Report("2024-03", units, findings)


class _Tables(HTMLParser):
    """Collects the h1/h3 headings and every table as rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: dict[str, list[str]] = {"h1": [], "h3": []}
        self.tables: list[list[list[str]]] = []
        self._heading: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.headings:
            self._heading, self._cell = tag, []
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._cell is None:
            return
        text = "".join(self._cell).strip()
        if tag in ("td", "th"):
            self.tables[-1][-1].append(text)
            self._cell = None
        elif tag == self._heading:
            self.headings[tag].append(" ".join(text.split()))
            self._heading = self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    return parser


def test_summary_table_text() -> None:
    assert summary_table(sample_report()) == (
        "Kode     Unit                             Status             Galat  Peringatan\n"
        "-------  -------------------------------  -----------------  -----  ----------\n"
        "SEKRE    Sekretariat                      Lengkap                0           0\n"
        "BID-KOP  Bidang Koperasi                  Belum lengkap          2           1\n"
        "BID-UKM  Bidang Usaha Kecil dan Menengah  Lengkap                0           1\n"
        "UPT-BLK  UPT Balai Pelatihan Koperasi     Tidak menyerahkan      1           0\n"
        "-        Berkas tanpa unit yang dikenali  -                      1           0\n"
        "\n"
        "4 unit: 2 lengkap, 1 belum lengkap, 1 tidak menyerahkan; 4 galat, 2 peringatan.\n"
        "\n"
        "Galat:\n"
        "- BID-KOP: koperasi & umkm.xlsx, Realisasi, sel F12: Realisasi Maret untuk indikator "
        "IK-2 belum diisi.\n"
        '- BID-KOP: =SUM(A1).xlsx, PK, sel B4: =HYPERLINK("http://contoh.invalid","klik")\n'
        "- UPT-BLK: Unit belum menyerahkan buku kerja periode Maret 2024.\n"
        "- ?: rusak.xlsx: Berkas <script>alert('x')</script> tidak dapat dibuka; kirim ulang "
        "berkas .xlsx."
    )


def test_summary_table_uses_indonesian_thousands_separators() -> None:
    unit = UnitStatus("BID-KOP", "Bidang Koperasi", "belum_lengkap", 1250, 12580)
    findings = [Finding("galat", "BID-KOP", "a.xlsx", "PK", "A1", "r", "m")] * 1250
    text = summary_table(Report("2024-03", [unit], findings))
    assert "1.250      12.580" in text
    assert (
        "1 unit: 0 lengkap, 1 belum lengkap, 0 tidak menyerahkan; 1.250 galat, 0 peringatan.\n"
        in text
    )
    # A screenful of galat, then where the rest are.
    assert text.count("\n- BID-KOP: a.xlsx, PK, sel A1: m") == 20
    assert text.endswith("... dan 1.230 galat lagi; lihat laporan kepatuhan (HTML atau xlsx).")


def test_html_is_self_contained_indonesian_and_escaped() -> None:
    html = render_html(sample_report(), instansi=INSTANSI)
    assert html.startswith('<!DOCTYPE html>\n<html lang="id">')
    title = "Laporan Kepatuhan Data Kinerja — Periode Maret 2024"
    assert f"<title>{title}</title>" in html
    assert _parse(html).headings["h1"] == [title]
    assert INSTANSI in html
    # Nothing is fetched from elsewhere: no scripts, stylesheets, fonts or images.
    for external in ("<script", "<link", "<img", "@import", "url(", "src="):
        assert external not in html
    assert "Berkas &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; tidak dapat dibuka" in html
    assert "<td>koperasi &amp; umkm.<wbr>xlsx</td>" in html
    # Identifiers may wrap at their separators in narrow columns, not mid-word.
    assert "<td>realisasi.<wbr>wajib</td>" in html
    assert "\x07" not in html
    assert "Tanggal laporan" not in html


def test_html_summary_and_unit_table() -> None:
    page = _parse(render_html(sample_report(), instansi=INSTANSI))
    summary, units = page.tables[0], page.tables[1]
    assert summary == [
        ["Jumlah unit", "4"],
        ["Lengkap", "2"],
        ["Belum lengkap", "1"],
        ["Tidak menyerahkan", "1"],
        ["Jumlah galat", "4"],
        ["Jumlah peringatan", "2"],
    ]
    assert units == [
        ["Kode", "Unit", "Status", "Galat", "Peringatan", "Berkas"],
        ["SEKRE", "Sekretariat", "Lengkap", "0", "0", "sekretariat.xlsx"],
        [
            "BID-KOP",
            "Bidang Koperasi",
            "Belum lengkap",
            "2",
            "1",
            f"koperasi & umkm.xlsx\n{FORMULA_FILE}",
        ],
        ["BID-UKM", "Bidang Usaha Kecil dan Menengah", "Lengkap", "0", "1", "ukm.xlsx"],
        ["UPT-BLK", "UPT Balai Pelatihan Koperasi", "Tidak menyerahkan", "1", "0", "—"],
        ["—", "Berkas tanpa unit yang dikenali", "—", "1", "0", "—"],
    ]


def test_html_status_has_colour_class_and_text_label() -> None:
    html = render_html(sample_report(), instansi=INSTANSI)
    assert '<span class="status status-belum_lengkap">Belum lengkap</span>' in html
    assert '<span class="status status-tidak_menyerahkan">Tidak menyerahkan</span>' in html
    assert html.count('<span class="status status-lengkap">Lengkap</span>') == 2


def test_html_findings_grouped_by_unit_problems_first() -> None:
    page = _parse(render_html(sample_report(), instansi=INSTANSI))
    assert page.headings["h3"] == [
        "1. Bidang Koperasi (BID-KOP) — Belum lengkap (2 galat, 1 peringatan)",
        "2. Bidang Usaha Kecil dan Menengah (BID-UKM) — Lengkap (0 galat, 1 peringatan)",
        "3. UPT Balai Pelatihan Koperasi (UPT-BLK) — Tidak menyerahkan (1 galat, 0 peringatan)",
        "4. Berkas tanpa unit yang dikenali (1 galat, 0 peringatan)",
    ]
    kop, ukm, upt, loose = page.tables[2:]
    header = ["Tingkat", "Berkas", "Lembar", "Sel", "Aturan", "Pesan"]
    assert [t[0] for t in (kop, ukm, upt, loose)] == [header] * 4
    # Galat first, otherwise the validator's order.
    assert [row[:5] for row in kop[1:]] == [
        ["Galat", "koperasi & umkm.xlsx", "Realisasi", "F12", "realisasi.wajib"],
        ["Galat", FORMULA_FILE, "PK", "B4", "pk.teks"],
        ["Peringatan", "koperasi & umkm.xlsx", "RAK", "D9", "rak.konsisten"],
    ]
    assert kop[2][5] == FORMULA_MESSAGE
    assert ukm[1][5] == "Indikator IKI tidak ditemukan di PK unit; periksa ejaannya."
    assert upt[1][:5] == ["Galat", "—", "—", "—", "unit.menyerahkan"]
    assert loose[1] == ["Galat", "rusak.xlsx", "—", "—", "berkas.rusak", SCRIPT_MESSAGE]
    assert "Unit tanpa temuan: Sekretariat (SEKRE)." in render_html(
        sample_report(), instansi=INSTANSI
    )


def test_html_unknown_unit_code_gets_its_own_group() -> None:
    report = sample_report()
    stray = Finding("galat", "BID-LAIN", "lain.xlsx", "Identitas", "C3", "unit.dikenal", "x")
    report = Report(report.periode, report.units, [*report.findings, stray])
    page = _parse(render_html(report, instansi=INSTANSI))
    assert page.headings["h3"][-2:] == [
        "4. Unit BID-LAIN (tidak terdaftar dalam pengaturan) (1 galat, 0 peringatan)",
        "5. Berkas tanpa unit yang dikenali (1 galat, 0 peringatan)",
    ]
    assert page.tables[1][-1] == ["—", "Berkas tanpa unit yang dikenali", "—", "2", "0", "—"]


def test_html_conclusion() -> None:
    html = render_html(sample_report(), instansi=INSTANSI)
    assert (
        "Data kinerja periode Maret 2024 belum lengkap: 1 unit belum lengkap, 1 unit tidak "
        "menyerahkan data, 1 galat pada berkas tanpa unit yang dikenali." in html
    )
    clean = Report("2024-12", [UnitStatus("SEKRE", "Sekretariat", "lengkap", 0, 0)])
    html = render_html(clean, instansi=INSTANSI)
    assert "Periode Desember 2024" in html
    assert "Seluruh unit telah menyerahkan data kinerja periode Desember 2024 secara" in html
    assert "Tidak ada temuan untuk periode ini." in html


def test_html_date_and_paper_size() -> None:
    html = render_html(sample_report(), instansi=INSTANSI, dibuat=dt.date(2024, 4, 2))
    assert "Tanggal laporan: 2 April 2024" in html
    assert "size: 215mm 330mm;" in html
    assert "size: 210mm 297mm;" in render_html(sample_report(), instansi=INSTANSI, kertas="A4")
    with pytest.raises(ValueError, match="kertas"):
        render_html(sample_report(), instansi=INSTANSI, kertas="Letter")


def test_html_print_css() -> None:
    html = render_html(sample_report(), instansi=INSTANSI)
    assert "thead { display: table-header-group; }" in html
    assert "tr { break-inside: avoid; page-break-inside: avoid; }" in html


def test_writes_are_atomic_and_byte_identical(tmp_path: Path) -> None:
    report = sample_report()
    for name in ("a", "b"):
        write_html(report, tmp_path / name / "laporan.html", instansi=INSTANSI)
        write_xlsx(report, tmp_path / name / "laporan.xlsx")
    for name in ("laporan.html", "laporan.xlsx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    with zipfile.ZipFile(tmp_path / "a" / "laporan.xlsx") as zf:
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["laporan.html", "laporan.xlsx"]


def test_write_html_returns_the_target(tmp_path: Path) -> None:
    target = tmp_path / "keluaran" / "laporan-kepatuhan-2024-03.html"
    assert write_html(sample_report(), target, instansi=INSTANSI) == target
    assert target.read_text(encoding="utf-8") == render_html(sample_report(), instansi=INSTANSI)


def _load(tmp_path: Path, report: Report) -> openpyxl.Workbook:
    path = write_xlsx(report, tmp_path / "laporan.xlsx")
    return openpyxl.load_workbook(path)


def test_xlsx_summary_sheet(tmp_path: Path) -> None:
    wb = _load(tmp_path, sample_report())
    assert wb.sheetnames == ["Ringkasan", "Temuan"]
    ws = wb["Ringkasan"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["Kode", "Unit", "Status", "Galat", "Peringatan", "Berkas"],
        ["SEKRE", "Sekretariat", "Lengkap", 0, 0, "sekretariat.xlsx"],
        [
            "BID-KOP",
            "Bidang Koperasi",
            "Belum lengkap",
            2,
            1,
            f"koperasi & umkm.xlsx\n{FORMULA_FILE}",
        ],
        ["BID-UKM", "Bidang Usaha Kecil dan Menengah", "Lengkap", 0, 1, "ukm.xlsx"],
        ["UPT-BLK", "UPT Balai Pelatihan Koperasi", "Tidak menyerahkan", 1, 0, None],
        [None, "Berkas tanpa unit yang dikenali", None, 1, 0, None],
    ]
    assert ws.auto_filter.ref == "A1:F6"
    assert ws.freeze_panes == "A2"
    assert all(c.font.b for c in ws[1])
    # ARGB; the alpha byte (XlsxWriter writes FF, openpyxl wrote 00) is ignored for fills.
    assert ws["C3"].font.b and ws["C3"].fill.fgColor.rgb[2:] == "FFF1DA"
    assert ws["F3"].data_type == "s" and ws["F3"].alignment.wrap_text
    # Two files, two lines: the row is made tall enough, as no spreadsheet does it on opening.
    assert ws.row_dimensions[3].height == 30
    assert ws.row_dimensions[2].height is None


def test_xlsx_findings_sheet(tmp_path: Path) -> None:
    ws = _load(tmp_path, sample_report())["Temuan"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["Tingkat", "Kode Unit", "Berkas", "Lembar", "Sel", "Aturan", "Pesan"]
    assert [r[:3] for r in rows[1:]] == [
        ["Galat", "BID-KOP", "koperasi & umkm.xlsx"],
        ["Galat", "BID-KOP", FORMULA_FILE],
        ["Peringatan", "BID-KOP", "koperasi & umkm.xlsx"],
        ["Peringatan", "BID-UKM", "ukm.xlsx"],
        ["Galat", "UPT-BLK", None],
        ["Galat", None, "rusak.xlsx"],
    ]
    assert rows[6][6] == SCRIPT_MESSAGE
    assert ws.auto_filter.ref == "A1:G7"
    assert ws.freeze_panes == "A2"
    assert all(c.font.b for c in ws[1])
    assert ws.column_dimensions["G"].width == 90
    assert all(ws.cell(r, 7).alignment.wrap_text for r in range(2, 8))


def test_xlsx_text_starting_with_equals_stays_text(tmp_path: Path) -> None:
    path = write_xlsx(sample_report(), tmp_path / "laporan.xlsx")
    ws = openpyxl.load_workbook(path)["Temuan"]
    message, file_name = ws["G3"], ws["C3"]
    assert (message.value, message.data_type) == (FORMULA_MESSAGE, "s")
    assert (file_name.value, file_name.data_type) == (FORMULA_FILE, "s")
    # quotePrefix keeps them text when the cell is edited in Excel, in their column's format.
    assert message.quotePrefix and file_name.quotePrefix and message.alignment.wrap_text
    assert not ws["G2"].quotePrefix
    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in zf.read(n) for n in sheets)


def test_xlsx_control_characters_are_dropped(tmp_path: Path) -> None:
    ws = _load(tmp_path, sample_report())["Temuan"]
    assert ws["G5"].value == "Indikator IKI tidak ditemukan di PK unit; periksa ejaannya."


def test_xlsx_without_findings(tmp_path: Path) -> None:
    report = Report("2024-03", [UnitStatus("SEKRE", "Sekretariat", "lengkap", 0, 0)])
    wb = _load(tmp_path, report)
    assert wb["Temuan"].auto_filter.ref == "A1:G1"
    assert wb["Ringkasan"].max_row == 2
    assert wb.properties.title == "Laporan Kepatuhan Data Kinerja — Periode Maret 2024"
    assert wb.properties.created == wb.properties.modified == dt.datetime(2024, 3, 1)
