"""Capaian (achievement) formulas for SAKIP performance indicators.

* polaritas naik: R/T×100;
* polaritas turun: (2T−R)/T×100 floored at 0 (default), or T/R×100.

Arithmetic is done in Decimal built from each float's shortest repr, so a value that is exactly
halfway on paper (24,69/200×100 = 12,345) rounds half up to 12,35 as a reader with a calculator
expects; binary floats would give 12,34. Results are returned as floats with two decimals.

Where a formula would produce a made-up number — no target, target 0, negative values, division
by zero — the status is "tidak_dapat_dievaluasi" with an explanation instead. A missing
realisasi is "belum_diisi", never 0.

An indicator reported triwulanan, semesteran or tahunan is due only in the last month of each
such period (:data:`JATUH_TEMPO`): its realisasi to date aggregates its due months only
(:func:`agregasi_berkala`), and between due months it stands at the last one (:func:`posisi`).

Range targets (lo, hi): a realisasi inside the range scores exactly 100. Outside it, the
capaian is computed against the nearer bound with the indicator's own formula, so for naik
R > hi exceeds 100 and R < lo falls below; for turun the other way round.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Literal, get_args

Polaritas = Literal["naik", "turun"]
MetodeTurun = Literal["2t-r", "t/r"]
Agregasi = Literal["jumlah", "terakhir", "rata-rata", "tren-naik", "tren-turun", "terbaik"]
Status = Literal["ok", "tidak_dapat_dievaluasi", "belum_diisi", "belum_jatuh_tempo"]
Efisiensi = Literal["efisien", "cukup efisien", "tidak efisien"]

# Lower bound of each category, read with >=: 50,5 is still Sangat Rendah, 90,99 still Tinggi.
SKALA_PERMENDAGRI_86: tuple[tuple[float, str], ...] = (
    (91, "Sangat Tinggi"),
    (76, "Tinggi"),
    (66, "Sedang"),
    (51, "Rendah"),
    (0, "Sangat Rendah"),
)
TIDAK_DAPAT_DIEVALUASI = "Tidak Dapat Dievaluasi"
TARGET_NOL = "Target 0: capaian tidak dapat dievaluasi."

# Fixed context so results do not depend on whatever decimal context the caller has set.
_CONTEXT = Context(prec=34, rounding=ROUND_HALF_EVEN)
_HUNDRED = Decimal(100)
_WIDE = Context(prec=60, rounding=ROUND_HALF_UP)
_CHOICES: dict[int, tuple[str, ...]] = {}
_EXPONENTS = {n: Decimal(1).scaleb(-n) for n in range(0, 7)}


@dataclass(frozen=True)
class Capaian:
    nilai: float | None  # percent, 2 decimals; None when not evaluable
    status: Status
    catatan: str = ""  # why it is not "ok", or which bound of a range target was used


def round_half_up(x: float, ndigits: int = 2) -> float:
    """Round halves away from zero (2,675 → 2,68; −0,125 → −0,13), unlike round() on floats."""
    if not math.isfinite(x):
        return x
    return float(_quantize(_dec(x), ndigits))


def capaian(
    target: float | tuple[float, float] | None,
    realisasi: float | None,
    polaritas: Polaritas = "naik",
    metode_turun: MetodeTurun = "2t-r",
) -> Capaian:
    """Capaian of one indicator; ``target`` may be a (lo, hi) range."""
    _check_choice(polaritas, Polaritas, "polaritas")
    _check_choice(metode_turun, MetodeTurun, "metode polaritas turun")
    if realisasi is None:
        return Capaian(None, "belum_diisi", "Realisasi belum diisi.")
    if target is None:
        return _not_evaluable("Target belum ditetapkan: capaian tidak dapat dievaluasi.")
    low, high = target if isinstance(target, tuple) else (target, target)
    problem = _problem(low, high, realisasi)
    if problem:
        return _not_evaluable(problem)
    if not isinstance(target, tuple):
        return _compute(target, realisasi, polaritas, metode_turun)
    if low <= realisasi <= high:
        return Capaian(
            100.0, "ok", f"Realisasi berada dalam rentang target {_id(low)}–{_id(high)}."
        )
    bound, name = (low, "bawah") if realisasi < low else (high, "atas")
    result = _compute(bound, realisasi, polaritas, metode_turun)
    note = (
        f"Dihitung terhadap batas {name} {_id(bound)} dari rentang target {_id(low)}–{_id(high)}."
    )
    return replace(result, catatan=" ".join(filter(None, [note, result.catatan])))


def kategori(nilai: float | None, skala: Sequence[tuple[float, str]] = SKALA_PERMENDAGRI_86) -> str:
    """Label of the first (lower_bound, label), highest bound first, with nilai >= lower_bound."""
    if nilai is None:
        return TIDAK_DAPAT_DIEVALUASI
    if not skala:
        raise ValueError("Skala kategori kosong.")
    ordered = sorted(skala, key=lambda item: item[0], reverse=True)
    # Below the lowest bound (only possible with a custom scale) still gets the lowest label.
    return next((label for bound, label in ordered if nilai >= bound), ordered[-1][1])


def _last(values: list[float]) -> float:
    return values[-1]


def _sum(values: list[float]) -> float:
    if all(float(v).is_integer() for v in values):
        return float(sum(values))  # whole numbers (counts, rupiah) add up exactly as floats
    # Decimal so that monthly 0,1 + 0,2 reports as 0,3, as typed.
    with localcontext(_CONTEXT):
        return float(sum((_dec(v) for v in values), Decimal(0)))


def _mean(values: list[float]) -> float:
    with localcontext(_CONTEXT):
        return float(sum((_dec(v) for v in values), Decimal(0)) / len(values))


# A trend is judged by where it stands now, as the workbook's Petunjuk says: a decline after a
# good month must show. "terbaik" (the best value reached so far) is a method of its own, for
# an office that wants it, and depends on the indicator's polaritas.
_AGREGASI: dict[str, Callable[[list[float]], float]] = {
    "jumlah": _sum,
    "terakhir": _last,
    "rata-rata": _mean,
    "tren-naik": _last,
    "tren-turun": _last,
}
POSISI_AKHIR = ("terakhir", "tren-naik", "tren-turun", "terbaik")
"""Methods whose value is a position, so the TW IV target is the annual target."""


def agregasi(
    values: Sequence[float | None], cara: Agregasi, polaritas: Polaritas = "naik"
) -> float | None:
    """Realisasi to date from monthly or quarterly values; None gaps are skipped, not zeros.

    ``polaritas`` matters only for "terbaik": the highest value for naik, the lowest for turun.
    The result is a computed figure, rounded half up to the two decimals every document and
    the recap print (a mean of 9,966… is 9,97), so a capaian recomputed by hand from the
    printed figures is the one printed beside them.
    """
    _check_choice(cara, Agregasi, "cara agregasi")
    filled = [v for v in values if v is not None]
    if not filled:
        return None
    if cara == "terbaik":
        _check_choice(polaritas, Polaritas, "polaritas")
        return round_half_up(max(filled) if polaritas == "naik" else min(filled))
    return round_half_up(_AGREGASI[cara](filled))


Frekuensi = Literal["bulanan", "triwulanan", "semesteran", "tahunan"]
FREKUENSI: tuple[str, ...] = get_args(Frekuensi)
# The months in which an indicator's realisasi is due: the last month of each reporting period.
JATUH_TEMPO: dict[str, tuple[int, ...]] = {
    "bulanan": tuple(range(1, 13)),
    "triwulanan": (3, 6, 9, 12),
    "semesteran": (6, 12),
    "tahunan": (12,),
}
BELUM_JATUH_TEMPO = "Belum Jatuh Tempo"
"""The kategori of an indicator none of whose due months has come yet: never a score."""


def jatuh_tempo(frekuensi: Frekuensi, bulan: int) -> bool:
    """Whether the realisasi of month ``bulan`` (1–12) is due for an indicator so reported."""
    _check_choice(frekuensi, Frekuensi, "frekuensi pelaporan")
    return bulan in JATUH_TEMPO[frekuensi]


def posisi(frekuensi: Frekuensi, bulan: int) -> int | None:
    """The last due month up to ``bulan``: where the indicator's figures stand in that month
    (a triwulanan indicator stands at March in April); None before its first due month."""
    _check_choice(frekuensi, Frekuensi, "frekuensi pelaporan")
    return max((m for m in JATUH_TEMPO[frekuensi] if m <= bulan), default=None)


def agregasi_berkala(
    values: Sequence[float | None],
    cara: Agregasi,
    polaritas: Polaritas = "naik",
    frekuensi: Frekuensi = "bulanan",
) -> float | None:
    """Realisasi to date from monthly values (January first) of an indicator reported
    ``frekuensi``: :func:`agregasi` of its due months only. A value in a month that is not due
    is shown where it was typed but never counted: the quarter's own figure is the one written
    in the quarter's last month, so counting both would count the quarter twice."""
    _check_choice(frekuensi, Frekuensi, "frekuensi pelaporan")
    due = JATUH_TEMPO[frekuensi]
    return agregasi([v for m, v in enumerate(values, start=1) if m in due], cara, polaritas)


