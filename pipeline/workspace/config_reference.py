"""The reference of every ``sakip.yaml`` key (docs/sakip-yaml.md), generated from the config
schema itself so that it cannot drift: a key without a description here fails a test."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from pipeline.workspace.config import Config
from pipeline.workspace.schema import Rule

# (class, field) -> what the key means, in the office's words.
DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("Config", "instansi"): "Identitas kantor yang dicetak pada kop surat dan sampul dokumen.",
    ("Config", "tahun"): "Tahun anggaran pertama yang diolah workspace ini. Tahun yang diolah "
    "sebuah perintah ditentukan oleh --periode, bukan oleh kunci ini.",
    ("Config", "kertas"): "Ukuran kertas dokumen dan laporan: F4 (215 × 330 mm) atau A4.",
    ("Config", "pejabat"): "Pejabat yang menandatangani dokumen kantor.",
    ("Config", "unit"): "Setiap unit (sekretariat, bidang, UPT) yang mengisi buku kerja.",
    ("Config", "satuan"): "Daftar satuan indikator yang boleh dipilih di buku kerja.",
    ("Config", "capaian"): "Cara menghitung dan menggolongkan capaian.",
    ("Config", "nomor_surat"): "Pola nomor surat: kode klasifikasi arsip (Permendagri 83/2022), "
    "{urut} (nomor urut tiga angka), kode kantor dan {tahun}.",
    ("Config", "dokumen"): "Tanggal, tempat dan penerima yang dicetak pada dokumen.",
    ("Config", "jadwal"): "Kalender SOP untuk sakip langkah dan sakip status.",
    ("Instansi", "pemerintah"): "Pemerintah daerah induk, misalnya Pemerintah Provinsi ...",
    ("Instansi", "nama"): "Nama lengkap perangkat daerah.",
    ("Instansi", "alamat"): "Alamat kantor pada kop surat.",
    ("Instansi", "kota"): "Kota tempat surat ditandatangani; juga tujuan surat ke instansi lain.",
    ("Instansi", "telepon"): "Nomor telepon pada kop surat.",
    ("Instansi", "laman"): "Alamat laman pada kop surat.",
    ("Instansi", "surel"): "Alamat pos-el pada kop surat.",
    ("Instansi", "logo"): "Berkas gambar logo (PNG) di dalam workspace; kosong: tanpa logo.",
    ("PejabatInstansi", "kepala_dinas"): "Kepala perangkat daerah.",
    ("PejabatInstansi", "sekretaris"): "Sekretaris.",
    ("PejabatInstansi", "kasubbag_program"): "Kepala Sub Bagian Program, Keuangan dan Aset.",
    ("PejabatInstansi", "gubernur"): "Kepala daerah (pihak kedua PK Kepala Dinas); boleh kosong.",
    ("Pejabat", "nama"): "Nama lengkap dengan gelar, seperti dicetak pada tanda tangan.",
    ("Pejabat", "nip"): 'NIP, misalnya "19720315 199803 1 004" (ditulis dalam tanda kutip).',
    ("Pejabat", "pangkat"): "Pangkat dan golongan, misalnya Pembina (IV/a).",
    ("Pejabat", "jabatan"): "Nama jabatan.",
    ("Pejabat", "status"): '"Plt." atau "Plh." untuk pejabat pelaksana tugas atau harian; '
    "dicetak di depan jabatan pada setiap dokumen.",
    ("Pejabat", "instansi_asal"): "Instansi asal pejabat Plt./Plh. dari kantor lain.",
    ("Pejabat", "tugas"): "Tugas pokok jabatan, dicetak pada IKI.",
    ("Pejabat", "fungsi"): "Fungsi jabatan, dicetak pada IKI.",
    ("Pegawai", "jenis"): "struktural, fungsional atau pelaksana; IKI pejabat struktural harus "
    "mengacu pada indikator PK.",
    ("Unit", "kode"): "Kode unit, huruf besar, unik (misalnya SEK, BID-1, UPT).",
    ("Unit", "nama"): "Nama unit.",
    ("Unit", "jenis"): "sekretariat, bidang atau upt.",
    ("Unit", "kepala"): "Kepala unit (pihak pertama PK unit).",
    ("Unit", "pegawai"): "Pegawai unit yang mendapat IKI dan LKI.",
    ("SetelanCapaian", "metode_turun"): "Rumus polaritas turun: 2t-r = (2 × target − "
    "realisasi) / target × 100, t/r = target / realisasi × 100.",
    ("SetelanCapaian", "ambang_efisiensi"): "Selisih capaian kinerja dan serapan anggaran "
    "(poin) untuk kategori efisiensi.",
    ("SetelanCapaian", "skala"): "Kategori capaian dari batas bawah tertinggi; bawaan "
    "Permendagri 86/2017.",
    ("Kategori", "batas_bawah"): "Capaian paling rendah (persen) untuk kategori ini.",
    ("Kategori", "kategori"): "Nama kategori, misalnya Sangat Tinggi.",
    ("SetelanDokumen", "tanggal_penetapan_pk"): "Tanggal PK, RAK dan IKI satu tahun; build "
    "periode tahun lain menolaknya (ganti setiap tahun). Kosong: tanggal langkah SOP PK yang "
    "mengesahkannya.",
    ("SetelanDokumen", "tempat_rapat"): "Tempat rapat pada undangan, daftar hadir, notulensi.",
    ("SetelanDokumen", "waktu_rapat"): "Waktu rapat, dengan zona waktu (WIB, WITA, WIT).",
    ("SetelanDokumen", "penerima_pengantar"): "Tujuan surat pengantar kepada Perangkat Daerah "
    "terkait (Bappeda, Biro Organisasi).",
    ("SetelanDokumen", "target_renstra"): "Kode indikator → target Renstra, untuk LKjIP.",
    ("SetelanDokumen", "riwayat"): "Kode indikator → hasil tahun-tahun sebelumnya, untuk LKjIP.",
    ("TahunLalu", "tahun"): "Tahun.",
    ("TahunLalu", "realisasi"): "Realisasi tahun itu.",
    ("TahunLalu", "capaian"): "Capaian tahun itu (persen).",
    ("SetelanJadwal", "tanggal_dpa"): "Tanggal DPA disahkan: jangkar SOP PK, RAK dan IKI "
    "tahun itu; kosong, atau untuk tahun lain: 2 Januari tahun periode.",
    ("SetelanJadwal", "jam_kerja"): "Jam kerja sehari (1–24), untuk merencanakan langkah SOP.",
    ("SetelanJadwal", "libur_kantor"): "Hari libur kantor sendiri, di luar libur nasional "
    "dan cuti bersama.",
    ("SetelanJadwal", "batas_bulan"): "ID SOP → batas waktu peraturan dalam bulan sesudah "
    "jangkarnya (bawaan: PK 1, LKjIP 3).",
    ("LiburKantor", "tanggal"): "Tanggal libur (TTTT-BB-HH).",
    ("LiburKantor", "keterangan"): "Nama hari libur.",
}

# A part used in several places is titled by all of them.
TITLES = {
    "Pejabat": "pejabat.kepala_dinas, pejabat.sekretaris, pejabat.kasubbag_program, "
    "pejabat.gubernur, unit.kepala",
}

HEADER = """# Referensi `sakip.yaml`

