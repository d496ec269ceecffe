"""The text of a built docx as a reader sees it, tables nested in cells included (rendering
carries a signature block, with the last rows of the table above it, into that table's last
row: pipeline/office/docx_keep.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


def cell_texts(tables: Iterable[Any]) -> Iterator[str]:
    """Every cell's own text, then that of the tables nested in it, row by row."""
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                yield cell.text
                yield from cell_texts(cell.tables)
