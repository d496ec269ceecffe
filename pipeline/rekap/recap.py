"""Rekapitulasi Data Kinerja: per unit and indicator, target vs realisasi, capaian, kategori,
budget absorption and efficiency, for the months of the year up to the period.

The indicator definitions (target, polaritas, agregasi, method) of a period's complete units
are frozen in the workspace database by :func:`freeze_definitions`, an explicit step of
``sakip build`` and ``sakip rekap`` (never of a check or a plan), so a later edit to the PK
never silently changes an earlier period's capaian; a changed definition is reported instead.
:func:`build_rekap` itself only reads the database.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, TypedDict, cast

from pipeline.validate.capaian import (
    BELUM_JATUH_TEMPO,
    JATUH_TEMPO,
    POSISI_AKHIR,
    Agregasi,
    Capaian,
    Frekuensi,
    MetodeTurun,
    Polaritas,
    agregasi,
    agregasi_berkala,
    capaian,
    efisiensi,
    kategori,
    posisi,
    serapan,
)
from pipeline.validate.cross_sheet import UnitSheets
from pipeline.validate.period import Validation
from pipeline.workspace.config import Config
from pipeline.workspace.db import connect, has_table, read_only
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import BULAN, ROMAWI, Periode

FROZEN_KEYS = (
    "target",
    "polaritas",
    "agregasi",
    "frekuensi",
    "boleh_lebih_100",
    "satuan",
    "metode_turun",
)


class Definisi(TypedDict):
    """An indicator's definition as frozen for a period (JSON in ``sakip.db``): what its
    capaian is computed with. Values are as the workbook gave them (None where empty)."""

    target: float | list[float] | None
    """A number, or [low, high] for a range target."""
    polaritas: str | None
    agregasi: str | None
    frekuensi: str | None
    """Empty (None) is bulanan: definitions frozen before the column existed read so."""
    boleh_lebih_100: bool | None
    satuan: str | None
    metode_turun: str
    """From the workspace configuration, not the workbook."""


@dataclass
class RekapRow:
    unit: str
    unit_nama: str
    kode: str
    sasaran: str
    indikator: str
    satuan: str
    polaritas: str
    agregasi: str
    metode_turun: str
    target: float | tuple[float, float] | None
    target_tw: list[Any]
    target_sd_tw: float | tuple[float, float] | None
    realisasi_bulan: list[float | None]
    realisasi_sd_bulan: float | None
    capaian_tahunan: Capaian
    capaian_tw: Capaian
    kategori: str
    program: str
    pagu: float | None
    realisasi_anggaran: float | None
    serapan: float | None
    efisiensi: str | None
    kunci: str = ""
    """Unique within the unit: the code, or "KODE#2" for a later PK row sharing a code."""
    frekuensi: str = "bulanan"
    belum_jatuh_tempo: bool = False
    """No month due yet (a tahunan indicator before December): no realisasi, no capaian."""
    catatan_posisi: str = ""
    """Where a triwulanan, semesteran or tahunan indicator's figures stand, when that is not
    the period's month ("posisi Maret 2024 ..."), or why it has none yet; "" otherwise."""

    def __post_init__(self) -> None:
        if not self.kunci:
            self.kunci = self.kode


def basis_triwulan(triwulan: int) -> str:
    """The name of the target capaian_tw is computed against: "Target s.d. TW II", the
    quarterly targets up to the period's quarter aggregated like the indicator's realisasi."""
    return f"Target s.d. TW {ROMAWI[triwulan - 1]}"


BASIS_TAHUNAN = "Target Tahunan"


