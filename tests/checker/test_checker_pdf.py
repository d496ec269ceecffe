"""The round trip: Word documents made like the office's, exported to PDF by LibreOffice,
scanned, broken and locked, then checked."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from checker_fixtures import (
    encrypted_pdf,
    merge_pages,
    round_trip_pdfs,
    scanned_pdf,
)
from conftest_tools import require_tool

from pipeline.checker import CheckOptions, CheckResult, check_paths
from pipeline.checker.pdf import Limits
from pipeline.checker.read import OcrSettings, read_document
from pipeline.checker.text import body_pages, normalize_page


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return round_trip_pdfs(tmp_path_factory.getbasetemp() / "checker-pdf")


@pytest.fixture(scope="session")
def scans(pdfs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pindaian")
    scan = scanned_pdf(pdfs["pk"], folder / "pk-pindaian.pdf")
    mixed = merge_pages([(pdfs["pk"], [0]), (scan, [1])], folder / "pk-lampiran-pindaian.pdf")
    return {"pk": scan, "campuran": mixed}


def _one(path: Path, **options: object) -> CheckResult:
    [result] = check_paths([path], options=CheckOptions(**options))  # type: ignore[arg-type]
    return result


@pytest.mark.parametrize(
    ("name", "doc_type"),
    [
        ("pk", "pk"),
        ("pk-judul-berspasi", "pk"),
        ("lkjip", "lkjip"),
        ("rak", "rak"),
        ("iki", "iki"),
        ("pengukuran", "pengukuran"),
        ("lki", "lki"),
    ],
)
def test_round_trip_documents_are_complete(pdfs: dict[str, Path], name: str, doc_type: str) -> None:
    result = _one(pdfs[name])
    assert (result.document_type, result.status, result.missing) == (doc_type, "complete", ())
    assert all(s.found and s.page for s in result.sections)
    assert result.problems == ()


def test_sections_are_found_on_their_body_pages(pdfs: dict[str, Path]) -> None:
    pk, lkjip = check_paths([pdfs["pk"], pdfs["lkjip"]])
    assert [s.page for s in pk.sections] == [1, 1, 1, 1, 2]
    # Cover, Kata Pengantar and Daftar Isi come first; every chapter starts a new page.
    pages = [s.page or 0 for s in lkjip.sections]
    assert pages[0] == 4 and pages == sorted(pages) and len(set(pages)) == 6


def test_a_pk_without_its_lampiran_is_incomplete(pdfs: dict[str, Path]) -> None:
    result = _one(pdfs["pk-tanpa-lampiran"])
    assert (result.status, result.missing) == (
        "incomplete",
        ("Lampiran: tabel indikator kinerja dan target",),
    )
    assert result.sections[-1].found is False and result.sections[-1].page is None


def test_an_lkjip_whose_daftar_isi_names_a_missing_chapter(pdfs: dict[str, Path]) -> None:
    result = _one(pdfs["lkjip-tanpa-bab-iv"])
    assert (result.status, result.missing) == ("incomplete", ("Bab IV Penutup",))
    assert result.problems[0] == (
        "Berkas 'lkjip-tanpa-bab-iv.pdf': bagian wajib Laporan Kinerja Instansi Pemerintah "
        "belum ditemukan: Bab IV Penutup. Lengkapi dokumennya lalu periksa lagi."
    )


def test_running_header_and_daftar_isi_are_not_body(pdfs: dict[str, Path]) -> None:
    document = read_document(pdfs["lkjip"], Limits(), OcrSettings())
    pages = [normalize_page(text) for text in document.pages]
    header = "laporan kinerja instansi pemerintah (lkjip) tahun 2024"
    assert sum(page.count(header) for page in pages) == len(pages)
    body = body_pages(pages)
    assert sum(page.count(header) for page in body) == 1
    lines = [line for page in body for line in page]
    assert not [line for line in lines if "....." in line]
    assert not [line for line in lines if line.startswith("halaman ")][1:]


def test_a_scanned_pk_is_read_by_ocr(scans: dict[str, Path]) -> None:
    require_tool("tesseract")
    result = _one(scans["pk"])
    assert (result.document_type, result.status, result.missing) == ("pk", "complete", ())
    assert result.ocr_pages == (1, 2)


def test_a_scanned_page_without_ocr_is_unverifiable_not_incomplete(
    scans: dict[str, Path],
) -> None:
    result = _one(scans["campuran"], tesseract="tesseract-tidak-terpasang")
    assert (result.document_type, result.status, result.missing) == ("pk", "unverifiable", ())
    assert result.problems == (
        "Berkas 'pk-lampiran-pindaian.pdf': halaman 2 berupa pindaian tanpa lapisan teks dan "
        "belum dapat dibaca: program OCR 'tesseract-tidak-terpasang' tidak ditemukan. Pasang "
        "tesseract-ocr dan tesseract-ocr-ind (Debian/Ubuntu: sudo apt-get install "
        "tesseract-ocr tesseract-ocr-ind; Windows: pasang Tesseract beserta data bahasa "
        "Indonesia 'ind'), lalu periksa lagi.",
    )


def test_without_the_indonesian_model_a_scan_is_unverifiable(
    scans: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_tool("tesseract")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # a tessdata folder with no models
    result = _one(scans["pk"])
    assert (result.document_type, result.status) == (None, "unverifiable")
    assert result.problems == (
        "Berkas 'pk-pindaian.pdf': halaman 1–2 berupa pindaian tanpa lapisan teks dan belum "
        "dapat dibaca: model bahasa Indonesia untuk tesseract ('ind') belum terpasang. Pasang "
        "tesseract-ocr dan tesseract-ocr-ind (Debian/Ubuntu: sudo apt-get install "
        "tesseract-ocr tesseract-ocr-ind; Windows: pasang Tesseract beserta data bahasa "
        "Indonesia 'ind'), lalu periksa lagi.",
    )


def test_with_ocr_the_partly_scanned_pk_is_complete(scans: dict[str, Path]) -> None:
    require_tool("tesseract")
    result = _one(scans["campuran"])
    assert (result.status, result.ocr_pages) == ("complete", (2,))


@pytest.fixture
def bad_files(pdfs: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    good = pdfs["pk"].read_bytes()
    files = {
        "bukan-pdf.pdf": b"Ini catatan rapat, bukan PDF.\n",
        "kosong.pdf": b"",
        "terpotong.pdf": good[: len(good) // 2],
        "rusak.pdf": b"%PDF-1.7\n" + b"\x00garbage" * 400 + b"\n%%EOF\n",
        "dokumen-word.pdf": (
            Path(__file__).resolve().parents[2] / "templates" / "sop.docx"
        ).read_bytes(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    encrypted_pdf(tmp_path / "berkata-sandi.pdf", "rahasia", "Perjanjian Kinerja Tahun 2024")
    with (tmp_path / "besar.pdf").open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.seek(3 * 1024 * 1024)
        handle.write(b"\n%%EOF\n")
    return {path.name: path for path in tmp_path.iterdir()}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "bukan-pdf.pdf",
            "bukan berkas PDF. Simpan atau ekspor dokumennya sebagai PDF, lalu periksa lagi.",
        ),
        ("dokumen-word.pdf", "bukan berkas PDF (isinya berkas Word/Excel atau arsip zip)."),
        ("kosong.pdf", "kosong (0 bita). Salin ulang berkas dari sumber aslinya"),
        ("terpotong.pdf", "terpotong: penanda akhir berkas PDF (%%EOF) tidak ada"),
        ("rusak.pdf", "rusak sehingga tidak dapat dibuka (struktur PDF tidak sah)."),
        ("berkata-sandi.pdf", "dilindungi kata sandi sehingga isinya tidak dapat dibaca."),
        ("besar.pdf", "berukuran 3 MB, melebihi batas 2 MB. Kecilkan PDF"),
    ],
)
def test_bad_files_are_unreadable_with_a_reason(
    bad_files: dict[str, Path], name: str, message: str
) -> None:
    result = _one(bad_files[name], max_mb=2)
    assert (result.status, result.document_type, result.sections) == ("unreadable", None, ())
    [problem] = result.problems
    assert problem.startswith(f"Berkas '{name}' {message}")


def test_bad_files_do_not_stop_the_others(
    bad_files: dict[str, Path], pdfs: dict[str, Path]
) -> None:
    results = check_paths([*sorted(bad_files.values()), pdfs["pk"]], options=CheckOptions(max_mb=2))
    assert [r.status for r in results] == ["unreadable"] * len(bad_files) + ["complete"]


def test_the_encrypted_fixture_is_a_real_encrypted_pdf(bad_files: dict[str, Path]) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(bad_files["berkata-sandi.pdf"], password="rahasia")
    assert pdf[0].get_textpage().get_text_range() == "Perjanjian Kinerja Tahun 2024"


def test_a_page_limit(pdfs: dict[str, Path]) -> None:
    result = _one(pdfs["lkjip"], max_pages=5)
    assert result.status == "unreadable"
    assert "berisi 17 halaman, melebihi batas 5 halaman" in result.problems[0]


def _hang(*args: object, **kwargs: object) -> None:
    time.sleep(60)


def _segfault(*args: object, **kwargs: object) -> None:
    import os

    os.kill(os.getpid(), signal.SIGSEGV)


@pytest.mark.parametrize(
    ("reader", "message"),
    [
        (_hang, "tidak selesai dibaca dalam 1 detik sehingga pembacaannya dihentikan"),
        (_segfault, "membuat pembaca PDF berhenti tiba-tiba (kode keluar -11)"),
    ],
)
def test_a_hanging_or_crashing_reader_costs_one_file(
    pdfs: dict[str, Path], monkeypatch: pytest.MonkeyPatch, reader: object, message: str
) -> None:
    # The worker processes are forked, so they see the patched reader.
    monkeypatch.setattr("pipeline.checker.read.read_document", reader)
    start = time.monotonic()
    [result] = check_paths([pdfs["pk"]], options=CheckOptions(timeout=1))
    assert time.monotonic() - start < 10
    assert result.status == "unreadable"
    assert result.problems[0].startswith(f"Berkas 'pk.pdf' {message}")


def test_a_folder_is_searched_recursively_in_order(pdfs: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".tersembunyi").mkdir()
    for target in ("b/2-pk.pdf", "1-iki.PDF", ".tersembunyi/x.pdf", "catatan.txt"):
        (tmp_path / target).write_bytes(pdfs["pk"].read_bytes())
    results = check_paths([tmp_path])
    assert [Path(r.file).relative_to(tmp_path).as_posix() for r in results] == [
        "1-iki.PDF",
        "b/2-pk.pdf",
    ]
