"""Build each document's context from the period's data: one builder per context class.

A builder gets the registry entry, the subject (an office-wide document has none; a unit's
document its unit; a pegawai's document the person) and the build environment, and returns the
dataclass the template renders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipeline.checks import UnitSheets
from pipeline.config import Config, Pejabat, Unit
from pipeline.documents import model as m
from pipeline.documents.chart import capaian_chart
from pipeline.documents.indicators import iki_rows, indicators, programs, total_budget
from pipeline.documents.people import document_date, instansi, orang, working_day_after
from pipeline.documents.registry import DokumenSpec
from pipeline.periode import Periode
from pipeline.rekap import Rekap, RekapRow
from pipeline.sop_model import Sop

LetterNumber = Callable[[str], str]


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
    _by_unit: dict[str, dict[str, RekapRow]] = field(default_factory=dict)

    def rekap_of(self, unit: str) -> dict[str, RekapRow]:
        if not self._by_unit:
            for row in self.rekap.rows:
                self._by_unit.setdefault(row.unit, {})[row.kode] = row
        return self._by_unit.get(unit, {})

    def ordered_units(self) -> list[Unit]:
        return [u for u in self.config.unit if u.kode in self.units]


def base(spec: DokumenSpec, env: BuildEnv) -> dict[str, Any]:
    return {
        "instansi": instansi(env.config),
        "tahun": env.periode.tahun,
        "periode": env.periode.nama,
        "triwulan": env.periode.triwulan,
        "tempat": env.config.instansi.kota,
        "tanggal": document_date(env.config, env.periode, spec.frekuensi),
        "sop": env.sops[spec.sop].judul,
        "langkah": spec.langkah,
        "logo": env.logo,
    }


def _kepala_dinas(env: BuildEnv) -> m.Orang:
    return orang(env.config.pejabat.kepala_dinas)


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


def _surat(spec: DokumenSpec, env: BuildEnv, hal: str, tujuan: list[str],
           lampiran: str = "-") -> m.Surat:  # fmt: skip
    identity = f"{env.periode.tahun}|{spec.id}|{_period_key(spec, env)}"
    nomor = env.letter_number(identity) if spec.nomor_surat else ""
    return m.Surat(
        nomor=nomor,
        tanggal=document_date(env.config, env.periode, spec.frekuensi),
        sifat="Penting",
        lampiran=lampiran,
        hal=hal,
        tujuan=tujuan,
        tempat_tujuan="di Tempat" if tujuan != env.config.dokumen.penerima_pengantar else "di Palu",
        penandatangan=_kepala_dinas(env),
        tembusan=["Sekretaris Dinas", "Arsip"],
    )


def _period_key(spec: DokumenSpec, env: BuildEnv) -> str:
    if spec.frekuensi == "tahunan":
        return "tahunan"
    if spec.frekuensi == "triwulan":
        return f"tw{env.periode.triwulan}"
    return f"{env.periode.bulan:02d}"


def surat_perihal(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.SuratPerihalContext:
    kegiatan = _kegiatan(spec, env)
    hal = f"{kegiatan} {_when(spec, env)}"
    tanggal = document_date(env.config, env.periode, spec.frekuensi)
    return m.SuratPerihalContext(
        **base(spec, env), surat=_surat(spec, env, hal, _heads(env)), kegiatan=kegiatan,
        batas_waktu=working_day_after(tanggal, 10), units=[u.nama for u in env.config.unit],
    )  # fmt: skip


def surat_undangan(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.SuratUndanganContext:
    acara = spec.judul.split(" {")[0].replace("Undangan ", "")
    acara = f"{acara} {_when(spec, env)}"
    tanggal = document_date(env.config, env.periode, spec.frekuensi)
    tujuan = [*_heads(env), env.config.pejabat.kasubbag_program.jabatan_lengkap]
    return m.SuratUndanganContext(
        **base(spec, env), surat=_surat(spec, env, f"Undangan {acara}", tujuan), acara=acara,
        hari_tanggal=working_day_after(tanggal, 7), waktu=env.config.dokumen.waktu_rapat,
        lokasi=env.config.dokumen.tempat_rapat,
    )  # fmt: skip


def surat_pengantar(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.SuratPengantarContext:
    sent = [_render_title(d, env) for d in _compiled_of(spec, env)]
    tujuan = list(env.config.dokumen.penerima_pengantar)
    hal = f"Penyampaian {', '.join(sent) or _kegiatan(spec, env)}"
    return m.SuratPengantarContext(
        **base(spec, env), surat=_surat(spec, env, hal, tujuan, f"{len(sent)} (berkas)"),
        dokumen=sent,
    )  # fmt: skip


def _compiled_of(spec: DokumenSpec, env: BuildEnv) -> list[DokumenSpec]:
    """The compiled documents of the pengantar's SOP: what the letter sends."""
    return [d for d in env.registry if d.sop == spec.sop and d.lingkup == "instansi"
            and d.konteks.startswith(("Dokumen", "Rekap", "Lkjip"))]  # fmt: skip


