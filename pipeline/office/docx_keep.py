"""A signature block never stands alone on a page: it goes into the last row of the table
above it, together with that table's last data rows, in a row that may not break across
pages.

Word keeps a table's last rows with the block when their paragraphs "keep with next", but
LibreOffice does not: it keeps only a whole table with the next paragraph, and not at all
once the table is already broken over pages, so the block went to a page of its own. What
both honour is a row that may not be split (``w:cantSplit``): the table's last rows (a nested
table on the same grid) and the block (the spacer and its borderless table) become one such
row. When it does not fit under the rest of the table, the whole row moves to the next page,
where the table's header rows repeat above it.

The block is found by the caption the default templates give it (:data:`SIGNATURE`); a
workspace's own template without it is left as it is.
"""

from __future__ import annotations

import copy
from typing import Any

SIGNATURE = "tanda-tangan"
"""The ``w:tblCaption`` of a signature block's table (tools/templates/common.py)."""
KEPT_ROWS = 2
"""Data rows of the table that go with the block: the last indicator and a total row, or
the last two rows."""

CLOSING_PARAGRAPHS = 3
CLOSING_CHARS = 600
"""At most this much text between the table and the block goes into the row with them (a
row that may not break must stay well within a page)."""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(name: str) -> str:
    return f"{{{_W}}}{name}"


def keep_signatures_with_tables(body: str) -> str:
    """``body`` (the w:body element's XML) with every captioned signature block that follows
    a table moved into that table's last, unsplittable row (see the module's docstring)."""
    if SIGNATURE not in body:
        return body
    from lxml import etree

    root = etree.fromstring(body.encode())
    changed = False
    for block in [t for t in root.iter(_q("tbl")) if _is_signature(t)]:
        changed |= _into_table_above(block)
    if not changed:
        return body
    return str(etree.tostring(root, encoding="unicode"))


def _is_signature(tbl: Any) -> bool:
    caption = tbl.find(f"{_q('tblPr')}/{_q('tblCaption')}")
    return caption is not None and caption.get(_q("val")) == SIGNATURE


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(_q("t")))


def _into_table_above(block: Any) -> bool:
    # What stands between the table and the block: spacers and a short closing text (a note
    # under the table, "Demikian ..."), which go along with the block.
    between = []
    above = block.getprevious()
    while above is not None and above.tag == _q("p"):
        if above.find(f".//{_q('sectPr')}") is not None or above.find(f".//{_q('br')}") is not None:
            return False  # a section or a page ends here: the block is meant to stand apart
        between.append(above)
        above = above.getprevious()
    texts = [_text(p).strip() for p in between]
    if len([t for t in texts if t]) > CLOSING_PARAGRAPHS or sum(map(len, texts)) > CLOSING_CHARS:
        return False  # more than a closing text: the paragraphs keep with the block
    if above is None or above.tag != _q("tbl") or _is_signature(above):
        return False
    rows = above.findall(_q("tr"))
    data = [tr for tr in rows if tr.find(f"{_q('trPr')}/{_q('tblHeader')}") is None]
    if not data:
        return False
    moved = data[-KEPT_ROWS:]
    widths = [int(c.get(_q("w"), "0")) for c in above.iter(_q("gridCol"))]
    total = sum(widths)
    inner = _nested_table(above, rows, moved)
    cell = _cell(len(widths), total)
    cell.append(inner)
    for paragraph in reversed(between):
        cell.append(paragraph)
    _fit_width(block, total)
    cell.append(block)
    cell.append(_empty_paragraph())  # a cell ends with a paragraph
    for paragraph in above.findall(f"{_q('tr')}/{_q('tc')}/{_q('p')}"):
        _drop_keep(paragraph)  # the row keeps the block now; a kept row moves the table
    row = _element("tr")
    tr_pr = _element("trPr")
    tr_pr.append(_element("cantSplit"))
    row.append(tr_pr)
    row.append(cell)
    above.append(row)
    return True


def _nested_table(table: Any, rows: list[Any], moved: list[Any]) -> Any:
    """The moved rows in a table of their own on the same grid, borders and margins."""
    inner = _element("tbl")
    properties = copy.deepcopy(table.find(_q("tblPr")))
    for name in ("tblInd", "tblCaption", "tblDescription"):
        for found in properties.findall(_q(name)):
            properties.remove(found)
    inner.append(properties)
    inner.append(copy.deepcopy(table.find(_q("tblGrid"))))
    first = moved[0]
    _restart_merges(first, rows)
    for tr in moved:
        table.remove(tr)
        inner.append(tr)
        for paragraph in tr.iter(_q("p")):
            # The row itself now keeps with the block; a kept paragraph would make
            # LibreOffice keep the nested table with what follows it in the cell.
            _drop_keep(paragraph)
    return inner


