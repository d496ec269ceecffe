"""Indonesian formatting of dates, numbers and money for documents and reports.

Built on Babel's ``id`` locale rather than hand-made month tables.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "id_ID"


def tanggal(value: dt.date | None, empty: str = "-") -> str:
    """'2 Januari 2024'."""
    if value is None:
        return empty
    return format_date(value, "d MMMM y", locale=LOCALE)


def hari(value: dt.date) -> str:
    """'Selasa'."""
    return format_date(value, "EEEE", locale=LOCALE)


def angka(value: float | int, decimals: int | None = None) -> str:
    """'1.234,56'; ``decimals`` fixes the number of decimal places."""
    if decimals is None:
        return format_decimal(value, locale=LOCALE)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)
