"""From page texts to a result: type detection, sections, order, counts and statuses.

These tests feed text straight in (as PDFium or tesseract would return it), so every rule
of every document type is covered without building PDFs; the PDF round trip is in
test_checker_pdf.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline import Workspace
from pipeline.checker import CheckResult, DocumentSpec, ReadDocument, load_document_specs
from pipeline.checker.evaluate import evaluate, page_list
from pipeline.checker.read import DocumentText

PK_PAGE_1 = """PERJANJIAN KINERJA TAHUN 2024
DINAS KOPERASI, USAHA KECIL DAN MENENGAH PROVINSI SULAWESI TENGAH
Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel
serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:
Nama : Drs. Muhammad Rizal Lamaka, M.M.
Jabatan : Sekretaris Dinas Koperasi, Usaha Kecil dan Menengah
selanjutnya disebut PIHAK PERTAMA
Nama : Dr. Hj. Sitti Nurhayati, S.E., M.Si.
Jabatan : Kepala Dinas Koperasi, Usaha Kecil dan Menengah
selaku atasan pihak pertama, selanjutnya disebut PIHAK KEDUA
Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran
perjanjian ini.
PIHAK KEDUA, PIHAK PERTAMA,
Dr. Hj. Sitti Nurhayati, S.E., M.Si.
NIP. 19700312 199503 2 004
Drs. Muhammad Rizal Lamaka, M.M.
NIP. 19780707 199712 1 001"""

PK_PAGE_2 = """LAMPIRAN PERJANJIAN KINERJA TAHUN 2024
No Sasaran Strategis Indikator Kinerja Target
1 Meningkatnya akuntabilitas kinerja Nilai SAKIP 72"""

LKJIP = [
    "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)\nTAHUN 2024",
    "DAFTAR ISI\nIKHTISAR EKSEKUTIF....iii\nBAB I PENDAHULUAN.....1\nBAB II PERENCANAAN "
    "KINERJA.....5\nBAB III AKUNTABILITAS KINERJA.....9\nBAB IV PENUTUP.....20\nLAMPIRAN.....22",
    "IKHTISAR EKSEKUTIF\nLaporan ini menyajikan capaian kinerja.",
    "BAB I\nPENDAHULUAN\n1.1 Latar Belakang",
    "BAB II\nPERENCANAAN KINERJA\n2.1 Rencana Strategis",
    "BAB III\nAKUNTABILITAS KINERJA\n3.1 Capaian Kinerja",
    "BAB IV\nPENUTUP\n4.1 Kesimpulan",
    "LAMPIRAN\nLampiran 1. Perjanjian Kinerja",
]

OTHER_TYPES = {
    "rak": "RENCANA AKSI PERJANJIAN KINERJA TAHUN 2024\nNo Indikator Kinerja Target TW I TW II "
    "TW III TW IV Rencana Aksi Penanggung Jawab\n1 Nilai SAKIP 72 - - - 72 Menyusun LKjIP "
    "Sekretaris",
    "iki": "INDIKATOR KINERJA INDIVIDU (IKI)\nJabatan : Sekretaris\nNo Kinerja Utama Indikator "
    "Kinerja Formulasi / Penjelasan Sumber Data\n1 Akuntabilitas Nilai SAKIP Nilai LHE "
    "Inspektorat\nKepala Dinas,\nNIP. 19700312 199503 2 004",
    "pengukuran": "FORM PENGUKURAN KINERJA\nTRIWULAN III TAHUN 2024\nNo Indikator Kinerja "
    "Target Realisasi Capaian (%)\n1 Nilai SAKIP 72 70 97,22",
    "lki": "LAPORAN KINERJA INDIVIDU\nTAHUN 2024\nNama : Drs. Muhammad Rizal\nNIP : 19780707 "
    "199712 1 001\nNo Indikator Target Realisasi Capaian\n1 Nilai SAKIP 72 70 97,22\nPegawai "
    "yang dinilai,\nDrs. Muhammad Rizal\nNIP. 19780707 199712 1 001",
}


@pytest.fixture(scope="module")
def specs() -> list[DocumentSpec]:
    root = Path(__file__).resolve().parents[2]
    return list(load_document_specs(Workspace.open(root)).values())


def _check(
    specs: list[DocumentSpec], *pages: str, chosen: str | None = None, **document: object
) -> CheckResult:
    text = DocumentText(tuple(pages), **document)  # type: ignore[arg-type]
    return evaluate(Path("kembali/dokumen.pdf"), text, specs, chosen)


def test_a_complete_pk(specs: list[DocumentSpec]) -> None:
    result = _check(specs, PK_PAGE_1, PK_PAGE_2)
    assert (result.document_type, result.status, result.missing) == ("pk", "complete", ())
    assert [(s.found, s.page) for s in result.sections] == [
        (True, 1),
        (True, 1),
        (True, 1),
        (True, 1),
        (True, 2),
    ]
    assert result.problems == ()


@pytest.mark.parametrize(
    ("remove", "missing"),
    [
        ("selanjutnya disebut PIHAK PERTAMA", "PIHAK PERTAMA (nama dan jabatan)"),
        (
            "Nama : Dr. Hj. Sitti Nurhayati, S.E., M.Si.\nJabatan : Kepala Dinas Koperasi, "
            "Usaha Kecil dan Menengah\n",
            "PIHAK KEDUA (nama dan jabatan)",
        ),
        ("NIP. 19700312 199503 2 004", "Tanda tangan PIHAK PERTAMA dan PIHAK KEDUA dengan NIP"),
    ],
)
def test_a_pk_without_one_section(specs: list[DocumentSpec], remove: str, missing: str) -> None:
    assert remove in PK_PAGE_1
    result = _check(specs, PK_PAGE_1.replace(remove, ""), PK_PAGE_2, chosen="pk")
    assert result.status == "incomplete"
    assert result.missing == (missing,)
    assert f"belum ditemukan: {missing}. Lengkapi dokumennya" in result.problems[-1]


def test_a_title_without_the_year_is_missing(specs: list[DocumentSpec]) -> None:
    pages = [p.replace(" TAHUN 2024", "") for p in (PK_PAGE_1, PK_PAGE_2)]
    result = _check(specs, *pages)
    assert (result.document_type, result.status) == ("pk", "incomplete")
    assert result.missing == ("Judul Perjanjian Kinerja dengan tahun",)


def test_a_title_found_only_on_the_lampiran_is_out_of_place(specs: list[DocumentSpec]) -> None:
    result = _check(specs, PK_PAGE_1.replace("PERJANJIAN KINERJA TAHUN 2024\n", ""), PK_PAGE_2)
    assert (result.status, result.missing) == ("incomplete", ())
    assert result.problems[0] == (
        "Berkas 'dokumen.pdf': bagian 'PIHAK PERTAMA (nama dan jabatan)' (halaman 1) berada "
        "sebelum bagian 'Judul Perjanjian Kinerja dengan tahun' (halaman 2); susun ulang "
        "dokumen sesuai urutan bakunya."
    )


def test_one_nip_is_not_two_signature_blocks(specs: list[DocumentSpec]) -> None:
    page = PK_PAGE_1.replace("NIP. 19700312 199503 2 004", "")
    result = _check(specs, page, PK_PAGE_2)
    assert result.problems[0] == (
        "Berkas 'dokumen.pdf': bagian 'Tanda tangan PIHAK PERTAMA dan PIHAK KEDUA dengan NIP' "
        "hanya ditemukan 1 kali, seharusnya paling sedikit 2 kali."
    )


def test_a_complete_lkjip_despite_its_table_of_contents(specs: list[DocumentSpec]) -> None:
    result = _check(specs, *LKJIP)
    assert (result.document_type, result.status) == ("lkjip", "complete")
    assert [s.page for s in result.sections] == [3, 4, 5, 6, 7, 8]


def test_a_chapter_named_only_in_the_daftar_isi_is_missing(specs: list[DocumentSpec]) -> None:
    pages = [p for p in LKJIP if not p.startswith("BAB IV")]
    result = _check(specs, *pages)
    assert (result.status, result.missing) == ("incomplete", ("Bab IV Penutup",))


def test_chapters_out_of_order(specs: list[DocumentSpec]) -> None:
    pages = [*LKJIP[:4], LKJIP[5], LKJIP[4], *LKJIP[6:]]
    result = _check(specs, *pages)
    assert result.status == "incomplete"
    assert result.missing == ()
    assert result.problems == (
        "Berkas 'dokumen.pdf': bagian 'Bab III Akuntabilitas Kinerja' (halaman 5) berada "
        "sebelum bagian 'Bab II Perencanaan Kinerja' (halaman 6); susun ulang dokumen sesuai "
        "urutan bakunya.",
    )


@pytest.mark.parametrize("doc_type", OTHER_TYPES)
def test_other_types_are_detected_and_complete(specs: list[DocumentSpec], doc_type: str) -> None:
    result = _check(specs, OTHER_TYPES[doc_type])
    assert (result.document_type, result.status, result.missing) == (doc_type, "complete", ())


@pytest.mark.parametrize(
    ("doc_type", "remove", "missing"),
    [
        ("rak", "TW III ", "Target per triwulan (TW I sampai TW IV)"),
        ("rak", "Penanggung Jawab", "Penanggung jawab"),
        ("iki", "Sumber Data", "Sumber data"),
        ("iki", "Formulasi / Penjelasan", "Formulasi atau penjelasan perhitungan"),
        ("pengukuran", "Realisasi ", "Realisasi"),
        ("pengukuran", "TRIWULAN III ", "Triwulan"),
        ("lki", "Capaian", "Capaian"),
        ("lki", "Pegawai yang dinilai,\nDrs. Muhammad Rizal\nNIP. 19780707 199712 1 001", None),
    ],
)
def test_other_types_without_one_section(
    specs: list[DocumentSpec], doc_type: str, remove: str, missing: str | None
) -> None:
    text = OTHER_TYPES[doc_type]
    assert remove in text
    result = _check(specs, text.replace(remove, ""), chosen=doc_type)
    assert result.status == "incomplete"
    assert result.missing == (missing or "Tanda tangan dengan NIP",)


def test_rencana_aksi_of_the_pk_is_a_rak(specs: list[DocumentSpec]) -> None:
    assert _check(specs, OTHER_TYPES["rak"]).document_type == "rak"


def test_a_wrong_type_option_is_pointed_out(specs: list[DocumentSpec]) -> None:
    result = _check(specs, OTHER_TYPES["iki"], chosen="lki")
    assert result.status == "incomplete"
    assert result.problems[-1] == (
        "Berkas 'dokumen.pdf': judulnya menunjukkan Indikator Kinerja Individu (iki), bukan "
        "Laporan Kinerja Individu; periksa pilihan --type (coba --type iki atau --type auto)."
    )


def test_an_unknown_title_is_unverifiable(specs: list[DocumentSpec]) -> None:
    result = _check(specs, "NOTA DINAS\nNomor: 050/123/Dinas")
    assert (result.status, result.document_type, result.sections) == ("unverifiable", None, ())
    assert "jenis dokumen tidak dapat dikenali dari judulnya" in result.problems[0]
    assert "opsi --type" in result.problems[0]


def test_unread_scanned_pages_never_make_a_file_incomplete(specs: list[DocumentSpec]) -> None:
    ocr_missing = "program OCR 'tesseract' tidak ditemukan. Pasang tesseract-ocr ..."
    unread = ((2, "halaman pindaian tanpa lapisan teks"),)
    result = _check(specs, PK_PAGE_1, "", unread=unread, ocr_missing=ocr_missing)
    assert (result.status, result.missing) == ("unverifiable", ())
    assert result.problems == (
        "Berkas 'dokumen.pdf': halaman 2 berupa pindaian tanpa lapisan teks dan belum dapat "
        f"dibaca: {ocr_missing}",
    )


def test_unread_pages_do_not_matter_when_every_section_is_found(
    specs: list[DocumentSpec],
) -> None:
    unread = ((3, "halaman pindaian tanpa lapisan teks"),)
    result = _check(specs, PK_PAGE_1, PK_PAGE_2, "", unread=unread, ocr_missing="-")
    assert result.status == "complete"


@dataclass(frozen=True)
class TargetMustBe:
    """An extra check as the cross-check against the build will be one."""

    target: str

    def __call__(self, document: ReadDocument) -> list[str]:
        text = "\n".join(line for page in document.pages for line in page)
        if f"nilai sakip {self.target}" in text:
            return []
        return [f"target Nilai SAKIP pada lampiran tidak sama dengan data ({self.target})."]


def test_extra_checks_run_on_complete_files(specs: list[DocumentSpec]) -> None:
    document = DocumentText((PK_PAGE_1, PK_PAGE_2))
    path = Path("pk.pdf")
    assert evaluate(path, document, specs, None, [TargetMustBe("72")]).status == "complete"
    result = evaluate(path, document, specs, None, [TargetMustBe("75")])
    assert (result.status, result.missing) == ("incomplete", ())
    assert result.problems == (
        "Berkas 'pk.pdf': target Nilai SAKIP pada lampiran tidak sama dengan data (75).",
    )


def test_page_list() -> None:
    assert page_list([5, 1, 2, 3, 9, 10]) == "1–3, 5, 9–10"
    assert page_list([4]) == "4"
