"""Small python-docx helpers for bordered, repeating-header tables in generated documents."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Pt


def style_table(table: Any, widths: list[Length]) -> None:
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
        for cell in col.cells:
            cell.width = width


def set_text(cell: Any, text: str, bold: bool = False, center: bool = True, size: int = 8) -> None:
    """Replace the cell's text; "\\n" starts a new paragraph."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = text.split("\n")
    first = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        for run in list(paragraph.runs):
            run._element.getparent().remove(run._element)
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT


def repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


# The width model: Arial's advance widths (per 1000 units of the em; Liberation Sans, the font
# LibreOffice uses for Arial on Linux, has the same metrics). Text is measured to size table
# columns so that no number or word has to break inside a cell.
_CHARS = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~–—"
)
_REGULAR_UNITS = """
    278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278
    556 556 556 556 556 556 556 556 556 556 278 278 584 584 584 556
    1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778
    667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556
    333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 556
    556 556 333 500 278 556 500 722 500 500 500 334 260 334 584 556
    1000
"""
_BOLD_CHARS = "!\"&':;?@ABJKLbcdfghijklmnopqrstuvwxy"
_BOLD_UNITS = """
    333 474 722 238 333 333 611 975 722 722 556 722 611
    611 556 611 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 556 556
"""
_REGULAR = dict(zip(_CHARS, map(int, _REGULAR_UNITS.split()), strict=True))
_BOLD = _REGULAR | dict(zip(_BOLD_CHARS, map(int, _BOLD_UNITS.split()), strict=True))
_OTHER = 600  # a character outside the table: measured generously
_PT_PER_MM = 72 / 25.4


# A printed amount, count, percentage or range: "Rp1.150.000", "93,75%", "70–75", "(12)".
NUMBER = re.compile(r"\(?-?(?:Rp)?\d[\d.,]*(?:[–-]\d[\d.,]*)?%?\)?[;,.]?")


def text_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of ``text`` in mm, set in Arial of ``size_pt`` points."""
    widths = _BOLD if bold else _REGULAR
    units = sum(widths.get(ch, _OTHER) for ch in text)
    return units / 1000 * size_pt / _PT_PER_MM


@lru_cache(maxsize=65536)
def longest_word_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of the widest unbreakable piece of ``text`` (a word, or a number such as
    "Rp1.150.000.000" or "93,75%"): a cell narrower than this breaks it."""
    return max((text_mm(word, size_pt, bold=bold) for word in text.split()), default=0.0)


# Fitting the tables of a rendered document body (OOXML as text).
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TWIPS_PER_MM = 1440 / 25.4
# Room for the cell's own rounding and LibreOffice's justification.
_SLACK_MM = 0.6
_T, _RPR, _SZ, _B, _PPR, _PSTYLE, _VAL, _TCPR, _GRIDSPAN = (
    f"{{{_W}}}{name}"
    for name in ("t", "rPr", "sz", "b", "pPr", "pStyle", "val", "tcPr", "gridSpan")
)
# The font size of the default templates' table styles (half-points in the XML).
STYLE_SIZES = {"Tabel": 10.0, "TabelKecil": 9.0}


def fit_tables(body: str, default_pt: float = 11.0) -> str:
    """Widen every table column that is too narrow for its widest word or number, taking
    the room from columns that have some to spare (in proportion to it). Columns that
    already fit keep the template's widths; a table whose words cannot all fit at its width
    is left as it was. Returns the body unchanged when no table needed it."""
    if "<w:tbl>" not in body:
        return body
    from lxml import etree

    root = etree.fromstring(body.encode())
    changed = False
    for tbl in root.iter(f"{{{_W}}}tbl"):
        changed |= _fit(tbl, default_pt)
    if not changed:
        return body
    return str(etree.tostring(root, encoding="unicode"))


