"""Shared parts of the default document templates: the base document (F4, Arial, styles), the
kop surat, paragraphs and bordered tables with docxtpl loop rows, signature blocks, covers,
running headers and footers, and the deterministic save.

Template text is Jinja as docxtpl reads it. Rules kept here so every builder keeps them:
``{%tr %}`` tags sit in table rows of their own (:meth:`Grid.tr`), ``{%p %}`` tags in
paragraphs of their own (:func:`tag`), and every number goes through a filter of
``pipeline/documents/filters.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import (
    WD_ALIGN_PARAGRAPH,
    WD_BREAK,
    WD_COLOR_INDEX,
    WD_TAB_ALIGNMENT,
    WD_TAB_LEADER,
)
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor

from pipeline.office.docx_keep import SIGNATURE
from pipeline.office.ooxml import normalize_zip, set_docx_properties

FONT = "Arial"
# Fixed document properties: regenerating a template gives identical bytes.
STAMP = dt.datetime(2024, 1, 1)
# F4 / Folio (215 x 330 mm), the usual paper of pemda naskah dinas.
PAPER_SHORT, PAPER_LONG = Mm(215), Mm(330)
MARGIN_LEFT, MARGIN = Mm(25), Mm(20)
# The colon column of a "label : value" table.
COLON = Mm(4)
# Paragraph styles made by new_document().
TABEL, TABEL_KECIL, ISI = "Tabel", "Tabel Kecil", "Isi"

# A paragraph's content: plain text, or segments (text, flags) where flags holds any of
# "b" bold, "i" italic, "u" underline, "h" yellow highlight.
Segment = str | tuple[str, str]
Content = str | Sequence[Segment]
ALIGN = {
    "l": WD_ALIGN_PARAGRAPH.LEFT,
    "c": WD_ALIGN_PARAGRAPH.CENTER,
    "r": WD_ALIGN_PARAGRAPH.RIGHT,
    "j": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

# Child order of the OOXML property elements this module inserts (Word is strict about it).
_TBL_PR_AFTER = {
    "w:tblInd": ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"),
    "w:tblBorders": ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"),
    "w:tblCellMar": ("w:tblLook",),
}
_TC_PR_AFTER = {
    "w:tcBorders": (
        "w:shd",
        "w:noWrap",
        "w:tcMar",
        "w:textDirection",
        "w:tcFitText",
        "w:vAlign",
        "w:hideMark",
    ),
    "w:shd": ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
}
_TR_PR_AFTER = {
    "w:cantSplit": ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"),
    "w:tblHeader": ("w:tblCellSpacing", "w:jc", "w:hidden"),
}
_P_PR_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


# The document


def new_document(*, landscape: bool = False) -> Any:
    """An empty F4 document with the office's fonts, margins and paragraph styles."""
    doc = Document()
    _fonts(doc)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.widow_control = True
    isi = styles.add_style(ISI, 1)
    isi.base_style = normal
    isi.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    isi.paragraph_format.space_after = Pt(6)
    isi.paragraph_format.line_spacing = 1.15
    for name, size in ((TABEL, 10), (TABEL_KECIL, 9)):
        style = styles.add_style(name, 1)
        style.base_style = normal
        style.font.size = Pt(size)
    for level, size in ((1, 12), (2, 11), (3, 11)):
        heading = styles[f"Heading {level}"]
        heading.font.name = FONT
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        _strip_theme_fonts(heading.element)
        pf = heading.paragraph_format
        pf.keep_with_next = True
        pf.line_spacing = 1.15
        if level == 1:
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pf.page_break_before = True
            pf.space_before, pf.space_after = Pt(0), Pt(18)
        else:
            pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
            pf.space_before, pf.space_after = Pt(12 if level == 2 else 8), Pt(6)
    section = doc.sections[0]
    _page(section, landscape)
    set_properties(doc)
    return doc


