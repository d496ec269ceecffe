"""Context builders for the performance documents: perjanjian kinerja, rencana aksi, IKI,
pengukuran kinerja, LKI and the LKjIP, each per subject and compiled for the office."""

from __future__ import annotations

from pipeline.documents import model as m
from pipeline.documents.chart import capaian_chart
from pipeline.documents.common import BuildEnv, Subject, base, ditahan, kepala_dinas
from pipeline.documents.indicators import (
    basis_dokumen,
    iki_rows,
    indicators,
    programs,
    sebaran,
    total_budget,
)
from pipeline.documents.kinds import builder, kind_name
from pipeline.documents.people import orang
from pipeline.documents.registry import DokumenSpec
from pipeline.rekap.recap import BASIS_TAHUNAN
from pipeline.workspace.config import Pejabat, Unit


@builder(m.PerjanjianKinerjaContext)
def perjanjian(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.PerjanjianKinerjaContext:
    cfg = env.config
    tier = "Sasaran Program"
    if s.unit is None:  # the Kepala Dinas with the Gubernur: the office's own indicators
        items = _renumber(_office_indicators(env))
        gubernur = cfg.pejabat.gubernur or cfg.pejabat.kepala_dinas
        first, second, unit = orang(cfg.pejabat.kepala_dinas), orang(gubernur), cfg.instansi.nama
        tier = "Sasaran Strategis"
    elif s.person is not None:  # an eselon IV official with the head of the unit
        items = _iki_as_indicators(s.unit, s.person, env)
        first, second, unit = orang(s.person, s.unit.nama), orang(s.unit.kepala), s.unit.nama
        tier = "Sasaran Kegiatan"
    else:
        items = _unit_indicators(s.unit, env)
        first, second = orang(s.unit.kepala, s.unit.nama), orang(cfg.pejabat.kepala_dinas)
        unit = s.unit.nama
    if spec.frekuensi == "tahunan":
        items = _plan_only(items)
    return m.PerjanjianKinerjaContext(
        **base(spec, env),
        unit=unit,
        pihak_pertama=first,
        pihak_kedua=second,
        indikator=items,
        program=programs(items),
        total_anggaran=total_budget(items),
        # Only the office's own PK leaves units out; a unit's PK is that unit's.
        ditahan=ditahan(env, spec) if s.unit is None else [],
        kolom_sasaran=tier,
    )


def _office_indicators(env: BuildEnv) -> list[m.Indikator]:
    """The indicators the Kepala Dinas promises: those the units' PK sheets mark "IKU Dinas"
    (the office's sasaran strategis), not every unit's own indicators; an office that marks
    none yet gets them all, as before the column existed."""
    every = [i for u in env.ordered_units() for i in _unit_indicators(u, env)]
    return [i for i in every if i.iku] or every


def _unit_indicators(unit: Unit, env: BuildEnv, annual: bool = False) -> list[m.Indikator]:
    skala = _skala(env)
    rows = env.cached(
        ("indikator", unit.kode, annual),
        lambda: indicators(
            env.units[unit.kode], env.rekap_of(unit.kode), annual, skala, env.periode.triwulan
        ),
    )
    from dataclasses import replace

    return [replace(row, unit=unit.nama) for row in rows]


def _plan_only(items: list[m.Indikator]) -> list[m.Indikator]:
    """The indicators without the month's results: an annual document (PK, RAK) prints the
    plan, and must stay the same document when only a month's realisasi came in or the
    quarter moved on (no capaian, so no target to date and no basis either)."""
    from dataclasses import replace

    return [
        replace(
            item,
            realisasi=None,
            realisasi_tw=[],
            capaian=None,
            target_capaian=None,  # moves with the month for an indicator not yet due
            basis="",  # "Target s.d. TW I" in March, "... TW II" in April
            capaian_catatan="",
            kategori="",
            realisasi_anggaran=None,
            serapan=None,
            efisiensi="",
        )
        for item in items
    ]


def _renumber(items: list[m.Indikator]) -> list[m.Indikator]:
    from dataclasses import replace

    return [replace(item, no=i) for i, item in enumerate(items, start=1)]


def _iki_as_indicators(unit: Unit, person: Pejabat, env: BuildEnv) -> list[m.Indikator]:
    from pipeline.documents.people import nip_key

    rows = iki_rows(env.units[unit.kode], nip_key(person.nip), None, env.config)
    budget = {i.kode: i for i in _unit_indicators(unit, env)}
    counted: set[str] = set()
    items = []
    for r in rows:
        pk = budget.get(r.kode_pk)
        # The budget of the PK indicator the row supports, once per indicator (two rows that
        # support one indicator share its kegiatan, not twice its budget).
        anggaran = pk.anggaran if pk is not None and r.kode_pk not in counted else None
        counted.add(r.kode_pk)
        items.append(
            m.Indikator(
                no=r.no,
                kode=r.kode_pk,
                sasaran=r.kinerja,
                indikator=r.indikator,
                satuan=r.satuan,
                target=r.target,
                polaritas="naik",
                program=pk.program if pk is not None else "",
                anggaran=anggaran,
                target_tw=[None] * 4,
                rencana_aksi=[""] * 4,
                penanggung_jawab=person.nama,
            )
        )
    return items


@builder(m.DokumenPkContext, sent=True)
def dokumen_pk(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.DokumenPkContext:
    parts = [perjanjian(spec, Subject(), env)]
    for unit in env.ordered_units():
        parts.append(perjanjian(spec, Subject(unit), env))
        parts += [perjanjian(spec, Subject(unit, p), env) for p in structural(unit)]
    return m.DokumenPkContext(
        **base(spec, env),
        perjanjian=parts,
        penandatangan=kepala_dinas(env),
        ditahan=ditahan(env, spec),
    )


def structural(unit: Unit) -> list[Pejabat]:
    """The unit's structural officials (its eselon IV), who sign their own PK."""
    return [p for p in unit.pegawai if p.jenis == "struktural"]


@builder(m.RencanaAksiContext)
def rencana_aksi(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.RencanaAksiContext:
    assert s.unit is not None
    items = _unit_indicators(s.unit, env)
    if spec.frekuensi == "tahunan":
        items = _plan_only(items)
    return m.RencanaAksiContext(
        **base(spec, env),
        unit=s.unit.nama,
        kepala=orang(s.unit.kepala, s.unit.nama),
        indikator=items,
        total_anggaran=total_budget(items),
    )


@builder(m.DokumenRakContext, sent=True)
def dokumen_rak(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.DokumenRakContext:
    parts = [rencana_aksi(spec, Subject(u), env) for u in env.ordered_units()]
    return m.DokumenRakContext(
        **base(spec, env),
        rencana=parts,
        penandatangan=kepala_dinas(env),
        ditahan=ditahan(env, spec),
    )


def _atasan(unit: Unit, person: Pejabat, env: BuildEnv) -> m.Orang:
    if person is unit.kepala:
        return orang(env.config.pejabat.kepala_dinas)
    return orang(unit.kepala, unit.nama)


@builder(m.IkiContext)
def iki(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.IkiContext:
    from pipeline.documents.people import nip_key

    assert s.unit is not None and s.person is not None
    return m.IkiContext(
        **base(spec, env),
        unit=s.unit.nama,
        pegawai=orang(s.person, s.unit.nama),
        atasan=_atasan(s.unit, s.person, env),
        tugas=s.person.tugas or "-",
        fungsi=list(s.person.fungsi),
        baris=iki_rows(env.units[s.unit.kode], nip_key(s.person.nip), None, env.config),
    )


@builder(m.DokumenIkiContext, sent=True)
def dokumen_iki(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.DokumenIkiContext:
    parts = [iki(spec, sub, env) for sub in pegawai_subjects(env)]
    return m.DokumenIkiContext(
        **base(spec, env), iki=parts, penandatangan=kepala_dinas(env), ditahan=ditahan(env, spec)
    )


@builder(m.PengukuranContext)
def pengukuran(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.PengukuranContext:
    assert s.unit is not None
    items = _unit_indicators(s.unit, env)
    return m.PengukuranContext(
        **base(spec, env),
        unit=s.unit.nama,
        kepala=orang(s.unit.kepala, s.unit.nama),
        indikator=items,
        basis=basis_dokumen(env.periode.triwulan),
        sebaran=sebaran(items, _skala(env)),
    )


def _skala(env: BuildEnv) -> list[tuple[float, str]]:
    return [(k.batas_bawah, k.kategori) for k in env.config.capaian.skala]


@builder(m.DokumenPengukuranContext, sent=True)
def dokumen_pengukuran(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.DokumenPengukuranContext:
    parts = [pengukuran(spec, Subject(u), env) for u in env.ordered_units()]
    return m.DokumenPengukuranContext(
        **base(spec, env),
        pengukuran=parts,
        penandatangan=kepala_dinas(env),
        ditahan=ditahan(env, spec),
    )


@builder(m.LkiContext)
def lki(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.LkiContext:
    from pipeline.documents.people import nip_key

    assert s.unit is not None and s.person is not None
    rows = iki_rows(
        env.units[s.unit.kode],
        nip_key(s.person.nip),
        env.rekap_of(s.unit.kode),
        env.config,
        env.periode,
    )
    return m.LkiContext(
        **base(spec, env),
        unit=s.unit.nama,
        pegawai=orang(s.person, s.unit.nama),
        atasan=_atasan(s.unit, s.person, env),
        baris=rows,
        basis=basis_dokumen(env.periode.triwulan),
    )


@builder(m.RekapLkiContext, sent=True)
def rekap_lki(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.RekapLkiContext:
    parts = [lki(spec, sub, env) for sub in pegawai_subjects(env)]
    return m.RekapLkiContext(
        **base(spec, env),
        laporan=parts,
        penandatangan=kepala_dinas(env),
        basis=basis_dokumen(env.periode.triwulan),
        ditahan=ditahan(env, spec),
    )


@builder(m.LkjipContext, sent=True)
def lkjip(spec: DokumenSpec, s: Subject, env: BuildEnv) -> m.LkjipContext:
    units = env.ordered_units()
    items = _renumber([i for u in units for i in _unit_indicators(u, env, annual=True)])
    cfg = env.config.dokumen
    earlier = env.riwayat if env.riwayat is not None else cfg.riwayat
    history = {
        code: [m.TahunLalu(t.tahun, t.realisasi, t.capaian) for t in rows]
        for code, rows in earlier.items()
    }
    spent = sum(i.realisasi_anggaran or 0 for i in items)
    pk = kind_name(m.PerjanjianKinerjaContext)
    pk_spec = next((d for d in env.registry if d.konteks == pk), spec)
    # The LKjIP of an ended year is the annual entry, built from that year's December: its
    # figures are "s.d. Desember 2024", the whole year.
    final = spec.frekuensi == "tahunan"
    return m.LkjipContext(
        **base(spec, env) | ({"periode": env.periode.nama} if final else {}),
        kepala_dinas=kepala_dinas(env),
        indikator=items,
        pembanding=history,
        target_renstra=dict(cfg.target_renstra),
        total_anggaran=total_budget(items),
        total_realisasi_anggaran=float(spent),
        grafik=capaian_chart(items),
        basis=BASIS_TAHUNAN,
        sebaran=sebaran(items, _skala(env)),
        perjanjian=[perjanjian(pk_spec, Subject(u), env) for u in units],
        pengukuran=[pengukuran(spec, Subject(u), env) for u in units],
        iku=[i for i in items if i.iku],
        ditahan=ditahan(env, spec),
        akhir_tahun=final,
    )


def pegawai_subjects(env: BuildEnv) -> list[Subject]:
    """Everyone with IKI rows in a unit's workbook, in config order."""
    from pipeline.documents.people import nip_key

    subjects = []
    for unit in env.ordered_units():
        with_iki = {nip_key(r.get("nip")) for r in env.units[unit.kode].rows.get("iki", [])}
        subjects += [
            Subject(unit, p) for p in (unit.kepala, *unit.pegawai) if nip_key(p.nip) in with_iki
        ]
    return subjects
