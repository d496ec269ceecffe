"""Turn the raw cells of a sheet into typed values by the layout's column kinds.

Tolerant of what people type ("85,5", "Rp 1.250.000", "Naik", "mar"), strict where the input
is ambiguous: every value that cannot be read with certainty becomes a Hit naming the cell.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.errors import NumberError
from pipeline.ingest.formulas import is_uncalculated
from pipeline.ingest.numbers import MAX_ABS, parse_number, parse_range
from pipeline.ingest.reader import RawWorkbook, SheetRows, column_letter
from pipeline.ingest.rules import Hit
from pipeline.workspace.layout import Kolom
from pipeline.workspace.periode import BULAN

TypedRow = dict[str, Any]
"""Column key -> typed value (None when empty), plus "_row": the Excel row number, and
"_invalid": the keys whose cell could not be read (already reported)."""

_MONTHS = {name.lower(): i + 1 for i, name in enumerate(BULAN)}
_MONTHS.update({name.lower()[:3]: i + 1 for i, name in enumerate(BULAN)})
_MONTHS.update({"agt": 8, "ags": 8, "des": 12, "okt": 10, "nop": 11, "peb": 2, "pebruari": 2})
_MONTHS.update(
    {
        m.lower(): i + 1
        for i, m in enumerate(
            (
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            )
        )
    }
)
_NUMERIC = frozenset({"angka", "uang", "angka_atau_rentang"})
_REPEATING = frozenset({"pilihan", "bulan"})
_MONTH_NUMBERS = frozenset(float(m) for m in range(1, 13))
# Floats this large lose digits: an 18-digit NIP typed as a number is already corrupted.
_MAX_EXACT = 2**53
# Control characters pasted from PDFs break the XML of the documents built from the text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CellProblem(Exception):
    def __init__(self, rule: str, **params: Any) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = params


@dataclass(frozen=True)
class Context:
    raw: RawWorkbook
    unit: str
    satuan: tuple[str, ...]


def typed_rows(sheet: SheetRows, ctx: Context) -> tuple[list[TypedRow], list[Hit]]:
    rows: list[TypedRow] = []
    hits: list[Hit] = []
    # Per column, once: what the per-cell loop needs, so it reads locals, not attributes.
    present = [
        (
            k,
            k.kunci,
            sheet.columns[k.kunci],
            column_letter(sheet.columns[k.kunci]),
            k.jenis in _NUMERIC,
            k.jenis == "bulan",
            k.jenis == "teks",
        )
        for k in sheet.lembar.kolom
        if k.kunci in sheet.columns
    ]
    absent = {k.kunci: None for k in sheet.lembar.kolom if k.kunci not in sheet.columns}
    memo: dict[Any, Any] = {}
    for number, cells in sheet.rows:
        row: TypedRow = {"_row": number, **absent}
        width = len(cells)
        for kolom, key, index, letter, numeric, month, text in present:
            value = cells[index] if index < width else ""
            kind = type(value)
            # Fast paths for the common, unambiguous cells; a province period has ~300,000.
            if kind is float:
                # NaN fails both comparisons: it and infinities go to parse_number's refusal.
                if numeric and -MAX_ABS <= float(value) <= MAX_ABS:
                    row[key] = value
                    continue
                if month and value in _MONTH_NUMBERS:
                    row[key] = int(value)
                    continue
            elif kind is str:
                if not value:
                    row[key] = None
                    if kolom.wajib:
                        hits.extend(_empty(kolom, sheet, f"{letter}{number}", ctx))
                    continue
                if (
                    text
                    and not value[0].isspace()
                    and not value[-1].isspace()
                    and "  " not in value
                    and "\n" not in value
                    and not _CONTROL.search(value)
                ):
                    row[key] = value
                    continue
            try:
                if kind is str and kolom.jenis in _REPEATING:
                    # Choices and month names repeat down a column: convert each text once.
                    found = memo.get((key, value), memo)
                    if found is memo:
                        found = memo[(key, value)] = _convert_or_problem(kolom, value, ctx)
                    if isinstance(found, CellProblem):
                        raise found.with_traceback(None)
                    typed = row[key] = found
                else:
                    typed = row[key] = convert(kolom, value, ctx.satuan)
            except CellProblem as problem:
                row[key] = None
                # Reported here; later checks must not report the same cell again as empty.
                row.setdefault("_invalid", set()).add(key)
                hits.append(
                    _hit(problem.rule, sheet, f"{letter}{number}", kolom, ctx, problem.params)
                )
                continue
            if typed is None:
                hits.extend(_empty(kolom, sheet, f"{letter}{number}", ctx))
        rows.append(row)
    return rows, hits


def _convert_or_problem(kolom: Kolom, value: Any, ctx: Context) -> Any:
    try:
        return convert(kolom, value, ctx.satuan)
    except CellProblem as problem:
        return problem


def _hit(
    rule: str, sheet: SheetRows, cell: str, kolom: Kolom, ctx: Context, params: dict[str, Any]
) -> Hit:
    return Hit(rule, ctx.unit, ctx.raw.label, sheet.name, cell, {"kolom": kolom.judul, **params})


def _empty(kolom: Kolom, sheet: SheetRows, cell: str, ctx: Context) -> list[Hit]:
    # Optional cells may stay empty; realisasi cells are judged (formulas too) by the checks.
    if not kolom.wajib:
        return []
    if is_uncalculated(ctx.raw.path, sheet.name, cell):
        return [_hit("RUMUS-TANPA-NILAI", sheet, cell, kolom, ctx, {})]
    return [_hit("ISIAN-KOSONG", sheet, cell, kolom, ctx, {})]


def convert(kolom: Kolom, value: Any, satuan: tuple[str, ...]) -> Any:
    """The typed value of one cell, or None when empty; raises CellProblem when unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _CONVERTERS[kolom.jenis](kolom, value, satuan)


