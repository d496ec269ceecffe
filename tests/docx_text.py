"""The text of a built docx as a reader sees it, tables nested in cells included (rendering
carries a signature block, with the last rows of the table above it, into that table's last
row: pipeline/office/docx_keep.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
DATE = re.compile(rf"(\d{{1,2}}) ({'|'.join(MONTHS.split())}) (\d{{4}})")


def cell_texts(tables: Iterable[Any]) -> Iterator[str]:
    """Every cell's own text, then that of the tables nested in it, row by row."""
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                yield cell.text
                yield from cell_texts(cell.tables)


def dates_in(text: str) -> set[dt.date]:
    """Every date written out in Bahasa Indonesia ("2 Januari 2025") in ``text``."""
    months = MONTHS.split()
    return {dt.date(int(y), months.index(m) + 1, int(d)) for d, m, y in DATE.findall(text)}
