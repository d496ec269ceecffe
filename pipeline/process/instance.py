"""One run of an SOP (an instance: PK 2024, Pengumpulan Data Maret 2024, Pengukuran TW I 2024)
and the planned date of each of its steps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.process.calendar import WorkCalendar
from pipeline.process.spec import Scheduled
from pipeline.sop.model import Langkah
from pipeline.workspace.config import Config
from pipeline.workspace.periode import BULAN, Periode

ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Instance:
    sop: str
    key: str
    """Stable id in the database: "2024", "2024-03" or "2024-TW1"."""
    label: str
    """As people say it: "2024", "Maret 2024", "Triwulan I 2024"."""
    anchor: dt.date
    deadline: dt.date | None
    deadline_basis: str


def instance_for(scheduled: Scheduled, periode: Periode, config: Config) -> Instance:
    """The instance of ``scheduled`` that ``periode`` belongs to, by the SOP's cadence."""
    spec = scheduled.jadwal
    year, month = periode.tahun, periode.bulan
    if spec.siklus == "bulanan":
        key, label = f"{year:04d}-{month:02d}", f"{BULAN[month - 1]} {year}"
    elif spec.siklus == "triwulanan":
        quarter = (month - 1) // 3 + 1
        key, label = f"{year:04d}-TW{quarter}", f"Triwulan {ROMAN[quarter - 1]} {year}"
    elif spec.jangkar == "awal_tahun_berikut":
        # The LKjIP is made early in a year for the year before it.
        key = label = f"{year - 1:04d}"
    else:
        key = label = f"{year:04d}"
    anchor = _anchor(spec.jangkar, key, config)
    months = config.jadwal.batas_bulan.get(scheduled.sop.id, spec.batas.bulan if spec.batas else 0)
    deadline = _add_months(anchor, months) - dt.timedelta(days=1) if months else None
    basis = spec.batas.dasar if spec.batas else ""
    return Instance(scheduled.sop.id, key, label, anchor, deadline, basis)


def _anchor(jangkar: str, key: str, config: Config) -> dt.date:
    year = int(key[:4])
    if jangkar == "dpa":
        dpa = config.jadwal.tanggal_dpa
        return dpa if dpa is not None and dpa.year == year else dt.date(year, 1, 2)
    if jangkar == "akhir_bulan":
        return _add_months(dt.date(year, int(key[5:7]), 1), 1)
    if jangkar == "akhir_triwulan":
        quarter = int(key[-1])
        return _add_months(dt.date(year, 3 * quarter - 2, 1), 3)
    return dt.date(year + 1, 1, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, day.day)


def plan_steps(steps: list[Langkah], first: dt.date, calendar: WorkCalendar) -> dict[int, dt.date]:
    """Planned finishing day of each of ``steps``, done one after another from the start of
    working day ``first``, each taking its Mutu Baku minutes of working time."""
    planned: dict[int, dt.date] = {}
    spent = 0
    for step in steps:
        planned[step.no] = calendar.finish_day(first, spent, step.waktu_menit)
        spent += step.waktu_menit
    return planned
