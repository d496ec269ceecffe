"""Tolerant parsing of numbers as people type them into Indonesian Excel cells.

Accepts Indonesian style ("1.250.000", "85,5", "1.234,56"), Excel's English style where it
cannot be misread ("1,234.56", "85.5", "1,250,000"), an "Rp" prefix, a "%" suffix and the
money ending ",-". Whatever could stand for two different numbers is refused with an
Indonesian message: a wrong guess in a performance report costs more than a retyped cell.

Separator rules when only one kind of separator appears:

* "1.250" is a thousand two hundred fifty: Indonesian convention wins over reading it as 1,25.
* "85.5", "3.14159" (one dot not followed by exactly three digits) use a decimal point.
* "1,250" is refused: an Indonesian reads 1,25, an English-language Excel 1250.
* "0.250", "1234,567": the left part cannot open a thousands group, so the mark is decimal.
* Several marks of one kind ("1.250.000", "1,250,000") must be valid thousands groups.

An empty cell is "not filled" (value None); "0" is a reported zero and stays 0.0. NaN,
infinity and any value beyond ``MAX_ABS`` are refused: no performance figure comes near it,
and a bound on every input keeps every sum and ratio computed from them finite.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.errors import NumberError

EXAMPLE = "Tulis angka seperti 1.250.000 atau 85,5."
MAX_ABS = 1e15
"""The largest magnitude a cell may hold (a thousand trillion: above any budget in rupiah)."""
RANGE_EXAMPLE = "Tulis rentang seperti 70-75 atau 70 s.d. 75."

_RP = re.compile(r"rp\.?\s*", re.IGNORECASE)
_BODY = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
# Spaces are allowed only as thousands separators: "1 250 000" or "1 250 000,50".
_SPACED = re.compile(r"[1-9][0-9]{0,2}(?: [0-9]{3})+(?:[.,][0-9]+)?")
_GROUP_HEAD = re.compile(r"[1-9][0-9]{0,2}")
_RANGE = re.compile(
    r"(?P<lo>.+?)\s*(?:sampai dengan|s/d|s\.?\s?d\.?|[-–—])\s*(?P<hi>.+)", re.IGNORECASE
)
_MINUS = "-−"  # Word and some Excel exports turn the hyphen into U+2212


@dataclass(frozen=True)
class ParsedNumber:
    value: float | None  # None when the cell is empty
    is_percent: bool = False
    is_money: bool = False


def parse_number(raw: object) -> ParsedNumber:
    """Read one cell value (None, int, float, str, ...) as a number."""
    if raw is None:
        return ParsedNumber(None)
    if isinstance(raw, bool):
        raise NumberError(f"'{raw}' berisi nilai logika (benar/salah), bukan angka. {EXAMPLE}")
    if isinstance(raw, dt.date | dt.time):
        raise NumberError(f"'{raw}' berisi tanggal, bukan angka. {EXAMPLE}")
    if isinstance(raw, numbers.Real | Decimal):
        return ParsedNumber(_to_float(raw, raw))
    if isinstance(raw, str):
        return _parse_text(raw)
    raise NumberError(f"'{raw}' bukan angka yang sah. {EXAMPLE}")


def parse_range(raw: object) -> tuple[float, float] | None:
    """Read "70-75", "70 – 75", "70 s.d. 75", "70 s/d 75" as (70.0, 75.0).

    Returns None for a plain number or an empty cell; anything else unreadable raises.
    """
    match = _RANGE.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if match is None:
        parse_number(raw)  # a plain number is fine; garbage must still be reported
        return None
    bounds = []
    for part in (match["lo"], match["hi"]):
        try:
            value = parse_number(part).value
        except NumberError as err:
            raise NumberError(f"Rentang '{raw}' tidak sah: {err}") from None
        if value is None:
            raise NumberError(
                f"Rentang '{raw}' tidak sah: salah satu batasnya kosong. {RANGE_EXAMPLE}"
            )
        bounds.append(value)
    low, high = bounds
    if low > high:
        raise NumberError(
            f"Rentang '{raw}' tidak sah: batas bawah lebih besar dari batas atas. "
            "Tulis dari yang kecil ke yang besar, misalnya 70-75."
        )
    return low, high


def _parse_text(raw: str) -> ParsedNumber:
    text = raw.strip()  # str.strip also removes \xa0 and \u202f
    if text in ("", "-"):
        return ParsedNumber(None)
    if text.startswith("(") and text.endswith(")"):
        raise NumberError(
            f"'{raw}' memakai tanda kurung. Tulis angka negatif dengan tanda minus, "
            "misalnya -1.250."
        )
    negative, text = _take_sign(text)
    money = (rp := _RP.match(text)) is not None
    if rp:
        text = text[rp.end() :]
        if not negative:  # "Rp -5.000" as well as "-Rp 5.000"
            negative, text = _take_sign(text)
    percent = text.endswith("%")
    if percent:
        text = text[:-1].rstrip()
    if text.endswith(",-"):  # "Rp 5.000,-": the usual way to say "no cents"
        text = text[:-2].rstrip()
    if money and percent:
        raise NumberError(f"'{raw}' memakai Rp dan % sekaligus; pilih salah satu. {EXAMPLE}")
    value = _to_float(_parse_body(text, raw), raw)
    return ParsedNumber((-value if negative else value) + 0.0, percent, money)  # no -0.0


def _take_sign(text: str) -> tuple[bool, str]:
    if text and text[0] in "+" + _MINUS:
        return text[0] in _MINUS, text[1:].lstrip()
    return False, text


def _parse_body(text: str, raw: str) -> float:
    if any(char.isalpha() for char in text):
        # "belum ada", "nihil", "lima": words, not a badly separated number.
        raise NumberError(
            f"'{_shown(raw)}' bukan angka (berisi huruf). Bila datanya belum ada, kosongkan "
            f"selnya; bila ada, tulis angkanya saja. {EXAMPLE}"
        )
    text = re.sub(r"\s", " ", text)  # \xa0, \u202f and thin spaces count as spaces
    if " " in text:
        if not _SPACED.fullmatch(text):
            raise _invalid(raw, "spasi hanya boleh memisahkan kelompok tiga angka")
        text = text.replace(" ", "")
    if not _BODY.fullmatch(text):
        raise _invalid(raw, "berisi huruf atau tanda yang tidak dikenal")
    if "." in text and "," in text:
        return _both_separators(text, raw)
    sep = "." if "." in text else "," if "," in text else ""
    if not sep:
        return float(text)
    parts = text.split(sep)
    if len(parts) > 2:
        if _grouped(parts):
            return float("".join(parts))
        raise _invalid(raw, "pemisah ribuan harus memisahkan kelompok tiga angka")
    if len(parts[1]) == 3 and _grouped(parts):
        if sep == ".":
            return float("".join(parts))
        raise NumberError(
            f"'{raw}' bermakna ganda: koma dapat dibaca sebagai pemisah ribuan (gaya Inggris) "
            "atau tanda desimal (gaya Indonesia). Pakai titik untuk ribuan dan koma untuk "
            "desimal. Tulis 1.250 untuk seribu dua ratus lima puluh atau 1,25 untuk "
            "satu koma dua lima."
        )
    return float(".".join(parts))


def _both_separators(text: str, raw: str) -> float:
    """'1.234,56' or '1,234.56': the last mark is the decimal one, the other groups thousands."""
    decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
    thousands = "," if decimal_mark == "." else "."
    if text.count(decimal_mark) > 1:
        raise _invalid(raw, "tanda desimal muncul lebih dari sekali")
    whole, fraction = text.split(decimal_mark)
    if not _grouped(whole.split(thousands)):
        raise _invalid(raw, "pemisah ribuan harus memisahkan kelompok tiga angka")
    return float(whole.replace(thousands, "") + "." + fraction)


def _grouped(parts: list[str]) -> bool:
    """True when parts read as thousands groups: 1-3 digits without a leading zero, then 3s."""
    return bool(_GROUP_HEAD.fullmatch(parts[0])) and all(len(p) == 3 for p in parts[1:])


def _to_float(value: numbers.Real | Decimal | float, raw: object) -> float:
    """float(value), refusing NaN, infinities and magnitudes beyond MAX_ABS (and ints or
    digit strings too long for a float)."""
    try:
        number = float(value)
    except (OverflowError, ValueError):
        number = math.inf
    if math.isnan(number):
        raise NumberError(f"'{_shown(raw)}' bukan angka (NaN). {EXAMPLE}")
    if not -MAX_ABS <= number <= MAX_ABS:
        raise NumberError(
            f"'{_shown(raw)}' terlalu besar untuk dibaca sebagai angka (batasnya "
            f"1.000.000.000.000.000). {EXAMPLE}"
        )
    return number


def _shown(raw: object) -> str:
    """The cell as a person would recognise it, shortened when very long."""
    text = str(raw)
    return text if len(text) <= 40 else text[:37] + "..."


def _invalid(raw: str, reason: str) -> NumberError:
    return NumberError(f"'{raw}' bukan angka yang sah ({reason}). {EXAMPLE}")
