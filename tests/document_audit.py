"""The document audit of issue 12, as checks that return findings instead of asserting, so
that the example office's tests (tests/documents/test_document_audit.py) and the province
benchmark (bench/audit_province.py) read built documents the same way.

A document is read as Word stores it (document, header and footer parts), and each check
returns :class:`Finding` values (file and what is wrong, in Bahasa Indonesia). A check that
finds nothing returns an empty list."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from pathlib import Path

from lxml import etree

from pipeline.office.docx_keep import SIGNATURE
from pipeline.office.docx_table import column_needs, grid_mm
from pipeline.validate.capaian import capaian

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A word: letters, with inner hyphens ("masing-masing") or apostrophes.
WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
# The documents that compile every unit's part (with the PK of the Kepala Dinas).
COMPILATIONS = ("Dokumen ", "Draft LKjIP", "Rekapitulasi Laporan Kinerja Individu")
_PARTS = re.compile(r"word/(?:document|header\d*|footer\d*)\.xml")
_TWIPS_PER_MM = 1440 / 25.4


@dataclass(frozen=True)
class Finding:
    file: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


@dataclass
class Document:
    """One built docx, its parts parsed once for every check."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @cached_property
    def parts(self) -> list[etree._Element]:
        with zipfile.ZipFile(self.path) as z:
            return [etree.fromstring(z.read(n)) for n in z.namelist() if _PARTS.fullmatch(n)]

    @cached_property
    def paragraphs(self) -> list[str]:
        return [text_of(p) for part in self.parts for p in part.iter(f"{W}p")]

    def tables(self) -> Iterator[etree._Element]:
        """Every table, nested ones included."""
        for part in self.parts:
            yield from part.iter(f"{W}tbl")

    def is_compilation(self) -> bool:
        return self.name.startswith(COMPILATIONS) or self.name.endswith("Kepala Dinas.docx")


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


# Doubled words ---------------------------------------------------------------------------


def doubled_words(text: str) -> list[str]:
    """Pairs of the same word twice in a row (case-insensitive; numbers and words parted by
    punctuation, "Tengah, tengah", do not count)."""
    tokens = text.split()
    found = []
    for first, second in pairwise(tokens):
        a, b = first.strip("\"'()“”"), second.strip(".,;:!?\"'()“”")
        if a.endswith((",", ";", ":", ".")):
            continue
        if WORD.fullmatch(a) and WORD.fullmatch(b) and a.casefold() == b.casefold():
            found.append(f"{first} {second}")
    return found


def check_doubled_words(doc: Document) -> list[Finding]:
    return [
        Finding(doc.name, f"'{pair}' dalam \"{text[:90]}\"")
        for text in doc.paragraphs
        for pair in doubled_words(text)
    ]


# "di" once before the place ------------------------------------------------------------


def check_di_once(doc: Document) -> list[Finding]:
    texts = [t.strip() for t in doc.paragraphs if t.strip()]
    found = [
        Finding(doc.name, f"'di' lalu '{after}'")
        for before, after in pairwise(texts)
        if before == "di" and after.split()[0].casefold() == "di"
    ]
    return found + [
        Finding(doc.name, f"'{t}'") for t in texts if re.search(r"\bdi\s+di\b", t, re.I)
    ]


# Labels printed without their value, keys printed instead of words ---------------------

# A kop surat's label with nothing after it: "Telepon" at the end of the address line,
# "Laman:" straight before "Pos-el:".
_EMPTY_LABEL = re.compile(r"(?:\bTelepon|\bLaman:|\bPos-el:)\s*(?=$|,|Laman:|Pos-el:)")
# A configuration key or template variable printed as it is ("kepala_dinas").
# (Not inside an address: "pos_el@contoh.go.id".)
_KEY = re.compile(r"(?<![\w@.])[a-z]+(?:_[a-z]+)+(?![\w@]|\.\w)")


def check_empty_labels(doc: Document) -> list[Finding]:
    return [
        Finding(doc.name, f'label tanpa isi dalam "{text.strip()[:90]}"')
        for text in doc.paragraphs
        if _EMPTY_LABEL.search(text)
    ]


def check_printed_keys(doc: Document) -> list[Finding]:
    return [
        Finding(doc.name, f"'{key}' dalam \"{text.strip()[:90]}\"")
        for text in doc.paragraphs
        for key in _KEY.findall(text)
    ]


# Numeric columns wide enough -------------------------------------------------------------