def _fonts(doc: Any) -> None:
    """Arial everywhere: the document defaults, not only Normal, and no theme fonts."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    _strip_theme_fonts(defaults)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "id-ID")


def _strip_theme_fonts(element: Any) -> None:
    for fonts in element.iter(qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{attr}"), FONT)


def _page(section: Any, landscape: bool) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAPER_LONG, PAPER_SHORT
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAPER_SHORT, PAPER_LONG
    section.left_margin = MARGIN_LEFT
    section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    section.header_distance = section.footer_distance = Mm(10)


def new_section(doc: Any, *, landscape: bool) -> Any:
    """Start a new page in a section of its own (a landscape part for wide tables)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape)
    section.different_first_page_header_footer = False
    return section


def text_width(doc: Any) -> Length:
    section = doc.sections[-1]
    return Length(section.page_width - section.left_margin - section.right_margin)


def set_properties(doc: Any, stamp: dt.datetime = STAMP) -> None:
    set_docx_properties(doc, "", stamp)


def save(doc: Any, path: Path, stamp: dt.datetime = STAMP, *, verifikasi: bool = True) -> None:
    """Save with fixed properties and zip timestamps: the same code gives the same bytes.
    ``verifikasi``: the verification code and its QR in the footer of every page."""
    if verifikasi:
        verification_footer(doc)
    set_properties(doc, stamp)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    normalize_zip(path)


# Paragraphs


def par(
    where: Any,
    content: Content = "",
    *,
    style: str | None = None,
    align: str | None = None,
    bold: bool = False,
    size: float | None = None,
    indent: Length | None = None,
    first_line: Length | None = None,
    hanging: Length | None = None,
    right_indent: Length | None = None,
    before: float | None = None,
    after: float | None = None,
    keep_next: bool = False,
) -> Any:
    """Add a paragraph to a document or a table cell (a cell's first empty one is reused)."""
    paragraph = _new_paragraph(where)
    if style:
        paragraph.style = style
    segments: Sequence[Segment] = [content] if isinstance(content, str) else content
    for segment in segments:
        text, flags = (segment, "") if isinstance(segment, str) else segment
        if not text:
            continue
        run = paragraph.add_run(text)
        run.bold = bold or "b" in flags or None
        if "i" in flags:
            run.italic = True
        if "u" in flags:
            run.underline = True
        if "h" in flags:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if size:
            run.font.size = Pt(size)
    if not paragraph.runs:
        # An empty run marks the paragraph as taken, so the next par() in a cell adds one.
        run = paragraph.add_run()
        if size:
            run.font.size = Pt(size)
    fmt = paragraph.paragraph_format
    if align:
        fmt.alignment = ALIGN[align]
    if indent is not None or hanging is not None:
        fmt.left_indent = Length((indent or 0) + (hanging or 0))
    if hanging is not None:
        fmt.first_line_indent = Length(-hanging)
    if first_line is not None:
        fmt.first_line_indent = first_line
    if right_indent is not None:
        fmt.right_indent = right_indent
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_next:
        fmt.keep_with_next = True
    return paragraph


def _new_paragraph(where: Any) -> Any:
    """A new paragraph; a fresh table cell's own empty paragraph is used first."""
    if hasattr(where, "_tc"):
        paragraphs = where.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].runs:
            return paragraphs[0]
    return where.add_paragraph()


def tag(where: Any, jinja: str) -> Any:
    """A paragraph holding only a ``{%p ... %}`` tag; docxtpl replaces the whole paragraph."""
    assert jinja.startswith("{%p ") and jinja.endswith("%}"), jinja
    return par(where, jinja, size=2)


def heading(doc: Any, content: Content, level: int) -> Any:
    paragraph = doc.add_paragraph(style=f"Heading {level}")
    lines = [content] if isinstance(content, str) else list(content)
    for i, line in enumerate(lines):
        run = paragraph.add_run(line if isinstance(line, str) else line[0])
        if i < len(lines) - 1:
            run.add_break()
    return paragraph


def title(
    where: Any,
    lines: Sequence[str],
    *,
    size: float = 12,
    underline_first: bool = False,
    after: float = 12,
) -> None:
    """Centred bold title lines (the first optionally underlined, as on an SPT)."""
    for i, line in enumerate(lines):
        flags = "bu" if underline_first and i == 0 else "b"
        par(where, [(line, flags)], align="c", size=size, after=after if i == len(lines) - 1 else 0)


def placeholder(where: Any, text: str, **kwargs: Any) -> Any:
    """A part the Tim Penyusun writes by hand: bold, highlighted yellow, in square brackets."""
    return par(where, [(text, "bh")], style=ISI, **kwargs)


