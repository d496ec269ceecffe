"""The text of every page of one PDF: its text layer, or OCR for scanned pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.checker import ocr
from pipeline.checker.pdf import Limits, open_pdf, page_text, render_png
from pipeline.checker.signatures import Line, SignatureBlock

Notify = Callable[[float], None]
"""Called with a number of seconds before slow work (OCR), to extend the file's time limit."""


@dataclass(frozen=True)
class OcrSettings:
    command: str = "tesseract"
    lang: str = "ind"
    dpi: int = 300
    timeout_per_page: float = 120.0


@dataclass(frozen=True)
class DocumentText:
    """Raw text per page ("" for a page without text) and what could not be read."""

    pages: tuple[str, ...]
    ocr_pages: tuple[int, ...] = ()
    unread: tuple[tuple[int, str], ...] = ()
    """(1-based page, reason) for scanned pages that OCR could not read."""
    ocr_missing: str | None = None
    """Why OCR is unavailable, when some page needed it."""
    codes: tuple[str, ...] = ()
    """Verification codes printed on the pages (text layer, OCR text or QR code)."""
    qr_pages: int = 0
    """Pages rendered to look for the QR code (the text held no code)."""
    signatures: tuple[SignatureBlock, ...] = ()
    """The signature blocks of the pages with a text layer."""
    signers: tuple[str, ...] = ()
    """Who signed the PDF itself (TTE), from the certificates."""
    ocr_lines: tuple[tuple[int, tuple[Line, ...]], ...] = ()
    """(1-based page, lines in points) of the pages read with OCR: where their signature
    blocks stand."""


def read_document(
    path: Path, limits: Limits, settings: OcrSettings, notify: Notify | None = None
) -> DocumentText:
    """Read ``path``; raise :class:`UnreadableError` when the file cannot be opened."""
    pdf = open_pdf(path, limits)
    try:
        document = _read(pdf, settings, notify)
        return _returned(pdf, document)
    finally:
        pdf.close()


def _returned(pdf: pdfium.PdfDocument, document: DocumentText) -> DocumentText:
    """What tells a returned document apart: its verification code, its signatures."""
    from pipeline.checker.signatures import find_blocks, pdf_signers, text_lines
    from pipeline.workspace.verification import find_codes

    signers = tuple(pdf_signers(pdf))
    blocks = []
    scanned = set(document.ocr_pages) | {page for page, _ in document.unread}
    read_lines = dict(document.ocr_lines)
    for index, text in enumerate(document.pages):
        if (index + 1 in scanned and index + 1 not in read_lines) or "NIP" not in text.upper():
            continue
        page = pdf[index]
        try:
            lines = read_lines.get(index + 1) or text_lines(page)
            blocks += find_blocks(page, index + 1, lines, signers)
        except pdfium.PdfiumError:
            continue
        finally:
            page.close()
    codes = find_codes("\n".join(document.pages))
    qr_pages = 0
    if not codes:
        codes, qr_pages = qr_codes(pdf, _qr_candidates(pdf, sorted(scanned)))
    return replace(
        document,
        codes=tuple(codes),
        qr_pages=qr_pages,
        signatures=tuple(blocks),
        signers=signers,
    )


QR_DPI = 100


def _qr_candidates(pdf: pdfium.PdfDocument, scanned: list[int]) -> list[int]:
    """The pages (0-based) whose QR code is worth reading when the text holds no code:
    scanned pages, and the first and last page when they carry an image (a scan with a
    text layer from the scanner's OCR, which may garble the printed code). A text page
    without an image has no QR code to read: our documents print the code as text too."""
    candidates = [page - 1 for page in scanned]
    for index in dict.fromkeys([0, len(pdf) - 1]):
        if index in candidates:
            continue
        page = pdf[index]
        try:
            kinds = (pdfium_c.FPDF_PAGEOBJ_IMAGE,)
            if any(True for _ in page.get_objects(filter=kinds)):
                candidates.append(index)
        finally:
            page.close()
    return candidates


def qr_codes(pdf: pdfium.PdfDocument, candidates: list[int]) -> tuple[list[str], int]:
    """The verification code read from the QR code of the first of ``candidates`` that has
    one, and how many pages it took."""
    import zxingcpp

    from pipeline.workspace.verification import code_from_qr

    for done, index in enumerate(candidates, start=1):
        page = pdf[index]
        try:
            image = page.render(scale=QR_DPI / 72, grayscale=True).to_pil()
        except pdfium.PdfiumError:
            continue
        finally:
            page.close()
        found = zxingcpp.read_barcodes(image)
        codes = [c for c in (code_from_qr(r.text) for r in found) if c]
        if codes:
            return codes, done
    return [], len(candidates)


def _read(pdf: pdfium.PdfDocument, settings: OcrSettings, notify: Notify | None) -> DocumentText:
    texts: list[str] = []
    scanned: list[int] = []
    unread: list[tuple[int, str]] = []
    for index in range(len(pdf)):
        try:
            text, needs_ocr = page_text(pdf, index)
        except pdfium.PdfiumError:
            texts.append("")
            unread.append((index + 1, "halaman rusak dan tidak dapat dibuka"))
            continue
        texts.append(text)
        if needs_ocr:
            scanned.append(index)
    if not scanned:
        return DocumentText(tuple(texts), unread=tuple(unread))
    missing = ocr.unavailable(settings.command, settings.lang)
    if missing is not None:
        unread.extend((i + 1, "halaman pindaian tanpa lapisan teks") for i in scanned)
        return DocumentText(tuple(texts), unread=tuple(sorted(unread)), ocr_missing=missing)
    if notify is not None:
        notify(len(scanned) * settings.timeout_per_page)
    done: list[int] = []
    lines: list[tuple[int, tuple[Line, ...]]] = []
    for index in scanned:
        try:
            png = render_png(pdf, index, settings.dpi)
            read = ocr.read_image(png, settings.command, settings.lang, settings.timeout_per_page)
            texts[index] = read.text
            height = pdf.get_page_size(index)[1]
            lines.append(
                (index + 1, tuple(_in_points(x, settings.dpi, height) for x in read.lines))
            )
            done.append(index + 1)
        except (ocr.OcrError, pdfium.PdfiumError) as err:
            unread.append((index + 1, f"OCR gagal: {err}"))
    return DocumentText(tuple(texts), tuple(done), tuple(sorted(unread)), ocr_lines=tuple(lines))


def _in_points(line: ocr.OcrLine, dpi: int, page_height: float) -> Line:
    """An OCR line's box (pixels, origin top left) in PDF points (origin bottom left)."""
    scale = 72 / dpi
    return Line(
        line.text,
        line.left * scale,
        page_height - line.bottom * scale,
        line.right * scale,
        page_height - line.top * scale,
    )
