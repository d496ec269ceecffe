"""Signed or not: the signature blocks of a page and whether each one carries a signature.

A signature block is found from its NIP line: above it the name (and the pangkat), then the
blank space where the signature goes, then the jabatan (and the "PIHAK PERTAMA," heading and
place and date). A block counts as signed when that blank space holds ink (anything drawn
that is not text: a scanned or stamped signature, a cap) or when a PDF signature (a TTE)
names its signatory. The printed NIP is not a signature.

Runs inside the checker's worker process (PDFium is not thread-safe).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_NIP_LINE = re.compile(r"^NIP\b", re.IGNORECASE)
_DATE_LINE = re.compile(r",\s*\d{1,2}\s+\w+\s+\d{4}$")
_INK_DPI = 72
_DARK = 128
_INK_SHARE = 0.002  # of the blank space's pixels: a few strokes, not a speck of dust
_TITLES = re.compile(r"^(dr|drs|dra|ir|h|hj|prof)\.\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    text: str
    left: float
    bottom: float
    right: float
    top: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclass(frozen=True)
class SignatureBlock:
    page: int
    """1-based."""
    who: str
    """As a problem names it: "Pihak Pertama, Kepala Bidang … (Nama)"."""
    nama: str
    signed: bool
    by: str = ""
    """How it is signed: "tinta" or "TTE <signer>"; empty when not."""
    space: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    """The blank space for the signature: left, bottom, right, top in points."""


def text_lines(page: pdfium.PdfPage) -> list[Line]:
    """The text layer's lines (PDFium's text rectangles) with their boxes, in points."""
    textpage = page.get_textpage()
    try:
        lines = []
        for index in range(textpage.count_rects()):
            box = textpage.get_rect(index)
            text = textpage.get_text_bounded(*box).strip()
            if text:
                lines.append(Line(text, *box))
        return lines
    finally:
        textpage.close()


def find_blocks(
    page: pdfium.PdfPage, number: int, lines: Sequence[Line], signers: Sequence[str] = ()
) -> list[SignatureBlock]:
    """The signature blocks on ``page`` (1-based ``number``), each told signed or not."""
    width = page.get_width()
    blocks = []
    for nip in (line for line in lines if _NIP_LINE.match(line.text)):
        column = sorted(
            (
                x
                for x in lines
                if x.bottom >= nip.bottom - 0.5
                and x is not nip
                and abs(x.centre - nip.centre) < width / 5
            ),
            key=lambda x: x.bottom,
        )
        block = _block(nip, column)
        if block is None:
            continue
        nama, gap_top, jabatan = block
        if not any(ch.isalpha() for ch in nama.text):
            # A name left as dots for the hand ("Penerima, (........)" on a Surat
            # Pengantar): a receipt its addressee signs later, not a signatory of the letter.
            continue
        left = min(x.left for x in (nip, nama, *jabatan))
        right = max(x.right for x in (nip, nama, *jabatan))
        who = _who(jabatan, nama.text)
        space = (left, nama.top + 1, right, gap_top - 1)
        tte = next((s for s in signers if _same_person(s, nama.text)), None)
        if tte is not None:
            blocks.append(SignatureBlock(number, who, nama.text, True, f"TTE {tte}", space))
            continue
        inked = _ink(page, *space)
        how = "tinta" if inked else ""
        blocks.append(SignatureBlock(number, who, nama.text, inked, how, space))
    return blocks


def _block(nip: Line, above: Sequence[Line]) -> tuple[Line, float, list[Line]] | None:
    """(name line, bottom of the jabatan lines, jabatan lines top to bottom) of the block
    whose NIP line is ``nip``, or None when no blank space for a signature stands above."""
    height = max(nip.top - nip.bottom, 6.0)
    previous = nip
    under_gap: list[Line] = []
    for line in above:
        gap = line.bottom - previous.top
        if gap > 2.5 * height and under_gap:
            jabatan = [line]
            for higher in above[above.index(line) + 1 :]:
                if higher.bottom - jabatan[-1].top > 1.2 * height or len(jabatan) == 5:
                    break
                jabatan.append(higher)
            return under_gap[-1], line.bottom, list(reversed(jabatan))
        if gap > 2.5 * height:
            return None
        under_gap.append(line)
        previous = line
        if len(under_gap) > 3:
            return None
    return None


def _who(jabatan: Sequence[Line], nama: str) -> str:
    words = [x.text.strip() for x in jabatan if not _DATE_LINE.search(x.text.strip())]
    text = " ".join(" ".join(words).split()).rstrip(",")
    return f"{text} ({nama})" if text else nama


def _ink(page: pdfium.PdfPage, left: float, bottom: float, right: float, top: float) -> bool:
    """Whether the blank space (in points, origin bottom left) holds dark pixels."""
    if top - bottom < 4 or right - left < 4:
        return False
    width, height = page.get_width(), page.get_height()
    crop = (max(0.0, left), max(0.0, bottom), max(0.0, width - right), max(0.0, height - top))
    bitmap = page.render(scale=_INK_DPI / 72, grayscale=True, crop=crop, may_draw_forms=True)
    image = bitmap.to_pil()
    histogram = image.histogram()
    dark = int(sum(histogram[:_DARK]))
    area: int = image.width * image.height
    return dark >= max(12, _INK_SHARE * area)


def pdf_signers(pdf: pdfium.PdfDocument) -> list[str]:
    """The signatories of the PDF's signatures (a TTE), from each certificate's common name,
    read offline. A signature whose certificate cannot be read is named "(tidak terbaca)"."""
    import ctypes

    names = []
    for index in range(pdfium_c.FPDF_GetSignatureCount(pdf.raw)):
        signature = pdfium_c.FPDF_GetSignatureObject(pdf.raw, index)
        size = pdfium_c.FPDFSignatureObj_GetContents(signature, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFSignatureObj_GetContents(signature, buffer, size)
        names.append(_signer(buffer.raw[:size]) or "(tidak terbaca)")
    return names


def _signer(der: bytes) -> str | None:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs7

    try:
        certificates = pkcs7.load_der_pkcs7_certificates(der[: _der_length(der)])
    except ValueError:
        return None
    for certificate in certificates:
        try:
            constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
            if constraints.value.ca:
                continue
        except x509.ExtensionNotFound:
            pass
        names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        if names:
            return str(names[0].value)
    return None


def _der_length(der: bytes) -> int:
    """The length of the DER value at the start of ``der``: /Contents is padded with zeros
    after it, and the signature itself may end with a zero byte."""
    if len(der) < 2:
        return len(der)
    first = der[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    return 2 + count + int.from_bytes(der[2 : 2 + count], "big")


def _core(name: str) -> str:
    name = name.split(",")[0]
    while _TITLES.match(name):
        name = _TITLES.sub("", name, count=1)
    return " ".join(name.casefold().split())


def _same_person(signer: str, nama: str) -> bool:
    a, b = _core(signer), _core(nama)
    return bool(a and b) and (a in b or b in a)
