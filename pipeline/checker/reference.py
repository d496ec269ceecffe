"""Which built document a returned file answers (its verification code), and what differs.

The code printed on every built document (text layer, OCR text or its QR code) names the
archived document: path, build and sha256. The returned text is then compared word by word
with the text of that document (read from the archived docx when it is still the version
recorded), and each difference becomes a problem: a changed figure, name or NIP, a missing or
an extra row. Runs inside the checker's worker process: plain, picklable data only.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.checker.text import body_pages, normalize_page
from pipeline.workspace.fingerprint import sha256_file
from pipeline.workspace.verification import printed

MAX_DIFFERENCES = 8
PLACEHOLDER = "[Diisi"
ISIAN = "\u27e6isian\u27e7"
"""Stands in the archived text where the build left a placeholder for the Tim Penyusun."""
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TOKEN_EDGES = ".,;:()[]\"'“”‘’"
_CODE_LINE = re.compile(r"kode verifikasi")
_HAS_DIGIT = re.compile(r"\d")
_FIGURE_MARKS = re.compile(r"[.,]")
_NIP = re.compile(r"^\d{8}$|^\d{18}$")


@dataclass(frozen=True)
class Archived:
    """What a verification code stands for in the workspace's archive."""

    code: str
    path: str
    """Relative to the workspace root."""
    sha256: str
    build_id: int
    kind: str = ""
    """The document's kind in the build (``pk-unit``, ``rak-pengantar``); empty if unknown."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "build_id": self.build_id,
            "code": printed(self.code),
        }


@dataclass(frozen=True)
class Reference:
    """The workspace's codes, handed to each worker: code -> its newest record."""

    root: Path
    codes: Mapping[str, Archived]

    def match(self, found: Sequence[str]) -> tuple[Archived | None, list[str]]:
        """The archived document the first known code of ``found`` names, and notes about
        codes that name none or another document."""
        known = [self.codes[c] for c in found if c in self.codes]
        notes = [
            f"kode verifikasi {printed(c)} tidak tercatat di arsip workspace ini; berkas ini "
            "bukan hasil build workspace ini, atau kodenya terbaca keliru."
            for c in found
            if c not in self.codes
        ]
        if len({a.path for a in known}) > 1:
            names = ", ".join(f"{printed(a.code)} ({a.path})" for a in known)
            notes.append(
                f"berkas ini memuat kode verifikasi beberapa dokumen: {names}. Pisahkan "
                "dokumennya lalu periksa masing-masing."
            )
        return (known[0] if known else None), notes

    def archived_lines(self, archived: Archived) -> tuple[list[str] | None, str | None]:
        """The normalised lines of the archived docx, or None and why they cannot be had."""
        path = self.root / archived.path
        if not path.is_file():
            return None, (
                f"dokumen arsip '{archived.path}' tidak ada lagi di workspace sehingga isinya "
                "tidak dapat dibandingkan. Pulihkan berkas itu dari cadangan."
            )
        if sha256_file(path) != archived.sha256:
            return None, (
                f"dokumen arsip '{archived.path}' sudah dibuat ulang sejak build "
                f"{archived.build_id} sehingga versi yang dikembalikan tidak dapat dibandingkan "
                "isinya. Pulihkan berkas build itu dari cadangan."
            )
        return docx_lines(path), None


def docx_lines(path: Path) -> list[str]:
    """The body of a docx as normalised lines: one per paragraph (table cells in order),
    as the checker normalises a returned page. Headers, footers and the cached entries of a
    table-of-contents field (the returned file's Daftar Isi is left out too) are left out."""
    from lxml import etree

    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    lines: list[str] = []
    depth, toc_depth = 0, 0
    tags = (f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}fldChar", f"{_W}instrText")
    static_toc = False
    for paragraph in root.iter(f"{_W}p"):
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        if style is not None and style.get(f"{_W}val", "").startswith("Heading1"):
            static_toc = False  # a Daftar Isi written out ends where the next chapter starts
        parts = []
        for node in paragraph.iter(*tags):
            if node.tag == f"{_W}fldChar":
                kind = node.get(f"{_W}fldCharType")
                depth += kind == "begin"
                if kind == "end":
                    depth -= 1
                    toc_depth = 0 if depth < toc_depth else toc_depth
            elif node.tag == f"{_W}instrText":
                if (node.text or "").strip().startswith("TOC") and not toc_depth:
                    toc_depth = depth
            elif not toc_depth:
                parts.append(node.text or "" if node.tag == f"{_W}t" else " ")
        text = "".join(parts)
        if text.strip().lower() == "daftar isi":
            static_toc = True
        if static_toc:
            continue
        if text.strip().startswith(PLACEHOLDER):
            lines.append(ISIAN)  # filled in by hand after the build: any text may stand there
        elif text.strip():
            lines.extend(normalize_page(text))
    return lines


