"""What every context builder works with: the build environment, the subject of a document,
the fields every context shares (:func:`base`) and a few helpers the builders have in common.

Kept apart from :mod:`pipeline.documents.contexts` so the builder modules
(:mod:`~pipeline.documents.letters`, :mod:`~pipeline.documents.performance`) can use it while
``contexts`` re-exports them, with no import cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pipeline.documents import model as m
from pipeline.documents.people import document_date, instansi, orang, working_day_after
from pipeline.documents.registry import DokumenSpec
from pipeline.process.dates import ProcessDates
from pipeline.rekap.recap import DUPLICATE, NO_WORKBOOK, WITH_GALAT, Rekap, RekapRow
from pipeline.sop.model import Sop
from pipeline.validate.cross_sheet import UnitSheets
from pipeline.workspace.config import Config, Pejabat, TahunLalu, Unit
from pipeline.workspace.periode import Periode

T = TypeVar("T")

LetterNumber = Callable[[str, dt.date], str]
"""(identity, the day the letter is signed) -> its number: the register of the year it is
signed in gives it, so a letter of December's data signed on 2 January takes a number of the
new year."""


@dataclass(frozen=True)
class Subject:
    unit: Unit | None = None
    person: Pejabat | None = None

    @property
    def key(self) -> str:
        if self.person is not None:
            return f"{self.unit.kode if self.unit else ''}|{self.person.nip or self.person.nama}"
        return self.unit.kode if self.unit else "instansi"


@dataclass
class BuildEnv:
    config: Config
    periode: Periode
    sops: dict[str, Sop]
    units: dict[str, UnitSheets]
    """Units whose documents are made (complete, or all with --force)."""
    rekap: Rekap
    letter_number: LetterNumber
    registry: list[DokumenSpec] = field(default_factory=list)
    logo: Any = None
    held: dict[str, str] = field(default_factory=dict)
    """Units that get no documents this period -> why; the compilations name them."""
    riwayat: dict[str, list[TahunLalu]] | None = None
    """Indicator code -> its earlier years (the workspace's own, then sakip.yaml's); None: only
    sakip.yaml's ``dokumen.riwayat``."""
    process: ProcessDates | None = None
    """The dates of the period's SOP instances: letters are dated by the step that signs
    them; documents made before their SOP's approval step is recorded are drafts."""
    _by_unit: dict[str, dict[str, RekapRow]] = field(default_factory=dict)
    _memo: dict[Any, Any] = field(default_factory=dict)

    def cached(self, key: Any, make: Callable[[], T]) -> T:
        """``make()``'s value, computed once per build: a unit's indicator rows go into its
        own PK, RAK and pengukuran and into every compilation of the office."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]  # type: ignore[no-any-return]

    def rekap_of(self, unit: str) -> dict[str, RekapRow]:
        """The unit's recap rows by key: the code, "KODE#2" for a second row sharing it."""
        if not self._by_unit:
            for row in self.rekap.rows:
                self._by_unit.setdefault(row.unit, {})[row.kunci] = row
        return self._by_unit.get(unit, {})

    def ordered_units(self) -> list[Unit]:
        return [u for u in self.config.unit if u.kode in self.units]


def signed_on(spec: DokumenSpec, env: BuildEnv) -> dt.date:
    """The date a document carries: the day of the SOP step at which it is signed, as recorded,
    or planned on a working day until then; the PK, RAK and IKI take the configured
    ``tanggal_penetapan_pk`` of their year when there is one. Never a weekend or a holiday."""
    fixed = env.config.dokumen.tanggal_penetapan_pk
    annual = spec.frekuensi == "tahunan" and not spec.nomor_surat
    if annual and fixed is not None and fixed.year == env.periode.tahun:
        return fixed
    if env.process is not None:
        signed = env.process.signing_date(spec.sop, spec.langkah)
        if signed is not None:
            return signed
    return working_day_after(document_date(env.config, env.periode, spec.frekuensi), 0)


def base(spec: DokumenSpec, env: BuildEnv) -> dict[str, Any]:
    # An annual document is the same whichever month of the year builds it: no month in it.
    annual = spec.frekuensi == "tahunan"
    return {
        "instansi": instansi(env.config),
        "tahun": env.periode.tahun,
        "periode": f"Tahun {env.periode.tahun}" if annual else env.periode.nama,
        "triwulan": 4 if annual else env.periode.triwulan,
        "tempat": env.config.instansi.kota,
        "tanggal": signed_on(spec, env),
        "draft": env.process is not None and not env.process.is_approved(spec.sop),
        "sop": env.sops[spec.sop].judul,
        "langkah": spec.langkah,
        "logo": env.logo,
    }


def ditahan(env: BuildEnv, spec: DokumenSpec) -> list[m.UnitDitahan]:
    """The units a compilation of ``env`` leaves out, in config order, with the reason. An
    annual document gives the reason without the month's figures, so it stays the same
    document while the same units are held back."""

    names = {u.kode: u.nama for u in env.config.unit}
    out = []
    for kode, why in env.held.items():
        if spec.frekuensi == "tahunan":
            why = next(
                (kept for kept in (NO_WORKBOOK, DUPLICATE) if why.startswith(kept)),
                f"{WITH_GALAT} (lihat laporan kepatuhan)",
            )
        out.append(m.UnitDitahan(kode, names.get(kode, kode), why))
    return out


def kepala_dinas(env: BuildEnv) -> m.Orang:
    return orang(env.config.pejabat.kepala_dinas)


def render_title(spec: DokumenSpec, env: BuildEnv, nama: str = "") -> str:
    """The document's title from the registry, filled in for the period and ``nama``."""
    return spec.judul.format(
        tahun=env.periode.tahun,
        periode=env.periode.nama,
        triwulan=("I", "II", "III", "IV")[env.periode.triwulan - 1],
        nama=nama,
        unit=nama,
    )