def column_needs(tbl: Any, default_pt: float = 11.0, *, numbers_only: bool = False) -> list[float]:
    """Per grid column of table element ``tbl``: the mm its widest unbreakable word or number
    (only numbers, with ``numbers_only``) needs, cell margins included (cells spanning
    columns are left out; a column with nothing to measure needs 0)."""
    grid = tbl.find(f"{{{_W}}}tblGrid")
    count = len(grid.findall(f"{{{_W}}}gridCol")) if grid is not None else 0
    margin = _cell_margin_mm(tbl)
    needs = [0.0] * count
    # The table's own rows: a table nested in a cell is measured on its own grid.
    for tr in tbl.findall(f"{{{_W}}}tr"):
        col = 0
        for tc in tr.findall(f"{{{_W}}}tc"):
            span = _span(tc)
            if span == 1 and col < count:
                need = _cell_need(tc, default_pt, numbers_only)
                if need:
                    needs[col] = max(needs[col], need + margin)
            col += span
    return needs


def grid_mm(tbl: Any) -> list[float]:
    grid = tbl.find(f"{{{_W}}}tblGrid")
    if grid is None:
        return []
    return [int(c.get(f"{{{_W}}}w", "0")) / _TWIPS_PER_MM for c in grid.findall(f"{{{_W}}}gridCol")]


# The smallest type a table is set in to make its words fit (then its columns are fitted).
MIN_PT = 7.0
# The rPr children that come after w:sz (OOXML fixes the order).
_AFTER_SZ_NAMES = """szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang
    eastAsianLayout specVanish oMath"""
_AFTER_SZ = {f"{{{_W}}}{name}" for name in _AFTER_SZ_NAMES.split()}


def _fit(tbl: Any, default_pt: float) -> bool:
    widths = grid_mm(tbl)
    if not widths:
        return False
    needs = column_needs(tbl, default_pt)
    shrunk = False
    room_for_text = sum(widths) - (_cell_margin_mm(tbl) + _SLACK_MM) * len(needs)
    text = sum(needs) - _cell_margin_mm(tbl) * len(needs)
    # Too many long words for the page at this size: set the table smaller, as a typist
    # would, half a point at a time (rounding), down to MIN_PT.
    while text > room_for_text > 0 and _shrink(tbl, room_for_text / text, default_pt):
        shrunk = True
        needs = column_needs(tbl, default_pt)
        text = sum(needs) - _cell_margin_mm(tbl) * len(needs)
    return _widen(tbl, widths, needs) or shrunk


def _shrink(tbl: Any, factor: float, default_pt: float) -> bool:
    changed = False
    for p in tbl.iter(f"{{{_W}}}p"):
        size = _paragraph_pt(p, default_pt)
        for r in p.iter(f"{{{_W}}}r"):
            rpr = r.find(f"{{{_W}}}rPr")
            if rpr is None:
                rpr = r.makeelement(f"{{{_W}}}rPr", {})
                r.insert(0, rpr)
            sz = rpr.find(f"{{{_W}}}sz")
            current = int(sz.get(f"{{{_W}}}val")) if sz is not None else round(size * 2)
            half_points = max(round(MIN_PT * 2), min(current - 1, int(current * factor)))
            if half_points >= current:
                continue
            if sz is None:
                sz = rpr.makeelement(f"{{{_W}}}sz", {})
                after = next((c for c in rpr if c.tag in _AFTER_SZ), None)
                if after is None:
                    rpr.append(sz)
                else:
                    after.addprevious(sz)
            sz.set(f"{{{_W}}}val", str(half_points))
            changed = True
    return changed


def _paragraph_pt(p: Any, default_pt: float) -> float:
    ppr = p.find(_PPR)
    style = ppr.find(_PSTYLE) if ppr is not None else None
    return STYLE_SIZES.get(style.get(_VAL, "") if style is not None else "", default_pt)