def page_break(where: Any) -> Any:
    paragraph = _new_paragraph(where)
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    return paragraph


def break_between(where: Any) -> None:
    """A page break before every item of the surrounding ``{%p for %}`` loop but the first."""
    tag(where, "{%p if not loop.first %}")
    page_break(where)
    tag(where, "{%p endif %}")


def dotted_lines(where: Any, count: int, width: Length, indent: Length | None = None) -> None:
    """Lines of dots to write on by hand (a right tab with a dotted leader)."""
    for _ in range(count):
        paragraph = par(where, "\t", indent=indent, after=4)
        paragraph.paragraph_format.line_spacing = 1.5
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )


def bottom_rule(paragraph: Any, *, val: str = "single", size: int = 6) -> None:
    """A border under a paragraph (``thickThinSmallGap`` is the double rule of a kop surat)."""
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), val)
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    border.append(bottom)
    ppr.insert_element_before(border, *_P_PR_AFTER_PBDR)


# Tables


@dataclass
class Grid:
    """A table being built: its column widths and the paragraph style of its cells."""

    table: Any
    widths: list[Length]
    style: str = TABEL
    aligns: list[str] = field(default_factory=list)

    def row(
        self,
        cells: Sequence[Any],
        *,
        bold: bool = False,
        align: str | Sequence[str] | None = None,
        shade: str | None = None,
        height: Length | None = None,
        header: bool = False,
        spans: Sequence[tuple[int, int]] = (),
        cant_split: bool = False,
    ) -> Any:
        """Add a row. ``cells`` has one entry per column (None inside a span); an entry is
        text, a list of paragraphs, or a callable that fills the cell."""
        row = self.table.add_row()
        for col, width in enumerate(self.widths):
            row.cells[col].width = width
        for start, end in spans:
            row.cells[start].merge(row.cells[end])
        skip = {c for start, end in spans for c in range(start + 1, end + 1)}
        aligns = [align] * len(self.widths) if isinstance(align, str) else align
        aligns = aligns or self.aligns or ["l"] * len(self.widths)
        for col, content in enumerate(cells):
            if col in skip:
                continue
            cell = row.cells[col]
            cell.vertical_alignment = (
                WD_CELL_VERTICAL_ALIGNMENT.CENTER if header else WD_CELL_VERTICAL_ALIGNMENT.TOP
            )
            if shade:
                shade_cell(cell, shade)
            fill(cell, content, style=self.style, bold=bold, align=aligns[col])
        if height is not None:
            row.height = height
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        if header:
            _row_flag(row, "w:tblHeader")
        if cant_split or header:
            _row_flag(row, "w:cantSplit")
        return row

    def header(self, cells: Sequence[Any], **kwargs: Any) -> Any:
        return self.row(cells, bold=True, align="c", shade="D9D9D9", header=True, **kwargs)

    def numbers(self) -> Any:
        """The column-number row under a header ("1", "2", ...), as government tables have."""
        return self.row(
            [f"({i})" for i in range(1, len(self.widths) + 1)],
            align="c",
            shade="F2F2F2",
            header=True,
        )

    def tr(self, jinja: str) -> Any:
        """A row holding only a ``{%tr ... %}`` tag; docxtpl replaces the whole row."""
        assert jinja.startswith("{%tr ") and jinja.endswith("%}"), jinja
        row = self.table.add_row()
        for col, width in enumerate(self.widths):
            row.cells[col].width = width
        fill(row.cells[0], jinja, style=self.style)
        return row

    def loop(
        self,
        loop: str,
        cells: Sequence[Any],
        *,
        group: str | None = None,
        bagian: bool = False,
        **kwargs: Any,
    ) -> Any:
        """One row repeated by ``{%tr for <loop> %}``; with ``group`` its column 1 (the sasaran
        or kinerja) spans the rows of a group (:func:`group_merge`). With ``bagian`` each row
        is a block a rebuild renders again only when its data changed (for the tables of a
        whole office's indicators)."""
        self.tr("{%tr for " + loop + " %}")
        if bagian:
            self.tr("{%tr bagian %}")
        # A row of data stays whole on one page (Word and LibreOffice move it to the next).
        kwargs.setdefault("cant_split", True)
        row = self.row(cells, **kwargs)
        if group is not None:
            group_merge(row.cells[1], group)
        if bagian:
            self.tr("{%tr endbagian %}")
        self.tr("{%tr endfor %}")
        return row

    def vspan(self, col: int, first: int, last: int) -> Any:
        """Merge column ``col`` from row ``first`` to ``last`` (header cells spanning rows)."""
        top = self.table.cell(first, col)
        merged = top.merge(self.table.cell(last, col))
        merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        return merged


