"""The check laporan: same results, same bytes; text stays text; the page names the office."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from pipeline.checker import CheckResult, SectionResult
from pipeline.checker.check_report import write_reports
from pipeline.checker.check_report_html import render_html

RESULTS = [
    CheckResult(
        file="kembali/=HYPERLINK(1)<b>.pdf",
        document_type="pk",
        status="incomplete",
        sections=(SectionResult("Judul", True, 1), SectionResult("Lampiran & tabel", False)),
        missing=("Lampiran & tabel",),
        problems=("Berkas '=HYPERLINK(1)<b>.pdf': bagian wajib belum ditemukan.",),
        title="Perjanjian Kinerja",
        pages=2,
    ),
    CheckResult(
        file="kembali/kosong.pdf", document_type=None, status="unreadable", problems=("x",)
    ),
]


def test_same_results_give_the_same_bytes(tmp_path: Path) -> None:
    first = write_reports(RESULTS, tmp_path / "a")
    second = write_reports(RESULTS, tmp_path / "b")
    assert [p.name for p in first] == [
        "laporan-pemeriksaan-pdf.html",
        "laporan-pemeriksaan-pdf.xlsx",
    ]
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()


def test_html_escapes_and_names_office_date_and_paper() -> None:
    page = render_html(RESULTS, "Dinas Koperasi & UKM", dt.date(2024, 4, 2), "A4")
    assert "<b>.pdf" not in page and "=HYPERLINK(1)&lt;b&gt;.pdf" in page
    assert "Dinas Koperasi &amp; UKM" in page
    assert "Diperiksa pada 2 April 2024. 2 berkas diperiksa: 0 lengkap, 1 tidak lengkap" in page
    assert "size: 297mm 210mm" in page
    assert '<td class="incomplete">tidak lengkap</td>' in page
    assert '<td class="unreadable">tidak dapat dibaca</td>' in page


def test_xlsx_keeps_text_as_text(tmp_path: Path) -> None:
    _, xlsx = write_reports(RESULTS, tmp_path, dibuat=dt.date(2024, 4, 2))
    book = load_workbook(xlsx)
    summary = book["Ringkasan"]
    assert summary["B2"].value == "kembali/=HYPERLINK(1)<b>.pdf"
    assert summary["B2"].data_type == "s"
    assert summary["E2"].value == 2
    assert summary["F2"].value == "Lampiran & tabel"
    assert book["Rincian bagian"]["D3"].value == "tidak"
    assert book["Catatan"].max_row == 3
    assert book.properties.created == dt.datetime(2024, 4, 2)