def _render_title(spec: DokumenSpec, env: BuildEnv, nama: str = "") -> str:
    return spec.judul.format(tahun=env.periode.tahun, periode=env.periode.nama,
                             triwulan=("I", "II", "III", "IV")[env.periode.triwulan - 1],
                             nama=nama, unit=nama)  # fmt: skip


def surat_perintah_tugas(
    spec: DokumenSpec, s: Subject, env: BuildEnv
) -> m.SuratPerintahTugasContext:
    sekretariat = next((u for u in env.config.unit if u.jenis == "sekretariat"), None)
    staff = [p for p in (sekretariat.pegawai if sekretariat else []) if p.jenis != "struktural"]
    kegiatan = f"{_kegiatan(spec, env)} {_when(spec, env)}"
    sop = env.sops[spec.sop]
    identity = f"{env.periode.tahun}|{spec.id}|{_period_key(spec, env)}"
    return m.SuratPerintahTugasContext(
        **base(spec, env),
        nomor=env.letter_number(identity) if spec.nomor_surat else "",
        dasar=[*sop.dasar_hukum[-2:], f"Standar Operasional Prosedur {sop.judul}"],
        petugas=[orang(p) for p in staff] or [orang(env.config.pejabat.kasubbag_program)],
        untuk=[f"Melaksanakan {kegiatan} sesuai SOP {sop.judul};",
               "Melaporkan hasil pelaksanaan tugas kepada Kepala Sub Bagian Program, Keuangan "
               "dan Aset."],
        penandatangan=orang(env.config.pejabat.kasubbag_program),
    )  # fmt: skip


