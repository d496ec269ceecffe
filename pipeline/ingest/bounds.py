"""Bounds a workbook must keep before python-calamine may read it.

calamine allocates a dense grid over the bounding box of a sheet's filled cells and reads the
shared strings in full: one cell at XFD1048576 makes it ask for 550 GB and abort the process, a
2 MB package inflating to 2 GB takes as much memory. So the zip directory and the sheet XML are
checked first, with reads bounded by the declared sizes (zipfile refuses a part whose data
inflates past its declared size), and a workbook beyond a bound is a finding, never a read.
"""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.formulas import sheet_targets
from pipeline.ingest.rules import Hit
from pipeline.workspace.layout import Batas, normalize_header

MIB = 1024 * 1024
_CHUNK = MIB
_EOCD = b"PK\x05\x06"
# A cell with content (not self-closing); its r attribute when it has one.
_VALUED = re.compile(rb"<c\b[^>]*?(?<!/)>")
# References of any length: calamine reads "XFEXFEA1" as a column past a million (and asks
# for a terabyte), so a reference beyond XFD1048576 must count, not be passed over.
_VALUED_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)([0-9]+)"[^>]*?(?<!/)>')
_ANY_ROW = re.compile(rb' r="[A-Z]+([0-9]+)"')
_ANY_COLUMN = re.compile(rb' r="([A-Z]+)[0-9]')
_SHARED_VALUE = re.compile(rb'<c\b[^>]*?\bt="s"[^>]*?(?<!/)>\s*<v>([0-9]{1,9})</v>')
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_ROW = re.compile(rb"<row\b[^>]*?\br=\"([0-9]+)\"")
_ROW_TAG = re.compile(rb"<row\b")
_SHARED = re.compile(rb"<si\s*/>|<si\b.*?</si>", re.S)
_TAGS = re.compile(rb"<[^>]*>")


@dataclass
class Checked:
    """What the bounds check found: fatal hits (the workbook must not be opened) and cells
    whose text is too long (read, then cut, and reported)."""

    fatal: list[Hit] = field(default_factory=list)
    long_text: dict[str, dict[str, int]] = field(default_factory=dict)
    """Sheet name -> A1 reference -> length of the text, for texts beyond the limit."""
    hits: list[Hit] = field(default_factory=list)


def check_workbook(path: Path, label: str, wanted: set[str], batas: Batas) -> Checked:
    """Check ``path`` (a zip) against ``batas``; ``wanted`` are the normalised names of the
    sheets that will be read (only their extent matters, calamine reads no other)."""
    checked = Checked()
    count = _entry_count(path)
    if count is not None and count > batas.jumlah_bagian:
        cause = f"berisi {_count(count)} bagian (batas {_count(batas.jumlah_bagian)})"
        checked.fatal.append(_size_hit(label, cause))
        return checked
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if not _sizes_ok(zf, infos, label, batas, checked):
                return checked
            parts = _read_all(zf, infos, batas)
            targets = sheet_targets(parts.__getitem__) if parts is not None else {}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError) as err:
        checked.fatal.append(Hit("BERKAS-RUSAK", file=label, params={"sebab": _why(err)}))
        return checked
    if parts is None:
        cause = f"isinya lebih dari {batas.ukuran_paket_mb} MB setelah diekstrak"
        checked.fatal.append(_size_hit(label, cause))
        return checked
    strings = parts.get("xl/sharedStrings.xml", b"")
    shared = _long_shared(strings, batas.panjang_teks)
    sizes = _shared_sizes(strings)
    # What calamine holds at once: the shared strings, and every sheet read with its
    # shared strings copied into each cell that shows them; the cells of all those sheets.
    limit = batas.isi_dibaca_mb * MIB
    volume = len(strings)
    area = 0
    for name, target in targets.items():
        if normalize_header(name) not in wanted or target not in parts:
            continue
        xml = parts[target]
        quick = _quick_extent(xml)
        room = limit - volume - len(xml)
        extent: Extent | None
        if quick is not None and _fits(quick, area, batas) and not _shared_matter(sizes, xml, room):
            # Within every bound even counted generously (formatting-only cells too): the
            # exact count, several times slower, is not needed.
            extent = Extent(quick[0], quick[1], 0, "", "")
        else:
            extent = _extent(xml, sizes, room)
        if extent is None or not extent.rows * extent.cols:
            continue
        rows, cols = extent.rows, extent.cols
        volume += len(xml) + extent.text
        area += rows * cols
        if volume > limit:
            cause = (
                f"lembar yang dibaca sampai lembar {name} berisi {_mb(volume)} "
                f"(batas {batas.isi_dibaca_mb} MB)"
            )
            checked.fatal.append(_size_hit(label, cause, name))
            break
        if rows > batas.baris or cols > batas.kolom or area > batas.sel:
            checked.fatal.append(
                Hit(
                    "LEMBAR-TERLALU-LUAS",
                    file=label,
                    sheet=name,
                    cell=(extent.rightmost if cols > batas.kolom else extent.lowest)
                    or f"{_letters(cols)}{rows}",
                    params={
                        "baris": _count(rows),
                        "kolom": _count(cols),
                        "batas": (
                            f"{_count(batas.baris)} baris, {_count(batas.kolom)} kolom, "
                            f"{_count(batas.sel)} sel"
                        ),
                    },
                )
            )
            break  # the cells of the sheets after it count on top: one finding says it
        long_cells = _long_cells(xml, shared, batas.panjang_teks)
        if long_cells:
            checked.long_text[name] = long_cells
            for ref, length in long_cells.items():
                checked.hits.append(
                    Hit(
                        "TEKS-TERLALU-PANJANG",
                        file=label,
                        sheet=name,
                        cell=ref,
                        params={
                            "panjang": _count(length),
                            "batas": _count(batas.panjang_teks),
                        },
                    )
                )
    return checked


