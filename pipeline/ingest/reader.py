"""Read a unit's workbook with python-calamine: identity block, and each sheet's header and rows.

python-calamine (Rust) reads an .xlsx several times faster than openpyxl and returns cached
formula values. Only locating cells and headers happens here; turning texts into numbers,
choices and months is ``cells.py``'s job. Nothing is ever written back to the input file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.ingest.bounds import Checked, check_workbook
from pipeline.ingest.rules import Hit
from pipeline.workspace.layout import Layout, Lembar, normalize_header

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A used range inflated by formatting can reach a million rows: stop after this many blank rows.
MAX_BLANK_RUN = 200
HEADER_SCAN_ROWS = 10
SMALL_SHEET_ROWS = 20_000
IDENTITY_SCAN_ROWS = 40
_A1 = re.compile(r"([A-Z]{1,4})([0-9]+)")


@dataclass
class SheetRows:
    lembar: Lembar
    name: str
    """The sheet's name as written in the workbook."""
    header_row: int
    """Excel row number (1-based) of the header."""
    columns: dict[str, int]
    """Column key -> 0-based column index."""
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    """(Excel row number, raw cell values) for every non-blank data row."""

    def cell(self, key: str, row: int) -> str:
        return f"{column_letter(self.columns[key])}{row}"


@dataclass
class RawWorkbook:
    path: Path
    label: str
    identity: dict[str, tuple[Any, str]] = field(default_factory=dict)
    """Identity key -> (value, A1 of the value cell)."""
    identity_sheet: str = ""
    sheets: dict[str, SheetRows] = field(default_factory=dict)


def column_letter(index: int) -> str:
    """0 -> 'A', 27 -> 'AB'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sniff(path: Path) -> str | None:
    """The file-level rule a file breaks before it is opened, or None when it looks like xlsx."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "BERKAS-CSV"
    if suffix not in (".xlsx", ".xlsm", ".xls"):
        return "BERKAS-ASING"
    if path.stat().st_size == 0:
        return "BERKAS-KOSONG"
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        # An .xlsx encrypted with a password to open is an OLE container, not a zip; so is
        # a real .xls renamed .xlsx, told apart by the streams the container names.
        if suffix == ".xls" or not _ole_has(path, "EncryptedPackage"):
            return "BERKAS-XLS"
        return "BERKAS-SANDI"
    if suffix == ".xls":
        return "BERKAS-XLS"
    if not head.startswith(ZIP_MAGIC):
        return "BERKAS-RUSAK"
    return None


def _ole_has(path: Path, stream: str, limit: int = 64 * 1024 * 1024) -> bool:
    """Whether the OLE container at ``path`` names ``stream`` in its directory (names are
    UTF-16 there); read in chunks, at most ``limit`` bytes."""
    wanted = stream.encode("utf-16-le")
    tail = b""
    read = 0
    with path.open("rb") as handle:
        while read < limit and (chunk := handle.read(1024 * 1024)):
            read += len(chunk)
            if wanted in tail + chunk:
                return True
            tail = chunk[-len(wanted) :]
    return False


@dataclass
class Opened:
    """A workbook's sheets as python-calamine parsed them, before any Python-side reading.

    Parsing runs in Rust outside the GIL, so a period's workbooks can be opened on other
    threads while this one reads the ones already open."""

    rule: str | None = None
    """The file-level rule the file breaks (CSV, empty, password...), when it does."""
    error: str = ""
    """Why calamine could not open it, when it could not."""
    sheet_names: list[str] = field(default_factory=list)
    sheets: dict[str, Any] = field(default_factory=dict)
    """Sheet name -> parsed sheet, for the sheets the layout reads."""
    bounds: Checked = field(default_factory=Checked)
    """What the bounds check found (its fatal hits keep calamine from reading the file)."""


