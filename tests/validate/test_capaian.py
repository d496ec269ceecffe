"""Capaian formulas, categories, aggregation and efficiency."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pipeline.validate.capaian import (
    FREKUENSI,
    TARGET_NOL,
    Agregasi,
    Capaian,
    Frekuensi,
    MetodeTurun,
    Polaritas,
    agregasi,
    agregasi_berkala,
    capaian,
    efisiensi,
    jatuh_tempo,
    kategori,
    posisi,
    round_half_up,
    serapan,
    target_triwulan_konsisten,
)

Target = float | tuple[float, float] | None

GOLDEN: list[tuple[Target, float | None, Polaritas, MetodeTurun, float | None, str]] = [
    # naik: R/T*100
    (100, 85, "naik", "2t-r", 85.0, "ok"),
    (80, 100, "naik", "2t-r", 125.0, "ok"),
    (3, 2, "naik", "2t-r", 66.67, "ok"),  # 2/3*100 rounds up
    (3, 1, "naik", "2t-r", 33.33, "ok"),
    (200, 24.69, "naik", "2t-r", 12.35, "ok"),  # exactly 12,345 on paper: half up
    (80, 0, "naik", "2t-r", 0.0, "ok"),  # a reported zero is evaluated
    # turun (2T-R)/T*100, floored at 0
    (10, 8, "turun", "2t-r", 120.0, "ok"),
    (10, 12, "turun", "2t-r", 80.0, "ok"),
    (100, 87.655, "turun", "2t-r", 112.35, "ok"),  # exactly 112,345: half up
    (10, 25, "turun", "2t-r", 0.0, "ok"),  # (20-25)/10 < 0 -> 0
    (10, 20, "turun", "2t-r", 0.0, "ok"),
    (10, 0, "turun", "2t-r", 200.0, "ok"),
    # turun T/R*100
    (10, 8, "turun", "t/r", 125.0, "ok"),
    (10, 12, "turun", "t/r", 83.33, "ok"),
    (10, 0, "turun", "t/r", None, "tidak_dapat_dievaluasi"),  # division by zero
    # not evaluable / not filled
    (0, 5, "naik", "2t-r", None, "tidak_dapat_dievaluasi"),
    (0, 0, "turun", "2t-r", None, "tidak_dapat_dievaluasi"),
    (0, 5, "turun", "t/r", None, "tidak_dapat_dievaluasi"),
    (-5, 3, "naik", "2t-r", None, "tidak_dapat_dievaluasi"),
    (10, -3, "naik", "2t-r", None, "tidak_dapat_dievaluasi"),
    (None, 5, "naik", "2t-r", None, "tidak_dapat_dievaluasi"),
    (100, None, "naik", "2t-r", None, "belum_diisi"),
    (0, None, "naik", "2t-r", None, "belum_diisi"),
    (None, None, "turun", "t/r", None, "belum_diisi"),
    (100, float("nan"), "naik", "2t-r", None, "tidak_dapat_dievaluasi"),
    # range targets
    ((70, 75), 72, "naik", "2t-r", 100.0, "ok"),
    ((70, 75), 70, "naik", "2t-r", 100.0, "ok"),
    ((70, 75), 75, "naik", "2t-r", 100.0, "ok"),
    ((70, 75), 63, "naik", "2t-r", 90.0, "ok"),  # against lo
    ((70, 75), 90, "naik", "2t-r", 120.0, "ok"),  # against hi, above 100
    ((70, 75), 72, "turun", "2t-r", 100.0, "ok"),
    ((70, 75), 90, "turun", "2t-r", 80.0, "ok"),  # (150-90)/75
    ((70, 75), 56, "turun", "2t-r", 120.0, "ok"),  # (140-56)/70
    ((70, 75), 90, "turun", "t/r", 83.33, "ok"),  # 75/90
    ((70, 75), 56, "turun", "t/r", 125.0, "ok"),  # 70/56
    ((10, 20), 0, "turun", "t/r", None, "tidak_dapat_dievaluasi"),
    ((0, 10), 0, "naik", "2t-r", 100.0, "ok"),
    ((0, 0), 5, "naik", "2t-r", None, "tidak_dapat_dievaluasi"),
    ((75, 70), 72, "naik", "2t-r", None, "tidak_dapat_dievaluasi"),
    ((-5, 5), 0, "naik", "2t-r", None, "tidak_dapat_dievaluasi"),
]


@pytest.mark.parametrize(("target", "realisasi", "polaritas", "metode", "nilai", "status"), GOLDEN)
def test_capaian_golden(
    target: Target,
    realisasi: float | None,
    polaritas: Polaritas,
    metode: MetodeTurun,
    nilai: float | None,
    status: str,
) -> None:
    result = capaian(target, realisasi, polaritas, metode)
    assert (result.nilai, result.status) == (nilai, status)
    if status != "ok":
        assert result.catatan


def test_zero_target_never_makes_up_a_number() -> None:
    assert capaian(0, 5) == Capaian(None, "tidak_dapat_dievaluasi", TARGET_NOL)
    assert capaian((0, 0), 5).catatan == "Target 0: capaian tidak dapat dievaluasi."


def test_notes_explain_in_indonesian() -> None:
    assert capaian(100, None).catatan == "Realisasi belum diisi."
    assert "pembagian dengan nol" in capaian(10, 0, "turun", "t/r").catatan
    assert "Target negatif" in capaian(-5, 3).catatan
    assert "Realisasi negatif" in capaian(10, -3).catatan
    assert "dibatasi 0" in capaian(10, 25, "turun").catatan
    assert capaian((70, 75), 63).catatan == (
        "Dihitung terhadap batas bawah 70 dari rentang target 70–75."
    )
    assert capaian((70, 75), 90).catatan == (
        "Dihitung terhadap batas atas 75 dari rentang target 70–75."
    )
    assert capaian((70.5, 1250), 2000).catatan == (
        "Dihitung terhadap batas atas 1.250 dari rentang target 70,5–1.250."
    )
    assert capaian((70.5, 75), 60).catatan == (
        "Dihitung terhadap batas bawah 70,5 dari rentang target 70,5–75."
    )
    assert capaian((70, 75), 72).catatan == "Realisasi berada dalam rentang target 70–75."
    assert "terbalik" in capaian((75, 70), 72).catatan


def test_unknown_options_are_rejected() -> None:
    with pytest.raises(ValueError, match="Polaritas 'Naik' tidak dikenal"):
        capaian(10, 5, "Naik")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tidak dikenal"):
        capaian(10, 5, "turun", "2T-R")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tidak dikenal"):
        agregasi([1.0], "total")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("x", "expected"),
    [(2.675, 2.68), (0.125, 0.13), (-0.125, -0.13), (1.005, 1.01), (66.666, 66.67), (2.0, 2.0)],
)
def test_round_half_up(x: float, expected: float) -> None:
    assert round_half_up(x, 2) == expected


@pytest.mark.parametrize(
    ("nilai", "label"),
    [
        (0, "Sangat Rendah"),
        (50, "Sangat Rendah"),
        (50.5, "Sangat Rendah"),
        (51, "Rendah"),
        (65, "Rendah"),
        (65.99, "Rendah"),
        (66, "Sedang"),
        (75, "Sedang"),
        (76, "Tinggi"),
        (90, "Tinggi"),
        (90.99, "Tinggi"),
        (91, "Sangat Tinggi"),
        (150, "Sangat Tinggi"),
        (None, "Tidak Dapat Dievaluasi"),
    ],
)
def test_kategori(nilai: float | None, label: str) -> None:
    assert kategori(nilai) == label


def test_kategori_custom_scale_in_any_order() -> None:
    skala = [(0, "Kurang"), (100, "Tercapai")]
    assert kategori(99.99, skala) == "Kurang"
    assert kategori(100, skala) == "Tercapai"
    assert kategori(-1, skala) == "Kurang"


@pytest.mark.parametrize(
    ("values", "cara", "expected"),
    [
        ([10, 20, None, 30], "jumlah", 60),
        ([10, 20, None, 30], "terakhir", 30),
        ([10, 20, 30, None], "terakhir", 30),
        ([10, None, 20], "rata-rata", 15),
        ([70, 80, None, 75], "tren-naik", 75),  # the last position, a decline shows
        ([12, 9, None, 10], "tren-turun", 10),
        ([70, 80, None, 75], "terakhir", 75),
        ([0.1, 0.2], "jumlah", 0.3),  # as typed, not 0.30000000000000004
        ([0.1, 0.2, None], "rata-rata", 0.15),
        ([0, None], "jumlah", 0),  # a reported zero is a value
        ([], "jumlah", None),
        ([None, None], "rata-rata", None),
        ([None], "terakhir", None),
        ([], "tren-naik", None),
    ],
)
def test_agregasi(values: list[float | None], cara: Agregasi, expected: float | None) -> None:
    assert agregasi(values, cara) == expected


@pytest.mark.parametrize(
    ("annual", "tw", "cara", "expected"),
    [
        (100, [25, 25, 25, 25], "jumlah", True),
        (100, [25, 25, 25, 24.9], "jumlah", True),  # within 0.5 %
        (100, [25, 25, 25, 20], "jumlah", False),
        (80, [20, 40, 60, 80], "terakhir", True),
        (80, [20, 40, 60, 79], "terakhir", False),
        (90, [60, 70, 80, 90], "tren-naik", True),
        (5, [8, 7, 6, 5], "tren-turun", True),
        (5, [8, 7, 6, 5.5], "tren-turun", False),
        (90, [60, 70, 80, 90], "terbaik", True),
        (90, [60, 70, 80, 85], "terbaik", False),
        (75, [70, 75, 80, 75], "rata-rata", True),
        (75, [75, 75, 75, 90], "rata-rata", False),
        (100, [25, 25, None, 25], "jumlah", False),
        (100, [None, None, None, 100], "terakhir", False),
        (0, [0, 0, 0, 0], "jumlah", True),
    ],
)
def test_target_triwulan_konsisten(
    annual: float, tw: list[float | None], cara: Agregasi, expected: bool
) -> None:
    assert target_triwulan_konsisten(annual, tw, cara) is expected


def test_target_triwulan_needs_four_quarters() -> None:
    with pytest.raises(ValueError, match="tepat empat"):
        target_triwulan_konsisten(100, [50, 50], "jumlah")


@pytest.mark.parametrize(
    ("kinerja", "anggaran", "expected"),
    [
        (100, 80, "efisien"),
        (95.01, 90, "efisien"),
        (95, 90, "cukup efisien"),  # exactly 5 points
        (90.3, 85.3, "cukup efisien"),  # exactly 5 on paper, not in binary floats
        (85, 90, "cukup efisien"),  # exactly -5 points
        (90, 90, "cukup efisien"),
        (84.99, 90, "tidak efisien"),
        (50, 100, "tidak efisien"),
        (None, 90, None),
        (90, None, None),
    ],
)
def test_efisiensi(kinerja: float | None, anggaran: float | None, expected: str | None) -> None:
    assert efisiensi(kinerja, anggaran) == expected


def test_efisiensi_custom_threshold() -> None:
    assert efisiensi(95, 90, ambang=4.0) == "efisien"
    assert efisiensi(95, 90, ambang=10.0) == "cukup efisien"


@pytest.mark.parametrize(
    ("realisasi", "pagu", "expected"),
    [
        (750_000_000, 1_000_000_000, 75.0),
        (2, 3, 66.67),
        (0, 1_000_000, 0.0),
        (1_000_000, 0, None),
        (1_000_000, None, None),
        (None, 1_000_000, None),
        (5, -10, None),
    ],
)
def test_serapan(realisasi: float | None, pagu: float | None, expected: float | None) -> None:
    assert serapan(realisasi, pagu) == expected


# Properties. Values stay within what an indicator sheet holds.
targets = st.floats(min_value=0.01, max_value=1e9, allow_nan=False)
realisasi = st.floats(min_value=0, max_value=1e10, allow_nan=False)
turun_methods = st.sampled_from(["2t-r", "t/r"])


def _nilai(result: Capaian) -> float:
    assert result.status == "ok" and result.nilai is not None
    return result.nilai


@given(targets, realisasi, realisasi)
def test_naik_is_monotone_non_decreasing(t: float, r1: float, r2: float) -> None:
    r1, r2 = sorted((r1, r2))
    assert _nilai(capaian(t, r1)) <= _nilai(capaian(t, r2))


@given(targets, realisasi, realisasi, turun_methods)
def test_turun_is_monotone_non_increasing_and_never_negative(
    t: float, r1: float, r2: float, metode: MetodeTurun
) -> None:
    r1, r2 = sorted((r1, r2))
    assume(metode == "2t-r" or r1 > 0)
    low, high = _nilai(capaian(t, r1, "turun", metode)), _nilai(capaian(t, r2, "turun", metode))
    assert low >= high >= 0


@given(targets, targets, realisasi, realisasi, st.sampled_from(["naik", "turun"]), turun_methods)
def test_range_targets_are_monotone(
    a: float, b: float, r1: float, r2: float, polaritas: Polaritas, metode: MetodeTurun
) -> None:
    lo, hi = sorted((a, b))
    r1, r2 = sorted((r1, r2))
    assume(metode == "2t-r" or polaritas == "naik" or r1 > 0)
    first, second = (
        _nilai(capaian((lo, hi), r1, polaritas, metode)),
        _nilai(capaian((lo, hi), r2, polaritas, metode)),
    )
    assert first <= second if polaritas == "naik" else first >= second


@given(targets)
def test_realisasi_equal_to_target_is_exactly_100(t: float) -> None:
    assert capaian(t, t) == Capaian(100.0, "ok")
    assert capaian(t, t, "turun", "2t-r") == Capaian(100.0, "ok")
    assert capaian(t, t, "turun", "t/r") == Capaian(100.0, "ok")
    assert capaian((t, t), t).nilai == 100.0


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_round_half_up_matches_decimal_quantize(x: float) -> None:
    expected = Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert round_half_up(x, 2) == float(expected)


# Monthly series as offices report them: positive, two decimals.
_MONTHLY = st.lists(
    st.decimals(min_value=0, max_value=1000, places=2).map(float), min_size=1, max_size=12
)


@given(series=_MONTHLY, cara=st.sampled_from(["tren-naik", "tren-turun", "terakhir"]))
def test_trends_take_the_last_reported_position(series: list[float], cara: Agregasi) -> None:
    assert agregasi(series, cara) == series[-1]


@given(series=_MONTHLY, drop=st.decimals(min_value="0.01", max_value=100, places=2).map(float))
def test_worsening_after_improving_shows_in_tren_naik(series: list[float], drop: float) -> None:
    """BKP-04 style: improve month after month, then worsen; the worsening is reported."""
    improving = sorted(series)
    worse = float(Decimal(repr(improving[-1])) - Decimal(repr(drop)))  # two decimals, as typed
    assume(worse >= 0)
    reported = agregasi([*improving, worse], "tren-naik")
    assert reported == worse
    assert reported < max(improving)
    # and capaian falls with it
    before = capaian(100, agregasi(improving, "tren-naik"), "naik").nilai
    after = capaian(100, reported, "naik").nilai
    assert before is not None and after is not None and after <= before


@given(series=_MONTHLY, rise=st.decimals(min_value="0.01", max_value=100, places=2).map(float))
def test_worsening_in_tren_turun_shows(series: list[float], rise: float) -> None:
    """A lower-is-better trend that rises again (11,2 then 11,86) reports the rise."""
    improving = sorted(series, reverse=True)
    worse = float(Decimal(repr(improving[-1])) + Decimal(repr(rise)))  # two decimals, as typed
    reported = agregasi([*improving, worse], "tren-turun")
    assert reported == worse
    assert reported > min(improving)
    before = capaian(8, improving[-1], "turun").nilai
    after = capaian(8, reported, "turun").nilai
    assert before is not None and after is not None and after <= before


@given(series=_MONTHLY)
def test_improving_series_report_their_latest_and_best(series: list[float]) -> None:
    up, down = sorted(series), sorted(series, reverse=True)
    assert agregasi(up, "tren-naik") == up[-1] == agregasi(up, "terbaik", "naik")
    assert agregasi(down, "tren-turun") == down[-1] == agregasi(down, "terbaik", "turun")


@given(series=st.lists(st.one_of(st.none(), _MONTHLY.map(lambda v: v[0])), max_size=12))
def test_terbaik_is_the_best_so_far_by_polaritas(series: list[float | None]) -> None:
    filled = [v for v in series if v is not None]
    assert agregasi(series, "terbaik", "naik") == (max(filled) if filled else None)
    assert agregasi(series, "terbaik", "turun") == (min(filled) if filled else None)
    last = agregasi(series, "tren-naik")
    assert last == (filled[-1] if filled else None)


def test_bkp_04_worsening_in_april_is_reported() -> None:
    """The issue's example: 11,8; 11,5; 11,2; then 11,86 in April."""
    assert agregasi([11.8, 11.5, 11.2, 11.86], "tren-turun") == 11.86
    assert agregasi([11.8, 11.5, 11.2, 11.86], "terbaik", "turun") == 11.2


