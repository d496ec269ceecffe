"""Test helpers that sign a PDF on purpose: a signature image stamped into the blank space
of each signature block, as a scanned or hand-signed page would carry."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from pipeline.checker.signatures import find_blocks, text_lines


def signature_image() -> Image.Image:
    """A scribble in dark blue ink, as a signature looks on a scan."""
    image = Image.new("RGB", (240, 90), "white")
    draw = ImageDraw.Draw(image)
    points = [(10, 60), (40, 20), (60, 70), (90, 15), (120, 65), (150, 25), (190, 55), (230, 30)]
    draw.line(points, fill=(20, 30, 120), width=5)
    draw.arc((60, 10, 200, 85), 200, 340, fill=(20, 30, 120), width=4)
    return image


def sign(source: Path, target: Path, only: str | None = None) -> int:
    """Copy ``source`` to ``target`` with every signature block signed (those whose name
    holds ``only``, when given); the number of blocks signed."""
    pdf = pdfium.PdfDocument(source)
    bitmap = pdfium.PdfBitmap.from_pil(signature_image())
    signed = 0
    for index in range(len(pdf)):
        page = pdf[index]
        for block in find_blocks(page, index + 1, text_lines(page)):
            if only is not None and only not in block.nama:
                continue
            left, bottom, right, top = block.space
            image = pdfium.PdfImage.new(pdf)
            image.set_bitmap(bitmap)
            width, height = 90.0, min(34.0, top - bottom - 4)
            matrix = pdfium.PdfMatrix().scale(width, height)
            matrix = matrix.translate((left + right - width) / 2, bottom + 2)
            image.set_matrix(matrix)
            page.insert_obj(image)
            signed += 1
        page.gen_content()
    pdf.save(target)
    return signed


def scan(source: Path, target: Path, dpi: int = 200, pages: list[int] | None = None) -> None:
    """An image-only copy of ``source`` (its 1-based ``pages``, all by default), as a scanner
    makes it: each page rendered in grey at ``dpi`` with no text layer."""
    pdf = pdfium.PdfDocument(source)
    chosen = pages or list(range(1, len(pdf) + 1))
    images = [pdf[n - 1].render(scale=dpi / 72, grayscale=True).to_pil() for n in chosen]
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
