"""The data model the document templates are rendered with: one context class per template.

Each template under ``templates/`` names its context class in ``sop_specs/dokumen/dokumen.yaml``
(the builder that makes it says so too: :mod:`pipeline.documents.kinds`);
``sakip templates check`` compares every variable a template uses with the fields of its
context, so a typo in a template is found before a build, not in the middle of one. Values are
plain: numbers stay numbers (the Jinja filters format them), dates stay dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Instansi:
    pemerintah: str
    nama: str
    alamat: str
    kota: str
    telepon: str
    laman: str
    surel: str


@dataclass(frozen=True)
class Orang:
    """A person on a document: a signatory, a party of a PK, a pegawai of an IKI."""

    nama: str
    nip: str
    pangkat: str
    jabatan: str
    """The jabatan as printed, with "Plt."/"Plh." before it for acting officials."""
    unit: str = ""


@dataclass(frozen=True)
class Indikator:
    """One indicator of a unit's PK, with its plan and (for measurement) its results."""

    no: int
    kode: str
    sasaran: str
    indikator: str
    satuan: str
    target: Any
    """A number, or a (low, high) tuple for a range target; print with ``|angka``."""
    polaritas: str
    program: str
    anggaran: float | None
    target_tw: list[Any]
    """Four quarterly targets (RAK)."""
    rencana_aksi: list[str]
    """Four quarterly action plans (RAK)."""
    penanggung_jawab: str
    realisasi: float | None = None
    """Realisasi up to the period, aggregated by the indicator's rule."""
    realisasi_tw: list[float | None] = field(default_factory=list)
    capaian: float | None = None
    target_capaian: Any = None
    """The target ``capaian`` was computed against: print it beside the capaian."""
    basis: str = ""
    """The name of that target: "Target s.d. TW II" or "Target Tahunan"."""
    capaian_catatan: str = ""
    kategori: str = ""
    realisasi_anggaran: float | None = None
    serapan: float | None = None
    efisiensi: str = ""
    iku: bool = False
    """Marked "IKU Dinas" in the PK sheet: an indicator of the office (the Kepala Dinas's PK)."""
    keterangan: str = ""
    """The PK row's Keterangan, as the unit wrote it ("" when empty)."""
    unit: str = ""
    """The name of the unit whose PK holds the indicator: the office's tables group their rows
    under it, since two units may name an indicator alike."""


@dataclass(frozen=True)
class Program:
    no: int
    program: str
    anggaran: float | None
    keterangan: str


@dataclass(frozen=True)
class IkiBaris:
    no: int
    kinerja: str
    indikator: str
    formulasi: str
    sumber_data: str
    satuan: str
    target: Any
    kode_pk: str
    realisasi: float | None = None
    capaian: float | None = None
    kategori: str = ""
    target_capaian: Any = None
    """The target to date ``capaian`` was computed against (see LkiContext.basis)."""
    catatan: str = ""
    """Why there is no capaian, or how its target was derived."""


@dataclass(frozen=True)
class Sebaran:
    """How many indicators fall in one category, listed in the order of the configured scale."""

    kategori: str
    jumlah: int


@dataclass(frozen=True)
class UnitDitahan:
    """A unit a compilation leaves out this period, named in it with the reason."""

    kode: str
    nama: str
    alasan: str
    """Why: "tidak menyerahkan buku kerja ...", "buku kerjanya masih memuat 10 galat ..."."""


@dataclass(frozen=True)
class Surat:
    """The parts every letter shares."""

    nomor: str
    tanggal: dt.date
    sifat: str
    lampiran: str
    hal: str
    tujuan: list[str]
    """Addressees, each printed after "Yth."."""
    tempat_tujuan: str
    penandatangan: Orang
    tembusan: list[str]