@given(
    low=st.integers(min_value=1, max_value=500),
    width=st.integers(min_value=1, max_value=100),
    realisasi=st.integers(min_value=0, max_value=1000),
    polaritas=st.sampled_from(["naik", "turun"]),
)
def test_range_note_names_the_bound_it_used(
    low: int, width: int, realisasi: int, polaritas: Polaritas
) -> None:
    """The bound named is the one the realisasi passed: below the range the lower bound
    (the smaller number), above it the upper one; the capaian is the formula on that bound."""
    high = low + width
    result = capaian((float(low), float(high)), float(realisasi), polaritas)
    if low <= realisasi <= high:
        assert result.nilai == 100.0
        return
    bound, name = (low, "bawah") if realisasi < low else (high, "atas")
    assert result.catatan.startswith(f"Dihitung terhadap batas {name} {bound} dari rentang")
    assert result.nilai == capaian(float(bound), float(realisasi), polaritas).nilai


# --- Reporting frequency: a value counts only in the months it is due ---

_YEAR = st.lists(
    st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=2).map(float)),
    min_size=12,
    max_size=12,
)
_CARA = st.sampled_from(["jumlah", "terakhir", "rata-rata", "tren-naik", "tren-turun", "terbaik"])
_FREKUENSI = st.sampled_from(["bulanan", "triwulanan", "semesteran", "tahunan"])