def target_triwulan_konsisten(
    target_tahunan: float,
    tw: Sequence[float | None],
    cara: Agregasi,
    toleransi: float = 0.005,
) -> bool:
    """Whether TW I–IV targets add up to the annual target the way ``cara`` aggregates them.

    jumlah: the sum equals the annual target; rata-rata: the mean does; terakhir, the trends and
    terbaik: TW IV does. ``toleransi`` is relative. A missing quarter is never consistent.
    """
    _check_choice(cara, Agregasi, "cara agregasi")
    if len(tw) != 4:
        raise ValueError(f"Target triwulan harus tepat empat nilai (TW I–IV), bukan {len(tw)}.")
    filled = [v for v in tw if v is not None]
    if len(filled) != 4:
        return False
    trend = cara in POSISI_AKHIR
    reached = filled[3] if trend else _AGREGASI[cara](filled)
    return math.isclose(reached, target_tahunan, rel_tol=toleransi, abs_tol=1e-9)


def efisiensi(
    capaian_kinerja: float | None, serapan_anggaran: float | None, ambang: float = 5.0
) -> Efisiensi | None:
    """Compare capaian with budget absorption; a gap of exactly ``ambang`` points is 'cukup'."""
    if capaian_kinerja is None or serapan_anggaran is None:
        return None
    # Decimal so that 90,3 − 85,3 is exactly 5 and lands on the boundary it appears to.
    gap = _dec(capaian_kinerja) - _dec(serapan_anggaran)
    limit = _dec(ambang)
    if gap > limit:
        return "efisien"
    return "cukup efisien" if abs(gap) <= limit else "tidak efisien"


