"""People and dates as documents print them."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from pipeline.documents.model import Instansi, Orang
from pipeline.workspace.config import Config, Pejabat, Unit
from pipeline.workspace.periode import Periode


def orang(person: Pejabat, unit: str = "") -> Orang:
    """An official with "Plt."/"Plh." before the jabatan when acting, from another office too."""
    jabatan = person.jabatan_lengkap
    if person.instansi_asal:
        jabatan = f"{jabatan} (dari {person.instansi_asal})"
    return Orang(person.nama, person.nip, person.pangkat, jabatan, unit)


def instansi(config: Config) -> Instansi:
    i = config.instansi
    return Instansi(i.pemerintah, i.nama, i.alamat, i.kota, i.telepon, i.laman, i.surel)


@lru_cache(maxsize=8192)
def nip_key(text: object) -> str:
    return re.sub(r"\D", "", str(text or ""))


def people_of(unit: Unit) -> list[Pejabat]:
    return [unit.kepala, *unit.pegawai]


def document_date(config: Config, periode: Periode, frekuensi: str) -> dt.date:
    """Annual documents carry the PK's date; the others the last day of the period's month."""
    if frekuensi == "tahunan":
        fixed = config.dokumen.tanggal_penetapan_pk
        return (
            fixed
            if fixed is not None and fixed.year == periode.tahun
            else dt.date(periode.tahun, 1, 2)
        )
    last = calendar.monthrange(periode.tahun, periode.bulan)[1]
    return dt.date(periode.tahun, periode.bulan, last)


def working_day_after(day: dt.date, days: int) -> dt.date:
    """``days`` calendar days later, moved forward off a weekend."""
    result = day + dt.timedelta(days=days)
    while result.weekday() >= 5:
        result += dt.timedelta(days=1)
    return result
