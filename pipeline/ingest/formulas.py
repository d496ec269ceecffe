"""Find formula cells that hold no cached value.

A workbook written by a tool that does not calculate (a script, some converters) stores
formulas without results; calamine then reads those cells as empty. Such a cell must be
reported ("simpan ulang di Excel/LibreOffice"), never taken as empty or zero. Only consulted
when a cell that should hold a value reads empty, so the common case costs nothing.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*?(?<!/)>(.*?)</c>', re.S)
_TAG = re.compile(rb"<(sheet|Relationship)\b([^>]*)>", re.S)
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_VALUE = re.compile(rb"<v>[^<]+</v>")


@cache
def uncalculated_cells(path: Path, mtime_ns: int) -> dict[str, frozenset[str]]:
    """Sheet name -> A1 references of formula cells without a cached value."""
    del mtime_ns  # part of the cache key only: a re-saved file is read again
    try:
        with zipfile.ZipFile(path) as zf:
            targets = sheet_targets(zf.read)
            return {name: _scan(zf.read(target)) for name, target in targets.items()}
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return {}


def is_uncalculated(path: Path, sheet: str, cell: str) -> bool:
    found = uncalculated_cells(path, path.stat().st_mtime_ns)
    return cell in found.get(sheet, frozenset())


def _tags(xml: bytes, tag: bytes) -> list[dict[bytes, bytes]]:
    return [dict(_ATTR.findall(attrs)) for name, attrs in _TAG.findall(xml) if name == tag]


def sheet_targets(read: Callable[[str], bytes]) -> dict[str, str]:
    """Sheet name -> its part in the package, ``read`` giving a part's bytes by name."""
    rels = {
        r.get(b"Id", b"").decode(): r.get(b"Target", b"").decode()
        for r in _tags(read("xl/_rels/workbook.xml.rels"), b"Relationship")
    }
    out = {}
    for sheet in _tags(read("xl/workbook.xml"), b"sheet"):
        name = sheet.get(b"name", b"")
        target = rels.get(sheet.get(b"r:id", b"").decode(), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        out[_unescape(name.decode("utf-8"))] = posixpath.normpath(path)
    return out


def _scan(xml: bytes) -> frozenset[str]:
    return frozenset(
        ref.decode()
        for ref, body in _CELL.findall(xml)
        if b"<f" in body and not _VALUE.search(body)
    )


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )
