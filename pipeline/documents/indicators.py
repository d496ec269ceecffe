"""A unit's indicators (PK, RAK, results) and IKI rows as the document model holds them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from pipeline.documents.model import IkiBaris, Indikator, Program, Sebaran
from pipeline.documents.people import nip_key
from pipeline.rekap.recap import BASIS_TAHUNAN, RekapRow, basis_triwulan, catatan_posisi
from pipeline.validate.capaian import (
    BELUM_JATUH_TEMPO,
    Agregasi,
    Capaian,
    MetodeTurun,
    Polaritas,
    agregasi_berkala,
    capaian,
    kategori,
    posisi,
    round_half_up,
)
from pipeline.validate.cross_sheet import UnitSheets, frekuensi_of, reports_own
from pipeline.workspace.config import Config
from pipeline.workspace.periode import ROMAWI, Periode


def basis_dokumen(triwulan: int) -> str:
    """:func:`basis_triwulan` as a document prints it: "TW" and its numeral joined by a
    no-break space, so a narrow header wraps "Target s.d. / TW II", never "TW / II" (the
    recap's xlsx keeps the plain name, which a program may look its column up by)."""
    return basis_triwulan(triwulan).replace("TW ", "TW\u00a0")


def indicators(
    sheets: UnitSheets,
    rekap: dict[str, RekapRow],
    annual: bool = False,
    skala: Sequence[tuple[float, str]] = (),
    triwulan: int = 1,
) -> list[Indikator]:
    """The unit's PK indicators with RAK plans and, where recapped, results.

    ``annual`` takes capaian against the annual target (LKjIP) instead of the target to date
    of the quarter (Form Pengukuran). Either way the indicator carries the target its capaian
    was computed against and that target's name, so a document prints them side by side.
    """
    rak: dict[str, Any] = {}
    for key, plan in sheets.assign("rak"):
        rak.setdefault(key, plan)
    basis = BASIS_TAHUNAN if annual else basis_dokumen(triwulan)
    out = []
    for no, (key, pk) in enumerate(sheets.indicator_rows().items(), start=1):
        plan = rak.get(key, {})
        row = rekap.get(key)
        result = None if row is None else (row.capaian_tahunan if annual else row.capaian_tw)
        against = None if row is None else (row.target if annual else row.target_sd_tw)
        out.append(
            Indikator(
                no=no,
                kode=pk["kode"],
                sasaran=pk.get("sasaran") or "",
                indikator=pk.get("indikator") or "",
                satuan=pk.get("satuan") or "",
                target=pk.get("target"),
                polaritas=pk.get("polaritas") or "naik",
                program=pk.get("program") or "",
                anggaran=pk.get("anggaran"),
                target_tw=[plan.get(f"target_tw{i}") for i in range(1, 5)],
                rencana_aksi=[plan.get(f"aksi_tw{i}") or "" for i in range(1, 5)],
                penanggung_jawab=plan.get("penanggung_jawab") or "",
                realisasi=row.realisasi_sd_bulan if row else None,
                capaian=result.nilai if result else None,
                target_capaian=against,
                basis=basis,
                capaian_catatan=result.catatan if result else "",
                kategori=_kategori(row, result.nilai if result else None, annual, skala),
                realisasi_anggaran=row.realisasi_anggaran if row else None,
                serapan=row.serapan if row else None,
                efisiensi=(row.efisiensi or "") if row else "",
                iku=str(pk.get("iku") or "").strip().lower() == "ya",
                keterangan=str(pk.get("keterangan") or "").strip(),
            )
        )
    return out


def sebaran(items: Sequence[Indikator], skala: Sequence[tuple[float, str]]) -> list[Sebaran]:
    """Indicators per category in the order of the scale (highest first), then any other
    label (Tidak Dapat Dievaluasi); categories no indicator has are left out, and so are
    indicators not yet due (a tahunan one before December): they have not been measured."""
    counts: dict[str, int] = {}
    for item in items:
        if item.kategori and item.kategori != BELUM_JATUH_TEMPO:
            counts[item.kategori] = counts.get(item.kategori, 0) + 1
    order = [label for _bound, label in sorted(skala, key=lambda k: k[0], reverse=True)]
    order += [label for label in counts if label not in order]
    return [Sebaran(label, counts[label]) for label in order if label in counts]


def _kategori(
    row: RekapRow | None, value: float | None, annual: bool, skala: Sequence[tuple[float, str]]
) -> str:
    if row is None:
        return ""
    if row.belum_jatuh_tempo:
        return BELUM_JATUH_TEMPO
    return kategori(value, skala) if annual and skala else row.kategori


def programs(items: Sequence[Indikator]) -> list[Program]:
    """Programs/kegiatan of the indicators, each once, with its budget and the Keterangan its
    PK rows give (empty where they give none: a source of funds is never assumed)."""
    seen: dict[str, float | None] = {}
    notes: dict[str, list[str]] = {}
    for item in items:
        if item.program and item.program not in seen:
            seen[item.program] = item.anggaran
        elif item.program and item.anggaran:
            seen[item.program] = (seen[item.program] or 0) + item.anggaran
        if item.program and item.keterangan:
            notes.setdefault(item.program, [])
            if item.keterangan not in notes[item.program]:
                notes[item.program].append(item.keterangan)
    return [
        Program(i, name, budget, "; ".join(notes.get(name, [])))
        for i, (name, budget) in enumerate(seen.items(), 1)
    ]


def total_budget(items: Sequence[Indikator]) -> float:
    return float(sum(i.anggaran or 0 for i in items))


def iki_rows(
    sheets: UnitSheets,
    nip: str,
    rekap: dict[str, RekapRow] | None,
    config: Config,
    periode: Periode | None = None,
) -> list[IkiBaris]:
    """The IKI rows of one pegawai; with ``rekap`` and ``periode``, each row's result up to the
    period, against the target to date of the Form Pengukuran's basis (see :func:`_result`)."""
    skala = [(k.batas_bawah, k.kategori) for k in config.capaian.skala]
    rows = [r for r in sheets.rows.get("iki", []) if nip_key(r.get("nip")) == nip]
    out = []
    for no, r in enumerate(rows, start=1):
        hasil = _result(r, sheets, rekap, config, periode)
        value = hasil.capaian.nilai if hasil else None
        out.append(
            IkiBaris(
                no=no,
                kinerja=r.get("kinerja") or "",
                indikator=r.get("indikator") or "",
                formulasi=r.get("formulasi") or "",
                sumber_data=r.get("sumber_data") or "",
                satuan=r.get("satuan") or "",
                target=r.get("target"),
                kode_pk=r.get("kode_pk") or "",
                realisasi=hasil.realisasi if hasil else None,
                capaian=value,
                kategori=_iki_kategori(hasil.capaian if hasil else None, skala),
                target_capaian=hasil.target if hasil else None,
                catatan=hasil.catatan if hasil else "",
            )
        )
    return out


def _iki_kategori(result: Capaian | None, skala: Sequence[tuple[float, str]]) -> str:
    if result is not None and result.status == "belum_jatuh_tempo":
        return BELUM_JATUH_TEMPO
    if result is None or result.nilai is None:
        return ""
    return kategori(result.nilai, skala)


@dataclass(frozen=True)
class _Hasil:
    realisasi: float | None
    target: Any
    capaian: Capaian
    catatan: str


def _result(
    row: dict[str, Any],
    sheets: UnitSheets,
    rekap: dict[str, RekapRow] | None,
    config: Config,
    periode: Periode | None,
) -> _Hasil | None:
    """A pegawai's result up to the period, on the Form Pengukuran's basis (the target to
    date of the period's quarter), never the annual target with the year-end scale.

    An IKI that traces to a PK indicator of the same satuan takes that indicator's realisasi
    and its target to date, scaled to the IKI's own annual target when the two differ. Any
    other IKI takes what the pegawai reported on the Realisasi IKI sheet, aggregated by the
    IKI's own Agregasi; its target to date is the annual target times the quarters elapsed
    for jumlah, and the annual target itself for the other methods (no quarterly plan).
    """
    if rekap is None or periode is None:
        return None
    metode: MetodeTurun = "t/r" if config.capaian.metode_turun == "t/r" else "2t-r"
    target = row.get("target")
    if not reports_own(row, sheets.indicators()):
        source = rekap.get(row.get("kode_pk") or "")
        if source is None:
            return None
        polaritas: Polaritas = "turun" if source.polaritas == "turun" else "naik"
        if source.belum_jatuh_tempo:  # nothing measured yet: no target to date to scale
            return _Hasil(None, None, source.capaian_tw, source.catatan_posisi)
        to_date, note = _scaled(target, source.target, source.target_sd_tw)
        note = note and f"{note} indikator PK {source.kode}."
        note = " ".join(filter(None, [source.catatan_posisi, note]))
        result = capaian(to_date, source.realisasi_sd_bulan, polaritas, metode)
        return _Hasil(source.realisasi_sd_bulan, to_date, result, _notes(note, result))
    cara = cast(Agregasi, row.get("agregasi") or "jumlah")  # checked when the cell was read
    polaritas = "turun" if row.get("polaritas") == "turun" else "naik"
    # An IKI not reported every month stands at its last due month, as a PK indicator does.
    frekuensi = frekuensi_of(row)
    at = posisi(frekuensi, periode.bulan)
    position = catatan_posisi(frekuensi, at, periode)
    if at is None:
        return _Hasil(None, None, Capaian(None, "belum_jatuh_tempo", position), position)
    reported = sheets.iki_realisasi(row, at)
    realisasi = agregasi_berkala(reported, cara, polaritas, frekuensi)
    tw = (at + 2) // 3
    if cara == "jumlah":
        to_date = _times(target, tw, 4)
        note = f"Target s.d. TW {ROMAWI[tw - 1]} = target tahunan × {tw}/4 (agregasi jumlah)."
    else:
        to_date = target
        note = f"Target s.d. TW {ROMAWI[tw - 1]} = target tahunan (agregasi {cara})."
    note = " ".join(filter(None, [position, note]))
    result = capaian(to_date, realisasi, polaritas, metode)
    if realisasi is None:
        note = " ".join(filter(None, [position, "Realisasi belum diisi di lembar Realisasi IKI."]))
        return _Hasil(None, to_date, result, note)
    return _Hasil(realisasi, to_date, result, _notes(note, result))


def _notes(note: str, result: Capaian) -> str:
    extra = result.catatan if result.status != "ok" or "rentang" in result.catatan else ""
    return " ".join(n for n in (note, extra) if n)


def _scaled(iki_target: Any, pk_target: Any, pk_to_date: Any) -> tuple[Any, str]:
    """The IKI's target to date: the PK's when their annual targets agree, else the PK's
    target to date in proportion to the IKI's annual target."""
    if _same(iki_target, pk_target):
        return pk_to_date, ""
    if (
        isinstance(iki_target, int | float)
        and isinstance(pk_target, int | float)
        and isinstance(pk_to_date, int | float)
        and pk_target
    ):
        share = round_half_up(float(iki_target) * float(pk_to_date) / float(pk_target))
        return share, "Target s.d. triwulan berjalan sebanding dengan target triwulan"
    return None, "Target IKI tidak dapat dijabarkan dari target triwulan"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return [float(x) for x in a] == [float(x) for x in b]
    return isinstance(a, int | float) and isinstance(b, int | float) and float(a) == float(b)


def _times(target: Any, num: int, den: int) -> Any:
    if isinstance(target, list | tuple):
        return (round_half_up(target[0] * num / den), round_half_up(target[1] * num / den))
    if isinstance(target, int | float):
        return round_half_up(float(target) * num / den)
    return None
