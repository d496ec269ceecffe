"""Jinja filters for documents in Bahasa Indonesia, built on Babel's ``id`` locale and
num2words' ``id`` (with a correction where num2words is known to be wrong).

    {{ tanggal|tanggal }}        2 Januari 2024       {{ tanggal|hari }}      Selasa
    {{ 1234.56|angka }}          1.234,56             {{ x|angka(2) }}        fixed decimals
    {{ 1250000|rupiah }}         Rp1.250.000          {{ 85.5|persen }}       85,50%
    {{ 120|terbilang }}          seratus dua puluh    {{ 4|romawi }}          IV
    {{ (70, 75)|target }}        70–75
    {% for x in items|rincian %} items of a numbered list ended "a;", "b; dan", "c."
    {{ nama|tanpa_gelar }}       a name without academic titles (an SK's signature)
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import Any

from pipeline.office.formatting import LOCALE
from pipeline.office.formatting import angka as _angka
from pipeline.office.formatting import hari as _hari
from pipeline.office.formatting import tanggal as _tanggal

EMPTY = "-"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
# num2words' id writes 1.001.000 as "satu juta satu ribu"; Indonesian says "satu juta seribu".
_TERBILANG_MAX = 10**18
_SATU_RIBU = re.compile(r"(^|(?:juta|miliar|triliun) )satu ribu")


def tanggal(value: dt.date | None) -> str:
    return _tanggal(value, EMPTY)


def hari(value: dt.date | None) -> str:
    return _hari(value) if value else EMPTY


def angka(value: Any, desimal: int | None = None) -> str:
    """A number as "1.234,56"; a (low, high) range as "70–75"; empty as "-"."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, tuple | list):
        return "–".join(angka(v, desimal) for v in value)
    if isinstance(value, str):
        return value
    if not _finite(value):
        return EMPTY
    return _number(value, desimal)


def _finite(value: Any) -> bool:
    """Whether ``value`` is a number the filters can print; anything else prints as "-"
    (a filter must never fail a document)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


@lru_cache(maxsize=65536)
def _number(value: float | int, desimal: int | None) -> str:
    if desimal is None and float(value).is_integer():
        return _angka(int(value))
    if desimal is None:
        return _angka(_round(value, 2))
    return _angka(_round(value, desimal), desimal)


def target(value: Any) -> str:
    return angka(value)


def rupiah(value: Any) -> str:
    """ "Rp1.250.000": whole rupiah, as Indonesian government documents print them."""
    if value is None or value == "" or not _finite(value):
        return EMPTY
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{_angka(int(_round(abs(value), 0)))}"


def persen(value: Any, desimal: int = 2) -> str:
    if value is None or value == "":
        return EMPTY
    return f"{angka(value, desimal)}%"


def bersatuan(text: str, satuan: str | None) -> str:
    """A formatted figure with its unit as prose writes it: "Rp5.000.000.000" (never
    "5.000.000.000 Rp"), "95,5%", "12 koperasi"; "-" stays alone."""
    if text == EMPTY or not satuan:
        return text
    if satuan.strip().lower() in ("rp", "rupiah"):
        return f"Rp{text}"
    if satuan.strip() == "%":
        return f"{text}%"
    return f"{text}\u00a0{satuan}"  # a unit never wraps away from its figure


def terbilang(value: Any) -> str:
    """Whole numbers in words: 1001000 -> "satu juta seribu"."""
    from num2words import num2words

    if value is None or value == "" or not _finite(value):
        return EMPTY
    number = int(_round(value, 0))
    if abs(number) >= _TERBILANG_MAX:
        return angka(number)  # num2words refuses such numbers; no real amount is one
    words = num2words(abs(number), lang="id")
    words = _SATU_RIBU.sub(lambda m: f"{m.group(1)}seribu", words)
    return f"minus {words}" if number < 0 else words


def romawi(value: Any) -> str:
    if not _finite(value):
        return str(value)
    number = int(value)
    if not 0 < number < 4000:
        return str(value)
    out = ""
    for size, letters in _ROMAN:
        count, number = divmod(number, size)
        out += letters * count
    return out


def rincian(items: Any, akhir: str = ".", sambung: str = "dan") -> list[str]:
    """The items of a numbered list ended as naskah dinas ends them: ";" after each item,
    "; dan" after the one before last (``sambung=""``: plain ";"), ``akhir`` after the last
    ("." when the list ends the sentence, ";" in an SK's Menimbang and Mengingat). Whatever
    punctuation an item already ends with is replaced, so the data may be written either way."""
    texts = [_unpunctuated(str(item)) for item in items]
    last = len(texts) - 1
    ends = [
        akhir if k == last else f"; {sambung}" if k == last - 1 and sambung else ";"
        for k in range(len(texts))
    ]
    return [text + end for text, end in zip(texts, ends, strict=True)]


def _unpunctuated(text: str) -> str:
    text = text.rstrip().rstrip(";,").rstrip()
    if text.endswith("; dan") or text.endswith("; atau"):
        text = text.rsplit(";", 1)[0]
    # A final "." is the sentence's, unless the last word is an abbreviation ("S.E.", "M.Si.").
    if text.endswith(".") and "." not in text.rsplit(" ", 1)[-1][:-1]:
        text = text[:-1]
    return text


# Academic titles written before a name (religious ones, "H." and "Hj.", are not academic).
_GELAR_DEPAN = re.compile(r"^(?:(?:Prof|Dr|Drs|Dra|Ir|dr|drg)\.\s*)+")


def tanpa_gelar(nama: Any) -> str:
    """A name without its academic titles: "Dr. Andi Lamarauna, S.E., M.Si." -> "Andi
    Lamarauna". Permendagri 1/2023 has the signatory of a penetapan (an SK) write the name
    so; letters keep the titles."""
    if nama is None or nama == "":
        return EMPTY
    return _GELAR_DEPAN.sub("", str(nama).split(",", 1)[0]).strip()


def sebutan(nama: Any, kata: str) -> str:
    """``nama`` introduced by the word ``kata`` ("indikator Persentase koperasi aktif"),
    unless the name already begins with it: an indicator named "Indikator kinerja 1" reads
    "Indikator kinerja 1", not "indikator Indikator kinerja 1"."""
    text = "" if nama is None else str(nama).strip()
    first = text.split(maxsplit=1)[0] if text else ""
    if first.casefold() == kata.casefold():
        return text
    return f"{kata} {text}".rstrip()


def _round(value: float, places: int) -> float:
    quantum = Decimal(1).scaleb(-places)
    number = Decimal(repr(float(value)))
    with localcontext() as context:
        context.prec = max(28, number.adjusted() + places + 2)  # quantize never overflows
        return float(number.quantize(quantum, rounding=ROUND_HALF_UP))


FILTERS: dict[str, Callable[..., Any]] = {
    "tanggal": tanggal,
    "bersatuan": bersatuan,
    "hari": hari,
    "angka": angka,
    "target": target,
    "rupiah": rupiah,
    "persen": persen,
    "terbilang": terbilang,
    "romawi": romawi,
    "rincian": rincian,
    "tanpa_gelar": tanpa_gelar,
    "sebutan": sebutan,
}

__all__ = ["FILTERS", "LOCALE"]
