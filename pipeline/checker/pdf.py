"""Open a PDF with PDFium and read each page's text layer; explain every file it cannot open.

PDFium is not thread-safe: this module is used inside one worker process per file.
"""

from __future__ import annotations

import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.errors import os_cause

_MB = 1024 * 1024
_TAIL = 8192  # trailing garbage after %%EOF is common; a missing %%EOF means a cut-off file
_MIN_TEXT_CHARS = 25  # fewer visible characters than this, and an image: a scanned page
_SIGNATURES = {
    b"PK\x03\x04": "berkas Word/Excel atau arsip zip",
    b"\xd0\xcf\x11\xe0": "berkas Word/Excel lama (.doc/.xls)",
    b"\x89PNG": "gambar PNG",
    b"\xff\xd8\xff": "gambar JPEG",
    b"II*\x00": "gambar TIFF",
    b"MM\x00*": "gambar TIFF",
    b"{\\rtf": "dokumen RTF",
}


class UnreadableError(Exception):
    """The file cannot be read at all; the message says why and what to do."""


@dataclass(frozen=True)
class Limits:
    max_mb: int = 200
    max_pages: int = 2000


def open_pdf(path: Path, limits: Limits) -> pdfium.PdfDocument:
    """Open ``path`` after the cheap checks (regular file, size, signature, end marker)."""
    data = _precheck(path, limits)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise UnreadableError(_open_error(err)) from err
    pages = len(pdf)
    if pages == 0:
        pdf.close()
        raise UnreadableError(
            "tidak berisi satu halaman pun. Ekspor atau pindai ulang dokumennya sebagai PDF."
        )
    if pages > limits.max_pages:
        pdf.close()
        raise UnreadableError(
            f"berisi {pages} halaman, melebihi batas {limits.max_pages} halaman. Pastikan "
            "berkasnya benar, atau naikkan batas dengan opsi --max-pages."
        )
    return pdf


def _precheck(path: Path, limits: Limits) -> bytes:
    """The file's bytes, read only from a regular file and never more than the size limit:
    a device (/dev/zero), a pipe or a file that grows while read reports a size that means
    nothing, so the read itself is bounded."""
    limit = limits.max_mb * _MB
    not_regular = UnreadableError(
        "bukan berkas biasa (melainkan perangkat, pipa atau soket), sehingga tidak dibaca. "
        "Periksa berkas PDF yang sebenarnya."
    )
    try:
        # Asked before opening too: opening a pipe would wait for a writer forever.
        if stat.S_ISFIFO(path.stat().st_mode) or stat.S_ISSOCK(path.stat().st_mode):
            raise not_regular
        with path.open("rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise not_regular
            data = handle.read(limit + 1)
    except IsADirectoryError as err:
        raise UnreadableError("adalah folder, bukan berkas PDF.") from err
    except OSError as err:
        raise UnreadableError(
            f"tidak dapat dibuka ({os_cause(err)}). Periksa hak akses berkas lalu periksa lagi."
        ) from err
    size = len(data)
    head, tail = data[:1024], data[-_TAIL:]
    if size == 0:
        raise UnreadableError(
            "kosong (0 bita). Salin ulang berkas dari sumber aslinya lalu periksa lagi."
        )
    if size > limit:
        stated = status.st_size / _MB
        what = f"{stated:.0f} MB" if stated > limits.max_mb else f"lebih dari {limits.max_mb} MB"
        raise UnreadableError(
            f"berukuran {what}, melebihi batas {limits.max_mb} MB. Kecilkan PDF "
            "(misalnya pindai ulang pada 300 dpi hitam-putih) atau naikkan batas dengan opsi "
            "--max-mb."
        )
    if b"%PDF-" not in head:
        kind = next((k for sig, k in _SIGNATURES.items() if head.startswith(sig)), None)
        what = f" (isinya {kind})" if kind else ""
        raise UnreadableError(
            f"bukan berkas PDF{what}. Simpan atau ekspor dokumennya sebagai PDF, lalu periksa lagi."
        )
    if b"%%EOF" not in tail:
        raise UnreadableError(
            "terpotong: penanda akhir berkas PDF (%%EOF) tidak ada, biasanya karena unduhan "
            "atau salinan yang terputus. Salin atau unduh ulang berkasnya, lalu periksa lagi."
        )
    return data


def _open_error(err: pdfium.PdfiumError) -> str:
    if err.err_code == pdfium_c.FPDF_ERR_PASSWORD:
        return (
            "dilindungi kata sandi sehingga isinya tidak dapat dibaca. Minta berkas tanpa kata "
            "sandi, atau buka dengan kata sandinya lalu simpan ulang sebagai PDF tanpa kata sandi."
        )
    if err.err_code == pdfium_c.FPDF_ERR_SECURITY:
        return (
            "memakai pengamanan (enkripsi) yang tidak didukung. Simpan ulang sebagai PDF tanpa "
            "pengamanan, lalu periksa lagi."
        )
    return (
        "rusak sehingga tidak dapat dibuka (struktur PDF tidak sah). Coba buka di penampil PDF; "
        "bila gagal, minta berkas baru atau ekspor ulang dokumennya sebagai PDF."
    )


def page_text(pdf: pdfium.PdfDocument, index: int) -> tuple[str, bool]:
    """The text layer of page ``index`` and whether the page looks scanned (almost no text,
    but an image or drawing on it) so that it needs OCR."""
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
        # Characters that are not white space, counted in C (a Python loop over each
        # character cost 5% of a check).
        visible = len("".join(text.split()))
        scanned = visible < _MIN_TEXT_CHARS and _has_graphics(page)
    finally:
        page.close()
    return text, scanned


def _has_graphics(page: pdfium.PdfPage) -> bool:
    kinds = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH)
    return any(True for _ in page.get_objects(filter=kinds))


def render_png(pdf: pdfium.PdfDocument, index: int, dpi: int) -> bytes:
    """Page ``index`` as a greyscale PNG at ``dpi``, for OCR."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil()
    finally:
        page.close()
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi), compress_level=1)
    return out.getvalue()