def open_workbook(path: Path, layout: Layout) -> Opened:
    from python_calamine import CalamineWorkbook

    rule = sniff(path)
    if rule is not None:
        return Opened(rule=rule)
    wanted = {normalize_header(layout.identitas.lembar)}
    wanted.update(name for lembar in layout.lembar for name in lembar.names)
    bounds = check_workbook(path, path.name, wanted, layout.batas)
    if bounds.fatal:
        return Opened(bounds=bounds)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except BaseException as err:  # calamine raises several unrelated types for broken files
        return Opened(error=_reason(_library_error(err)))
    try:
        names = list(book.sheet_names)
        sheets = {n: book.get_sheet_by_name(n) for n in names if normalize_header(n) in wanted}
    except BaseException as err:
        return Opened(error=_reason(_library_error(err)))
    finally:
        book.close()
    return Opened(sheet_names=names, sheets=sheets, bounds=bounds)


def _library_error(err: BaseException) -> Exception:
    """``err`` when it stands for a broken file: an Exception, or the PanicException (a
    BaseException) pyo3 raises when the Rust reader panics on malformed XML. Anything else
    (Ctrl+C, SystemExit) goes on."""
    if isinstance(err, Exception) or type(err).__name__ == "PanicException":
        return err if isinstance(err, Exception) else Exception(str(err))
    raise err


def read_raw(
    path: Path, label: str, layout: Layout, opened: Opened | None = None
) -> tuple[RawWorkbook | None, list[Hit]]:
    """Locate the identity block, sheets, headers and data rows of ``path`` (opened here
    unless ``opened`` is given)."""
    opened = opened or open_workbook(path, layout)
    hits: list[Hit] = []
    if opened.rule is not None:
        return None, [Hit(opened.rule, file=label, params={"sebab": "bukan berkas zip"})]
    if opened.error:
        return None, [Hit("BERKAS-RUSAK", file=label, params={"sebab": opened.error})]
    if opened.bounds.fatal:
        return None, [
            Hit(h.rule, h.unit, label, h.sheet, h.cell, h.params) for h in opened.bounds.fatal
        ]
    hits.extend(Hit(h.rule, h.unit, label, h.sheet, h.cell, h.params) for h in opened.bounds.hits)
    limit = layout.batas.panjang_teks
    raw = RawWorkbook(path, label)
    try:
        by_name = {normalize_header(n): n for n in opened.sheet_names}
        ident_name = by_name.get(normalize_header(layout.identitas.lembar))
        if ident_name is not None:
            raw.identity_sheet = ident_name
            raw.identity = _identity(opened.sheets[ident_name], layout)
        for lembar in layout.lembar:
            name = next((by_name[n] for n in lembar.names if n in by_name), None)
            if name is None:
                if lembar.wajib:
                    hits.append(Hit("LEMBAR-HILANG", file=label, sheet=lembar.nama))
                continue
            long_cells = opened.bounds.long_text.get(name, {})
            sheet, sheet_hits = _sheet(opened.sheets[name], lembar, name, label, long_cells, limit)
            hits.extend(sheet_hits)
            if sheet is not None:
                raw.sheets[lembar.kunci] = sheet
    except Exception as err:
        return None, [Hit("BERKAS-RUSAK", file=label, params={"sebab": _reason(err)})]
    return raw, hits


