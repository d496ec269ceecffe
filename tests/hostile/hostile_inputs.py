"""Hostile workbooks for the hostile-input suite, made from a clean one by editing its XML.

Every file is generated when a test runs (nothing large is committed): a clean unit workbook
is written with openpyxl, then one part of its package is replaced or added.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from workbooks import write_unit_workbook

REALISASI = "xl/worksheets/sheet5.xml"
"""The Realisasi sheet of a workbook from tests/workbooks.py (Petunjuk, PK, RAK, IKI, ...)."""


def clean(path: Path, **kwargs: object) -> Path:
    return write_unit_workbook(path, **kwargs)  # type: ignore[arg-type]


def rewrite(path: Path, part: str, change: Callable[[bytes], bytes], level: int = 6) -> Path:
    """Replace ``part`` of the package at ``path`` by ``change(old bytes)`` (b"" when new)."""
    with zipfile.ZipFile(path) as zin:
        parts = {info.filename: zin.read(info) for info in zin.infolist()}
    parts[part] = change(parts.get(part, b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return path


def add_rows(xml: bytes, rows: bytes) -> bytes:
    """``rows`` (``<row>`` elements) appended to a sheet's data."""
    return xml.replace(b"</sheetData>", rows + b"</sheetData>")


def far_cell(ref: str, text: str = " ") -> Callable[[bytes], bytes]:
    row = re.sub("[A-Z]", "", ref)
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'
    return lambda xml: add_rows(xml, cell.encode())


def long_text(ref: str, length: int) -> Callable[[bytes], bytes]:
    """A Keterangan (or any) cell holding ``length`` characters, as an inline string."""
    row = re.sub("[A-Z]", "", ref)

    def change(xml: bytes) -> bytes:
        cell = f'<c r="{ref}" t="inlineStr"><is><t>'.encode() + b"a" * length + b"</t></is></c>"
        # The row may exist already: put the cell in a row of its own far below instead.
        return add_rows(xml, f'<row r="{row}">'.encode() + cell + b"</row>")

    return change


def padding(size: int) -> Callable[[bytes], bytes]:
    """A sheet inflated by ``size`` bytes of comment: a small file, a huge part."""

    def change(xml: bytes) -> bytes:
        return xml.replace(b"</worksheet>", b"<!--" + b" " * size + b"--></worksheet>")

    return change


def many_rows(count: int, start: int = 20) -> Callable[[bytes], bytes]:
    """``count`` filled Realisasi rows (the largest sheet a legitimate file could hold)."""

    def change(xml: bytes) -> bytes:
        rows = b"".join(
            b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>BKP-1</t></is></c>'
            b'<c r="C%d"><v>3</v></c><c r="D%d"><v>%d.5</v></c>'
            b'<c r="E%d" t="inlineStr"><is><t>catatan %d</t></is></c></row>' % (r, r, r, r, r, r, r)
            for r in range(start, start + count)
        )
        return add_rows(xml, rows)

    return change
