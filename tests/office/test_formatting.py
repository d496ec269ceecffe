"""pipeline.office.formatting lays numbers out itself, with Babel's symbols: it must print what
Babel's own ``format_decimal`` prints for the id locale."""

from __future__ import annotations

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from pipeline.office.formatting import LOCALE, angka

NUMBERS = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.decimals(min_value=-(10**9), max_value=10**9, places=4).map(float),
)


def babel(value: float | int, decimals: int | None) -> str:
    if decimals is None:
        return format_decimal(value, locale=LOCALE)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


@given(NUMBERS, st.sampled_from([None, 0, 1, 2, 3]))
def test_angka_prints_what_babel_prints(value: float | int, decimals: int | None) -> None:
    expected = babel(value, decimals)
    if expected.startswith("-") and not expected.strip("-0,."):
        # Babel keeps the sign of a value that rounds to zero ("-0"); a document says "0".
        expected = expected[1:]
    assert angka(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234.5, None, "1.234,5"),
        (1234.5678, None, "1.234,568"),
        (0.0025, 3, "0,002"),
        (-1_250_000, 0, "-1.250.000"),
        (-0.0004, 2, "0,00"),
        (7, 2, "7,00"),
        (10**15, None, "1.000.000.000.000.000"),
    ],
)
def test_angka_golden(value: float, decimals: int | None, text: str) -> None:
    assert angka(value, decimals) == text