def _drop_keep(paragraph: Any) -> None:
    keep = paragraph.find(f"{_q('pPr')}/{_q('keepNext')}")
    if keep is not None:
        keep.getparent().remove(keep)


def _restart_merges(first: Any, rows: list[Any]) -> None:
    """A cell of the first moved row that continued a vertical merge (a sasaran spanning its
    indicators) starts its own, with the text of the cell it continued: the merge cannot
    reach into the nested table."""
    index = rows.index(first)
    for col, tc in _cells(first):
        merge = tc.find(f"{_q('tcPr')}/{_q('vMerge')}")
        if merge is None or merge.get(_q("val")) == "restart":
            continue
        origin = next(
            (
                cell
                for tr in reversed(rows[:index])
                for c, cell in _cells(tr)
                if c == col and _merge_state(cell) == "restart"
            ),
            None,
        )
        merge.set(_q("val"), "restart")
        if origin is None:
            continue
        for paragraph in tc.findall(_q("p")):
            tc.remove(paragraph)
        for paragraph in origin.findall(_q("p")):
            tc.append(copy.deepcopy(paragraph))


def _merge_state(tc: Any) -> str | None:
    merge = tc.find(f"{_q('tcPr')}/{_q('vMerge')}")
    return None if merge is None else (merge.get(_q("val")) or "continue")


def _cells(tr: Any) -> list[tuple[int, Any]]:
    out, col = [], 0
    for tc in tr.findall(_q("tc")):
        out.append((col, tc))
        span = tc.find(f"{_q('tcPr')}/{_q('gridSpan')}")
        col += int(span.get(_q("val"), "1")) if span is not None else 1
    return out


def _cell(columns: int, width: int) -> Any:
    """One cell across the whole grid, without borders or margins of its own."""
    tc = _element("tc")
    tc_pr = _element("tcPr")
    tc_w = _element("tcW")
    tc_w.set(_q("w"), str(width))
    tc_w.set(_q("type"), "dxa")
    tc_pr.append(tc_w)
    span = _element("gridSpan")
    span.set(_q("val"), str(columns))
    tc_pr.append(span)
    borders = _element("tcBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = _element(side)
        edge.set(_q("val"), "nil")
        borders.append(edge)
    tc_pr.append(borders)
    margins = _element("tcMar")
    for side in ("top", "left", "bottom", "right"):
        edge = _element(side)
        edge.set(_q("w"), "0")
        edge.set(_q("type"), "dxa")
        margins.append(edge)
    tc_pr.append(margins)
    tc.append(tc_pr)
    return tc


def _fit_width(block: Any, width: int) -> None:
    """The signature table scaled to the cell it now stands in (its columns in proportion)."""
    grid = block.findall(f"{_q('tblGrid')}/{_q('gridCol')}")
    old = [int(c.get(_q("w"), "0")) for c in grid]
    if not old or sum(old) <= 0:
        return
    new = [w * width // sum(old) for w in old]
    new[-1] = width - sum(new[:-1])
    for column, value in zip(grid, new, strict=True):
        column.set(_q("w"), str(value))
    table_width = block.find(f"{_q('tblPr')}/{_q('tblW')}")
    if table_width is not None:
        table_width.set(_q("w"), str(width))
        table_width.set(_q("type"), "dxa")
    for tr in block.findall(_q("tr")):
        for col, tc in _cells(tr):
            tc_w = tc.find(f"{_q('tcPr')}/{_q('tcW')}")
            span = tc.find(f"{_q('tcPr')}/{_q('gridSpan')}")
            count = int(span.get(_q("val"), "1")) if span is not None else 1
            if tc_w is not None:
                tc_w.set(_q("w"), str(sum(new[col : col + count])))
                tc_w.set(_q("type"), "dxa")


def _empty_paragraph() -> Any:
    paragraph = _element("p")
    properties = _element("pPr")
    spacing = _element("spacing")
    spacing.set(_q("before"), "0")
    spacing.set(_q("after"), "0")
    spacing.set(_q("line"), "20")
    spacing.set(_q("lineRule"), "exact")
    properties.append(spacing)
    paragraph.append(properties)
    return paragraph


def _element(name: str) -> Any:
    from lxml import etree

    return etree.Element(_q(name))