def table(
    where: Any,
    widths: Sequence[Length],
    *,
    borders: bool = True,
    style: str = TABEL,
    indent: Length | None = None,
    align: str = "c",
    cell_margin: Length | None = None,
    aligns: Sequence[str] = (),
) -> Grid:
    """An empty fixed-layout table of the given column widths (rows come from Grid.row)."""
    tbl = where.add_table(rows=0, cols=len(widths))
    tbl.autofit = False
    tbl.alignment = {"c": WD_TABLE_ALIGNMENT.CENTER, "l": WD_TABLE_ALIGNMENT.LEFT}[align]
    tbl_pr = tbl._tbl.tblPr
    width = OxmlElement("w:tblW")
    tbl_pr.remove(tbl_pr.find(qn("w:tblW")))
    width.set(qn("w:w"), str(int(sum(widths) / 635)))
    width.set(qn("w:type"), "dxa")
    tbl_pr.insert_element_before(
        width,
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
    )
    if indent is not None:
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), str(int(indent / 635)))
        ind.set(qn("w:type"), "dxa")
        tbl_pr.insert_element_before(ind, *_TBL_PR_AFTER["w:tblInd"])
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        edges.append(el)
    tbl_pr.insert_element_before(edges, *_TBL_PR_AFTER["w:tblBorders"])
    margin = cell_margin if cell_margin is not None else (Mm(1.2) if borders else Mm(0.8))
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(margin / 635)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.insert_element_before(mar, *_TBL_PR_AFTER["w:tblCellMar"])
    grid = tbl._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(w / 635)))
    return Grid(tbl, list(widths), style, list(aligns))


# A column of a data table: its header, its width in mm (None: what the other columns leave of
# the text width) and the alignment of its cells.
Column = tuple[str, float | None, str]


def data_table(
    doc: Any, columns: Sequence[Column], *, style: str = TABEL, numbers: bool = False
) -> Grid:
    """A bordered table with its header row (and the column-number row when ``numbers``)."""
    fixed = Length(sum(Mm(w) for _, w, _ in columns if w is not None))
    rest = Length(text_width(doc) - fixed)
    widths = [rest if w is None else Mm(w) for _, w, _ in columns]
    grid = table(doc, widths, style=style, aligns=[a for _, _, a in columns])
    grid.header([h for h, _, _ in columns])
    if numbers:
        grid.numbers()
    return grid


def fill(
    cell: Any, content: Any, *, style: str = TABEL, bold: bool = False, align: str = "l"
) -> None:
    """Write ``content`` into an (empty) cell: text, a list of paragraphs, or a callable."""
    if content is None or content == "":
        paragraph = cell.paragraphs[0]
        paragraph.style = style
        return
    if callable(content):
        content(cell)
        return
    items = [content] if isinstance(content, str | tuple) else list(content)
    for item in items:
        paragraph = par(cell, [item] if isinstance(item, tuple) else item, bold=bold, align=align)
        paragraph.style = style