Berkas ini dibuat dari skema pengaturan sakip (`pipeline/workspace/config_reference.py`);
jangan disunting dengan tangan. Kolom "Wajib" berisi "ya" untuk kunci yang harus diisi;
kunci lain memakai nilai bawaannya bila tidak ditulis.
"""


def config_reference() -> str:
    """docs/sakip-yaml.md: a table per part of the config, in the order the schema holds."""
    sections: list[str] = [HEADER]
    for path, cls in _parts(Config, "sakip.yaml"):
        title = TITLES.get(cls.__name__, path)
        sections.append(f"\n## `{title}`\n\n| Kunci | Jenis | Wajib / bawaan | Keterangan |")
        sections.append("|---|---|---|---|")
        hints = typing.get_type_hints(cls, include_extras=True)
        for f in dataclasses.fields(cls):
            text = DESCRIPTIONS[(_owner(cls, f.name), f.name)]
            sections.append(f"| `{f.name}` | {_kind(hints[f.name])} | {_default(f)} | {text} |")
    return "\n".join(sections) + "\n"


def _owner(cls: type, name: str) -> str:
    """The class that declares ``name`` (Pegawai inherits Pejabat's fields)."""
    for base in cls.__mro__:
        if name in getattr(base, "__annotations__", {}):
            return base.__name__
    return cls.__name__


def _parts(
    cls: type, path: str, found: list[tuple[str, type]] | None = None
) -> list[tuple[str, type]]:
    """Each part of the config once, depth first, with the key path where it first appears."""
    found = [] if found is None else found
    found.append((path, cls))
    hints = typing.get_type_hints(cls, include_extras=True)
    for f in dataclasses.fields(cls):
        inner = _dataclass_in(hints[f.name])
        if inner is not None and all(c is not inner for _, c in found):
            _parts(inner, f"{path}.{f.name}" if path != "sakip.yaml" else f.name, found)
    return found


def _dataclass_in(tp: Any) -> type | None:
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return tp
    for arg in typing.get_args(tp):
        if isinstance(arg, Rule):
            continue
        found = _dataclass_in(arg)
        if found is not None:
            return found
    return None


def _kind(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *rules = typing.get_args(tp)
        choices = [c for r in rules if isinstance(r, Rule) for c in r.choices]
        return " atau ".join(f"`{c}`" for c in choices) if choices else _kind(base)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _kind(args[0]) + " (boleh kosong)"
    if origin is list:
        return "daftar " + _kind(typing.get_args(tp)[0])
    if origin is dict:
        return "pemetaan kode → " + _kind(typing.get_args(tp)[1])
    if dataclasses.is_dataclass(tp):
        return "bagian (lihat di bawah)"
    names = {str: "teks", int: "bilangan bulat", float: "angka", bool: "ya/tidak"}
    return names.get(tp, "tanggal" if getattr(tp, "__name__", "") == "date" else str(tp))


def _default(f: dataclasses.Field[Any]) -> str:
    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
        return "ya"
    factory = f.default_factory
    value = f.default if f.default is not dataclasses.MISSING else factory()  # type: ignore[operator]
    if value in ("", None, [], {}):
        return "kosong"
    if dataclasses.is_dataclass(value):
        return "lihat di bawah"
    if isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
        return "Permendagri 86/2017"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return f"`{value}`"