def serapan(realisasi_anggaran: float | None, pagu: float | None) -> float | None:
    """Budget absorption in percent, 2 decimals; None without a positive pagu."""
    if realisasi_anggaran is None or pagu is None or pagu <= 0:
        return None
    with localcontext(_CONTEXT):
        return float(_quantize(_dec(realisasi_anggaran) * _HUNDRED / _dec(pagu), 2))


def _compute(target: float, realisasi: float, polaritas: str, metode: str) -> Capaian:
    if target == 0:
        return _not_evaluable(TARGET_NOL)
    t, r = _dec(target), _dec(realisasi)
    note = ""
    with localcontext(_CONTEXT):
        if polaritas == "naik":
            value = r * _HUNDRED / t
        elif metode == "2t-r":
            value = (2 * t - r) * _HUNDRED / t
            if value < 0:
                value, note = Decimal(0), "Hasil rumus (2T-R)/T negatif; capaian dibatasi 0."
        elif realisasi == 0:
            return _not_evaluable(
                "Realisasi 0 pada indikator polaritas turun dengan rumus T/R: terjadi pembagian "
                "dengan nol, capaian tidak dapat dievaluasi."
            )
        else:
            value = t * _HUNDRED / r
    return Capaian(float(_quantize(value, 2)), "ok", note)


def _problem(low: float, high: float, realisasi: float) -> str:
    """Why target and realisasi cannot go into a formula, or "" when they can."""
    if not all(math.isfinite(x) for x in (low, high, realisasi)):
        return "Target atau realisasi bukan angka yang sah: capaian tidak dapat dievaluasi."
    if low > high:
        return f"Rentang target {_id(low)}–{_id(high)} terbalik: batas bawah melebihi batas atas."
    if low < 0:
        return "Target negatif: rumus capaian baku tidak berlaku, capaian tidak dapat dievaluasi."
    if high == 0:
        return TARGET_NOL
    if realisasi < 0:
        return (
            "Realisasi negatif: rumus capaian baku tidak berlaku, capaian tidak dapat dievaluasi."
        )
    return ""


def _not_evaluable(catatan: str) -> Capaian:
    return Capaian(None, "tidak_dapat_dievaluasi", catatan)


def _check_choice(value: str, options: object, what: str) -> None:
    # Looked up by identity: hashing a typing.Literal is slow, and this runs per indicator.
    allowed = _CHOICES.get(id(options))
    if allowed is None:
        allowed = _CHOICES[id(options)] = get_args(options)
    if value not in allowed:
        raise ValueError(
            f"{what.capitalize()} '{value}' tidak dikenal; pilih {', '.join(allowed)}."
        )


def _dec(x: float) -> Decimal:
    """The Decimal a person reads in the cell: 0.1 → Decimal('0.1'), not the binary expansion."""
    return Decimal(repr(float(x)))


def _quantize(value: Decimal, ndigits: int) -> Decimal:
    exponent = _EXPONENTS.get(ndigits) or Decimal(1).scaleb(-ndigits)
    # Enough precision for the integer digits too, or quantize raises on large values; the
    # wide context covers every realistic figure without building a context per call.
    if value.adjusted() + ndigits + 2 <= _WIDE.prec:
        return value.quantize(exponent, rounding=ROUND_HALF_UP, context=_WIDE)
    with localcontext(_CONTEXT) as ctx:
        ctx.prec = value.adjusted() + ndigits + 2
        return value.quantize(exponent, rounding=ROUND_HALF_UP)


def _id(x: float) -> str:
    """Indonesian style for messages: 1.250,5; 70."""
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,"))