@given(year=_YEAR, cara=_CARA, polaritas=st.sampled_from(["naik", "turun"]))
def test_monthly_frequency_is_plain_aggregation(
    year: list[float | None], cara: Agregasi, polaritas: Polaritas
) -> None:
    for bulan in range(1, 13):
        months = year[:bulan]
        expected = agregasi(months, cara, polaritas)
        assert agregasi_berkala(months, cara, polaritas, "bulanan") == expected


@given(year=_YEAR, other=_YEAR, cara=_CARA, frekuensi=_FREKUENSI)
def test_values_in_months_not_due_never_count(
    year: list[float | None], other: list[float | None], cara: Agregasi, frekuensi: Frekuensi
) -> None:
    """Whatever is typed in a month that is not due, the realisasi to date is the same."""
    mixed = [v if jatuh_tempo(frekuensi, m) else other[m - 1] for m, v in enumerate(year, 1)]
    for bulan in range(1, 13):
        assert agregasi_berkala(mixed[:bulan], cara, "naik", frekuensi) == agregasi_berkala(
            year[:bulan], cara, "naik", frekuensi
        )


@given(year=_YEAR, cara=_CARA, frekuensi=_FREKUENSI)
def test_between_due_months_the_figures_stand_at_the_last_one(
    year: list[float | None], cara: Agregasi, frekuensi: Frekuensi
) -> None:
    for bulan in range(1, 13):
        at = posisi(frekuensi, bulan)
        if at is None:  # before the first due month nothing is counted at all
            assert agregasi_berkala(year[:bulan], cara, "naik", frekuensi) is None
            assert not any(jatuh_tempo(frekuensi, m) for m in range(1, bulan + 1))
            continue
        assert jatuh_tempo(frekuensi, at) and at <= bulan
        assert not any(jatuh_tempo(frekuensi, m) for m in range(at + 1, bulan + 1))
        assert agregasi_berkala(year[:bulan], cara, "naik", frekuensi) == agregasi_berkala(
            year[:at], cara, "naik", frekuensi
        )


@given(quarters=st.lists(st.integers(min_value=0, max_value=500), min_size=4, max_size=4))
def test_a_quarterly_count_sums_its_four_quarters(quarters: list[int]) -> None:
    """A triwulanan "jumlah" indicator written only in March, June, September and December
    sums to the year's total in December, and to the first half in June."""
    year: list[float | None] = [None] * 12
    for q, value in enumerate(quarters):
        year[3 * q + 2] = float(value)
    assert agregasi_berkala(year, "jumlah", "naik", "triwulanan") == sum(quarters)
    assert agregasi_berkala(year[:7], "jumlah", "naik", "triwulanan") == sum(quarters[:2])


def test_due_months_of_each_frequency() -> None:
    due = {f: [m for m in range(1, 13) if jatuh_tempo(f, m)] for f in FREKUENSI}
    assert due == {
        "bulanan": list(range(1, 13)),
        "triwulanan": [3, 6, 9, 12],
        "semesteran": [6, 12],
        "tahunan": [12],
    }
    assert [posisi("triwulanan", m) for m in (2, 3, 4, 12)] == [None, 3, 3, 12]
    with pytest.raises(ValueError, match="mingguan"):
        posisi("mingguan", 3)  # type: ignore[arg-type]