def _widen(tbl: Any, widths: list[float], needs: list[float]) -> bool:
    needs = [n + _SLACK_MM if n else 0.0 for n in needs]
    short = [max(0.0, n - w) for n, w in zip(needs, widths, strict=True)]
    deficit = sum(short)
    if deficit <= 0.05:
        return False
    spare = [
        max(0.0, w - n) if s == 0 else 0.0 for w, n, s in zip(widths, needs, short, strict=True)
    ]
    room = sum(spare)
    if room >= deficit:
        new = [
            w + s if s > 0 else w - deficit * sp / room
            for w, s, sp in zip(widths, short, spare, strict=True)
        ]
    else:
        # Not every word fits even in the smallest type: the numbers get their width (a
        # broken amount misreads), the words share the rest in proportion to their need.
        numbers = [n + _SLACK_MM if n else 0.0 for n in column_needs(tbl, numbers_only=True)]
        fixed = [num >= n for num, n in zip(numbers, needs, strict=True)]
        rest = sum(widths) - sum(n for n, f in zip(needs, fixed, strict=True) if f)
        wordy = sum(n for n, f in zip(needs, fixed, strict=True) if not f)
        new = [n if f else rest * n / wordy for n, f in zip(needs, fixed, strict=True)]
        if wordy <= 0 or any(w < num for w, num in zip(new, numbers, strict=True)):
            return False
    _set_widths(tbl, new)
    return True


def _set_widths(tbl: Any, widths: list[float]) -> None:
    twips = [round(w * _TWIPS_PER_MM) for w in widths]
    grid = tbl.find(f"{{{_W}}}tblGrid")
    for col, value in zip(grid.findall(f"{{{_W}}}gridCol"), twips, strict=True):
        col.set(f"{{{_W}}}w", str(value))
    for tr in tbl.findall(f"{{{_W}}}tr"):
        col = 0
        for tc in tr.findall(f"{{{_W}}}tc"):
            span = _span(tc)
            tcw = tc.find(f"{{{_W}}}tcPr/{{{_W}}}tcW")
            if tcw is not None:
                tcw.set(f"{{{_W}}}w", str(sum(twips[col : col + span])))
                tcw.set(f"{{{_W}}}type", "dxa")
            col += span


def _span(tc: Any) -> int:
    tcpr = tc.find(_TCPR)
    span = tcpr.find(_GRIDSPAN) if tcpr is not None else None
    return int(span.get(_VAL, "1")) if span is not None else 1


def _cell_margin_mm(tbl: Any) -> float:
    total = 0.0
    for side in ("left", "right"):
        el = tbl.find(f"{{{_W}}}tblPr/{{{_W}}}tblCellMar/{{{_W}}}{side}")
        twips = int(el.get(f"{{{_W}}}w", "108")) if el is not None else 108
        total += twips / _TWIPS_PER_MM
    return total


def _cell_need(tc: Any, default_pt: float, numbers_only: bool = False) -> float:
    # Walks the text elements directly: a 500-page compilation has tens of thousands of cells.
    need = 0.0
    for t in tc.iter(_T):
        text = t.text
        if not text or text.isspace():
            continue
        if numbers_only:
            text = " ".join(w for w in text.split() if NUMBER.fullmatch(w))
            if not text:
                continue
        run = t.getparent()
        pt, bold = _run_font(run, default_pt)
        need = max(need, longest_word_mm(text, pt, bold=bold))
    return need


def _run_font(run: Any, default_pt: float) -> tuple[float, bool]:
    pt: float | None = None
    bold = False
    rpr = run.find(_RPR)
    if rpr is not None:
        sz = rpr.find(_SZ)
        if sz is not None:
            pt = int(sz.get(_VAL)) / 2
        b = rpr.find(_B)
        bold = b is not None and b.get(_VAL, "1") not in ("0", "false")
    if pt is None:
        paragraph = run.getparent()
        while paragraph is not None and paragraph.tag != f"{{{_W}}}p":
            paragraph = paragraph.getparent()
        pt = _paragraph_pt(paragraph, default_pt) if paragraph is not None else default_pt
    return pt, bold