def check_number_widths(doc: Document) -> list[Finding]:
    """By the width model of office/docx_table.py: no table column is narrower than the
    widest number printed in it (a number broken over two lines misreads)."""
    found = []
    for index, table in enumerate(doc.tables()):
        widths = grid_mm(table)
        needs = column_needs(table, numbers_only=True)
        found += [
            Finding(
                doc.name,
                f"tabel {index + 1}, kolom {col + 1}: {width:.1f} mm, angka terpanjangnya "
                f"perlu {need:.1f} mm",
            )
            for col, (need, width) in enumerate(zip(needs, widths, strict=True))
            if need > width + 0.01
        ]
    return found


# Tables within the page ------------------------------------------------------------------


def _text_width_mm(sect: etree._Element) -> float | None:
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    if size is None or margins is None:
        return None
    twips = int(size.get(f"{W}w", "0")) - sum(
        int(margins.get(f"{W}{side}", "0")) for side in ("left", "right")
    )
    return twips / _TWIPS_PER_MM


def check_tables_fit_page(doc: Document) -> list[Finding]:
    """No table of the body is wider than the text width of its section (a table that
    runs past the margin is cut off in print)."""
    body = doc.parts[0].find(f"{W}body") if doc.parts else None
    if body is None:
        return []
    found: list[Finding] = []
    pending: list[etree._Element] = []
    index = 0
    for child in body:
        if child.tag == f"{W}tbl":
            pending.append(child)
            continue
        sect = child if child.tag == f"{W}sectPr" else child.find(f"{W}pPr/{W}sectPr")
        if sect is None:
            continue
        width = _text_width_mm(sect)
        for table in pending:
            index += 1
            total = sum(grid_mm(table))
            if width is not None and total > width + 1.0:
                found.append(
                    Finding(
                        doc.name,
                        f"tabel {index} selebar {total:.0f} mm, lebar teks halamannya "
                        f"{width:.0f} mm",
                    )
                )
        pending = []
    return found


# Capaian on the printed basis ------------------------------------------------------------

# The formulas a capaian may follow (validate/capaian.py): naik, and turun by either method.
FORMULAS = (("naik", "2t-r"), ("turun", "2t-r"), ("turun", "t/r"))
# Printed figures are rounded to 2 decimals: a capaian computed from the unrounded realisasi
# may differ from the formula on the printed one by this much in the realisasi.
HALF_CENT = 0.005


def printed_number(text: str) -> float | tuple[float, float] | None:
    """A figure as the filters print it ("1.234,5", "Rp1.250.000", "93,75%", "70–75")."""
    text = text.strip().removeprefix("Rp").removesuffix("%")
    if "–" in text:
        low, high = (printed_number(part) for part in text.split("–", 1))
        return (low, high) if isinstance(low, float) and isinstance(high, float) else None
    if not re.fullmatch(r"-?\d{1,3}(?:\.\d{3})*(?:,\d+)?", text):
        return None
    return float(text.replace(".", "").replace(",", "."))


def table_rows(table: etree._Element) -> list[list[str]]:
    rows = []
    for tr in table.findall(f"{W}tr"):
        cells: list[str] = []
        for tc in tr.findall(f"{W}tc"):
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            cells += [text_of(tc).strip()] + [""] * (
                int(span.get(f"{W}val")) - 1 if span is not None else 0
            )
        rows.append(cells)
    return rows


def capaian_rows(table: etree._Element) -> list[tuple[str, str, str, str]]:
    """(target header, target, realisasi, capaian) of each row of a table whose header has a
    Realisasi and a Capaian column (not the budget's) and a Target column before them; the
    target is the Target column nearest the realisasi, the basis the capaian names."""
    rows = table_rows(table)
    # The column headers: the first row naming a Realisasi (a row naming the unit may stand
    # above them, repeated on every page as they are).
    start = next(
        (n for n, row in enumerate(rows) if any(h.startswith("Realisasi") for h in row)), None
    )
    if start is None:
        return []
    head, rows = rows[start], rows[start:]
    real = [i for i, h in enumerate(head) if h.startswith("Realisasi") and "Anggaran" not in h]
    cap = [i for i, h in enumerate(head) if h.startswith("Capaian") and "Anggaran" not in h]
    if len(real) != 1 or len(cap) != 1:
        return []
    targets = [i for i, h in enumerate(head) if h.startswith("Target") and i < real[0]]
    if not targets:
        return []
    t, r, c = targets[-1], real[0], cap[0]
    return [(head[t], row[t], row[r], row[c]) for row in rows[1:] if len(row) == len(head)]


