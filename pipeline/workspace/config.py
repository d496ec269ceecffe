"""The workspace config (``sakip.yaml``): the office, its officials, its units and settings."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Annotated

from pipeline.errors import WorkspaceError
from pipeline.workspace.paths import Workspace
from pipeline.workspace.schema import NONEMPTY, POSITIVE, Rule, one_of
from pipeline.workspace.yamlfile import label_of, load_checked

CONFIG_FILE = "sakip.yaml"

RequiredText = Annotated[str, NONEMPTY]
UnitCode = Annotated[
    str,
    Rule(
        pattern=r"^[A-Z][A-Z0-9-]*$",
        hint="harus berupa kode huruf besar, angka atau '-', misalnya BID-KOP",
    ),
]


@dataclass(frozen=True, kw_only=True)
class Pejabat:
    """An official as printed on documents; ``status`` marks an acting official (Plt./Plh.)."""

    nama: RequiredText
    nip: str = ""
    pangkat: str = ""
    jabatan: RequiredText
    status: Annotated[str, one_of("", "Plt.", "Plh.")] = ""
    instansi_asal: str = ""
    tugas: str = ""
    """The position's main task, printed on its IKI."""
    fungsi: list[str] = field(default_factory=list)

    @property
    def jabatan_lengkap(self) -> str:
        return f"{self.status} {self.jabatan}".strip()


@dataclass(frozen=True, kw_only=True)
class Pegawai(Pejabat):
    """A staff member who gets an IKI; structural officials' IKI must trace to a PK indicator."""

    jenis: Annotated[str, one_of("struktural", "fungsional", "pelaksana")] = "pelaksana"


@dataclass(frozen=True, kw_only=True)
class Unit:
    kode: UnitCode
    nama: RequiredText
    jenis: Annotated[str, one_of("sekretariat", "bidang", "upt")]
    kepala: Pejabat
    pegawai: list[Pegawai] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Instansi:
    pemerintah: RequiredText
    nama: RequiredText
    alamat: RequiredText
    kota: RequiredText
    telepon: str = ""
    laman: str = ""
    surel: str = ""
    logo: str = ""


@dataclass(frozen=True, kw_only=True)
class PejabatInstansi:
    kepala_dinas: Pejabat
    sekretaris: Pejabat
    kasubbag_program: Pejabat
    gubernur: Pejabat | None = None


@dataclass(frozen=True, kw_only=True)
class Kategori:
    batas_bawah: float
    kategori: RequiredText


# Permendagri 86/2017: <=50 sangat rendah, 51-65 rendah, 66-75 sedang, 76-90 tinggi, >=91.
SKALA_PERMENDAGRI_86 = (
    Kategori(batas_bawah=91, kategori="Sangat Tinggi"),
    Kategori(batas_bawah=76, kategori="Tinggi"),
    Kategori(batas_bawah=66, kategori="Sedang"),
    Kategori(batas_bawah=51, kategori="Rendah"),
    Kategori(batas_bawah=0, kategori="Sangat Rendah"),
)


@dataclass(frozen=True, kw_only=True)
class SetelanCapaian:
    metode_turun: Annotated[str, one_of("2t-r", "t/r")] = "2t-r"
    ambang_efisiensi: float = 5.0
    skala: list[Kategori] = field(default_factory=lambda: list(SKALA_PERMENDAGRI_86))


@dataclass(frozen=True, kw_only=True)
class TahunLalu:
    tahun: int
    realisasi: float | None = None
    capaian: float | None = None


@dataclass(frozen=True, kw_only=True)
class SetelanDokumen:
    """Dates and places printed on documents: fixed here, never the wall clock."""

    tanggal_penetapan_pk: dt.date | None = None
    """Date of the PK, RAK and IKI of one year (a build of another year refuses it); empty:
    the date of the PK's approval step."""
    tempat_rapat: str = "Ruang Rapat Dinas"
    waktu_rapat: str = "09.00 s.d. selesai"
    """With the office's time zone (WIB, WITA, WIT) where it matters."""
    penerima_pengantar: list[str] = field(
        default_factory=lambda: [
            "Kepala Badan Perencanaan Pembangunan Daerah",
            "Kepala Biro Organisasi Sekretariat Daerah",
        ]
    )
    target_renstra: dict[str, float] = field(default_factory=dict)
    """Indicator code -> the Renstra's medium-term target, shown in the LKjIP."""
    riwayat: dict[str, list[TahunLalu]] = field(default_factory=dict)
    """Indicator code -> earlier years' results, shown in the LKjIP."""


@dataclass(frozen=True, kw_only=True)
class LiburKantor:
    tanggal: dt.date
    keterangan: str = ""


