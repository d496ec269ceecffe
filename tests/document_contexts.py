"""Realistic document contexts built by hand, one builder per context class of
``pipeline/documents/model.py``, with the example office of ``sakip.yaml``.

Tricky values on purpose: an ampersand in a program name, a range target (70, 75), an empty
(None) realisasi, an acting official ("Plt."), and a Gubernur without NIP or pangkat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pipeline.documents.model import (
    DokumenIkiContext,
    DokumenPengukuranContext,
    DokumenPkContext,
    DokumenRakContext,
    IkiBaris,
    IkiContext,
    Indikator,
    Instansi,
    LkiContext,
    LkjipContext,
    Orang,
    PengukuranContext,
    PerjanjianKinerjaContext,
    Program,
    RapatContext,
    RekapLkiContext,
    RencanaAksiContext,
    Sebaran,
    SkTimContext,
    Surat,
    SuratPengantarContext,
    SuratPerihalContext,
    SuratPerintahTugasContext,
    SuratUndanganContext,
    TahunLalu,
)

INSTANSI = Instansi(
    pemerintah="Pemerintah Provinsi Sulawesi Tengah",
    nama="Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Sulawesi Tengah",
    alamat="Jalan Prof. Moh. Yamin No. 45, Palu 94114",
    kota="Palu",
    telepon="(0451) 421234",
    laman="diskukm.sultengprov.go.id",
    surel="diskukm@sultengprov.go.id",
)
DINAS = "Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Sulawesi Tengah"

GUBERNUR = Orang(
    nama="Drs. H. Rusdi Mastura Lamasitudju",
    nip="",
    pangkat="",
    jabatan="Gubernur Sulawesi Tengah",
)
KEPALA_DINAS = Orang(
    nama="Dr. Andi Rahmat Lamarauna, S.E., M.Si.",
    nip="19720315 199803 1 004",
    pangkat="Pembina Utama Muda (IV/c)",
    jabatan=f"Kepala {DINAS}",
    unit=DINAS,
)
SEKRETARIS = Orang(
    nama="Hj. Nurhayati Pakaja, S.Sos., M.M.",
    nip="19750822 200012 2 003",
    pangkat="Pembina Tingkat I (IV/b)",
    jabatan=f"Sekretaris {DINAS}",
    unit="Sekretariat",
)
KASUBBAG = Orang(
    nama="Moh. Fadli Tombolotutu, S.E., M.Ak.",
    nip="19830107 200903 1 002",
    pangkat="Penata Tingkat I (III/d)",
    jabatan="Kepala Sub Bagian Program, Keuangan dan Aset",
    unit="Sekretariat",
)
KABID_BKP = Orang(
    nama="Ir. Syamsul Bahri Lagarusu, M.Si.",
    nip="19740603 199903 1 005",
    pangkat="Pembina (IV/a)",
    jabatan="Kepala Bidang Kelembagaan dan Pengawasan Koperasi",
    unit="Bidang Kelembagaan dan Pengawasan Koperasi",
)
# The Sekretaris acting as head of the UKM field: the jabatan carries "Plt.".
PLT_KABID_UKM = Orang(
    nama="Hj. Nurhayati Pakaja, S.Sos., M.M.",
    nip="19750822 200012 2 003",
    pangkat="Pembina Tingkat I (IV/b)",
    jabatan="Plt. Kepala Bidang Usaha Kecil dan Menengah",
    unit="Bidang Usaha Kecil dan Menengah",
)
KEPALA_UPT = Orang(
    nama="Drs. Hamka Labombang, M.Pd.",
    nip="19700509 199603 1 006",
    pangkat="Pembina (IV/a)",
    jabatan="Kepala UPT Balai Pelatihan Koperasi dan UMKM",
    unit="UPT Balai Pelatihan Koperasi dan UMKM",
)
ANALIS = Orang(
    nama="Sri Wahyuni Lasandara, S.Kom.",
    nip="19900412 201503 2 006",
    pangkat="Penata Muda Tingkat I (III/b)",
    jabatan="Analis Perencanaan",
    unit="Sekretariat",
)
FUNGSIONAL_UMUM = Orang(
    nama="Rahmawati Dg. Matona",
    nip="19880919 201001 2 004",
    pangkat="Pengatur Tingkat I (II/d)",
    jabatan="Fungsional Umum",
    unit="Sekretariat",
)
ANALIS_UKM = Orang(
    nama="Dewi Lestari Mangge, S.E., M.M.",
    nip="19850815 201001 2 005",
    pangkat="Penata Tingkat I (III/d)",
    jabatan="Analis Kewirausahaan",
    unit="Bidang Usaha Kecil dan Menengah",
)

PROGRAM_AMP = "Program Pemberdayaan Koperasi & UMKM"
TANGGAL = dt.date(2024, 1, 2)
SASARAN_1 = "Meningkatnya kualitas kelembagaan koperasi"
SASARAN_2 = "Meningkatnya daya saing usaha mikro, kecil dan menengah"


def dasar(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "instansi": INSTANSI,
        "tahun": 2024,
        "periode": "Maret 2024",
        "triwulan": 1,
        "tempat": "Palu",
        "tanggal": TANGGAL,
        "sop": "Pengumpulan Data Kinerja",
        "langkah": 4,
        "logo": None,
    }
    values.update(overrides)
    return values


def indikator(measured: bool = True) -> list[Indikator]:
    """Three indicators: a target of 80; a range target (70, 75); one without realisasi."""
    ukur = measured
    return [
        Indikator(
            no=1,
            kode="IK-01",
            sasaran=SASARAN_1,
            indikator="Persentase koperasi aktif yang melaksanakan RAT",
            satuan="%",
            target=80,
            polaritas="naik",
            program=PROGRAM_AMP,
            anggaran=1_250_000_000,
            target_tw=[20, 40, 60, 80],
            rencana_aksi=[
                "Pendataan koperasi aktif",
                "Pendampingan RAT",
                "Monitoring pelaksanaan RAT",
                "Evaluasi dan pelaporan",
            ],
            penanggung_jawab="Kepala Bidang Kelembagaan dan Pengawasan Koperasi",
            realisasi=78.5 if ukur else None,
            realisasi_tw=[20.0, 78.5] if ukur else [],
            capaian=98.13 if ukur else None,
            target_capaian=80 if ukur else None,
            basis="Target Tahunan",
            kategori="Sangat Tinggi" if ukur else "",
            realisasi_anggaran=300_000_000 if ukur else None,
            serapan=24.0 if ukur else None,
            efisiensi="Efisien" if ukur else "",
        ),
        Indikator(
            no=2,
            kode="IK-02",
            sasaran=SASARAN_1,
            indikator="Indeks kepuasan anggota koperasi",
            satuan="indeks",
            target=(70, 75),
            polaritas="naik",
            program=PROGRAM_AMP,
            anggaran=450_500_000,
            target_tw=[(70, 75), (70, 75), (70, 75), (70, 75)],
            rencana_aksi=["Penyusunan kuesioner", "Survei semester I", "-", "Survei semester II"],
            penanggung_jawab="Kepala Bidang Pemberdayaan Koperasi",
            realisasi=72.25 if ukur else None,
            realisasi_tw=[72.25] if ukur else [],
            capaian=100.0 if ukur else None,
            target_capaian=(70, 75) if ukur else None,
            basis="Target Tahunan",
            kategori="Sangat Tinggi" if ukur else "",
            realisasi_anggaran=90_100_000 if ukur else None,
            serapan=20.0 if ukur else None,
            efisiensi="Efisien" if ukur else "",
        ),
        Indikator(
            no=3,
            kode="IK-03",
            sasaran=SASARAN_2,
            indikator="Jumlah UMKM yang naik kelas",
            satuan="unit usaha",
            target=120,
            polaritas="naik",
            program="Program Pengembangan UMKM",
            anggaran=875_000_000,
            target_tw=[10, 40, 80, 120],
            rencana_aksi=[
                "Seleksi UMKM binaan",
                "Pelatihan manajemen usaha",
                "Fasilitasi akses pembiayaan",
                "Evaluasi kenaikan kelas",
            ],
            penanggung_jawab="Plt. Kepala Bidang Usaha Kecil dan Menengah",
            realisasi=None,
            realisasi_tw=[None],
            capaian=None,
            capaian_catatan="realisasi belum diisi",
            kategori="",
            realisasi_anggaran=None,
            serapan=None,
            efisiensi="",
        ),
    ]


def program() -> list[Program]:
    return [
        Program(no=1, program=PROGRAM_AMP, anggaran=1_700_500_000, keterangan="APBD"),
        Program(no=2, program="Program Pengembangan UMKM", anggaran=875_000_000, keterangan="APBD"),
    ]


TOTAL_ANGGARAN = 2_575_500_000.0


def surat(hal: str, **overrides: Any) -> Surat:
    values: dict[str, Any] = {
        "nomor": "000.9/017/DISKUKM/2024",
        "tanggal": TANGGAL,
        "sifat": "Penting",
        "lampiran": "1 (satu) berkas",
        "hal": hal,
        "tujuan": [
            f"Kepala {u}"
            for u in (
                "Bidang Kelembagaan dan Pengawasan Koperasi",
                "UPT Balai Pelatihan Koperasi dan UMKM",
            )
        ],
        "tempat_tujuan": "Palu",
        "penandatangan": KEPALA_DINAS,
        "tembusan": ["Gubernur Sulawesi Tengah (sebagai laporan)", "Arsip"],
    }
    values.update(overrides)
    return Surat(**values)


def surat_perihal() -> SuratPerihalContext:
    return SuratPerihalContext(
        **dasar(),
        surat=surat("Pengumpulan Data Kinerja Bulan Maret 2024"),
        kegiatan="Pengumpulan Data Kinerja Bulan Maret 2024",
        batas_waktu=dt.date(2024, 4, 5),
        units=[
            "Sekretariat",
            "Bidang Kelembagaan dan Pengawasan Koperasi",
            "Bidang Usaha Kecil dan Menengah",
            "UPT Balai Pelatihan Koperasi dan UMKM",
        ],
    )


def surat_undangan() -> SuratUndanganContext:
    return SuratUndanganContext(
        **dasar(sop="Penetapan Perjanjian Kinerja"),
        surat=surat(
            "Undangan Rapat Penyusunan Perjanjian Kinerja Tahun 2024",
            penandatangan=SEKRETARIS,
            tembusan=[],
        ),
        acara="Rapat Penyusunan Perjanjian Kinerja Tahun 2024",
        hari_tanggal=dt.date(2024, 1, 9),
        waktu="09.00 WITA s.d. selesai",
        lokasi="Ruang Rapat Dinas Koperasi & UKM, Lantai 2",
    )


def surat_pengantar() -> SuratPengantarContext:
    return SuratPengantarContext(
        **dasar(),
        surat=surat(
            "Pengantar Rekapitulasi Data Kinerja",
            tujuan=["Kepala Bappeda Provinsi Sulawesi Tengah"],
        ),
        dokumen=[
            "Rekapitulasi Data Kinerja Bulan Maret 2024",
            "Dokumen Perjanjian Kinerja Tahun 2024 (Koperasi & UMKM)",
        ],
    )


def surat_perintah_tugas() -> SuratPerintahTugasContext:
    return SuratPerintahTugasContext(
        **dasar(),
        nomor="800.1.11.1/021/DISKUKM/2024",
        dasar=[
            "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja "
            "Instansi Pemerintah;",
            "Peraturan Menteri PANRB Nomor 53 Tahun 2014 tentang Petunjuk Teknis Perjanjian "
            "Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja Instansi "
            "Pemerintah.",
        ],
        petugas=[KASUBBAG, ANALIS, FUNGSIONAL_UMUM],
        untuk=[
            "Mengumpulkan data kinerja bulan Maret 2024 dari setiap unit kerja;",
            "Melaporkan hasil pelaksanaan tugas kepada Kepala Dinas.",
        ],
        penandatangan=KEPALA_DINAS,
    )


def sk_tim() -> SkTimContext:
    return SkTimContext(
        **dasar(sop="Penyusunan LKjIP"),
        nomor="800/045/DISKUKM/2024",
        tentang="Tim Penyusun Laporan Kinerja Instansi Pemerintah Tahun 2024",
        menimbang=[
            "bahwa dalam rangka akuntabilitas kinerja perlu disusun Laporan Kinerja "
            "Instansi Pemerintah;",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu "
            "menetapkan Keputusan Kepala Dinas tentang Tim Penyusun LKjIP;",
        ],
        mengingat=[
            "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas "
            "Kinerja Instansi Pemerintah;",
            "Peraturan Menteri PANRB Nomor 53 Tahun 2014.",
        ],
        anggota=[
            ("Pengarah", KEPALA_DINAS),
            ("Ketua", SEKRETARIS),
            ("Sekretaris", KASUBBAG),
            ("Anggota", ANALIS),
            ("Anggota", FUNGSIONAL_UMUM),
        ],
        penandatangan=KEPALA_DINAS,
        tahun_anggaran=2024,
    )


def rapat() -> RapatContext:
    return RapatContext(
        **dasar(sop="Penetapan Perjanjian Kinerja"),
        acara="Rapat Penyusunan Perjanjian Kinerja Tahun 2024",
        hari_tanggal=dt.date(2024, 1, 9),
        waktu="09.00 WITA s.d. selesai",
        lokasi="Ruang Rapat Dinas Koperasi & UKM",
        peserta=[SEKRETARIS, KABID_BKP, PLT_KABID_UKM, KEPALA_UPT, KASUBBAG],
        pimpinan=KEPALA_DINAS,
    )


def perjanjian_kinerja(**overrides: Any) -> PerjanjianKinerjaContext:
    values: dict[str, Any] = {
        **dasar(sop="Penetapan Perjanjian Kinerja", langkah=17),
        "unit": "Bidang Usaha Kecil dan Menengah",
        "pihak_pertama": PLT_KABID_UKM,
        "pihak_kedua": KEPALA_DINAS,
        "indikator": indikator(measured=False),
        "program": program(),
        "total_anggaran": TOTAL_ANGGARAN,
    }
    values.update(overrides)
    return PerjanjianKinerjaContext(**values)


def perjanjian_kepala_dinas() -> PerjanjianKinerjaContext:
    """The Kepala Dinas with the Gubernur (who has no NIP and no pangkat)."""
    return perjanjian_kinerja(unit=DINAS, pihak_pertama=KEPALA_DINAS, pihak_kedua=GUBERNUR)


def dokumen_pk() -> DokumenPkContext:
    return DokumenPkContext(
        **dasar(sop="Penetapan Perjanjian Kinerja", langkah=18),
        perjanjian=[perjanjian_kepala_dinas(), perjanjian_kinerja()],
        penandatangan=KEPALA_DINAS,
    )


def rencana_aksi(**overrides: Any) -> RencanaAksiContext:
    values: dict[str, Any] = {
        **dasar(sop="Penyusunan Rencana Aksi Kinerja", langkah=11),
        "unit": "Bidang Kelembagaan dan Pengawasan Koperasi",
        "kepala": KABID_BKP,
        "indikator": indikator(measured=False),
        "total_anggaran": TOTAL_ANGGARAN,
    }
    values.update(overrides)
    return RencanaAksiContext(**values)


def dokumen_rak() -> DokumenRakContext:
    return DokumenRakContext(
        **dasar(sop="Penyusunan Rencana Aksi Kinerja", langkah=12),
        rencana=[
            rencana_aksi(),
            rencana_aksi(unit="Bidang Usaha Kecil dan Menengah", kepala=PLT_KABID_UKM),
        ],
        penandatangan=KEPALA_DINAS,
    )


def indikator_tw() -> list[Indikator]:
    """The indicators measured against the target to date of TW I, as a Form Pengukuran
    prints them: capaian = realisasi / target s.d. TW I."""
    first, second, third = indikator()
    return [
        replace(first, realisasi=19.5, capaian=97.5, target_capaian=20, basis="Target s.d. TW I"),
        replace(second, basis="Target s.d. TW I"),
        replace(third, basis="Target s.d. TW I"),
    ]


def iki_baris(measured: bool = True) -> list[IkiBaris]:
    return [
        IkiBaris(
            no=1,
            kinerja="Tersusunnya dokumen perencanaan kinerja tepat waktu",
            indikator="Persentase dokumen perencanaan yang disusun tepat waktu",
            formulasi="(Jumlah dokumen tepat waktu / jumlah dokumen wajib) x 100%",
            sumber_data="Sub Bagian Program, Keuangan & Aset",
            satuan="%",
            target=100,
            kode_pk="IK-01",
            realisasi=100.0 if measured else None,
            capaian=100.0 if measured else None,
            kategori="Sangat Tinggi" if measured else "",
            target_capaian=100 if measured else None,
        ),
        IkiBaris(
            no=2,
            kinerja="Meningkatnya kualitas data kinerja",
            indikator="Nilai kualitas data kinerja",
            formulasi="Rata-rata skor reviu data",
            sumber_data="Laporan reviu",
            satuan="nilai",
            target=(70, 75),
            kode_pk="IK-02",
            realisasi=None,
            capaian=None,
            kategori="",
            target_capaian=(70, 75) if measured else None,
            catatan="Realisasi belum diisi." if measured else "",
        ),
    ]


def iki(**overrides: Any) -> IkiContext:
    values: dict[str, Any] = {
        **dasar(sop="Penyusunan Indikator Kinerja Individu", langkah=11),
        "unit": "Sekretariat",
        "pegawai": ANALIS,
        "atasan": KASUBBAG,
        "tugas": "Melaksanakan analisis perencanaan program & kegiatan",
        "fungsi": [
            "Penyusunan rencana kerja",
            "Pengumpulan dan pengolahan data kinerja",
            "Penyusunan laporan kinerja",
        ],
        "baris": iki_baris(measured=False),
    }
    values.update(overrides)
    return IkiContext(**values)


def dokumen_iki() -> DokumenIkiContext:
    return DokumenIkiContext(
        **dasar(sop="Penyusunan Indikator Kinerja Individu", langkah=12),
        iki=[
            iki(),
            iki(unit="Bidang Usaha Kecil dan Menengah", pegawai=ANALIS_UKM, atasan=PLT_KABID_UKM),
        ],
        penandatangan=KEPALA_DINAS,
    )


def pengukuran(**overrides: Any) -> PengukuranContext:
    values: dict[str, Any] = {
        **dasar(sop="Pelaksanaan Pengukuran Kinerja", langkah=11),
        "unit": "Bidang Kelembagaan dan Pengawasan Koperasi",
        "kepala": KABID_BKP,
        "indikator": indikator_tw(),
        "basis": "Target s.d. TW I",
        "sebaran": [Sebaran("Sangat Tinggi", 2)],
    }
    values.update(overrides)
    return PengukuranContext(**values)


def dokumen_pengukuran() -> DokumenPengukuranContext:
    return DokumenPengukuranContext(
        **dasar(sop="Pelaksanaan Pengukuran Kinerja", langkah=12),
        pengukuran=[
            pengukuran(),
            pengukuran(unit="Bidang Usaha Kecil dan Menengah", kepala=PLT_KABID_UKM),
        ],
        penandatangan=KEPALA_DINAS,
    )


def lki(**overrides: Any) -> LkiContext:
    values: dict[str, Any] = {
        **dasar(sop="Penyusunan Laporan Kinerja Individu", langkah=11),
        "unit": "Sekretariat",
        "pegawai": ANALIS,
        "atasan": KASUBBAG,
        "baris": iki_baris(),
        "basis": "Target s.d. TW I",
    }
    values.update(overrides)
    return LkiContext(**values)


def rekap_lki() -> RekapLkiContext:
    return RekapLkiContext(
        **dasar(sop="Penyusunan Laporan Kinerja Individu", langkah=12),
        laporan=[
            lki(),
            lki(unit="Bidang Usaha Kecil dan Menengah", pegawai=ANALIS_UKM, atasan=PLT_KABID_UKM),
            lki(pegawai=FUNGSIONAL_UMUM, baris=[]),
        ],
        penandatangan=KEPALA_DINAS,
        basis="Target s.d. TW I",
    )


def lkjip() -> LkjipContext:
    return LkjipContext(
        **dasar(sop="Penyusunan LKjIP", langkah=9),
        kepala_dinas=KEPALA_DINAS,
        indikator=indikator(),
        pembanding={
            "IK-01": [TahunLalu(2022, 70.0, 93.33), TahunLalu(2023, 75.5, 97.42)],
            "IK-02": [TahunLalu(2023, 68.0, 97.14)],
        },
        target_renstra={"IK-01": 90, "IK-03": 600},
        total_anggaran=TOTAL_ANGGARAN,
        total_realisasi_anggaran=390_100_000.0,
        grafik=None,
        basis="Target Tahunan",
        sebaran=[Sebaran("Sangat Tinggi", 2)],
        perjanjian=[perjanjian_kepala_dinas(), perjanjian_kinerja()],
        pengukuran=[
            pengukuran(),
            pengukuran(unit="Bidang Usaha Kecil dan Menengah", kepala=PLT_KABID_UKM),
        ],
    )


# Template file -> the builder of its context (the konteks of sop_specs/dokumen/dokumen.yaml).
BUILDERS: dict[str, Callable[[], Any]] = {
    "surat-perihal.docx": surat_perihal,
    "surat-undangan.docx": surat_undangan,
    "surat-pengantar.docx": surat_pengantar,
    "surat-perintah-tugas.docx": surat_perintah_tugas,
    "sk-tim.docx": sk_tim,
    "daftar-hadir.docx": rapat,
    "notulensi.docx": rapat,
    "perjanjian-kinerja.docx": perjanjian_kinerja,
    "dokumen-pk.docx": dokumen_pk,
    "rencana-aksi.docx": rencana_aksi,
    "dokumen-rak.docx": dokumen_rak,
    "iki.docx": iki,
    "dokumen-iki.docx": dokumen_iki,
    "form-pengukuran.docx": pengukuran,
    "dokumen-pengukuran.docx": dokumen_pengukuran,
    "lki.docx": lki,
    "rekap-lki.docx": rekap_lki,
    "lkjip.docx": lkjip,
}
