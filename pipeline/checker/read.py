"""The text of every page of one PDF: its text layer, or OCR for scanned pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.checker import ocr
from pipeline.checker.pdf import Limits, open_pdf, page_text, render_png

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


def read_document(
    path: Path, limits: Limits, settings: OcrSettings, notify: Notify | None = None
) -> DocumentText:
    """Read ``path``; raise :class:`UnreadableError` when the file cannot be opened."""
    pdf = open_pdf(path, limits)
    try:
        return _read(pdf, settings, notify)
    finally:
        pdf.close()


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
    for index in scanned:
        try:
            png = render_png(pdf, index, settings.dpi)
            texts[index] = ocr.read_image(
                png, settings.command, settings.lang, settings.timeout_per_page
            )
            done.append(index + 1)
        except (ocr.OcrError, pdfium.PdfiumError) as err:
            unread.append((index + 1, f"OCR gagal: {err}"))
    return DocumentText(tuple(texts), tuple(done), tuple(sorted(unread)))
