"""Writing xlsx files: text that stays text, and deterministic, atomic saves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from pipeline.ooxml import normalize_zip, write_atomic


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