def shade_cell(cell: Any, color: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    tc_pr.insert_element_before(shd, *_TC_PR_AFTER["w:shd"])


def _row_flag(row: Any, name: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(name)) is None:
        tr_pr.insert_element_before(OxmlElement(name), *_TR_PR_AFTER[name])


def group_merge(cell: Any, starts: str) -> None:
    """Merge this loop cell with the one above it unless Jinja condition ``starts`` holds:
    a sasaran spanning its indicators, as a PK prints it. The continued cells print nothing."""
    tc_pr = cell._tc.get_or_add_tcPr()
    vmerge = tc_pr.get_or_add_vMerge()
    vmerge.set(qn("w:val"), "{% if " + starts + " %}restart{% else %}continue{% endif %}")
    for paragraph in cell.paragraphs:
        runs = paragraph.runs
        if runs:
            runs[0].text = "{% if " + starts + " %}" + runs[0].text
            runs[-1].text = runs[-1].text + "{% endif %}"


# The kop surat and signatures


def kop_surat(doc: Any) -> None:
    """Logo (when the workspace has one) left; pemerintah, dinas, address centred; the double
    rule under it."""
    width = text_width(doc)
    logo_w = Mm(24)
    grid = table(
        doc, [logo_w, Length(width - logo_w)], borders=False, style="Normal", cell_margin=Mm(0)
    )

    def logo(cell: Any) -> None:
        par(cell, "{% if logo %}{{ logo }}{% endif %}", align="c")
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    def words(cell: Any) -> None:
        # Indented right as far as the logo column: the words stand centred on the page.
        balance: dict[str, Any] = {"right_indent": logo_w, "align": "c"}
        par(cell, [("{{ instansi.pemerintah|upper }}", "b")], size=13, **balance)
        par(cell, [("{{ instansi.nama|upper }}", "b")], size=14, **balance)
        # Telepon, laman and pos-el are optional in sakip.yaml: a label is printed only with
        # its value (an empty "Telepon" or "Laman:   Pos-el:" reads as a form left unfilled).
        par(
            cell,
            "{{ instansi.alamat }}{% if instansi.telepon %}, Telepon {{ instansi.telepon }}"
            "{% endif %}",
            size=9,
            **balance,
        )
        tag(cell, "{%p if instansi.laman or instansi.surel %}")
        par(
            cell,
            "{% if instansi.laman %}Laman: {{ instansi.laman }}{% endif %}{% if instansi.laman "
            "and instansi.surel %}  {% endif %}{% if instansi.surel %}Pos-el: "
            "{{ instansi.surel }}{% endif %}",
            size=9,
            **balance,
        )
        tag(cell, "{%p endif %}")
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    grid.row([logo, words])
    rule = par(doc, "", size=2, after=10)
    bottom_rule(rule, val="thickThinSmallGap", size=24)


@dataclass(frozen=True)
class Sig:
    """A signature block: ``who`` is the Jinja path of an Orang ("pihak_pertama",
    "p.kepala"), or None for a blank block signed by hand (penerima, notulis)."""

    who: str | None
    heading: Sequence[str] = ()
    date: str | None = None
    jabatan: bool = True
    # False on a penetapan (an SK): the name without academic titles (Permendagri 1/2023,
    # Pasal 44).
    gelar: bool = True


def _sig_lines(sig: Sig, n_heading: int, dated: bool) -> list[tuple[str, Content]]:
    lines: list[tuple[str, Content]] = []
    if dated:
        lines.append(("date", sig.date or ""))
    headings = list(sig.heading) + [""] * (n_heading - len(sig.heading))
    lines += [("heading", h) for h in headings]
    who = sig.who
    if who is None:
        lines += [
            ("jabatan", ""),
            ("gap", ""),
            ("nama", "(.......................................)"),
            ("pangkat", ""),
            ("nip", "NIP ......................................"),
        ]
        return lines
    lines.append(("jabatan", "{{ " + who + ".jabatan }}," if sig.jabatan else ""))
    lines.append(("gap", ""))
    nama = "{{ " + who + ".nama }}" if sig.gelar else "{{ " + who + ".nama|tanpa_gelar }}"
    lines.append(("nama", [(nama, "bu")]))
    lines.append(("pangkat", "{{ " + who + ".pangkat }}"))
    lines.append(("nip", nip_line(who)))
    return lines


def nip_line(who: str) -> str:
    """The NIP line of an Orang, left out for one without a NIP (not a PNS)."""
    return "{% if " + who + ".nip %}NIP {{ " + who + ".nip }}{% endif %}"


def nama_nip(who: str) -> list[str]:
    """A "Nama / NIP" cell of an Orang: the name, then the NIP line."""
    return ["{{ " + who + ".nama }}", nip_line(who)]


def signatures(doc: Any, left: Sig | None, right: Sig | None, *, before: float = 12) -> Grid:
    """Signature blocks side by side (a borderless table, one row per line so the names of
    both blocks stand on one line); ``left=None`` puts a single block on the right."""
    width = text_width(doc)
    half = Length(width // 2)
    _keep_last_with_next(doc)
    spacer = par(doc, "", after=0, keep_next=True)
    spacer.paragraph_format.space_before = Pt(before)
    grid = table(doc, [half, Length(width - half)], borders=False, style="Normal")
    sigs = [left, right]
    n_heading = max(len(s.heading) for s in sigs if s)
    dated = any(s.date for s in sigs if s)
    columns = [_sig_lines(s, n_heading, dated) if s else None for s in sigs]
    reference = next(c for c in columns if c is not None)
    for index, (kind, _) in enumerate(reference):
        cells = [c[index][1] if c else "" for c in columns]
        row = grid.row(cells, align="c", cant_split=True)
        _row_flag_keep(row)
        if kind == "gap":
            row.height = Mm(22)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    # Named, so that rendering puts the block into the last row of a table above it
    # (pipeline/office/docx_keep.py): it never stands alone on a page.
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), SIGNATURE)
    grid.table._tbl.tblPr.append(caption)
    return grid


