"""Context builders for the letters and meeting papers: surat perihal, undangan, pengantar,
perintah tugas, the SK of the LKjIP team, and the rapat's attendance list and minutes."""

from __future__ import annotations

import datetime as dt

from pipeline.documents import model as m
from pipeline.documents.common import (
    BuildEnv,
    Subject,
    base,
    kepala_dinas,
    render_title,
    signed_on,
)
from pipeline.documents.filters import terbilang
from pipeline.documents.kinds import builder, kinds
from pipeline.documents.people import orang, working_day_after
from pipeline.documents.registry import DokumenSpec


def _heads(env: BuildEnv) -> list[str]:
    return [u.kepala.jabatan_lengkap for u in env.config.unit]


def _kegiatan(spec: DokumenSpec, env: BuildEnv) -> str:
    return env.sops[spec.sop].judul


def _when(spec: DokumenSpec, env: BuildEnv) -> str:
    if spec.frekuensi == "tahunan":
        return f"Tahun {env.periode.tahun}"
    if spec.frekuensi == "triwulan":
        return f"Triwulan {('I', 'II', 'III', 'IV')[env.periode.triwulan - 1]} {env.periode.tahun}"
    return f"Bulan {env.periode.nama}"


def _with_when(what: str, spec: DokumenSpec, env: BuildEnv) -> str:
    """``what`` followed by its period, the period's first word said once: a title that
    already ends "... Pengukuran Triwulan" becomes "... Pengukuran Triwulan I 2024", not
    "... Triwulan Triwulan I 2024"."""
    when = _when(spec, env)
    head, _, rest = when.partition(" ")
    words = what.split()
    if words and words[-1].lower() == head.lower():
        return f"{what} {rest}"
    return f"{what} {when}"


def _acara(spec: DokumenSpec, env: BuildEnv) -> str:
    """The meeting a letter or form is about: its registry title without the kind of
    document ("Undangan", "Daftar Hadir", "Notulensi"), with its period."""
    title = spec.judul.split(" {")[0]
    for kind in ("Undangan ", "Daftar Hadir ", "Notulensi "):
        title = title.removeprefix(kind)
    return _with_when(title, spec, env)


def _surat(
    spec: DokumenSpec, env: BuildEnv, hal: str, tujuan: list[str], lampiran: str = "-"
) -> m.Surat:
    identity = f"{env.periode.tahun}|{spec.id}|{_period_key(spec, env)}"
    tanggal = signed_on(spec, env)
    return m.Surat(
        nomor=env.letter_number(identity, tanggal) if spec.nomor_surat else "",
        tanggal=tanggal,
        sifat="Penting",
        lampiran=lampiran,
        hal=hal,
        tujuan=tujuan,
        # The template prints "di" before it: the place alone ("Tempat" for the office's own
        # units, the recipients' city for letters leaving the office).
        tempat_tujuan=env.config.instansi.kota
        if tujuan == env.config.dokumen.penerima_pengantar
        else "Tempat",
        penandatangan=kepala_dinas(env),
        tembusan=["Sekretaris Dinas", "Arsip"],
    )


def meeting_date(spec: DokumenSpec, env: BuildEnv) -> dt.date:
    """The day of the SOP's meeting: the recorded date of its step (where the attendance list
    and minutes are made), else five working days after the invitation is signed."""
    invitation = next(
        (
            d
            for d in env.registry
            if d.sop == spec.sop and kinds()[d.konteks].context is m.SuratUndanganContext
        ),
        spec,
    )
    signed = signed_on(invitation, env)
    if env.process is None:
        return working_day_after(signed, 7)
    meeting = next(
        (
            d
            for d in env.registry
            if d.sop == spec.sop and kinds()[d.konteks].context is m.RapatContext
        ),
        None,
    )
    held = env.process.recorded_date(spec.sop, meeting.langkah) if meeting else None
    return held or env.process.working_days_after(signed, 5)


def _period_key(spec: DokumenSpec, env: BuildEnv) -> str:
    if spec.frekuensi == "tahunan":
        return "tahunan"
    if spec.frekuensi == "triwulan":
        return f"tw{env.periode.triwulan}"
    return f"{env.periode.bulan:02d}"