@dataclass(frozen=True, kw_only=True)
class SetelanJadwal:
    """The SOP calendar: anchors, working hours, the office's days off and deadlines."""

    tanggal_dpa: dt.date | None = None
    """Date the DPA was approved, anchor of the PK, RAK and IKI; empty: 2 January."""
    jam_kerja: Annotated[float, POSITIVE] = 7.5
    libur_kantor: list[LiburKantor] = field(default_factory=list)
    batas_bulan: dict[str, int] = field(default_factory=dict)
    """SOP id -> the regulatory deadline in months after its anchor (overrides the spec)."""


@dataclass(frozen=True, kw_only=True)
class Config:
    instansi: Instansi
    tahun: int
    kertas: Annotated[str, one_of("F4", "A4")] = "F4"
    pejabat: PejabatInstansi
    unit: Annotated[list[Unit], NONEMPTY]
    satuan: Annotated[list[RequiredText], NONEMPTY]
    capaian: SetelanCapaian = field(default_factory=SetelanCapaian)
    nomor_surat: RequiredText = "000.9/{urut}/{tahun}"
    dokumen: SetelanDokumen = field(default_factory=lambda: SetelanDokumen())
    jadwal: SetelanJadwal = field(default_factory=lambda: SetelanJadwal())

    def unit_by_code(self, kode: str) -> Unit | None:
        return next((u for u in self.unit if u.kode == kode), None)


def load_config(workspace: Workspace) -> Config:
    path = workspace.root / CONFIG_FILE
    if not path.is_file():
        raise WorkspaceError(
            f"Berkas pengaturan '{path}' tidak ada. Buat workspace baru dengan "
            "'sakip init FOLDER', atau jalankan sakip dari folder workspace "
            "(atau pakai --workspace FOLDER)."
        )
    problems: list[str] = []
    label = label_of(path, workspace.root)
    loaded = load_checked(Config, path, label, problems)
    if loaded is not None:
        problems.extend(f"{label}: {msg}" for msg in _cross_checks(loaded[0]))
    if problems or loaded is None:
        raise WorkspaceError("\n".join(problems))
    return loaded[0]


def check_year_dates(config: Config, workspace: Workspace, tahun: int, periode: str) -> None:
    """Refuse a date set in sakip.yaml for one year when a command works on another: the
    PK's tanggal penetapan is printed on the PK, RAK and IKI of the period's year, and
    "PERJANJIAN KINERJA TAHUN 2025" dated "5 Januari 2024" must never be made."""
    fixed = config.dokumen.tanggal_penetapan_pk
    if fixed is None or fixed.year == tahun:
        return
    label = label_of(workspace.root / CONFIG_FILE, workspace.root)
    raise WorkspaceError(
        f"{label}: dokumen.tanggal_penetapan_pk {fixed.isoformat()} bukan tanggal tahun {tahun}, "
        f"padahal periode {periode} adalah tahun {tahun}. Tanggal ini dicetak pada PK, RAK dan "
        f"IKI tahun {tahun}: tulis tanggal penetapan PK tahun {tahun} (misalnya "
        f"{tahun}-01-05), atau kosongkan kunci itu agar dokumen bertanggal langkah SOP PK yang "
        "mengesahkannya."
    )


def _cross_checks(config: Config) -> Iterator[str]:
    if not 2000 <= config.tahun <= 2100:
        yield f"tahun: {config.tahun} bukan tahun yang wajar; tulis misalnya 2024."
    for code in _repeated(u.kode for u in config.unit):
        yield f"unit: kode '{code}' dipakai lebih dari satu unit; setiap unit harus unik."
    nips = (p.nip for u in config.unit for p in (u.kepala, *u.pegawai) if p.nip)
    for nip in _repeated(nips):
        yield f"unit: NIP {nip} tercatat untuk lebih dari satu orang."
    if not 1 <= config.jadwal.jam_kerja <= 24:
        hours = config.jadwal.jam_kerja
        yield f"jadwal.jam_kerja: {hours} jam sehari tidak wajar; tulis misalnya 7.5."
    if "{urut}" not in config.nomor_surat:
        yield (
            "nomor_surat: pola harus memuat {urut} (nomor urut surat), misalnya "
            "'000.9/{urut}/DINAS/{tahun}'."
        )


def _repeated(values: Iterable[str]) -> list[str]:
    """Values seen more than once, sorted. Counted in one pass: ``list.count`` per value is
    quadratic and took about 10 ms on a province's 840 NIPs."""
    return sorted(value for value, seen in Counter(values).items() if seen > 1)