@dataclass(frozen=True, kw_only=True)
class Dasar:
    """Fields every template receives."""

    instansi: Instansi
    tahun: int
    periode: str
    """The period as people say it: "Maret 2024"."""
    triwulan: int
    tempat: str
    tanggal: dt.date
    sop: str
    """Title of the SOP the document is an output of."""
    langkah: int
    """Number of the SOP step whose output the document is."""
    logo: Any = None
    """The office's logo for the kop surat (a docxtpl InlineImage), or None."""
    draft: bool = False
    """The SOP's approval step is not recorded yet: compilations are marked DRAFT."""
    kode_verifikasi: str = ""
    """The verification code as printed ("XXXX-XXXX-X"), in the footer of every page. Set by
    the build when it renders (derived from the document's path and fingerprint, which is
    computed with this field empty): an archive check, not an electronic signature."""
    qr_verifikasi: Any = None
    """The QR code carrying ``kode_verifikasi`` (a Gambar), beside it."""


@dataclass(frozen=True, kw_only=True)
class SuratPerihalContext(Dasar):
    surat: Surat
    kegiatan: str
    """What the letter is about: "Pengumpulan Data Kinerja", "Penyusunan Perjanjian Kinerja"."""
    batas_waktu: dt.date
    units: list[str]


@dataclass(frozen=True, kw_only=True)
class SuratUndanganContext(Dasar):
    surat: Surat
    acara: str
    hari_tanggal: dt.date
    waktu: str
    lokasi: str


@dataclass(frozen=True, kw_only=True)
class SuratPengantarContext(Dasar):
    surat: Surat
    dokumen: list[str]
    """Documents sent, one per row of the letter's table."""


@dataclass(frozen=True, kw_only=True)
class SuratPerintahTugasContext(Dasar):
    nomor: str
    dasar: list[str]
    petugas: list[Orang]
    untuk: list[str]
    penandatangan: Orang


@dataclass(frozen=True, kw_only=True)
class SkTimContext(Dasar):
    nomor: str
    tentang: str
    menimbang: list[str]
    mengingat: list[str]
    anggota: list[tuple[str, Orang]]
    """(kedudukan dalam tim, orang) pairs: Pengarah, Ketua, Sekretaris, Anggota."""
    penandatangan: Orang
    tahun_anggaran: int
    """The budget year that bears the team's costs: the year the SK is signed in (2025 for
    the team of the LKjIP 2024)."""


@dataclass(frozen=True, kw_only=True)
class RapatContext(Dasar):
    """Daftar hadir and notulensi of a meeting."""

    acara: str
    hari_tanggal: dt.date
    waktu: str
    lokasi: str
    peserta: list[Orang]
    pimpinan: Orang


@dataclass(frozen=True, kw_only=True)
class PerjanjianKinerjaContext(Dasar):
    unit: str
    pihak_pertama: Orang
    """The official who promises (the unit's head)."""
    pihak_kedua: Orang
    """The superior: the Gubernur for the Kepala Dinas, the Kepala Dinas for unit heads."""
    indikator: list[Indikator]
    program: list[Program]
    total_anggaran: float
    kolom_sasaran: str = "Sasaran Strategis"
    """The tier's name of its goals: Sasaran Strategis (Kepala Dinas), Sasaran Program (head
    of a unit), Sasaran Kegiatan (eselon IV)."""
    ditahan: list[UnitDitahan] = field(default_factory=list)
    """Units left out of this compilation (no workbook, or galat), each named in it."""


@dataclass(frozen=True, kw_only=True)
class DokumenPkContext(Dasar):
    perjanjian: list[PerjanjianKinerjaContext]
    penandatangan: Orang
    ditahan: list[UnitDitahan] = field(default_factory=list)
    """Units left out of this compilation (no workbook, or galat), each named in it."""


@dataclass(frozen=True, kw_only=True)
class RencanaAksiContext(Dasar):
    unit: str
    kepala: Orang
    indikator: list[Indikator]
    total_anggaran: float


@dataclass(frozen=True, kw_only=True)
class DokumenRakContext(Dasar):
    rencana: list[RencanaAksiContext]
    penandatangan: Orang
    ditahan: list[UnitDitahan] = field(default_factory=list)
    """Units left out of this compilation (no workbook, or galat), each named in it."""


@dataclass(frozen=True, kw_only=True)
class IkiContext(Dasar):
    unit: str
    pegawai: Orang
    atasan: Orang
    tugas: str
    fungsi: list[str]
    baris: list[IkiBaris]