@builder(m.SuratPerihalContext)
def surat_perihal(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.SuratPerihalContext:
    kegiatan = _with_when(_kegiatan(spec, env), spec, env)
    tanggal = signed_on(spec, env)
    return m.SuratPerihalContext(
        **base(spec, env),
        surat=_surat(spec, env, kegiatan, _heads(env)),
        kegiatan=kegiatan,
        batas_waktu=env.process.working_days_after(tanggal, 7)
        if env.process
        else working_day_after(tanggal, 10),
        units=[u.nama for u in env.config.unit],
    )


@builder(m.SuratUndanganContext)
def surat_undangan(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.SuratUndanganContext:
    acara = _acara(spec, env)
    tujuan = [*_heads(env), env.config.pejabat.kasubbag_program.jabatan_lengkap]
    return m.SuratUndanganContext(
        **base(spec, env),
        surat=_surat(spec, env, f"Undangan {acara}", tujuan),
        acara=acara,
        hari_tanggal=meeting_date(spec, env),
        waktu=env.config.dokumen.waktu_rapat,
        lokasi=env.config.dokumen.tempat_rapat,
    )


@builder(m.SuratPengantarContext)
def surat_pengantar(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.SuratPengantarContext:
    # What the letter sends: its SOP's compiled documents or, for an SOP whose result is not
    # a document of this registry (the Rekapitulasi Data Kinerja is a workbook), what its own
    # title names.
    sent = [render_title(d, env) for d in _compiled_of(spec, env)] or [
        render_title(spec, env).removeprefix("Surat Pengantar ")
    ]
    tujuan = list(env.config.dokumen.penerima_pengantar)
    hal = f"Penyampaian {', '.join(sent)}"
    lampiran = f"{len(sent)} ({terbilang(len(sent))}) berkas"
    return m.SuratPengantarContext(
        **base(spec, env),
        surat=_surat(spec, env, hal, tujuan, lampiran),
        dokumen=sent,
    )


def _compiled_of(spec: DokumenSpec, env: BuildEnv) -> list[DokumenSpec]:
    """The compiled documents of the pengantar's SOP: what the letter sends (those of its own
    frequency: the LKjIP 2024's letter sends the LKjIP 2024, not a monthly draft)."""
    known = kinds()
    return [
        d
        for d in env.registry
        if d.sop == spec.sop
        and d.lingkup == "instansi"
        and known[d.konteks].sent
        and d.frekuensi == spec.frekuensi
    ]


@builder(m.SuratPerintahTugasContext)
def surat_perintah_tugas(
    spec: DokumenSpec, s: Subject, env: BuildEnv
) -> m.SuratPerintahTugasContext:
    sekretariat = next((u for u in env.config.unit if u.jenis == "sekretariat"), None)
    staff = [p for p in (sekretariat.pegawai if sekretariat else []) if p.jenis != "struktural"]
    kegiatan = _with_when(_kegiatan(spec, env), spec, env)
    sop = env.sops[spec.sop]
    identity = f"{env.periode.tahun}|{spec.id}|{_period_key(spec, env)}"
    return m.SuratPerintahTugasContext(
        **base(spec, env),
        nomor=env.letter_number(identity, signed_on(spec, env)) if spec.nomor_surat else "",
        dasar=[*sop.dasar_hukum[-2:], f"Standar Operasional Prosedur {sop.judul}"],
        petugas=[orang(p) for p in staff] or [orang(env.config.pejabat.kasubbag_program)],
        untuk=[
            f"Melaksanakan {kegiatan} sesuai SOP {sop.judul}",
            "Melaporkan hasil pelaksanaan tugas kepada Kepala Sub Bagian Program, Keuangan "
            "dan Aset",
        ],
        penandatangan=orang(env.config.pejabat.kasubbag_program),
    )


@builder(m.SkTimContext)
def sk_tim(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.SkTimContext:
    p = env.config.pejabat
    members: list[tuple[str, m.Orang]] = [
        ("Pengarah", orang(p.kepala_dinas)),
        ("Penanggung Jawab", orang(p.sekretaris)),
        ("Ketua", orang(p.kasubbag_program)),
    ]
    members += [("Anggota", orang(u.kepala)) for u in env.config.unit if u.jenis != "sekretariat"]
    identity = f"{env.periode.tahun}|{spec.id}|tahunan"
    sop = env.sops[spec.sop]
    tentang = (
        f"Tim Penyusun Laporan Kinerja Instansi Pemerintah (LKjIP) "
        f"{env.config.instansi.nama} Tahun {env.periode.tahun}"
    )
    return m.SkTimContext(
        **base(spec, env),
        nomor=env.letter_number(identity, signed_on(spec, env)),
        tentang=tentang,
        # The last consideration sums up the others, as a keputusan's Menimbang does.
        menimbang=[
            "bahwa dalam rangka pelaksanaan Sistem Akuntabilitas Kinerja Instansi Pemerintah "
            "perlu disusun Laporan Kinerja Instansi Pemerintah",
            "bahwa untuk kelancaran penyusunannya perlu dibentuk Tim Penyusun LKjIP yang "
            "ditetapkan dengan Keputusan Kepala Dinas",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, "
            f"perlu menetapkan Keputusan Kepala Dinas tentang {tentang}",
        ],
        mengingat=list(sop.dasar_hukum),
        anggota=members,
        penandatangan=kepala_dinas(env),
        tahun_anggaran=signed_on(spec, env).year,
    )


@builder(m.RapatContext)
def rapat(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.RapatContext:
    p = env.config.pejabat
    held = meeting_date(spec, env)
    return m.RapatContext(
        **base(spec, env) | {"tanggal": held},
        acara=_acara(spec, env),
        hari_tanggal=held,
        waktu=env.config.dokumen.waktu_rapat,
        lokasi=env.config.dokumen.tempat_rapat,
        peserta=[
            orang(p.sekretaris),
            orang(p.kasubbag_program),
            *(orang(u.kepala, u.nama) for u in env.config.unit if u.jenis != "sekretariat"),
        ],
        pimpinan=orang(p.sekretaris),
    )
