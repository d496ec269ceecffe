"""Writing xlsx files: text that stays text, and deterministic, atomic saves.

Two libraries write workbooks here. openpyxl builds the templates (lists, protection) and the
checker's report; XlsxWriter, much faster at writing many styled cells, writes the recap and
the compliance report. The helpers for either keep the same rules: text never becomes a
formula, XML-illegal control characters are dropped, and the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
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


# A cell for FastCellWorksheet.write_cells(): its column, its value (None for a blank cell)
# and its XlsxWriter format.
Cell = tuple[int, float | str | None, Any]


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
        wb.worksheet_class = fast_worksheet_class()
        properties: dict[str, Any] = {"title": title, "author": AUTHOR, "created": stamp}
        if subject:
            properties["subject"] = subject
        wb.set_properties(properties)
        fill(wb)
        wb.close()

    return write_atomic(target, produce)


@functools.cache
def fast_worksheet_class() -> type:
    """XlsxWriter's Worksheet, storing and writing many cells faster, to the same bytes.

    A recap's 140,000 cells spend most of their time in XlsxWriter's per-cell work: checking
    the arguments and the sheet's dimensions as each is stored, then building and escaping a
    list of attributes for each in _write_cell() (an exception for every integer), and
    visiting every column of every row for the rows' spans. This class adds write_cells() for
    a row at a time, and writes a formatted number, text or blank cell's XML directly: none
    has anything to escape. Comments, other cell types and constant_memory are left to
    XlsxWriter. tests/test_rekap_xlsx.py checks the bytes against XlsxWriter's own.
    """
    from xlsxwriter.utility import xl_col_to_name
    from xlsxwriter.worksheet import CellBlankTuple, CellNumberTuple, CellStringTuple, Worksheet

    column_name = functools.cache(xl_col_to_name)

    class FastCellWorksheet(Worksheet):  # type: ignore[misc]
        def write_cells(self, row: int, cells: Sequence[Cell]) -> None:
            """Store a row's ``cells``, in column order, as write_number(), write_string() or
            write_blank() would store each: numbers, text as given (see TextCells), and blanks
            (None).
            """
            if not cells:
                return
            (first, _v, first_format), (last, _w, last_format) = cells[0], cells[-1]
            # Checked once a row: the dimensions grow to its first and last columns, as they
            # would cell by cell (unless a blank without a format, which is not stored, ends
            # the row: such a row goes cell by cell).
            if (
                self.constant_memory
                or first_format is None
                or last_format is None
                or self._check_dimensions(row, first)
                or self._check_dimensions(row, last)
            ):
                for cell in cells:
                    self._write_one(row, *cell)
                return
            stored, shared = self.table[row], self.str_table._get_shared_string_index
            longest = self.xls_strmax // 2  # longer text may need XlsxWriter's truncation
            for col, value, fmt in cells:
                if (isinstance(value, float) and math.isfinite(value)) or isinstance(value, int):
                    stored[col] = CellNumberTuple(value, fmt)
                elif isinstance(value, str) and len(value) <= longest:
                    stored[col] = CellStringTuple(shared(value), fmt)
                elif value is None and fmt is not None:
                    stored[col] = CellBlankTuple(fmt)
                else:
                    self._write_one(row, col, value, fmt)

        def _write_one(self, row: int, col: int, value: object, fmt: Any) -> None:
            if value is None:
                self.write_blank(row, col, None, fmt)
            elif isinstance(value, str):
                self.write_string(row, col, value, fmt)
            else:
                self.write_number(row, col, value, fmt)

        def _write_rows(self) -> None:
            if self.comments or self.constant_memory:
                super()._write_rows()
                return
            self._calculate_spans()
            for row in range(self.dim_rowmin, self.dim_rowmax + 1):
                cells, info = self.table.get(row), self.row_info.get(row)
                span = self.row_spans.get(row // 16)
                if cells:
                    self._write_row(row, span, info)
                    self._write_row_cells(row, cells)
                    self._xml_end_tag("row")
                elif info is not None:
                    self._write_empty_row(row, span, info)

        def _write_row_cells(self, row: int, cells: dict[int, Any]) -> None:
            write, number = self.fh.write, str(row + 1)
            for col in sorted(cells):  # by column, as XlsxWriter's loop over the columns
                cell = cells[col]
                kind, fmt = cell.__class__, cell.format
                if fmt is None:
                    self._write_cell(row, col, cell)
                    continue
                start = f'<c r="{column_name(col)}{number}" s="{fmt._get_xf_index()}"'
                if kind is CellNumberTuple:
                    write(f"{start}><v>{cell.number:.16G}</v></c>")
                elif kind is CellStringTuple:  # cell.string: its index in the shared strings
                    write(f'{start} t="s"><v>{cell.string}</v></c>')
                elif kind is CellBlankTuple:
                    write(f"{start}/>")
                else:
                    self._write_cell(row, col, cell)

        def _calculate_spans(self) -> None:
            if self.comments:
                super()._calculate_spans()
                return
            # Each block of 16 rows spans its first to its last column, 1-based.
            spans: dict[int, str] = {}
            first: int | None = None
            last = 0
            for row in range(self.dim_rowmin, self.dim_rowmax + 1):
                cells = self.table.get(row)
                if cells:
                    low, high = min(cells), max(cells)
                    if first is None:
                        first, last = low, high
                    else:
                        first, last = min(first, low), max(last, high)
                if first is not None and ((row + 1) % 16 == 0 or row == self.dim_rowmax):
                    spans[row // 16] = f"{first + 1}:{last + 1}"
                    first = None
            self.row_spans = spans

    return FastCellWorksheet