def sk_tim(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.SkTimContext:
    p = env.config.pejabat
    members: list[tuple[str, m.Orang]] = [
        ("Pengarah", orang(p.kepala_dinas)), ("Penanggung Jawab", orang(p.sekretaris)),
        ("Ketua", orang(p.kasubbag_program)),
    ]  # fmt: skip
    members += [("Anggota", orang(u.kepala)) for u in env.config.unit if u.jenis != "sekretariat"]
    identity = f"{env.periode.tahun}|{spec.id}|tahunan"
    sop = env.sops[spec.sop]
    return m.SkTimContext(
        **base(spec, env),
        nomor=env.letter_number(identity),
        tentang=f"Tim Penyusun Laporan Kinerja Instansi Pemerintah (LKjIP) "
        f"{env.config.instansi.nama} Tahun {env.periode.tahun}",
        menimbang=[
            "bahwa dalam rangka pelaksanaan Sistem Akuntabilitas Kinerja Instansi Pemerintah "
            "perlu disusun Laporan Kinerja Instansi Pemerintah;",
            "bahwa untuk kelancaran penyusunannya perlu dibentuk Tim Penyusun LKjIP yang "
            "ditetapkan dengan Keputusan Kepala Dinas;",
        ],
        mengingat=list(sop.dasar_hukum),
        anggota=members,
        penandatangan=_kepala_dinas(env),
    )


def rapat(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.RapatContext:
    p = env.config.pejabat
    acara = spec.judul.split(" {")[0].replace("Daftar Hadir ", "").replace("Notulensi ", "")
    tanggal = document_date(env.config, env.periode, spec.frekuensi)
    return m.RapatContext(
        **base(spec, env), acara=f"{acara} {_when(spec, env)}",
        hari_tanggal=working_day_after(tanggal, 7), waktu=env.config.dokumen.waktu_rapat,
        lokasi=env.config.dokumen.tempat_rapat,
        peserta=[orang(p.sekretaris), orang(p.kasubbag_program),
                 *(orang(u.kepala, u.nama) for u in env.config.unit if u.jenis != "sekretariat")],
        pimpinan=orang(p.sekretaris),
    )  # fmt: skip


def perjanjian(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.PerjanjianKinerjaContext:
    cfg = env.config
    if s.unit is None:  # the Kepala Dinas with the Gubernur: the office's whole PK
        items = _renumber([i for u in env.ordered_units() for i in _unit_indicators(u, env)])
        gubernur = cfg.pejabat.gubernur or cfg.pejabat.kepala_dinas
        first, second, unit = orang(cfg.pejabat.kepala_dinas), orang(gubernur), cfg.instansi.nama
    elif s.person is not None:  # an eselon IV official with the head of the unit
        items = _iki_as_indicators(s.unit, s.person, env)
        first, second, unit = orang(s.person, s.unit.nama), orang(s.unit.kepala), s.unit.nama
    else:
        items = _unit_indicators(s.unit, env)
        first, second = orang(s.unit.kepala, s.unit.nama), orang(cfg.pejabat.kepala_dinas)
        unit = s.unit.nama
    return m.PerjanjianKinerjaContext(
        **base(spec, env), unit=unit, pihak_pertama=first, pihak_kedua=second, indikator=items,
        program=programs(items), total_anggaran=total_budget(items),
    )  # fmt: skip


def _unit_indicators(unit: Unit, env: BuildEnv, annual: bool = False) -> list[m.Indikator]:
    skala = [(k.batas_bawah, k.kategori) for k in env.config.capaian.skala]
    return indicators(env.units[unit.kode], env.rekap_of(unit.kode), annual, skala)


def _renumber(items: list[m.Indikator]) -> list[m.Indikator]:
    from dataclasses import replace

    return [replace(item, no=i) for i, item in enumerate(items, start=1)]


def _iki_as_indicators(unit: Unit, person: Pejabat, env: BuildEnv) -> list[m.Indikator]:
    from pipeline.documents.people import nip_key

    rows = iki_rows(env.units[unit.kode], nip_key(person.nip), None, env.config)
    budget = {i.kode: i for i in _unit_indicators(unit, env)}
    return [
        m.Indikator(
            no=r.no, kode=r.kode_pk, sasaran=r.kinerja, indikator=r.indikator, satuan=r.satuan,
            target=r.target, polaritas="naik", program=budget[r.kode_pk].program
            if r.kode_pk in budget else "", anggaran=None, target_tw=[None] * 4,
            rencana_aksi=[""] * 4, penanggung_jawab=person.nama,
        )
        for r in rows
    ]  # fmt: skip


def dokumen_pk(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.DokumenPkContext:
    parts = [perjanjian(spec, Subject(), env)]
    for unit in env.ordered_units():
        parts.append(perjanjian(spec, Subject(unit), env))
        parts += [perjanjian(spec, Subject(unit, p), env) for p in _structural(unit)]
    return m.DokumenPkContext(**base(spec, env), perjanjian=parts, penandatangan=_kepala_dinas(env))


def _structural(unit: Unit) -> list[Pejabat]:
    return [p for p in unit.pegawai if p.jenis == "struktural"]


def rencana_aksi(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.RencanaAksiContext:
    assert s.unit is not None
    items = _unit_indicators(s.unit, env)
    return m.RencanaAksiContext(
        **base(spec, env), unit=s.unit.nama, kepala=orang(s.unit.kepala, s.unit.nama),
        indikator=items, total_anggaran=total_budget(items),
    )  # fmt: skip


def dokumen_rak(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.DokumenRakContext:
    parts = [rencana_aksi(spec, Subject(u), env) for u in env.ordered_units()]
    return m.DokumenRakContext(**base(spec, env), rencana=parts, penandatangan=_kepala_dinas(env))


def _atasan(unit: Unit, person: Pejabat, env: BuildEnv) -> m.Orang:
    if person is unit.kepala:
        return orang(env.config.pejabat.kepala_dinas)
    return orang(unit.kepala, unit.nama)


def iki(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.IkiContext:
    from pipeline.documents.people import nip_key

    assert s.unit is not None and s.person is not None
    return m.IkiContext(
        **base(spec, env), unit=s.unit.nama, pegawai=orang(s.person, s.unit.nama),
        atasan=_atasan(s.unit, s.person, env), tugas=s.person.tugas or s.person.jabatan,
        fungsi=list(s.person.fungsi),
        baris=iki_rows(env.units[s.unit.kode], nip_key(s.person.nip), None, env.config),
    )  # fmt: skip


def dokumen_iki(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.DokumenIkiContext:
    parts = [iki(spec, sub, env) for sub in pegawai_subjects(env)]
    return m.DokumenIkiContext(**base(spec, env), iki=parts, penandatangan=_kepala_dinas(env))


def pengukuran(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.PengukuranContext:
    assert s.unit is not None
    return m.PengukuranContext(
        **base(spec, env), unit=s.unit.nama, kepala=orang(s.unit.kepala, s.unit.nama),
        indikator=_unit_indicators(s.unit, env),
    )  # fmt: skip


def dokumen_pengukuran(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.DokumenPengukuranContext:
    parts = [pengukuran(spec, Subject(u), env) for u in env.ordered_units()]
    return m.DokumenPengukuranContext(
        **base(spec, env), pengukuran=parts, penandatangan=_kepala_dinas(env)
    )


def lki(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.LkiContext:
    from pipeline.documents.people import nip_key

    assert s.unit is not None and s.person is not None
    rows = iki_rows(env.units[s.unit.kode], nip_key(s.person.nip), env.rekap_of(s.unit.kode),
                    env.config)  # fmt: skip
    return m.LkiContext(
        **base(spec, env), unit=s.unit.nama, pegawai=orang(s.person, s.unit.nama),
        atasan=_atasan(s.unit, s.person, env), baris=rows,
    )  # fmt: skip


def rekap_lki(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.RekapLkiContext:
    parts = [lki(spec, sub, env) for sub in pegawai_subjects(env)]
    return m.RekapLkiContext(**base(spec, env), laporan=parts, penandatangan=_kepala_dinas(env))


def lkjip(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.LkjipContext:
    units = env.ordered_units()
    items = _renumber([i for u in units for i in _unit_indicators(u, env, annual=True)])
    cfg = env.config.dokumen
    history = {
        code: [m.TahunLalu(t.tahun, t.realisasi, t.capaian) for t in rows]
        for code, rows in cfg.riwayat.items()
    }
    spent = sum(i.realisasi_anggaran or 0 for i in items)
    pk_spec = next((d for d in env.registry if d.konteks == "PerjanjianKinerjaContext"), spec)
    return m.LkjipContext(
        **base(spec, env), kepala_dinas=_kepala_dinas(env), indikator=items,
        pembanding=history, target_renstra=dict(cfg.target_renstra),
        total_anggaran=total_budget(items), total_realisasi_anggaran=float(spent),
        grafik=capaian_chart(items),
        perjanjian=[perjanjian(pk_spec, Subject(u), env) for u in units],
        pengukuran=[pengukuran(spec, Subject(u), env) for u in units],
    )  # fmt: skip


def pegawai_subjects(env: BuildEnv) -> list[Subject]:
    """Everyone with IKI rows in a unit's workbook, in config order."""
    from pipeline.documents.people import nip_key

    subjects = []
    for unit in env.ordered_units():
        with_iki = {nip_key(r.get("nip")) for r in env.units[unit.kode].rows.get("iki", [])}
        subjects += [Subject(unit, p) for p in (unit.kepala, *unit.pegawai)
                     if nip_key(p.nip) in with_iki]  # fmt: skip
    return subjects


def subjects_for(spec: DokumenSpec, env: BuildEnv) -> list[Subject]:
    if spec.lingkup == "unit":
        return [Subject(u) for u in env.ordered_units()]
    if spec.lingkup == "pegawai":
        return pegawai_subjects(env)
    if spec.lingkup == "struktural":
        return [Subject(u, p) for u in env.ordered_units() for p in _structural(u)]
    return [Subject()]


BUILDERS: dict[str, Callable[[DokumenSpec, Subject, BuildEnv], m.Dasar]] = {
    "SuratPerihalContext": surat_perihal,
    "SuratUndanganContext": surat_undangan,
    "SuratPengantarContext": surat_pengantar,
    "SuratPerintahTugasContext": surat_perintah_tugas,
    "SkTimContext": sk_tim,
    "RapatContext": rapat,
    "PerjanjianKinerjaContext": perjanjian,
    "DokumenPkContext": dokumen_pk,
    "RencanaAksiContext": rencana_aksi,
    "DokumenRakContext": dokumen_rak,
    "IkiContext": iki,
    "DokumenIkiContext": dokumen_iki,
    "PengukuranContext": pengukuran,
    "DokumenPengukuranContext": dokumen_pengukuran,
    "LkiContext": lki,
    "RekapLkiContext": rekap_lki,
    "LkjipContext": lkjip,
}


def title_of(spec: DokumenSpec, subject: Subject, env: BuildEnv) -> str:
    name = ""
    if subject.person is not None:
        name = subject.person.nama
    elif subject.unit is not None:
        name = subject.unit.nama
    return _render_title(spec, env, name)