def _text(kolom: Kolom, value: Any, satuan: tuple[str, ...]) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellProblem("ISIAN-ANGKA", sebab=f"'{value}' bukan angka maupun teks yang sah.")
        if abs(value) >= _MAX_EXACT:
            raise CellProblem(
                "ISIAN-ANGKA",
                sebab=(
                    f"'{value:.0f}' ditulis sebagai angka sehingga digit terakhirnya hilang. "
                    "Format sel sebagai Teks lalu ketik ulang isinya."
                ),
            )
        if value.is_integer():
            return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return " ".join(_CONTROL.sub(" ", str(value)).split())


def _number(kolom: Kolom, value: Any, satuan: tuple[str, ...]) -> float | None:
    try:
        return parse_number(value).value
    except NumberError as err:
        raise CellProblem("ISIAN-ANGKA", sebab=str(err)) from err


def _number_or_range(
    kolom: Kolom, value: Any, satuan: tuple[str, ...]
) -> float | tuple[float, float] | None:
    try:
        found = parse_range(value)
    except NumberError as err:
        raise CellProblem("ISIAN-ANGKA", sebab=str(err)) from err
    return found if found is not None else _number(kolom, value, satuan)


@lru_cache(maxsize=8192)
def choice_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "-", text.strip().lower())


def _choice(kolom: Kolom, value: Any, satuan: tuple[str, ...]) -> str:
    options = satuan if kolom.pilihan_dari == "satuan" else tuple(kolom.pilihan)
    text = _text(kolom, value, satuan)
    wanted = choice_key(text)
    for option in options:
        if choice_key(option) == wanted:
            return option
    raise CellProblem("ISIAN-PILIHAN", nilai=text, pilihan=", ".join(options))


def _month(kolom: Kolom, value: Any, satuan: tuple[str, ...]) -> int:
    if isinstance(value, dt.date):
        return value.month
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value) in _MONTH_NUMBERS:
            return int(value)
    elif isinstance(value, str):
        text = value.strip().lower().rstrip(".")
        if text.isdigit() and 1 <= int(text) <= 12:
            return int(text)
        if text in _MONTHS:
            return _MONTHS[text]
    raise CellProblem("ISIAN-BULAN", nilai=shown(value))


def shown(value: Any) -> str:
    """A cell value as written in a message: a whole float without ".0" (2023, not 2023.0)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < _MAX_EXACT:
        return str(int(value))
    return str(value)


_CONVERTERS: dict[str, Callable[[Kolom, Any, tuple[str, ...]], Any]] = {
    "teks": _text,
    "angka": _number,
    "uang": _number,
    "angka_atau_rentang": _number_or_range,
    "pilihan": _choice,
    "bulan": _month,
}