def _keep_last_with_next(doc: Any) -> None:
    """Keep what stands before a signature block on its page: the last paragraph, or every
    paragraph of a table's last row, keeps with the next, so the block never stands alone on
    a page (Word and LibreOffice carry the last line or row over with it). A note under a
    table takes the table's last row along too, unless the table repeats its header. Template
    tags (``{%p %}``, ``{%tr %}``) are skipped: docxtpl removes them."""
    for element in reversed(list(doc.element.body)):
        if element.tag == qn("w:p"):
            if _text(element).startswith("{%p"):
                continue
            _keep_next(element)
            if not _text(element).strip():
                continue  # an empty spacer: keep on to the content above it
            previous = element.getprevious()
            while previous is not None and previous.tag == qn("w:p") and not _text(previous):
                previous = previous.getprevious()
            if previous is None or previous.tag != qn("w:tbl"):
                return
            element = previous
        if element.tag == qn("w:tbl"):
            # LibreOffice keeps a whole table with the next paragraph when the table repeats
            # its header rows (a page with only a title would be left behind): such a table's
            # rows are not marked, the note under it carries the block.
            if element.find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:tblHeader')}") is not None:
                return
            rows = [tr for tr in element.findall(qn("w:tr")) if not _text(tr).startswith("{%tr")]
            for paragraph in rows[-1].iter(qn("w:p")) if rows else ():
                _keep_next(paragraph)
            return


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _keep_next(p: Any) -> None:
    p.get_or_add_pPr().keepNext_val = True