def _reason(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text[:160]


def _rows(sheet: Any) -> list[list[Any]]:
    """The sheet's rows from A1, cut after a long blank run (guards inflated used ranges)."""
    rows: list[list[Any]]
    if sheet.height <= SMALL_SHEET_ROWS:
        # The common case: one call into calamine builds every row (A1-based when asked).
        rows = sheet.to_python(skip_empty_area=False)
    else:
        rows = _rows_guarded(sheet)
    while rows and _blank(rows[-1]):
        rows.pop()
    return rows


def _rows_guarded(sheet: Any) -> list[list[Any]]:
    """Row by row, stopping after MAX_BLANK_RUN blank rows: a used range inflated to a
    million rows by formatting is never turned into a million Python lists."""
    rows: list[list[Any]] = []
    blank_run = 0
    # iter_rows() starts at row 1 but at the first used column: pad so indexes match Excel's.
    start_col = (sheet.start or (0, 0))[1]
    pad_left = [""] * start_col
    for row in sheet.iter_rows():
        if _blank(row):
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                break
        else:
            blank_run = 0
        rows.append(pad_left + list(row) if start_col else list(row))
    return rows


def _blank(row: list[Any]) -> bool:
    # Most rows start with their code; otherwise list.count runs in C, far cheaper than a
    # generator over every cell of every row.
    if row and row[0] != "" and row[0] is not None:
        return False
    return row.count("") + row.count(None) == len(row)


def _identity(sheet: Any, layout: Layout) -> dict[str, tuple[Any, str]]:
    labels = {normalize_header(i.label): i.kunci for i in layout.identitas.isian}
    found: dict[str, tuple[Any, str]] = {}
    for r, row in enumerate(_rows(sheet)[:IDENTITY_SCAN_ROWS]):
        for c, value in enumerate(row[:-1]):
            key = labels.get(normalize_header(value)) if isinstance(value, str) else None
            if key and key not in found:
                found[key] = (row[c + 1], f"{column_letter(c + 1)}{r + 1}")
    return found


def _sheet(
    sheet: Any, lembar: Lembar, name: str, label: str, long_cells: dict[str, int], limit: int
) -> tuple[SheetRows | None, list[Hit]]:
    rows = _rows(sheet)
    if long_cells:
        _cut(rows, long_cells, limit)
    header_index, columns, dupes = _header(rows, lembar)
    hits = [
        Hit(
            "KOLOM-GANDA",
            file=label,
            sheet=name,
            cell=cell,
            params={"kolom": kolom, "sel_lain": other},
        )
        for kolom, cell, other in dupes
    ]
    if header_index is None:
        # One finding for the sheet, not one per column: the header is not where it is read.
        required = ", ".join(k.judul for k in lembar.kolom if k.wajib)
        params = {"baris": str(HEADER_SCAN_ROWS), "kolom": required}
        return None, [Hit("JUDUL-TIDAK-DITEMUKAN", file=label, sheet=name, params=params)]
    for kolom in lembar.kolom:
        if kolom.wajib and kolom.kunci not in columns:
            hits.append(Hit("KOLOM-HILANG", file=label, sheet=name, params={"kolom": kolom.judul}))
    result = SheetRows(lembar, name, header_index + 1, columns)
    # A comprehension with the first-cell test inline: a province period has ~50,000 rows.
    result.rows = [
        (number, row)
        for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2)
        if (row and row[0] != "" and row[0] is not None) or not _blank(row)
    ]
    return result, hits


def _cut(rows: list[list[Any]], cells: dict[str, int], limit: int) -> None:
    """Cut the texts reported too long to ``limit`` characters: reported once, they must
    not carry megabytes into every document built from them."""
    for ref in cells:
        match = _A1.fullmatch(ref)
        if match is None:
            continue
        r, c = int(match[2]) - 1, _column_index(match[1])
        if r < len(rows) and c < len(rows[r]) and isinstance(rows[r][c], str):
            rows[r][c] = rows[r][c][:limit]


def _column_index(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number - 1


def _header(
    rows: list[list[Any]], lembar: Lembar
) -> tuple[int | None, dict[str, int], list[tuple[str, str, str]]]:
    """The header row: the one among the first rows that names the most known columns."""
    best: tuple[int, int] | None = None
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = sum(1 for v in row if _match(v, lembar) is not None)
        if score and (best is None or score > best[1]):
            best = (r, score)
    if best is None:
        return None, {}, []
    columns: dict[str, int] = {}
    dupes: list[tuple[str, str, str]] = []
    for c, value in enumerate(rows[best[0]]):
        kolom = _match(value, lembar)
        if kolom is None:
            continue
        if kolom.kunci in columns:
            first = f"{column_letter(columns[kolom.kunci])}{best[0] + 1}"
            dupes.append((kolom.judul, f"{column_letter(c)}{best[0] + 1}", first))
        else:
            columns[kolom.kunci] = c
    return best[0], columns, dupes


def _match(value: Any, lembar: Lembar) -> Any:
    if not isinstance(value, str) or not value.strip():
        return None
    return lembar.by_header.get(normalize_header(value))
