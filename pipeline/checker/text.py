"""Normalise page text so that section patterns can stay simple.

Each page becomes a list of lines: lowercase, single spaces, hyphenated line breaks joined
("pelak-/sanaan" -> "pelaksanaan") while real hyphens stay ("masing-masing"), letter-spaced
titles closed up ("P E R J A N J I A N" -> "perjanjian"). Then the body is separated from
what only looks like it: running headers and footers that repeat on most pages, and the
Daftar Isi, which names every chapter without being one.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BREAK_HYPHENS = ("-", "\x02", "\xad", "\u2010")
_WORD_BEFORE_HYPHEN = re.compile(r"([^\W\d_]+)[-\x02\xad\u2010]$")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
# Four or more single letters or digits, one space apart within a word and two or three
# spaces apart between words: "p e r j a n j i a n   k i n e r j a".
_SPACED = re.compile(r"(?<!\S)[^\W_](?: {1,3}[^\W_]){3,}(?!\S)")
_WORD_GAP = re.compile(r" {2,}")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")

_TOC_HEADING = re.compile(r"^daftar (isi|tabel|gambar|grafik|lampiran)\W*$")
_TOC_ENTRY = re.compile(r"(\.{4,}|…{2,}|(\. ){4,}|_{4,})\s*([0-9]+|[ivxlc]+)$")
_ENDS_IN_NUMBER = re.compile(r"\S\s*(\.{2,}|…|\s)\s*([0-9]+|[ivxlc]+)$")
_EDGE_LINES = 3  # lines at the top and bottom of a page where running headers and footers sit
_TOC_HEADING_WITHIN = 6


@dataclass(frozen=True)
class Body:
    """The body text of a document: its pages joined by line breaks, with where each starts.

    ``glued`` is the same text with the line breaks inside each page removed: narrow table
    cells and OCR break words anywhere ("Penang / gung / Jawab"), and glued they read whole
    again. Offsets in ``glued`` map back to ``text`` with :meth:`original`.
    """

    text: str
    starts: tuple[int, ...]
    glued: str = ""
    removed: tuple[int, ...] = ()
    """Glued offsets at which a line break was removed, in order."""

    def page_at(self, offset: int) -> int:
        """The 1-based page number holding ``offset`` of ``text``."""
        return bisect.bisect_right(self.starts, offset)

    def original(self, glued_offset: int) -> int:
        """The offset in ``text`` of the character at ``glued_offset`` in ``glued``."""
        return glued_offset + bisect.bisect_right(self.removed, glued_offset)


def normalize_page(raw: str) -> list[str]:
    """The non-empty, normalised lines of one page's raw text."""
    lines = [
        _CONTROL.sub(" ", unicodedata.normalize("NFKC", line)).rstrip()
        for line in _LINE_BREAK.split(raw.replace("\x02", "-"))
    ]
    lines = [line for line in lines if line.strip()]
    out: list[str] = []
    for line in join_hyphenation(lines):
        spaced = _SPACED.sub(_close_up, line.lower().replace("\t", "   "))
        collapsed = _SPACES.sub(" ", spaced).strip()
        if collapsed:
            out.append(collapsed)
    return out


def join_hyphenation(lines: Sequence[str]) -> list[str]:
    """Join words split by a hyphen at a line end; keep the hyphen of a real compound."""
    out: list[str] = []
    for line in lines:
        stripped = line.lstrip()
        if out and out[-1].endswith(_BREAK_HYPHENS) and (head := _break_word(out[-1])):
            nxt = _FIRST_WORD.match(stripped)
            if nxt:
                keep = _is_real_hyphen(head, nxt.group())
                out[-1] = out[-1][:-1] + ("-" if keep else "") + stripped
                continue
        out.append(line)
    return out


def _break_word(line: str) -> str | None:
    match = _WORD_BEFORE_HYPHEN.search(line)
    return match.group(1) if match else None


def _is_real_hyphen(head: str, tail: str) -> bool:
    # Reduplication ("masing-masing", "perundang-undangan", "sehari-hari") repeats the next
    # word inside the first; a change to capitals ("Koperasi-UKM") marks a compound.
    probe = tail[:4].lower()
    reduplicated = len(probe) >= 3 and probe in head.lower()
    return reduplicated or (tail[0].isupper() and head[-1].islower())


def _close_up(match: re.Match[str]) -> str:
    run = match.group()
    if not any(ch.isalpha() for ch in run):
        return run  # a row of single digits is a table, not a spaced title
    return " ".join(word.replace(" ", "") for word in _WORD_GAP.split(run))


def body_pages(pages: Sequence[list[str]]) -> list[list[str]]:
    """The pages with running headers/footers and table-of-contents lines removed."""
    pages = drop_running_lines(pages)
    out: list[list[str]] = []
    in_toc = False
    for lines in pages:
        heading = next(
            (i for i, line in enumerate(lines[:_TOC_HEADING_WITHIN]) if _TOC_HEADING.match(line)),
            None,
        )
        if heading is not None:
            out.append(lines[:heading])
            in_toc = True
            continue
        entries = [bool(_TOC_ENTRY.search(line) or _ENDS_IN_NUMBER.search(line)) for line in lines]
        in_toc = in_toc and len(lines) >= 3 and sum(entries) * 2 >= len(lines)
        if in_toc:
            out.append([line for line, entry in zip(lines, entries, strict=True) if not entry])
        else:
            out.append([line for line in lines if not _TOC_ENTRY.search(line)])
    return out


def drop_running_lines(pages: Sequence[list[str]]) -> list[list[str]]:
    """Remove lines that repeat at the top or at the bottom of most pages (running headers,
    footers, page numbers), keeping each one where it first appears."""
    if len(pages) < 3:
        return [list(lines) for lines in pages]
    seen = Counter(key for lines in pages for key in {k for _, k in _edge_keys(lines)})
    needed = max(3, math.ceil(len(pages) / 2))
    running = {key for key, count in seen.items() if count >= needed}
    kept: set[tuple[str, str]] = set()
    out: list[list[str]] = []
    for lines in pages:
        dropped: set[int] = set()
        for i, key in _edge_keys(lines):
            if key in running and i not in dropped:
                if key in kept:
                    dropped.add(i)
                kept.add(key)
        out.append([line for i, line in enumerate(lines) if i not in dropped])
    return out


def _edge_keys(lines: list[str]) -> list[tuple[int, tuple[str, str]]]:
    """(index, (edge, text with digits masked)) for the lines at the top and bottom."""
    top = [(i, ("atas", _DIGITS.sub("#", lines[i]))) for i in range(min(_EDGE_LINES, len(lines)))]
    first_bottom = max(0, len(lines) - _EDGE_LINES)
    bottom = [(i, ("bawah", _DIGITS.sub("#", lines[i]))) for i in range(first_bottom, len(lines))]
    return top + bottom


def make_body(pages: Sequence[list[str]]) -> Body:
    starts: list[int] = []
    removed: list[int] = []
    offset = glued_offset = 0
    for lines in pages:
        starts.append(offset)
        for k, line in enumerate(lines):
            glued_offset += len(line)
            if k < len(lines) - 1:
                removed.append(glued_offset)
        offset += sum(len(line) + 1 for line in lines) + (0 if lines else 1)
        glued_offset += 1
    text = "\n".join("\n".join(lines) for lines in pages)
    glued = "\n".join("".join(lines) for lines in pages)
    return Body(text, tuple(starts), glued, tuple(removed))
