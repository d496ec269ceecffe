"""A unit's indicators (PK, RAK, results) and IKI rows as the document model holds them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.documents.model import IkiBaris, Indikator, Program
from pipeline.documents.people import nip_key
from pipeline.rekap.recap import RekapRow
from pipeline.validate.capaian import capaian, kategori
from pipeline.validate.cross_sheet import UnitSheets
from pipeline.workspace.config import Config


def indicators(
    sheets: UnitSheets,
    rekap: dict[str, RekapRow],
    annual: bool = False,
    skala: Sequence[tuple[float, str]] = (),
) -> list[Indikator]:
    """The unit's PK indicators with RAK plans and, where recapped, results.

    ``annual`` takes capaian against the annual target (LKjIP) instead of the quarter's.
    """
    rak = {r.get("kode"): r for r in sheets.rows.get("rak", []) if r.get("kode")}
    out = []
    for no, (code, pk) in enumerate(sheets.indicators().items(), start=1):
        plan = rak.get(code, {})
        row = rekap.get(code)
        result = None if row is None else (row.capaian_tahunan if annual else row.capaian_tw)
        out.append(
            Indikator(
                no=no,
                kode=code,
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
                capaian_catatan=result.catatan if result else "",
                kategori=_kategori(row, result.nilai if result else None, annual, skala),
                realisasi_anggaran=row.realisasi_anggaran if row else None,
                serapan=row.serapan if row else None,
                efisiensi=(row.efisiensi or "") if row else "",
            )
        )
    return out


def _kategori(
    row: RekapRow | None, value: float | None, annual: bool, skala: Sequence[tuple[float, str]]
) -> str:
    if row is None:
        return ""
    return kategori(value, skala) if annual and skala else row.kategori


def programs(items: Sequence[Indikator]) -> list[Program]:
    """Programs/kegiatan of the indicators, each once, with its budget."""
    seen: dict[str, float | None] = {}
    for item in items:
        if item.program and item.program not in seen:
            seen[item.program] = item.anggaran
        elif item.program and item.anggaran:
            seen[item.program] = (seen[item.program] or 0) + item.anggaran
    return [Program(i, name, budget, "APBD") for i, (name, budget) in enumerate(seen.items(), 1)]


def total_budget(items: Sequence[Indikator]) -> float:
    return float(sum(i.anggaran or 0 for i in items))


def iki_rows(
    sheets: UnitSheets, nip: str, rekap: dict[str, RekapRow] | None, config: Config
) -> list[IkiBaris]:
    """The IKI rows of one pegawai; with ``rekap``, results of the PK indicators they trace to."""
    skala = [(k.batas_bawah, k.kategori) for k in config.capaian.skala]
    rows = [r for r in sheets.rows.get("iki", []) if nip_key(r.get("nip")) == nip]
    out = []
    for no, r in enumerate(rows, start=1):
        realisasi, value = _result(r, sheets, rekap, config)
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
                realisasi=realisasi,
                capaian=value,
                kategori=kategori(value, skala) if value is not None else "",
            )
        )
    return out


def _result(
    row: dict[str, Any], sheets: UnitSheets, rekap: dict[str, RekapRow] | None, config: Config
) -> tuple[float | None, float | None]:
    """A pegawai's realisasi is that of the PK indicator the IKI traces to, in the same unit."""
    if rekap is None:
        return None, None
    source = rekap.get(row.get("kode_pk") or "")
    if source is None or source.satuan != row.get("satuan"):
        return None, None
    pk = sheets.indicators().get(source.kode, {})
    result = capaian(
        row.get("target"),
        source.realisasi_sd_bulan,
        "turun" if pk.get("polaritas") == "turun" else "naik",
        "t/r" if config.capaian.metode_turun == "t/r" else "2t-r",
    )
    return source.realisasi_sd_bulan, result.nilai
