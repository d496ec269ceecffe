"""Parsing of numbers typed into Indonesian Excel cells."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import NumberError
from pipeline.ingest.numbers import ParsedNumber, parse_number, parse_range

VALID: list[tuple[object, ParsedNumber]] = [
    # empty cells are "not filled"; a typed zero is a reported value
    (None, ParsedNumber(None)),
    ("", ParsedNumber(None)),
    ("   ", ParsedNumber(None)),
    ("\xa0\u202f", ParsedNumber(None)),
    ("-", ParsedNumber(None)),
    (" - ", ParsedNumber(None)),
    ("0", ParsedNumber(0.0)),
    ("-0", ParsedNumber(0.0)),
    (0, ParsedNumber(0.0)),
    (0.0, ParsedNumber(0.0)),
    # numbers from Excel pass through
    (42, ParsedNumber(42.0)),
    (85.5, ParsedNumber(85.5)),
    (Decimal("12.5"), ParsedNumber(12.5)),
    # Indonesian style
    ("1.250.000", ParsedNumber(1250000.0)),
    ("85,5", ParsedNumber(85.5)),
    ("1.234,56", ParsedNumber(1234.56)),
    ("1.250", ParsedNumber(1250.0)),  # a single dot before three digits is thousands
    ("1.250,00", ParsedNumber(1250.0)),
    ("0,250", ParsedNumber(0.25)),  # "0" cannot open a thousands group
    ("1234,567", ParsedNumber(1234.567)),
    # English style where unambiguous
    ("1,234.56", ParsedNumber(1234.56)),
    ("1,250,000", ParsedNumber(1250000.0)),
    ("1,250,000.75", ParsedNumber(1250000.75)),
    ("85.5", ParsedNumber(85.5)),
    ("85.50", ParsedNumber(85.5)),
    ("3.14159", ParsedNumber(3.14159)),
    ("0.250", ParsedNumber(0.25)),
    ("1234.567", ParsedNumber(1234.567)),
    # spaces: trimmed, and accepted as thousands separators
    ("  85,5  ", ParsedNumber(85.5)),
    ("1 250 000", ParsedNumber(1250000.0)),
    ("1\xa0250\u202f000", ParsedNumber(1250000.0)),
    ("1 250 000,50", ParsedNumber(1250000.5)),
    # signs
    ("-12,5", ParsedNumber(-12.5)),
    ("+12,5", ParsedNumber(12.5)),
    ("- 12,5", ParsedNumber(-12.5)),
    ("−7", ParsedNumber(-7.0)),
    # money
    ("Rp 1.250.000", ParsedNumber(1250000.0, is_money=True)),
    ("Rp1.250.000", ParsedNumber(1250000.0, is_money=True)),
    ("Rp. 1.250.000,50", ParsedNumber(1250000.5, is_money=True)),
    ("RP.5000", ParsedNumber(5000.0, is_money=True)),
    ("rp 0", ParsedNumber(0.0, is_money=True)),
    ("Rp 1.250.000,-", ParsedNumber(1250000.0, is_money=True)),
    ("-Rp 5.000", ParsedNumber(-5000.0, is_money=True)),
    ("Rp -5.000", ParsedNumber(-5000.0, is_money=True)),
    # percent
    ("85,5%", ParsedNumber(85.5, is_percent=True)),
    ("85,5 %", ParsedNumber(85.5, is_percent=True)),
    ("100%", ParsedNumber(100.0, is_percent=True)),
    ("-2,5%", ParsedNumber(-2.5, is_percent=True)),
    ("0%", ParsedNumber(0.0, is_percent=True)),
]


@pytest.mark.parametrize(("raw", "expected"), VALID)
def test_parse_number(raw: object, expected: ParsedNumber) -> None:
    assert parse_number(raw) == expected


def test_zero_is_a_value_not_an_empty_cell() -> None:
    assert parse_number("0").value == 0.0
    assert parse_number("0").value is not None


INVALID: list[tuple[object, str]] = [
    ("1,250", "bermakna ganda"),
    ("12,500", "bermakna ganda"),
    ("1.2.3,4,5", "bukan angka yang sah"),
    ("1.25.000", "kelompok tiga angka"),
    ("1,25,000", "kelompok tiga angka"),
    ("0.250.000", "kelompok tiga angka"),
    ("12.34,5", "kelompok tiga angka"),
    ("12a", "bukan angka \\(berisi huruf\\)"),
    ("abc", "bukan angka \\(berisi huruf\\)"),
    ("12#", "bukan angka yang sah"),
    ("85%%", "bukan angka yang sah"),
    ("%", "bukan angka yang sah"),
    ("Rp", "bukan angka yang sah"),
    ("1e5", "bukan angka"),
    (".5", "bukan angka yang sah"),
    ("5.", "bukan angka yang sah"),
    ("1..5", "bukan angka yang sah"),
    ("--5", "bukan angka yang sah"),
    ("+-5", "bukan angka yang sah"),
    ("12 34", "spasi"),
    ("(1.250)", "tanda minus"),
    ("Rp 50%", "Rp dan %"),
    ("9" * 400, "terlalu besar"),
    (float("inf"), "terlalu besar"),
    (float("-inf"), "terlalu besar"),
    (float("nan"), "bukan angka \\(NaN\\)"),
    (1.7e308, "terlalu besar"),
    (1e15 + 1, "terlalu besar"),
    ("1.000.000.000.000.001", "terlalu besar"),
    ("belum ada", "bukan angka \\(berisi huruf\\)"),
    ("Rp lima juta", "bukan angka \\(berisi huruf\\)"),
    (10**400, "terlalu besar"),
    (True, "bukan angka"),
    (dt.date(2024, 1, 2), "berisi tanggal, bukan angka"),
    (dt.datetime(2024, 1, 2, 8, 0), "berisi tanggal, bukan angka"),
    ([1, 2], "bukan angka yang sah"),
]


@pytest.mark.parametrize(("raw", "fragment"), INVALID)
def test_parse_number_rejects(raw: object, fragment: str) -> None:
    with pytest.raises(NumberError, match=fragment):
        parse_number(raw)


def test_messages_quote_the_cell_and_show_how_to_write_it() -> None:
    with pytest.raises(NumberError) as bad:
        parse_number("12#")
    assert str(bad.value) == (
        "'12#' bukan angka yang sah (berisi huruf atau tanda yang tidak dikenal). "
        "Tulis angka seperti 1.250.000 atau 85,5."
    )
    with pytest.raises(NumberError) as words:
        parse_number("belum ada")
    assert str(words.value) == (
        "'belum ada' bukan angka (berisi huruf). Bila datanya belum ada, kosongkan selnya; "
        "bila ada, tulis angkanya saja. Tulis angka seperti 1.250.000 atau 85,5."
    )
    with pytest.raises(NumberError) as ambiguous:
        parse_number("1,250")
    assert str(ambiguous.value).startswith("'1,250' bermakna ganda")
    assert "Tulis 1.250 untuk seribu dua ratus lima puluh" in str(ambiguous.value)
    assert "1,25 untuk satu koma dua lima" in str(ambiguous.value)


def test_number_error_is_a_value_error() -> None:
    assert issubclass(NumberError, ValueError)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("70-75", (70.0, 75.0)),
        ("70 - 75", (70.0, 75.0)),
        ("70 – 75", (70.0, 75.0)),
        ("70—75", (70.0, 75.0)),
        ("70 s.d. 75", (70.0, 75.0)),
        ("70 s.d 75", (70.0, 75.0)),
        ("70 S.D. 75", (70.0, 75.0)),
        ("70 s/d 75", (70.0, 75.0)),
        ("70 sd 75", (70.0, 75.0)),
        ("70 sampai dengan 75", (70.0, 75.0)),
        ("70,5-75,5", (70.5, 75.5)),
        ("70%-75%", (70.0, 75.0)),
        ("1.250 - 2.500", (1250.0, 2500.0)),
        ("Rp 1.000 - Rp 2.000", (1000.0, 2000.0)),
        ("-5 - -3", (-5.0, -3.0)),
        ("75-75", (75.0, 75.0)),
        # not ranges
        ("70", None),
        ("-5", None),
        ("Rp 5.000,-", None),
        (70, None),
        (None, None),
        ("", None),
        ("-", None),
    ],
)
def test_parse_range(raw: object, expected: tuple[float, float] | None) -> None:
    assert parse_range(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("75-70", "batas bawah lebih besar dari batas atas"),
        ("75 s.d. 70", "batas bawah lebih besar dari batas atas"),
        ("a-b", "Rentang 'a-b' tidak sah"),
        ("70 - 1,250", "bermakna ganda"),
        ("70-", "bukan angka yang sah"),
        ("abc", "bukan angka"),
    ],
)
def test_parse_range_rejects(raw: str, fragment: str) -> None:
    with pytest.raises(NumberError, match=fragment):
        parse_range(raw)


def indonesian(x: float, decimals: int) -> str:
    """Write x the Indonesian way: '.' between thousands, ',' before decimals."""
    english = f"{abs(x):,.{decimals}f}"
    body = english.replace(",", "_").replace(".", ",").replace("_", ".")
    return ("-" if x < 0 else "") + body


# Up to two decimals, up to ten trillion: the range of a provincial budget in rupiah.
two_decimals = st.tuples(st.integers(-(10**15), 10**15), st.sampled_from([0, 1, 2]))


@given(two_decimals)
def test_indonesian_style_round_trips(case: tuple[int, int]) -> None:
    units, decimals = case
    x = units / 10**decimals
    parsed = parse_number(indonesian(x, decimals))
    assert parsed.value is not None
    assert math.isclose(parsed.value, x, rel_tol=1e-12, abs_tol=1e-12)
    assert not parsed.is_money and not parsed.is_percent


@given(two_decimals)
def test_money_and_percent_round_trip(case: tuple[int, int]) -> None:
    units, decimals = case
    x = units / 10**decimals
    money = parse_number("Rp " + indonesian(x, decimals))
    percent = parse_number(indonesian(x, decimals) + "%")
    assert money.value is not None and math.isclose(money.value, x, rel_tol=1e-12, abs_tol=1e-12)
    assert money.is_money and not money.is_percent
    assert percent.value is not None
    assert math.isclose(percent.value, x, rel_tol=1e-12, abs_tol=1e-12)
    assert percent.is_percent and not percent.is_money


@given(st.text())
def test_arbitrary_text_only_raises_number_error(text: str) -> None:
    for parse in (parse_number, parse_range):
        with contextlib.suppress(NumberError):  # anything else propagates and fails
            parse(text)


@given(st.text(alphabet="0123456789.,-+–% Rps/d()\xa0\u202f", max_size=20))
def test_number_like_text_only_raises_number_error(text: str) -> None:
    for parse in (parse_number, parse_range):
        with contextlib.suppress(NumberError):  # anything else propagates and fails
            parse(text)