@dataclass
class Rekap:
    periode: Periode
    rows: list[RekapRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Indonesian notes for the reader (e.g. definitions frozen earlier that differ now)."""
    held_back: dict[str, str] = field(default_factory=dict)
    """Unit code -> why it is not in the recap."""
    disahkan: bool = False
    """The Kepala Dinas's approval of the recap (SOP Pengumpulan Data Kinerja) is recorded:
    until then every figure is labelled provisional ("sementara")."""

    def units(self) -> list[str]:
        return list(dict.fromkeys(r.unit for r in self.rows))


NO_WORKBOOK = "tidak menyerahkan buku kerja"
WITH_GALAT = "buku kerjanya masih memuat galat"
DUPLICATE = "lebih dari satu buku kerja menyatakan milik unit ini"
"""The three reasons a unit is held back, as every held unit's reason begins."""


def held_units(validation: Validation, force: bool = False) -> dict[str, str]:
    """Unit code -> why the unit is left out of the recap and of every document this period
    (in config order): it sent no workbook, it sent two or more (always: none is picked), or
    its workbook still has galat (unless ``force``). One rule for the recap and the documents;
    each names what it leaves out."""
    periode = validation.periode
    report = {u.code: u for u in validation.report.units}
    held = {}
    for unit in validation.config.unit:
        status = report.get(unit.kode)
        files = validation.duplicates.get(unit.kode)
        if files:  # even with force: which file holds the unit's data is not for sakip to pick
            held[unit.kode] = (
                f"{DUPLICATE} ({', '.join(files)}); tidak ada yang dipilih, sisakan satu berkas"
            )
        elif unit.kode not in validation.units:
            held[unit.kode] = f"{NO_WORKBOOK} periode {periode.nama}"
        elif status is not None and status.status != "lengkap" and not force:
            held[unit.kode] = (
                f"{WITH_GALAT} ({status.errors} galat menurut Laporan Kepatuhan {periode.nama})"
            )
    return held


def build_rekap(workspace: Workspace, validation: Validation, force: bool = False) -> Rekap:
    """Recap every unit that may get documents (:func:`held_units`); the others are named in
    ``held_back``. With ``force`` (``sakip build --force``) units with galat are recapped
    too, as their documents are made."""
    periode = validation.periode
    rekap = Rekap(periode)
    rekap.held_back.update(held_units(validation, force))
    # The definitions frozen for the period are only read here (see freeze_definitions).
    stored = frozen_definitions(workspace, periode)
    for unit in validation.config.unit:
        sheets = validation.units.get(unit.kode)
        if sheets is None or unit.kode in rekap.held_back:
            continue
        definitions = _with_frozen(
            periode,
            unit.kode,
            _definitions(sheets, validation.config),
            stored.get(unit.kode, {}),
            rekap.notes,
        )
        rows = _unit_rows(sheets, definitions, periode, validation.config)
        rekap.notes.extend(_shared_codes(unit.kode, rows))
        rekap.rows.extend(rows)
    return rekap


def freeze_definitions(workspace: Workspace, validation: Validation) -> int:
    """Freeze the indicator definitions of the period's complete units that have none frozen
    yet; returns how many were frozen. A definition once frozen is never changed."""
    statuses = {u.code: u.status for u in validation.report.units}
    now = dt.datetime.now().isoformat(timespec="seconds")
    rows = [
        (str(validation.periode), unit.kode, key, json.dumps(definition, sort_keys=True), now)
        for unit in validation.config.unit
        if unit.kode in validation.units and statuses.get(unit.kode) == "lengkap"
        for key, definition in _definitions(validation.units[unit.kode], validation.config).items()
    ]
    with connect(workspace) as conn:
        before = conn.total_changes
        conn.executemany("INSERT OR IGNORE INTO definisi_indikator VALUES (?, ?, ?, ?, ?)", rows)
        return conn.total_changes - before


def frozen_definitions(workspace: Workspace, periode: Periode) -> dict[str, dict[str, Definisi]]:
    """Unit code -> indicator key -> the definition frozen for ``periode``."""
    out: dict[str, dict[str, Definisi]] = {}
    with read_only(workspace) as conn:
        if conn is None or not has_table(conn, "definisi_indikator"):
            return out
        for unit, kode, text in conn.execute(
            "SELECT unit, kode, definisi FROM definisi_indikator WHERE periode = ?",
            (str(periode),),
        ):
            out.setdefault(unit, {})[kode] = _stored(json.loads(text))
    return out


def _stored(raw: dict[str, Any]) -> Definisi:
    """A definition as read back; a key an older sakip did not store reads as empty."""
    return Definisi(
        target=raw.get("target"),
        polaritas=raw.get("polaritas"),
        agregasi=raw.get("agregasi"),
        frekuensi=raw.get("frekuensi"),
        boleh_lebih_100=raw.get("boleh_lebih_100"),
        satuan=raw.get("satuan"),
        metode_turun=raw.get("metode_turun") or "2t-r",
    )


def _shared_codes(unit: str, rows: list[RekapRow]) -> list[str]:
    """A note per code the unit's PK gives to several indicators: never merged, but named."""
    by_code: dict[str, list[str]] = {}
    for row in rows:
        by_code.setdefault(row.kode, []).append(row.indikator)
    return [
        f"Unit {unit}: kode {code} dipakai oleh {len(names)} indikator ("
        + "; ".join(names)
        + "); masing-masing direkap sebagai baris tersendiri sampai kodenya diperbaiki."
        for code, names in by_code.items()
        if len(names) > 1
    ]


def _definitions(sheets: UnitSheets, config: Config) -> dict[str, Definisi]:
    out = {}
    for key, row in sheets.indicator_rows().items():
        target = row.get("target")
        out[key] = Definisi(
            target=list(target) if isinstance(target, tuple) else target,
            polaritas=row.get("polaritas"),
            agregasi=row.get("agregasi"),
            frekuensi=row.get("frekuensi"),
            boleh_lebih_100=row.get("boleh_lebih_100"),
            satuan=row.get("satuan"),
            metode_turun=config.capaian.metode_turun,
        )
    return out


def _with_frozen(
    periode: Periode,
    unit: str,
    current: dict[str, Definisi],
    stored: dict[str, Definisi],
    notes: list[str],
) -> dict[str, Definisi]:
    """The unit's definitions, each replaced by its frozen one where that exists; a frozen
    definition that differs from today's is noted for the reader."""
    result = dict(current)
    for code, definition in current.items():
        old = stored.get(code)
        if old is None:
            continue
        if old != definition:
            changed = ", ".join(k for k in FROZEN_KEYS if old.get(k) != definition.get(k))
            notes.append(
                f"Unit {unit}, indikator {code}: {changed} berubah sejak periode {periode.nama} "
                "dibekukan; capaian periode ini tetap dihitung dengan definisi yang dibekukan."
            )
        result[code] = old
    return result


def _unit_rows(
    sheets: UnitSheets, definitions: dict[str, Definisi], periode: Periode, config: Config
) -> list[RekapRow]:
    monthly = _monthly_values(sheets, "realisasi", periode)
    spent = _monthly_values(sheets, "anggaran", periode)
    rak: dict[str, Any] = {}
    for key, plan in sheets.assign("rak"):
        rak.setdefault(key, plan)
    skala = [(k.batas_bawah, k.kategori) for k in config.capaian.skala]
    rows = []
    for key, pk in sheets.indicator_rows().items():
        d = definitions[key]
        target = _target(d["target"])
        # Values were checked against the layout's choices when the workbook was read.
        cara = cast(Agregasi, d["agregasi"] or "jumlah")
        polaritas: Polaritas = "turun" if d["polaritas"] == "turun" else "naik"
        metode: MetodeTurun = "t/r" if d["metode_turun"] == "t/r" else "2t-r"
        frekuensi = cast(Frekuensi, d.get("frekuensi") or "bulanan")
        months = monthly.get(key, [None] * 12)[: periode.bulan]
        tw = [_target(rak.get(key, {}).get(f"target_tw{i}")) for i in range(1, 5)]
        # An indicator not due this month stands at its last due month, against the target
        # up to that month's quarter; before its first due month it has no figures at all.
        at = posisi(frekuensi, periode.bulan)
        note = catatan_posisi(frekuensi, at, periode)
        if at is None:
            to_date, tw_to_date = None, None
            c_year = c_tw = Capaian(None, "belum_jatuh_tempo", note)
        else:
            to_date = agregasi_berkala(months[:at], cara, polaritas, frekuensi)
            tw_to_date = target_to_date(tw, (at + 2) // 3, cara)
            c_year = _noted(capaian(target, to_date, polaritas, metode), note)
            c_tw = _noted(capaian(tw_to_date, to_date, polaritas, metode), note)
        pagu = pk.get("anggaran")
        budget = spent.get(key)
        spent_to_date = sum(v for v in budget[: periode.bulan] if v is not None) if budget else None
        absorption = serapan(spent_to_date, pagu)
        rows.append(
            RekapRow(
                sheets.unit.kode,
                sheets.unit.nama,
                pk["kode"],
                pk.get("sasaran") or "",
                pk.get("indikator") or "",
                d["satuan"] or "",
                polaritas,
                cara,
                metode,
                target,
                tw,
                tw_to_date,
                months,
                to_date,
                c_year,
                c_tw,
                BELUM_JATUH_TEMPO if at is None else kategori(c_tw.nilai, skala),
                pk.get("program") or "",
                pagu,
                spent_to_date,
                absorption,
                efisiensi(c_year.nilai, absorption, config.capaian.ambang_efisiensi),
                kunci=key,
                frekuensi=frekuensi,
                belum_jatuh_tempo=at is None,
                catatan_posisi=note,
            )
        )
    return rows


def catatan_posisi(frekuensi: Frekuensi, at: int | None, periode: Periode) -> str:
    """What a reader of the period's documents must know about an indicator that is not
    measured every month: where its figures stand, or that none is due yet; "" when the
    period's month is itself due."""
    if at == periode.bulan:
        return ""
    due = JATUH_TEMPO[frekuensi]
    tahun = periode.tahun
    if at is None:
        return (
            f"Indikator {frekuensi}: belum jatuh tempo; realisasi pertama dilaporkan "
            f"{BULAN[due[0] - 1]} {tahun}."
        )
    later = next((m for m in due if m > at), None)
    then = f"; jatuh tempo berikutnya {BULAN[later - 1]} {tahun}" if later else ""
    return (
        f"Indikator {frekuensi}: posisi {BULAN[at - 1]} {tahun}, terhadap target s.d. TW "
        f"{ROMAWI[(at + 2) // 3 - 1]}{then}."
    )


def _noted(result: Capaian, note: str) -> Capaian:
    if not note:
        return result
    return Capaian(result.nilai, result.status, " ".join(filter(None, [note, result.catatan])))


def _target(value: Any) -> float | tuple[float, float] | None:
    if isinstance(value, list | tuple):
        return (float(value[0]), float(value[1]))
    return float(value) if isinstance(value, int | float) else None


def target_to_date(
    tw: list[float | tuple[float, float] | None], quarter: int, cara: Agregasi
) -> float | tuple[float, float] | None:
    """The target up to the current quarter, aggregated like the indicator's realisasi; for
    a position (terakhir, the trends, terbaik) the current quarter's own target."""
    current = tw[:quarter]
    last = current[-1]
    if cara in POSISI_AKHIR:
        return last
    if any(isinstance(t, tuple) for t in current):
        return last if isinstance(last, tuple) else None
    return agregasi([t for t in current if not isinstance(t, tuple)], cara)


def _monthly_values(
    sheets: UnitSheets, sheet: str, periode: Periode
) -> dict[str, list[float | None]]:
    """Monthly values by indicator key (see UnitSheets.assign); the first row of a month wins
    (a second is reported by validation)."""
    out: dict[str, list[float | None]] = {}
    last = periode.bulan
    # Every typed row holds every column key of its sheet (None when absent).
    for key, row in sheets.assign(sheet):
        month = row["bulan"]
        if month is None or month > last:
            continue
        values = out.get(key)
        if values is None:
            values = out[key] = [None] * 12
        if values[month - 1] is None:
            values[month - 1] = row["realisasi"]
    return out
