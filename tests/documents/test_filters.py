from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.documents.filters import (
    angka,
    hari,
    persen,
    rincian,
    romawi,
    rupiah,
    sebutan,
    tanggal,
    tanpa_gelar,
    terbilang,
)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "nol"),
        (11, "sebelas"),
        (100, "seratus"),
        (120, "seratus dua puluh"),
        (1_000, "seribu"),
        (1_001, "seribu satu"),
        (21_000, "dua puluh satu ribu"),
        (101_000, "seratus satu ribu"),
        (1_001_000, "satu juta seribu"),
        (2_001_000, "dua juta seribu"),
        (1_000_000_000, "satu miliar"),
        (1_001_000_000, "satu miliar satu juta"),
        (1_000_001_000, "satu miliar seribu"),
        (1_250_000, "satu juta dua ratus lima puluh ribu"),
    ],
)
def test_terbilang_golden_values(value: int, words: str) -> None:
    assert terbilang(value) == words


@given(st.integers(min_value=1, max_value=10**12))
def test_terbilang_never_says_satu_ribu_for_a_single_thousand(value: int) -> None:
    words = terbilang(value)
    assert not words.startswith("satu ribu")
    assert " juta satu ribu" not in words and " miliar satu ribu" not in words


def test_dates_and_days() -> None:
    assert tanggal(dt.date(2024, 1, 2)) == "2 Januari 2024"
    assert hari(dt.date(2024, 1, 2)) == "Selasa"
    assert tanggal(None) == "-"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234.56, "1.234,56"),
        (1234.5, "1.234,5"),
        (85, "85"),
        (85.0, "85"),
        (2 / 3, "0,67"),
        (1_000_000, "1.000.000"),
        ((70, 75), "70–75"),
        (None, "-"),
        (0, "0"),
    ],
)
def test_angka(value: object, text: str) -> None:
    assert angka(value) == text


def test_money_percent_roman() -> None:
    assert rupiah(1_250_000) == "Rp1.250.000"
    assert rupiah(1_234_567.5) == "Rp1.234.568"
    assert rupiah(None) == "-"
    assert persen(85.5) == "85,50%"
    assert persen(None) == "-"
    assert [romawi(i) for i in (1, 2, 3, 4)] == ["I", "II", "III", "IV"]
    assert romawi(1994) == "MCMXCIV"


def test_figures_carry_their_unit_as_prose_writes_it() -> None:
    from pipeline.documents.filters import bersatuan

    assert bersatuan("5.000.000.000", "Rp") == "Rp5.000.000.000"
    assert bersatuan("95,5", "%") == "95,5%"
    assert bersatuan("12", "koperasi") == "12\u00a0koperasi"
    assert bersatuan("-", "Rp") == "-"
    assert bersatuan("3", "") == "3"


@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**400), max_value=10**400),
    )
)
def test_no_number_makes_a_filter_raise(value: float | int) -> None:
    """A figure beyond reason prints as "-" or as digits; it never fails a document."""
    for show in (angka, rupiah, persen, terbilang, romawi):
        assert isinstance(show(value), str)
    assert isinstance(angka(value, 2), str)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_print_as_a_dash(value: float) -> None:
    assert angka(value) == rupiah(value) == terbilang(value) == "-"
    assert persen(value) == "-%" or persen(value) == "-"


def test_very_large_numbers_print_in_full() -> None:
    assert angka(1.7e308).startswith("169.999.999.999.999.993.883")
    assert angka(10**30, 2) == "1" + ".000" * 10 + ",00"
    assert terbilang(10**20) == "100.000.000.000.000.000.000"


def test_rincian_ends_a_list_as_naskah_dinas_does() -> None:
    assert rincian(["Sekretariat", "Bidang A;", "UPT."]) == [
        "Sekretariat;",
        "Bidang A; dan",
        "UPT.",
    ]
    # An SK's Menimbang and Mengingat: every item ends ";", no "dan".
    assert rincian(["bahwa a", "bahwa b;"], ";", "") == ["bahwa a;", "bahwa b;"]
    # A final abbreviation keeps its dot; a "; dan" already typed is not doubled.
    assert rincian(["Kepala, S.E.", "Arsip; dan", "x"], ".", "") == [
        "Kepala, S.E.;",
        "Arsip;",
        "x.",
    ]
    assert rincian([]) == []


def test_tanpa_gelar_leaves_out_academic_titles_only() -> None:
    assert tanpa_gelar("Dr. Andi Rahmat Lamarauna, S.E., M.Si.") == "Andi Rahmat Lamarauna"
    assert tanpa_gelar("Drs. H. Rusdi Mastura") == "H. Rusdi Mastura"
    assert tanpa_gelar("Hj. Nurhayati Pakaja, S.Sos., M.M.") == "Hj. Nurhayati Pakaja"
    assert tanpa_gelar("Rahmawati Dg. Matona") == "Rahmawati Dg. Matona"


def test_sebutan_introduces_a_name_once() -> None:
    assert sebutan("Persentase koperasi aktif", "indikator") == (
        "indikator Persentase koperasi aktif"
    )
    assert sebutan("Indikator kinerja nomor 1", "indikator") == "Indikator kinerja nomor 1"
    assert sebutan("Indikatorku", "indikator") == "indikator Indikatorku"
    assert sebutan(None, "indikator") == "indikator"
