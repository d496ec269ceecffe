"""Returned PDFs for the checker's tests, made the way the office makes them.

Word documents are written with python-docx (F4 paper, Arial), converted to PDF by LibreOffice
in one batch call (its own profile and HOME, a hard timeout), and from those PDFs come the
scans (pdftoppm + Pillow), a password-protected PDF and broken files.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pypdfium2 as pdfium
from conftest_tools import require_tool
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from PIL import Image
from signing import sign

SOFFICE_TIMEOUT = 240

KADIS = ("Dr. Hj. Sitti Nurhayati, S.E., M.Si.", "19700312 199503 2 004")
SEKRETARIS = ("Drs. Muhammad Rizal Lamaka, M.M.", "19780707 199712 1 001")
FILLER = (
    "Pelaksanaan program dan kegiatan Dinas Koperasi, Usaha Kecil dan Menengah diarahkan "
    "untuk meningkatkan kualitas kelembagaan koperasi serta daya saing usaha mikro. Masing-"
    "masing bidang menyusun laporan capaian secara berkala sesuai ketentuan peraturan "
    "perundang-undangan yang berlaku, dan hasilnya menjadi bahan evaluasi kinerja. "
)


# Word documents


def _new_document() -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(215), Mm(330)
    section.left_margin = section.right_margin = Cm(2.5)
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    return doc


def _centered(doc: DocxDocument, text: str, bold: bool = True) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = bold


def _page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _table(doc: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _signatures(doc: DocxDocument, left: tuple[str, str, str], right: tuple[str, str, str]) -> None:
    """Two signature blocks side by side: (role, name, NIP) each."""
    doc.add_paragraph("Palu, 2 Januari 2024").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = doc.add_table(rows=1, cols=2)
    for cell, (role, name, nip) in zip(table.rows[0].cells, (left, right), strict=True):
        cell.text = f"{role}\n\n\n\n{name}\nNIP. {nip}"
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _identity(doc: DocxDocument, name: str, jabatan: str, tail: str) -> None:
    for label, value in (("Nama", name), ("Jabatan", jabatan)):
        paragraph = doc.add_paragraph(f"{label}\t: {value}")
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(3))
    doc.add_paragraph(tail)


def build_pk(path: Path, *, spaced_title: bool = False, lampiran: bool = True) -> Path:
    doc = _new_document()
    if spaced_title:
        _centered(doc, "P E R J A N J I A N   K I N E R J A")
        _centered(doc, "T A H U N   2 0 2 4")
    else:
        _centered(doc, "PERJANJIAN KINERJA TAHUN 2024")
    _centered(doc, "DINAS KOPERASI, USAHA KECIL DAN MENENGAH PROVINSI SULAWESI TENGAH")
    doc.add_paragraph(
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan "
        "akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
    )
    _identity(
        doc,
        SEKRETARIS[0],
        "Sekretaris Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Sulawesi Tengah",
        "selanjutnya disebut PIHAK PERTAMA",
    )
    _identity(
        doc,
        KADIS[0],
        "Kepala Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Sulawesi Tengah",
        "selaku atasan pihak pertama, selanjutnya disebut PIHAK KEDUA",
    )
    doc.add_paragraph(
        "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai "
        "lampiran perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti "
        "yang telah ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian "
        "target kinerja tersebut menjadi tanggung jawab kami."
    )
    doc.add_paragraph(
        "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi "
        "terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan "
        "dalam rangka pemberian penghargaan dan sanksi."
    )
    _signatures(doc, ("PIHAK KEDUA,", *KADIS), ("PIHAK PERTAMA,", *SEKRETARIS))
    if lampiran:
        _page_break(doc)
        _centered(doc, "LAMPIRAN PERJANJIAN KINERJA TAHUN 2024")
        _centered(doc, "SEKRETARIAT DINAS KOPERASI, UKM PROVINSI SULAWESI TENGAH")
        _table(
            doc,
            ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"],
            [
                ["1", "Meningkatnya akuntabilitas kinerja", "Nilai SAKIP perangkat daerah", "72"],
                [
                    "2",
                    "Meningkatnya kualitas perencanaan",
                    "Persentase dokumen tepat waktu",
                    "100 %",
                ],
            ],
        )
    doc.save(str(path))
    return path


def _running_header(doc: DocxDocument, text: str) -> None:
    section = doc.sections[0]
    section.header.paragraphs[0].text = text
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Halaman ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = "1"
    run.append(text_element)
    field.append(run)
    footer._p.append(field)


def _toc(doc: DocxDocument, entries: Sequence[tuple[str, str]]) -> None:
    _centered(doc, "DAFTAR ISI")
    for title, page in entries:
        paragraph = doc.add_paragraph(f"{title}\t{page}")
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )


LKJIP_CHAPTERS = [
    ("BAB I", "PENDAHULUAN", ["1.1 Latar Belakang", "1.2 Tugas Pokok dan Fungsi"]),
    ("BAB II", "PERENCANAAN KINERJA", ["2.1 Rencana Strategis", "2.2 Perjanjian Kinerja"]),
    ("BAB III", "AKUNTABILITAS KINERJA", ["3.1 Capaian Kinerja", "3.2 Realisasi Anggaran"]),
    ("BAB IV", "PENUTUP", ["4.1 Kesimpulan", "4.2 Langkah Perbaikan"]),
]


def build_lkjip(path: Path, *, bab_iv: bool = True, filler_pages: int = 1) -> Path:
    """An LKjIP with cover, Kata Pengantar, Daftar Isi naming every chapter, a running
    header and page-numbered footer; ``bab_iv=False`` leaves Bab IV out of the body only."""
    doc = _new_document()
    _running_header(doc, "Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun 2024")
    _centered(doc, "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)")
    _centered(doc, "TAHUN 2024")
    _centered(doc, "DINAS KOPERASI, USAHA KECIL DAN MENENGAH PROVINSI SULAWESI TENGAH")
    _page_break(doc)
    _centered(doc, "KATA PENGANTAR")
    doc.add_paragraph(FILLER * 3)
    _page_break(doc)
    entries = [("KATA PENGANTAR", "i"), ("DAFTAR ISI", "ii"), ("IKHTISAR EKSEKUTIF", "iii")]
    page = 1
    for number, title, subsections in LKJIP_CHAPTERS:
        entries.append((f"{number} {title}", str(page)))
        entries.extend((f"      {sub}", str(page)) for sub in subsections)
        page += 1 + filler_pages
    entries.append(("LAMPIRAN", str(page)))
    _toc(doc, entries)
    _page_break(doc)
    _centered(doc, "IKHTISAR EKSEKUTIF")
    doc.add_paragraph(FILLER * 4)
    for number, title, subsections in LKJIP_CHAPTERS:
        if number == "BAB IV" and not bab_iv:
            continue
        _page_break(doc)
        _centered(doc, number)
        _centered(doc, title)
        for sub in subsections:
            doc.add_paragraph().add_run(sub).bold = True
            for _ in range(filler_pages * 6):
                doc.add_paragraph(FILLER * 2)
    _page_break(doc)
    _centered(doc, "LAMPIRAN")
    doc.add_paragraph("Lampiran 1. Perjanjian Kinerja Tahun 2024")
    doc.add_paragraph("Lampiran 2. Pengukuran Kinerja Triwulan IV Tahun 2024")
    doc.save(str(path))
    return path


def build_rak(path: Path) -> Path:
    doc = _new_document()
    _centered(doc, "RENCANA AKSI PERJANJIAN KINERJA TAHUN 2024")
    _centered(doc, "DINAS KOPERASI, USAHA KECIL DAN MENENGAH PROVINSI SULAWESI TENGAH")
    _table(
        doc,
        [
            "No",
            "Indikator Kinerja",
            "Target",
            "TW I",
            "TW II",
            "TW III",
            "TW IV",
            "Rencana Aksi",
            "Penanggung Jawab",
        ],
        [
            ["1", "Nilai SAKIP", "72", "-", "-", "-", "72", "Menyusun LKjIP", "Sekretaris"],
            [
                "2",
                "Koperasi sehat (%)",
                "25",
                "5",
                "10",
                "20",
                "25",
                "Pembinaan koperasi",
                "Kabid Kelembagaan",
            ],
        ],
    )
    _signatures(doc, ("Mengetahui,\nKepala Dinas", *KADIS), ("Sekretaris,", *SEKRETARIS))
    doc.save(str(path))
    return path


def build_iki(path: Path) -> Path:
    doc = _new_document()
    _centered(doc, "INDIKATOR KINERJA INDIVIDU (IKI)")
    doc.add_paragraph("Jabatan\t: Sekretaris Dinas")
    doc.add_paragraph("Tugas\t: Mengoordinasikan perencanaan, keuangan dan umum")
    _table(
        doc,
        ["No", "Kinerja Utama", "Indikator Kinerja", "Formulasi / Penjelasan", "Sumber Data"],
        [
            [
                "1",
                "Meningkatnya akuntabilitas",
                "Nilai SAKIP",
                "Nilai hasil evaluasi SAKIP",
                "LHE Inspektorat",
            ]
        ],
    )
    _signatures(doc, ("Kepala Dinas,", *KADIS), ("Sekretaris,", *SEKRETARIS))
    doc.save(str(path))
    return path


def build_pengukuran(path: Path) -> Path:
    doc = _new_document()
    _centered(doc, "FORM PENGUKURAN KINERJA")
    _centered(doc, "TRIWULAN III TAHUN 2024")
    _table(
        doc,
        ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)"],
        [
            ["1", "Nilai SAKIP", "72", "70", "97,22"],
            ["2", "Koperasi sehat (%)", "20", "21", "105,00"],
        ],
    )
    doc.save(str(path))
    return path


def build_lki(path: Path) -> Path:
    doc = _new_document()
    _centered(doc, "LAPORAN KINERJA INDIVIDU")
    _centered(doc, "TAHUN 2024")
    doc.add_paragraph(f"Nama\t: {SEKRETARIS[0]}")
    doc.add_paragraph(f"NIP\t: {SEKRETARIS[1]}")
    doc.add_paragraph("Jabatan\t: Sekretaris Dinas")
    _table(
        doc,
        ["No", "Indikator Kinerja Individu", "Target", "Realisasi", "Capaian (%)"],
        [["1", "Nilai SAKIP", "72", "70", "97,22"]],
    )
    _signatures(doc, ("Atasan Langsung,", *KADIS), ("Pegawai yang dinilai,", *SEKRETARIS))
    doc.save(str(path))
    return path


DOCUMENTS: dict[str, Callable[[Path], Path]] = {
    "pk": build_pk,
    "pk-tanpa-lampiran": lambda p: build_pk(p, lampiran=False),
    "pk-judul-berspasi": lambda p: build_pk(p, spaced_title=True),
    "lkjip": build_lkjip,
    "lkjip-tanpa-bab-iv": lambda p: build_lkjip(p, bab_iv=False),
    "rak": build_rak,
    "iki": build_iki,
    "pengukuran": build_pengukuran,
    "lki": build_lki,
}


# LibreOffice


def soffice_to_pdf(docs: Sequence[Path], outdir: Path, scratch: Path) -> list[Path]:
    """Convert ``docs`` in one LibreOffice call; fail unless every PDF exists and is not empty."""
    soffice = require_tool("soffice")
    outdir.mkdir(parents=True, exist_ok=True)
    home = scratch / "home"
    home.mkdir(parents=True, exist_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *map(str, docs),
    ]
    env = {**os.environ, "HOME": str(home)}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        output, _ = process.communicate(timeout=SOFFICE_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"LibreOffice tidak selesai dalam {SOFFICE_TIMEOUT} detik") from None
    pdfs = [outdir / f"{doc.stem}.pdf" for doc in docs]
    bad = [p.name for p in pdfs if not p.is_file() or p.stat().st_size == 0]
    assert not bad, f"LibreOffice tidak menghasilkan {bad}: {output.decode(errors='replace')}"
    return pdfs


_CACHE: dict[Path, dict[str, Path]] = {}


def round_trip_pdfs(base: Path) -> dict[str, Path]:
    """Every document of :data:`DOCUMENTS` as a PDF, converted once per test session."""
    if base not in _CACHE:
        docs = [build(base / "docx" / f"{name}.docx") for name, build in _prepare(base)]
        pdfs = soffice_to_pdf(docs, base / "pdf", base / "soffice")
        # Returned as the office returns them: signed (a signature stamped in each block).
        signed = base / "ttd"
        signed.mkdir(exist_ok=True)
        for pdf in pdfs:
            sign(pdf, signed / pdf.name)
        _CACHE[base] = {pdf.stem: signed / pdf.name for pdf in pdfs}
    return _CACHE[base]


def _prepare(base: Path) -> list[tuple[str, Callable[[Path], Path]]]:
    (base / "docx").mkdir(parents=True, exist_ok=True)
    return list(DOCUMENTS.items())


# Scans, encryption, broken files


def scanned_pdf(
    source: Path, target: Path, pages: Sequence[int] | None = None, dpi: int = 200
) -> Path:
    """An image-only copy of ``source`` (as a scanner makes it): pdftoppm, then Pillow."""
    pdftoppm = require_tool("pdftoppm")
    prefix = target.with_suffix("")
    subprocess.run(
        [pdftoppm, "-r", str(dpi), "-gray", "-png", str(source), str(prefix)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    images = sorted(prefix.parent.glob(f"{prefix.name}-*.png"))
    chosen = [images[i] for i in pages] if pages is not None else images
    frames = [Image.open(p).convert("L") for p in chosen]
    frames[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=frames[1:])
    return target


def merge_pages(parts: Sequence[tuple[Path, Sequence[int]]], target: Path) -> Path:
    """A PDF made of the given pages (0-based) of several PDFs, in order."""
    merged = pdfium.PdfDocument.new()
    for source, indices in parts:
        merged.import_pages(pdfium.PdfDocument(source), list(indices))
    merged.save(target)
    return target


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def encrypted_pdf(target: Path, password: str, text: str) -> Path:
    """A one-page PDF encrypted with a user password (standard security handler, RC4 40-bit,
    revision 2), written by hand: no installed tool here writes encrypted PDFs."""
    file_id = hashlib.md5(text.encode()).digest()
    user = (password.encode() + _PAD)[:32]
    owner_key = hashlib.md5((b"pemilik" + _PAD)[:32]).digest()[:5]
    owner_entry = _rc4(owner_key, user)
    permissions = -44
    key = hashlib.md5(
        user + owner_entry + permissions.to_bytes(4, "little", signed=True) + file_id
    ).digest()[:5]
    user_entry = _rc4(key, _PAD)
    object_key = hashlib.md5(key + (4).to_bytes(3, "little") + b"\0\0").digest()[:10]
    content = _rc4(object_key, f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (owner_entry.hex().encode(), user_entry.hex().encode(), permissions),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    ident = file_id.hex().encode()
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        ident,
        ident,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    target.write_bytes(bytes(out))
    return target