def _row_flag_keep(row: Any) -> None:
    """Keep the signature rows together on one page (keep-with-next on their paragraphs)."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def dated(p: str = "") -> str:
    """The place and date over a signature: the document's, or loop item ``p``'s ("p.")."""
    return "{{ " + p + "tempat }}, {{ " + p + "tanggal|tanggal }}"


def signed_by(doc: Any, who: str, p: str = "") -> None:
    """A single dated signature block on the right (a head of unit, the penandatangan)."""
    signatures(doc, None, Sig(p + who, date=dated(p)))


def signed_pair(doc: Any, p: str, left: tuple[str, str], right: tuple[str, str]) -> None:
    """Two parties side by side, each (who, heading), the right one dated: a PK, IKI or LKI."""
    signatures(
        doc,
        Sig(p + left[0], heading=[left[1]]),
        Sig(p + right[0], heading=[right[1]], date=dated(p)),
    )


# Covers, forewords, headers and footers


def cover(
    doc: Any, lines: Sequence[str], *, subtitle: Sequence[str] = (), end_break: bool = True
) -> None:
    """A cover page: the title, the logo, the office; then a page break (leave it out when a
    Heading 1, which starts its own page, comes next)."""
    par(doc, "", before=90)
    for i, line in enumerate(lines):
        par(doc, [(line, "b")], align="c", size=18, after=6 if i < len(lines) - 1 else 18)
    for line in subtitle:
        par(doc, line, align="c", size=13, after=4)
    # Until the SOP's approval step is recorded (sakip langkah), the document is a draft.
    draft = "{% if draft %}DRAFT — BELUM DISAHKAN KEPALA DINAS{% endif %}"
    par(doc, [(draft, "b")], align="c", size=13, before=12)
    par(doc, "{% if logo %}{{ logo }}{% endif %}", align="c", before=36, after=48)
    par(doc, [("{{ instansi.nama|upper }}", "b")], align="c", size=14, before=60, after=4)
    par(doc, [("{{ instansi.pemerintah|upper }}", "b")], align="c", size=14, after=4)
    # The year it is issued: the LKjIP 2024 is signed in 2025.
    par(doc, [("{{ tanggal.year }}", "b")], align="c", size=14)
    if end_break:
        page_break(doc)


KATA_PENGANTAR_DASAR = (
    "Puji syukur kita panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat dan "
    "karunia-Nya {dokumen} {{{{ instansi.nama }}}} Tahun {{{{ tahun }}}} dapat diselesaikan."
)
KATA_PENGANTAR_PENUTUP = (
    "Kami menyampaikan terima kasih kepada seluruh pihak yang telah berperan dalam penyusunan "
    "dokumen ini. Semoga dokumen ini bermanfaat dalam mewujudkan tata kelola pemerintahan yang "
    "efektif, transparan dan akuntabel serta berorientasi pada hasil."
)


def kata_pengantar(doc: Any, dokumen: str, isi: Sequence[str], signer: str) -> None:
    """The foreword of a compiled document, signed by ``signer`` (a Jinja path)."""
    title(doc, ["KATA PENGANTAR"], after=18)
    for text in (KATA_PENGANTAR_DASAR.format(dokumen=dokumen), *isi):
        par(doc, text, style=ISI, first_line=Mm(12.5))
    held_units_note(doc)
    par(doc, KATA_PENGANTAR_PENUTUP, style=ISI, first_line=Mm(12.5))
    signed_by(doc, signer)


ALL_UNITS = (
    "{% if ditahan %}unit kerja yang datanya telah lengkap{% else %}seluruh unit kerja{% endif %}"
)
"""What a compilation holds: every unit, or (when some are held back) those with complete data."""


def held_units_note(
    doc: Any, intro: str = "Dokumen ini belum memuat unit kerja berikut:", p: str = ""
) -> None:
    """The units the compilation leaves out (``ditahan``), each named with the reason; no
    paragraph at all when none is left out."""
    tag(doc, "{%p if " + p + "ditahan %}")
    par(doc, intro, style=ISI, first_line=Mm(12.5), after=2)
    tag(doc, "{%p for u in " + p + "ditahan %}")
    par(
        doc,
        "{{ loop.index }}.\t{{ u.nama }} ({{ u.kode }}): {{ u.alasan }}"
        "{{ '.' if loop.last else ';' }}",
        style=ISI,
        indent=Mm(19.5),
        hanging=Mm(7),
        after=0,
    )
    tag(doc, "{%p endfor %}")
    par(
        doc,
        "Bagian unit kerja tersebut dimuat setelah datanya lengkap dan dokumen ini disusun ulang.",
        style=ISI,
        first_line=Mm(12.5),
        before=4,
    )
    tag(doc, "{%p endif %}")


def kop_document(path: Path, body: Callable[[Any], None], *, landscape: bool = False) -> None:
    """A document of one unit or pegawai: the kop surat, then ``body``."""
    doc = new_document(landscape=landscape)
    kop_surat(doc)
    body(doc)
    save(doc, path)


def cover_section(doc: Any, footer: str, *, header: str | None = None) -> Any:
    """The first section, whose running header and footer stand on every page but the cover."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    if header is not None:
        running_header(section, header)
    running_footer(section, footer, text_width(doc))
    return section


def compiled_document(
    footer: str,
    cover_lines: Sequence[str],
    dokumen: str,
    isi: Sequence[str],
    *,
    subtitle: Sequence[str] = (),
) -> Any:
    """A new Dokumen that compiles one part per unit or pegawai: the cover and the kata
    pengantar signed by the penandatangan; ``footer`` on every page after the cover."""
    doc = new_document()
    cover_section(doc, footer)
    cover(doc, cover_lines, subtitle=subtitle)
    kata_pengantar(doc, dokumen, isi, "penandatangan")
    return doc