def _entry_count(path: Path) -> int | None:
    """The entry count of the zip's end record, read before zipfile builds one object per
    entry (a million tiny entries would take gigabytes); None when there is no plain record."""
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, 2)
            handle.seek(max(0, size - 65_557))
            tail = handle.read()
    except OSError:
        return None
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) < at + 22:
        return None
    count: int = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    # 0xFFFF says "see the zip64 record": such a workbook has at least that many parts.
    return count


def _sizes_ok(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], label: str, batas: Batas, checked: Checked
) -> bool:
    part_limit = batas.ukuran_bagian_mb * MIB
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > part_limit:
            sheet = _sheet_of(zf, info.filename, part_limit)
            what = f"lembar {sheet}" if sheet else f"bagian {info.filename}"
            cause = (
                f"{what} berukuran {_mb(info.file_size)} setelah diekstrak "
                f"(batas {batas.ukuran_bagian_mb} MB per bagian)"
            )
            checked.fatal.append(_size_hit(label, cause, sheet))
            return False
    if total > batas.ukuran_paket_mb * MIB:
        cause = f"isinya {_mb(total)} setelah diekstrak (batas {batas.ukuran_paket_mb} MB)"
        checked.fatal.append(_size_hit(label, cause))
        return False
    return True


def _sheet_of(zf: zipfile.ZipFile, part: str, limit: int) -> str:
    """The name of the sheet stored in ``part``, when the workbook's directory can be read."""

    def read(name: str) -> bytes:
        if zf.getinfo(name).file_size > limit:
            raise KeyError(name)
        return zf.read(name)

    try:
        targets = sheet_targets(read)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return ""
    return next((name for name, target in targets.items() if target == part), "")


def _read_all(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], batas: Batas
) -> dict[str, bytes] | None:
    """Every part's bytes, each read in chunks: zipfile stops at the declared size (and
    raises on a CRC mismatch), and the running total stays under the package limit."""
    parts: dict[str, bytes] = {}
    total = 0
    limit = batas.ukuran_paket_mb * MIB
    for info in infos:
        if info.is_dir():
            continue
        chunks: list[bytes] = []
        with zf.open(info) as part:
            while chunk := part.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    return None
                chunks.append(chunk)
        # Only the XML is scanned; images and the like are read for their size alone.
        if info.filename.endswith((".xml", ".rels")):
            parts[info.filename] = b"".join(chunks)
    return parts


@dataclass(frozen=True)
class Extent:
    rows: int
    cols: int
    text: int
    lowest: str
    """A1 reference of a cell in the last row (the one to look for)."""
    rightmost: str
    """A1 reference of a cell in the last column."""


def _fits(extent: tuple[int, int], area: int, batas: Batas) -> bool:
    rows, cols = extent
    return rows <= batas.baris and cols <= batas.kolom and area + rows * cols <= batas.sel


def _shared_matter(shared: list[int], xml: bytes, room: int) -> bool:
    """Whether the shared strings shown in the sheet could fill the room left (then they are
    counted cell by cell)."""
    return bool(shared) and max(shared) * xml.count(b"<v>") > max(room, 0)


def _quick_extent(xml: bytes) -> tuple[int, int] | None:
    """An upper bound of (last row, last column) cheap enough for every sheet: the
    references of all cells, formatting-only ones included; None when some cell has no
    reference where Excel writes it (then only the exact count will do)."""
    rows = _ANY_ROW.findall(xml)
    if len(rows) != xml.count(b"<c ") + xml.count(b"<c>"):
        return None
    if not rows:
        return 0, 0
    letters = set(_ANY_COLUMN.findall(xml))
    widest = max(letters, key=lambda text: (len(text), text))
    return max(map(_row_number, rows)), _column_number(widest)