def capaian_agrees(target: str, realisasi: str, printed: str) -> bool | None:
    """Whether the printed capaian is a formula's value on the printed target and realisasi
    (None when the row does not hold three figures)."""
    t, r, c = printed_number(target), printed_number(realisasi), printed_number(printed)
    if t is None or not isinstance(r, float) or not isinstance(c, float):
        return None
    for polaritas, metode in FORMULAS:
        values = [
            capaian(t, value, polaritas, metode).nilai  # type: ignore[arg-type]
            for value in (r - HALF_CENT, r, r + HALF_CENT)
        ]
        known = [v for v in values if v is not None]
        if known and min(known) - 0.006 <= c <= max(known) + 0.006:
            return True
    return False


def capaian_audit(doc: Document) -> tuple[list[Finding], int]:
    """The rows whose printed capaian does not follow from the printed target and
    realisasi, and how many rows held all three figures."""
    found, checked = [], 0
    for table in doc.tables():
        for head, target, realisasi, printed in capaian_rows(table):
            agrees = capaian_agrees(target, realisasi, printed)
            checked += agrees is not None
            if agrees is False:
                found.append(
                    Finding(doc.name, f"{head} {target}, realisasi {realisasi}, capaian {printed}")
                )
    return found, checked


def check_capaian(doc: Document) -> list[Finding]:
    return capaian_audit(doc)[0]


# Signature blocks ------------------------------------------------------------------------


def check_signature_kept(doc: Document) -> list[Finding]:
    """A signature block right under a table (spacers between) must be carried inside the
    table's last row, which may not break across pages (pipeline/office/docx_keep.py);
    one standing on its own after a table can land alone on the next page."""
    found = []
    for block in doc.tables():
        caption = block.find(f"{W}tblPr/{W}tblCaption")
        if caption is None or caption.get(f"{W}val") != SIGNATURE:
            continue
        if block.getparent().tag == f"{W}tc":
            continue  # inside the last row of the table above: kept with it
        above = block.getprevious()
        while above is not None and above.tag == f"{W}p" and not text_of(above).strip():
            above = above.getprevious()
        if above is not None and above.tag == f"{W}tbl":
            found.append(Finding(doc.name, "blok tanda tangan berdiri sendiri setelah tabel"))
    return found


# Held units ------------------------------------------------------------------------------


def check_held_named(doc: Document, held: Mapping[str, str]) -> list[Finding]:
    """A compilation names every unit held back (code to name), with the reason."""
    if not doc.is_compilation():
        return []
    return [
        Finding(doc.name, f"unit yang ditahan {name} ({code}) tidak disebut")
        for code, name in sorted(held.items())
        if not any(f"{name} ({code}): " in text for text in doc.paragraphs)
    ]


def check_held_without_document(doc: Document, held: Mapping[str, str]) -> list[Finding]:
    """A unit held back gets no document of its own."""
    return [
        Finding(doc.name, f"dokumen untuk unit yang ditahan {name} ({code})")
        for code, name in sorted(held.items())
        if name in doc.name
    ]


# Every check, by the label a summary prints. -------------------------------------------

CHECKS: dict[str, Callable[[Document], list[Finding]]] = {
    "kata ganda": check_doubled_words,
    "'di' dua kali sebelum tempat": check_di_once,
    "label kop surat tanpa isi": check_empty_labels,
    "nama kunci tercetak (misalnya kepala_dinas)": check_printed_keys,
    "kolom angka terlalu sempit": check_number_widths,
    "tabel lebih lebar dari halaman": check_tables_fit_page,
    "capaian tidak sesuai target dan realisasi tercetak": check_capaian,
    "blok tanda tangan sendiri setelah tabel": check_signature_kept,
}
HELD_CHECKS: dict[str, Callable[[Document, Mapping[str, str]], list[Finding]]] = {
    "unit yang ditahan tidak disebut dalam dokumen gabungan": check_held_named,
    "dokumen dibuat untuk unit yang ditahan": check_held_without_document,
}


@dataclass
class Audit:
    """The findings of every check over a set of documents."""

    documents: int = 0
    capaian_rows: int = 0
    compilations: int = 0
    findings: dict[str, list[Finding]] = field(
        default_factory=lambda: {label: [] for label in (*CHECKS, *HELD_CHECKS)}
    )

    @property
    def total(self) -> int:
        return sum(len(f) for f in self.findings.values())


def audit(paths: Iterable[Path], held: Mapping[str, str] | None = None) -> Audit:
    """Every check on every document (``held``: the units held back, code to name)."""
    result = Audit()
    for path in paths:
        doc = Document(path)
        result.documents += 1
        result.compilations += doc.is_compilation()
        for label, check in CHECKS.items():
            if check is check_capaian:
                found, checked = capaian_audit(doc)
                result.capaian_rows += checked
            else:
                found = check(doc)
            result.findings[label] += found
        for label, held_check in HELD_CHECKS.items():
            result.findings[label] += held_check(doc, held or {})
    return result