def wide_section(doc: Any, footer: str) -> None:
    """A landscape part for wide tables, with the same running footer."""
    running_footer(new_section(doc, landscape=True), footer, text_width(doc))


def for_each(
    doc: Any,
    var: str,
    items: str,
    body: Callable[[Any, str], None],
    *,
    new_page: Callable[[Any], Any] = page_break,
) -> None:
    """``body(doc, "<var>.")`` once per item of ``{%p for <var> in <items> %}``, each on a new
    page (``new_page=break_between`` when nothing before the loop ends a page). Each item is
    a ``bagian``: a rebuild renders again only the items whose data changed."""
    tag(doc, "{%p for " + var + " in " + items + " %}")
    tag(doc, "{%p bagian %}")
    new_page(doc)
    body(doc, var + ".")
    tag(doc, "{%p endbagian %}")
    tag(doc, "{%p endfor %}")


def page_field(paragraph: Any) -> None:
    """Append a PAGE field (the page number, computed by Word/LibreOffice)."""
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def running_footer(section: Any, text: str, width: Length) -> None:
    """The footer: document name left, page number right, small, over a thin rule."""
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.style = "Normal"  # the Footer style's own tab stops would catch the tab
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    run = paragraph.add_run(text + "\tHalaman ")
    run.font.size = Pt(8)
    run.italic = True
    page_field(paragraph)
    for run in paragraph.runs:
        run.font.size = Pt(8)
    _top_rule(paragraph)


VERIFIKASI = (
    "{% if kode_verifikasi is defined and kode_verifikasi %}{{ qr_verifikasi }} "
    "Kode verifikasi: {{ kode_verifikasi }}{% endif %}"
)
"""The footer's verification line: the QR code and the printed code (an archive check, not an
electronic signature). Guarded, so a context without the fields renders nothing there."""


def verification_footer(doc: Any) -> None:
    """The verification line at the foot of every page: in each section's own footer (and
    its first-page footer, where the section has one), right-aligned under what is there."""
    for index, section in enumerate(doc.sections):
        footers = [section.footer]
        if section.different_first_page_header_footer:
            footers.append(section.first_page_footer)
        for footer in footers:
            if index and footer.is_linked_to_previous:
                continue
            footer.is_linked_to_previous = False
            last = footer.paragraphs[-1]
            paragraph = last if not last.text and not last.runs else footer.add_paragraph()
            paragraph.style = "Normal"
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(VERIFIKASI)
            run.font.size = Pt(7)


def running_header(section: Any, text: str) -> None:
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = "Normal"
    run = paragraph.add_run(text)
    run.italic = True
    run.font.size = Pt(8)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    bottom_rule(paragraph, size=4)


def _top_rule(paragraph: Any) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    border.append(top)
    ppr.insert_element_before(border, *_P_PR_AFTER_PBDR)


def label_rows(
    grid: Grid, rows: Sequence[tuple[str, Content]], *, bold_value: bool = False, blanks: int = 0
) -> None:
    """Rows of a borderless "label : value" table (Nomor, Sifat, Lampiran, Hal...), with
    ``blanks`` empty cells after the value (for a column filled by a merged cell)."""
    for label, value in rows:
        cells = [label, ":", [value] if not isinstance(value, str) else value, *[""] * blanks]
        grid.row(cells, bold=bold_value)


def label_table(
    doc: Any,
    label: Length,
    rows: Sequence[tuple[str, Content]] = (),
    *,
    indent: Length | None = None,
    style: str = "Normal",
    aligns: Sequence[str] = (),
) -> Grid:
    """A borderless "label : value" table over the text width (from ``indent`` on, when given:
    such a table stands left, at its indent), with ``rows`` as :func:`label_rows` writes them."""
    value = Length(text_width(doc) - (indent or 0) - label - COLON)
    align = "c" if indent is None else "l"
    grid = table(
        doc,
        [label, COLON, value],
        borders=False,
        style=style,
        indent=indent,
        align=align,
        aligns=aligns,
    )
    label_rows(grid, rows)
    return grid