def _row_number(digits: bytes) -> int:
    """A row number as written, capped far beyond any bound (int() refuses 4,300 digits)."""
    return int(digits) if len(digits) <= 12 else 10**12


def _extent(xml: bytes, shared: list[int], text_limit: int) -> Extent | None:
    """(last row, last column, text bytes) of the cells that hold something, rows and columns
    1-based. Cells without a reference count as if each stood one further on (an upper bound).
    The text counts each shared string once per cell that shows it, as calamine copies it
    into every such cell; it is only added up when the strings could come near the limit.

    Found with regular expressions run in C over the whole sheet: a province's Realisasi
    sheet holds half a million cells, too many for a Python loop per cell."""
    cells = len(_VALUED.findall(xml))
    if not cells:
        return None
    found = _VALUED_REF.findall(xml)
    max_row = max_col = 0
    lowest = rightmost = ""
    if found:
        letters, rows = zip(*found, strict=True)
        max_row = max(map(_row_number, rows))
        widest = max(set(letters), key=lambda text: (len(text), text))
        max_col = _column_number(widest)
        lowest = next((c + r).decode() for c, r in found if _row_number(r) == max_row)
        rightmost = next((c + r).decode() for c, r in found if c == widest)
    unreferenced = cells - len(found)
    if unreferenced:
        listed = [_row_number(r) for r in _ROW.findall(xml)]
        max_row = max(max_row, max(listed, default=0), len(_ROW_TAG.findall(xml)))
        max_col = max(max_col, unreferenced)
    text = 0
    if shared and max(shared) * cells > max(text_limit, 0):
        indices = list(map(int, _SHARED_VALUE.findall(xml)))
        try:
            text = sum(map(shared.__getitem__, indices))
        except IndexError:  # an index past the shared strings: calamine shows nothing there
            text = sum(shared[i] for i in indices if i < len(shared))
    return Extent(max_row, max_col, text, lowest, rightmost)


def _shared_sizes(xml: bytes) -> list[int]:
    """The byte size of each shared string's XML (at least its length in characters)."""
    return [m.end() - m.start() for m in _SHARED.finditer(xml)]


def _long_shared(xml: bytes, limit: int) -> dict[int, int]:
    """Index -> length of the shared strings longer than ``limit`` characters."""
    found: dict[int, int] = {}
    if len(xml) <= limit:
        return found
    for index, match in enumerate(_SHARED.finditer(xml)):
        if match.end() - match.start() > limit:  # bytes >= characters: a cheap first test
            length = _text_length(match[0])
            if length > limit:
                found[index] = length
    return found


_SHARED_CELL = re.compile(rb"<c\b([^>]*?)>\s*<v>([0-9]{1,9})</v>")
_LONG_NODE_TEMPLATE = rb">([^<]{%d,})<"


def _long_cells(xml: bytes, shared: dict[int, int], limit: int) -> dict[str, int]:
    """A1 reference -> text length of the sheet's cells longer than ``limit`` characters."""
    found: dict[str, int] = {}
    if shared:
        for match in _SHARED_CELL.finditer(xml):
            attrs = match[1]
            if b't="s"' in attrs and int(match[2]) in shared:
                ref = _REF.search(attrs)
                if ref is not None:
                    found[(ref[1] + ref[2]).decode()] = shared[int(match[2])]
    if len(xml) <= limit:
        return found
    for match in re.finditer(_LONG_NODE_TEMPLATE % limit, xml):
        length = _text_length(match[1])
        if length <= limit:
            continue
        start = xml.rfind(b"<c ", 0, match.start())
        ref = _REF.search(xml, start, match.start()) if start >= 0 else None
        key = (ref[1] + ref[2]).decode() if ref is not None else "?"
        found[key] = max(found.get(key, 0), length)
    return found


def _text_length(xml: bytes) -> int:
    text = _TAGS.sub(b"", xml).decode("utf-8", "replace")
    # Each entity stands for one character.
    return len(re.sub(r"&[#a-zA-Z0-9]+;", "_", text))


def _column_number(letters: bytes) -> int:
    if len(letters) > 7:  # far past XFD already; a long run of letters is not summed up
        return 26**7
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _letters(number: int) -> str:
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(65 + rest) + text
    return text or "A"


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _mb(size: int) -> str:
    return f"{size / MIB:,.1f} MB".replace(",", "#").replace(".", ",").replace("#", ".")


def _size_hit(label: str, cause: str, sheet: str = "") -> Hit:
    return Hit("BERKAS-TERLALU-BESAR", file=label, sheet=sheet, params={"sebab": cause})


def _why(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text[:160]