def _tokens(lines: Sequence[str], numbers_only: bool) -> list[str]:
    """The words of ``lines``; a figure without its thousands dots and decimal comma, so that
    one broken across two lines of a narrow cell ("12.500.000." / "000") glues back."""
    # PDFium reads a hyphen at a line end as U+FFFE.
    words = [w.replace("\ufffe", "-").strip(_TOKEN_EDGES) for line in lines for w in line.split()]
    words = [_FIGURE_MARKS.sub("", w) if _HAS_DIGIT.search(w) else w for w in words if w]
    if numbers_only:
        return [w for w in words if _HAS_DIGIT.search(w) or w == ISIAN]
    return words


@dataclass(frozen=True)
class Difference:
    """One difference with the archived document, and the page of the returned file it stands
    on (where the returned text differs, or where archived text is missing)."""

    page: int | None
    note: str
    """What differs ("angka '12' menjadi '21' (sesudah '…realisasi')")."""
    text: str
    """The note with the archived document it differs from, as ``sakip check`` reports it."""


def differences(
    archived: Archived,
    expected: Sequence[str],
    pages: Sequence[list[str]],
    numbers_only: bool,
) -> list[str]:
    """:func:`located_differences` as the problems ``sakip check`` reports."""
    return [d.text for d in located_differences(archived, expected, pages, numbers_only)]


def located_differences(
    archived: Archived,
    expected: Sequence[str],
    pages: Sequence[list[str]],
    numbers_only: bool,
) -> list[Difference]:
    """Each difference between the archived document's lines and the returned pages'
    (normalised lines per page), as a problem in Bahasa Indonesia (at most
    :data:`MAX_DIFFERENCES`, then a count).

    What the returned file prints on every page (running header and footer, every
    occurrence) and its Daftar Isi are left out on both sides. Only a word or figure that one
    side has more often than the other is a difference: text that only moved (a header cell
    read in another order, the two NIPs of a signature row) or a word broken inside a narrow
    cell ("satua n") is not. ``numbers_only`` (pages read by OCR): only figures are compared,
    since OCR misreads words far more often than it changes a figure.
    """
    running = _running_lines(pages)
    # Each returned word with its page: tokens are made line by line, so per line is the same.
    located = [
        (w, number)
        for number, page in enumerate(pages, start=1)
        for x in page
        if _masked(x) not in running
        for w in _tokens([x], numbers_only)
        if w != "kode"
    ]
    everything = _tokens(expected, numbers_only)
    a = _tokens([x for x in expected if _masked(x) not in running], numbers_only)
    a = [w for w in a if w != "kode"]
    b = [w for w, _ in located]
    missing = _surplus(a, b) | {ISIAN}
    known = set(everything)
    extra = _surplus(b, a)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=len(a) > 20000)
    notes: list[tuple[int | None, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = a[i1:i2], b[j1:j2]
        if op == "equal" or not (any(w in missing for w in old) or any(w in extra for w in new)):
            continue
        inserted = op == "insert" or (op == "replace" and not any(w in missing for w in old))
        if inserted and (_within(new, everything) or _repeated(new, known)):
            continue  # a table's header row repeated on the next page, its cells reordered
        if ISIAN in old or (ISIAN in a[max(0, i1 - 1) : i1 + 1] and op == "insert"):
            continue  # what the Tim Penyusun wrote where the build left room for it
        page = located[min(j1, len(located) - 1)][1] if located else None
        notes.append((page, _describe(op, a, i1, i2, new)))
    if not notes:
        return []
    head = (
        f"isinya berbeda dengan dokumen arsip '{archived.path}' (kode "
        f"{printed(archived.code)}, build {archived.build_id})"
    )
    shown = notes[:MAX_DIFFERENCES]
    if len(notes) > MAX_DIFFERENCES:
        shown.append((None, f"dan {len(notes) - MAX_DIFFERENCES} perbedaan lain."))
    return [Difference(page, note, f"{head}: {note}") for page, note in shown]


def _masked(line: str) -> str:
    return re.sub(r"\d+", "#", line)


def _running_lines(pages: Sequence[list[str]]) -> set[str]:
    """Lines (digits masked) that the checker leaves out of the body (running headers and
    footers, every occurrence, the first too; the Daftar Isi), and the verification line.
    A NIP line stays: the NIPs of signature blocks at the foot of many pages differ."""
    running: set[str] = set()
    for page, kept in zip(pages, body_pages(pages), strict=True):
        left = Counter(kept)
        for line in page:
            if left[line] > 0:
                left[line] -= 1
            elif not line.startswith("nip "):
                running.add(_masked(line))
    return running | {_masked(x) for page in pages for x in page if _CODE_LINE.search(x)}


def _surplus(mine: Sequence[str], theirs: Sequence[str]) -> set[str]:
    """Words ``mine`` has more often than ``theirs``, where two or three consecutive words of
    either side glued together count as the word they make (a word broken in a narrow
    cell, "satua n"; a figure broken inside, "185.000.00 0.000")."""
    have = Counter(theirs) + _glued(theirs)
    need = Counter(mine)
    glued_mine = _glued(mine)
    pieces = {w for w, n in (Counter(theirs) - Counter(mine)).items() if n > 0}
    out = set()
    for word, n in need.items():
        if n > have[word] and not (word in pieces or glued_mine[word]):
            out.add(word)
    # A piece of a word broken on this side is not a surplus either.
    return {w for w in out if not _is_piece(w, mine, set(theirs))}


def _repeated(words: Sequence[str], known: set[str]) -> bool:
    """Whether ``words`` (three or more) are all words of the archived text, or pieces of
    one broken in a narrow cell: a header row printed again, not a row added."""
    return len(words) >= 3 and all(w in known or _is_piece(w, words, known) for w in words)


def _within(words: Sequence[str], other: Sequence[str]) -> bool:
    """Whether ``words`` stand in ``other`` in this order (glued: words broken in a narrow
    cell read whole)."""
    return "".join(words) in "".join(other)


def _glued(words: Sequence[str]) -> Counter[str]:
    joined: Counter[str] = Counter()
    for size in (2, 3):
        for i in range(len(words) - size + 1):
            joined["".join(words[i : i + size])] += 1
    return joined


def _is_piece(word: str, mine: Sequence[str], theirs: set[str]) -> bool:
    for i, w in enumerate(mine):
        if w != word:
            continue
        for start in range(max(0, i - 2), i + 1):
            for size in (2, 3):
                if start + size > len(mine) or start + size <= i:
                    continue
                if "".join(mine[start : start + size]) in theirs:
                    return True
    return False


def _describe(op: str, a: Sequence[str], i1: int, i2: int, new: Sequence[str]) -> str:
    old = a[i1:i2]
    before = " ".join(a[max(0, i1 - 6) : i1])
    where = f" (sesudah '…{before}')" if before else ""
    old_text, new_text = _clip(old), _clip(new)
    if op == "delete":
        what = "baris atau teks" if len(old) >= 3 else "teks"
        return f"{what} '{old_text}' tidak ada pada berkas{where}."
    if op == "insert":
        what = "baris atau teks" if len(new) >= 3 else "teks"
        return f"{what} '{new_text}' tidak ada pada dokumen arsip{where}."
    kind = _kind(a, i1, old)
    return f"{kind} '{old_text}' menjadi '{new_text}'{where}."


def _kind(a: Sequence[str], i1: int, old: Sequence[str]) -> str:
    if not any(_HAS_DIGIT.search(w) for w in old):
        return "nama atau teks"
    if "nip" in a[max(0, i1 - 4) : i1] or any(_NIP.match(w) for w in old):
        return "NIP"
    if any(w.startswith("rp") for w in old) or "rp" in a[max(0, i1 - 1) : i1]:
        return "jumlah rupiah"
    return "angka"


def _clip(words: Sequence[str], limit: int = 12) -> str:
    if len(words) <= limit:
        return " ".join(words)
    return " ".join(words[:limit]) + " …"
