"""Writing xlsx files: text that stays text, and deterministic, atomic saves.

Two libraries write workbooks here. openpyxl builds the templates (lists, protection) and the
checker's report; XlsxWriter, much faster at writing many styled cells, writes the recap and
the compliance report. The helpers for either keep the same rules: text never becomes a
formula, XML-illegal control characters are dropped, and the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple
from zipfile import ZIP_DEFLATED, ZipFile

from pipeline.office.ooxml import normalize_zip, write_atomic

LINE_HEIGHT = 15  # points per line of 11 pt text
# Characters XML 1.0 does not allow (C0 controls bar tab, newline and carriage return); the
# same set as openpyxl's ILLEGAL_CHARACTERS_RE.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Text starting with one of these would be read as a formula when the cell is edited in Excel.
FORMULA_START = "=+-@"
AUTHOR = "sakip"
# XlsxWriter: write nothing as a formula, number or link unless asked to; build the parts in
# memory (faster than temporary files, and every zip entry is dated 1980-01-01).
XLSXWRITER_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "in_memory": True,
}
# openpyxl's page margins (inches), kept so the printed sheets look as they did.
MARGINS = {"left": 0.75, "right": 0.75, "top": 1.0, "bottom": 1.0}
HEADER_FOOTER_MARGIN = 0.5


def wrapped_lines(value: object, width: float) -> int:
    """About how many lines ``value`` takes in a wrapped column ``width`` characters wide.

    Neither Excel nor LibreOffice grows a row for wrapped text it did not type itself, so
    writers set row heights from this estimate (a width unit is one "0"; proportional text
    runs about 1.1 characters per unit, less a little padding).
    """
    if value is None or value == "":
        return 1
    per_line = max(1.0, width * 1.1 - 2)
    string = str(value)
    if len(string) <= per_line and "\n" not in string:
        return 1  # most cells, and a province recap asks some 40,000 times: skip the split
    return sum(max(1, math.ceil(len(line) / per_line)) for line in string.split("\n"))


def text(value: object) -> str:
    """``value`` as cell text, without the control characters XML cannot hold."""
    return ILLEGAL_CHARACTERS.sub("", str(value))


def fit_to_width(ws: Any) -> None:
    """Print landscape, one page wide: the sheets are read on paper too."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_text(cell: Any, value: object) -> None:
    """Put ``value`` in ``cell`` as text, never as a formula.

    openpyxl turns any string starting with "=" into a formula; a typed "=HYPERLINK(...)" must
    stay the text the staffer wrote. quotePrefix keeps it text when edited in Excel too.
    """
    cleaned = text(value)
    cell.value = cleaned
    if cleaned:
        cell.data_type = "s"
        if cleaned[0] in FORMULA_START:
            cell.quotePrefix = True


def save_workbook(wb: Any, target: Path, *, title: str, stamp: dt.datetime) -> Path:
    """Save with fixed properties and zip timestamps, atomically: same input, same bytes."""
    from openpyxl.writer.excel import ExcelWriter

    props = wb.properties
    props.title = title
    props.creator = props.lastModifiedBy = AUTHOR
    props.language = "id-ID"
    props.created = props.modified = stamp

    def produce(tmp: Path) -> None:
        # openpyxl's save_workbook() stamps "modified" with the wall clock; ExcelWriter does not.
        with ZipFile(tmp, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(wb, archive).save()
        normalize_zip(tmp)

    return write_atomic(target, produce)


# XlsxWriter ---------------------------------------------------------------------------------


class TextFormat(NamedTuple):
    """An XlsxWriter format for text and its twin with quote_prefix, for text like "=A1"."""

    plain: Any
    quoted: Any


def text_format(wb: Any, properties: dict[str, Any]) -> TextFormat:
    quoted = {**properties, "quote_prefix": True}
    return TextFormat(wb.add_format(properties), wb.add_format(quoted))


def write_string(ws: Any, row: int, col: int, value: object, fmt: TextFormat) -> str:
    """Write ``value`` to an XlsxWriter sheet as text, never as a formula; returns the text.

    Text starting with "=", "+", "-" or "@" gets the quote-prefixed format, so it stays text
    when the cell is edited in Excel. Empty text leaves a formatted blank cell.
    """
    cleaned, quoted = _inert_text(value)
    if not cleaned:
        # XlsxWriter's write_string() would store an empty string; openpyxl left no value.
        ws.write_blank(row, col, None, fmt.plain)
    else:
        ws.write_string(row, col, cleaned, fmt.quoted if quoted else fmt.plain)
    return cleaned


def _inert_text(value: object) -> tuple[str, bool]:
    """``value`` as cell text, and whether it starts like a formula (needs quote_prefix)."""
    cleaned = text(value)
    return cleaned, bool(cleaned) and cleaned[0] in FORMULA_START


# A cell for write_cells(): its column, its value (None for a blank cell) and its XlsxWriter
# format.
Cell = tuple[int, float | str | None, Any]


def write_cells(ws: Any, row: int, cells: Sequence[Cell]) -> None:
    """Write a row's ``cells`` to an XlsxWriter sheet: numbers, text as given (see
    TextCells) and formatted blanks (None)."""
    for col, value, fmt in cells:
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif type(value) is str:
            ws.write_string(row, col, value, fmt)
        else:
            ws.write_number(row, col, value, fmt)


class TextCells:
    """Cells of text for write_cells(), by write_string()'s rules: text, never a formula.

    A recap has the same sasaran, satuan and program thousands of times; each distinct text
    is cleaned and checked once.
    """

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, bool]] = {}

    def cell(self, col: int, value: object, fmt: TextFormat) -> Cell:
        raw = value if type(value) is str else str(value)
        seen = self._seen.get(raw)
        if seen is None:
            seen = self._seen[raw] = _inert_text(raw)
        cleaned, quoted = seen
        if not cleaned:
            return col, None, fmt.plain  # a formatted blank cell, as write_string() leaves
        return col, cleaned, fmt.quoted if quoted else fmt.plain


def set_width(ws: Any, col: int, width: float) -> None:
    """Set column ``col`` (0-based) to ``width`` characters, stored as given.

    XlsxWriter's set_column() adds Excel's cell padding to the stored width (10 becomes
    10.71); the width in pixels of Calibri 11's 7-pixel digits stores exactly ``width``, as
    openpyxl did, so the sheets keep their column widths.
    """
    ws.set_column_pixels(col, col, round(width * 7))


def page_setup(ws: Any, *, fit_width: bool = True) -> None:
    """openpyxl's page margins; with ``fit_width``, landscape and one page wide."""
    ws.set_margins(**MARGINS)
    ws.set_header("", {"margin": HEADER_FOOTER_MARGIN})
    ws.set_footer("", {"margin": HEADER_FOOTER_MARGIN})
    if fit_width:
        ws.set_landscape()
        ws.fit_to_pages(1, 0)


def save_xlsxwriter(
    target: Path,
    fill: Callable[[Any], None],
    *,
    title: str,
    stamp: dt.datetime,
    subject: str = "",
) -> Path:
    """Write an XlsxWriter workbook that ``fill(workbook)`` fills, atomically to ``target``.

    Dated ``stamp`` (created and modified), never the clock, and its zip entries dated
    1980-01-01 by XlsxWriter: the same input gives byte-identical files.
    """
    import xlsxwriter

    def produce(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), XLSXWRITER_OPTIONS)
        properties: dict[str, Any] = {"title": title, "author": AUTHOR, "created": stamp}
        if subject:
            properties["subject"] = subject
        wb.set_properties(properties)
        fill(wb)
        wb.close()

    return write_atomic(target, produce)