@dataclass(frozen=True, kw_only=True)
class DokumenIkiContext(Dasar):
    iki: list[IkiContext]
    penandatangan: Orang
    ditahan: list[UnitDitahan] = field(default_factory=list)
    """Units left out of this compilation (no workbook, or galat), each named in it."""


@dataclass(frozen=True, kw_only=True)
class PengukuranContext(Dasar):
    unit: str
    kepala: Orang
    indikator: list[Indikator]
    basis: str
    """The name of the target every capaian of the form is computed against."""
    sebaran: list[Sebaran]


@dataclass(frozen=True, kw_only=True)
class DokumenPengukuranContext(Dasar):
    pengukuran: list[PengukuranContext]
    penandatangan: Orang
    ditahan: list[UnitDitahan] = field(default_factory=list)
    """Units left out of this compilation (no workbook, or galat), each named in it."""


@dataclass(frozen=True, kw_only=True)
class LkiContext(Dasar):
    unit: str
    pegawai: Orang
    atasan: Orang
    baris: list[IkiBaris]
    basis: str
    """The name of the target to date each row's capaian is computed against."""


@dataclass(frozen=True, kw_only=True)
class RekapLkiContext(Dasar):
    laporan: list[LkiContext]
    penandatangan: Orang
    basis: str
    ditahan: list[UnitDitahan] = field(default_factory=list)
    """Units left out of this compilation (no workbook, or galat), each named in it."""


@dataclass(frozen=True)
class TahunLalu:
    tahun: int
    realisasi: float | None
    capaian: float | None


@dataclass(frozen=True, kw_only=True)
class LkjipContext(Dasar):
    kepala_dinas: Orang
    indikator: list[Indikator]
    """Indicators of the whole office (every unit's PK)."""
    pembanding: dict[str, list[TahunLalu]]
    """Indicator code -> earlier years' results, where the workspace has them."""
    target_renstra: dict[str, Any]
    """Indicator code -> the Renstra's medium-term target, where the workspace has it."""
    total_anggaran: float
    total_realisasi_anggaran: float
    grafik: Any
    """A chart image (docxtpl InlineImage) of capaian per indicator, or None."""
    basis: str
    """The name of the target the capaian of ``indikator`` are computed against."""
    sebaran: list[Sebaran]
    """Categories of ``indikator`` in the order of the scale, each with its count."""
    perjanjian: list[PerjanjianKinerjaContext]
    pengukuran: list[PengukuranContext]
    iku: list[Indikator] = field(default_factory=list)
    """The indicators the PK sheets mark "IKU Dinas", listed in the Ikhtisar Eksekutif; empty
    when none is marked (the Ikhtisar then lists every indicator)."""
    ditahan: list[UnitDitahan] = field(default_factory=list)
    """Units left out of this compilation (no workbook, or galat), each named in it."""
    akhir_tahun: bool = False
    """The LKjIP of an ended year (from its December data), not a draft of the year to
    date: no "Draft s.d." on its cover and in its footer."""


@dataclass(frozen=True)
class BagianDiperiksa:
    """One required part of a checked document, as its checklist lists it."""

    no: int
    nama: str
    hasil: str
    """"Ada", "Belum lengkap" (placeholders left in it) or "Tidak ada"."""
    keterangan: str


@dataclass(frozen=True, kw_only=True)
class ChecklistKelengkapanContext(Dasar):
    """The checklist the Fungsional Umum makes of a returned draft (SOP LKjIP step 10): one
    row per required part of ``sop_specs/bagian/``, then the step's decision. Made by
    ``sakip check --checklist``, not by a build."""

    judul: str
    """The title as printed: "CHECKLIST KELENGKAPAN RANCANGAN LKjIP"."""
    dokumen: str
    """What was checked: "Rancangan LKjIP Tahun 2024"."""
    berkas: str
    """The returned file's name."""
    halaman: int
    kode: str
    """The verification code read from the file, or "-"."""
    arsip: str
    """The archived document the code names, or why there is none."""
    bagian: list[BagianDiperiksa]
    catatan: list[str]
    """Findings outside every part (a placeholder before the first part, a difference)."""
    lengkap: bool
    kesimpulan: str
    """The decision of the step in one sentence: forwarded, or returned naming what lacks."""
    pemeriksa: Orang
