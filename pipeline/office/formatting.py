"""Indonesian formatting of dates, numbers and money for documents and reports.

Built on Babel's ``id`` locale rather than hand-made month tables. Numbers take their decimal
and grouping symbols from Babel's locale data but are laid out here: Babel's
``format_decimal`` parses its pattern and locale on every call (60 µs), and a province's
LKjIP prints sixty thousand numbers. A property test holds the two to the same output.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from functools import cache, lru_cache

from babel.dates import format_date

LOCALE = "id_ID"


def tanggal(value: dt.date | None, empty: str = "-") -> str:
    """'2 Januari 2024'."""
    if value is None:
        return empty
    return _tanggal(value)


@lru_cache(maxsize=4096)
def _tanggal(value: dt.date) -> str:
    return format_date(value, "d MMMM y", locale=LOCALE)


@lru_cache(maxsize=4096)
def hari(value: dt.date) -> str:
    """'Selasa'."""
    return format_date(value, "EEEE", locale=LOCALE)


# Babel's default decimal pattern for id ("#,##0.###") shows at most three decimals.
_DEFAULT_DECIMALS = 3


@lru_cache(maxsize=65536)
def angka(value: float | int, decimals: int | None = None) -> str:
    """'1.234,56'; ``decimals`` fixes the number of decimal places, otherwise up to three
    are shown without trailing zeros (as Babel's ``format_decimal`` does)."""
    places = _DEFAULT_DECIMALS if decimals is None else decimals
    number = Decimal(value) if isinstance(value, int) else Decimal(str(value))
    if not number.is_finite():
        return "-"  # never printed as a figure: an input beyond reason was refused earlier
    with localcontext() as context:
        # Enough digits for any float (or int) and the places: quantize never raises.
        context.prec = max(28, number.adjusted() + places + 2)
        rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    whole, _, fraction = f"{rounded.copy_abs():f}".partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    group, point, minus = _symbols()
    text = f"{int(whole):,}".replace(",", group) + (point + fraction if fraction else "")
    return minus + text if rounded < 0 else text


@cache
def _symbols() -> tuple[str, str, str]:
    """Grouping and decimal symbols and the minus sign of the locale, from Babel."""
    from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

    return (
        get_group_symbol(LOCALE),
        get_decimal_symbol(LOCALE),
        get_minus_sign_symbol(LOCALE),
    )
