"""Writing xlsx files: text that stays text, and deterministic, atomic saves."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from pipeline.ooxml import normalize_zip, write_atomic

LINE_HEIGHT = 15  # points per line of 11 pt text


def wrapped_lines(value: object, width: float) -> int:
    """About how many lines ``value`` takes in a wrapped column ``width`` characters wide.

    Neither Excel nor LibreOffice grows a row for wrapped text it did not type itself, so
    writers set row heights from this estimate (a width unit is one "0"; proportional text
    runs about 1.1 characters per unit, less a little padding).
    """
    if value is None or value == "":
        return 1
    per_line = max(1.0, width * 1.1 - 2)
    return sum(max(1, math.ceil(len(line) / per_line)) for line in str(value).split("\n"))


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
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    if text:
        cell.data_type = "s"
        if text[0] in "=+-@":
            cell.quotePrefix = True


def save_workbook(wb: Any, target: Path, *, title: str, stamp: dt.datetime) -> Path:
    """Save with fixed properties and zip timestamps, atomically: same input, same bytes."""
    from openpyxl.writer.excel import ExcelWriter

    props = wb.properties
    props.title = title
    props.creator = props.lastModifiedBy = "sakip"
    props.language = "id-ID"
    props.created = props.modified = stamp

    def produce(tmp: Path) -> None:
        # openpyxl's save_workbook() stamps "modified" with the wall clock; ExcelWriter does not.
        with ZipFile(tmp, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(wb, archive).save()
        normalize_zip(tmp)

    return write_atomic(target, produce)
