"""Content checks of one unit's workbook, across its sheets (PK, RAK, IKI, Realisasi, Anggaran).

Each check is a small generator of Hits; messages, severities and switches live in
``sop_specs/validasi/aturan.yaml``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from pipeline.ingest.cells import TypedRow
from pipeline.ingest.formulas import is_uncalculated
from pipeline.ingest.reader import RawWorkbook
from pipeline.ingest.rules import Hit
from pipeline.office.textable import angka
from pipeline.validate.capaian import (
    JATUH_TEMPO,
    Agregasi,
    Frekuensi,
    jatuh_tempo,
    target_triwulan_konsisten,
)
from pipeline.workspace.config import Unit
from pipeline.workspace.periode import BULAN, ROMAWI, Periode

AGGREGATION_RULE = {
    "jumlah": "jumlah TW I–IV sama dengan target tahunan",
    "terakhir": "target TW IV sama dengan target tahunan",
    "rata-rata": "rata-rata TW I–IV sama dengan target tahunan",
    "tren-naik": "target TW IV sama dengan target tahunan",
    "tren-turun": "target TW IV sama dengan target tahunan",
    "terbaik": "target TW IV sama dengan target tahunan",
}


@dataclass
class UnitSheets:
    """One unit's accepted workbook: typed rows per sheet key."""

    unit: Unit
    raw: RawWorkbook
    rows: dict[str, list[TypedRow]]
    rows_digest: bytes | None = field(default=None, repr=False, compare=False)
    """A hash of ``rows`` when already known (a reading kept by the workbook cache)."""
    _indicators: tuple[list[TypedRow], dict[str, TypedRow]] | None = field(
        default=None, repr=False, compare=False
    )

    def hit(self, rule: str, sheet: str = "", cell: str = "", **params: Any) -> Hit:
        name = self.raw.sheets[sheet].name if sheet in self.raw.sheets else sheet
        return Hit(rule, self.unit.kode, self.raw.label, name, cell, params)

    def cell(self, sheet: str, key: str, row: TypedRow) -> str:
        found = self.raw.sheets.get(sheet)
        if found is None or key not in found.columns:
            return ""
        return found.cell(key, row["_row"])

    def indicators(self) -> dict[str, TypedRow]:
        """PK rows by code (first occurrence wins; duplicates are reported by check_pk)."""
        pk = self.rows.get("pk", [])
        # Asked for every IKI row of every pegawai: kept until the PK rows change.
        if self._indicators is None or self._indicators[0] is not pk:
            out: dict[str, TypedRow] = {}
            for row in pk:
                if row.get("kode"):
                    out.setdefault(row["kode"], row)
            self._indicators = (pk, out)
        return dict(self._indicators[1])

    def indicator_rows(self) -> dict[str, TypedRow]:
        """Every PK row, by a key unique in the unit: the code itself, or "KODE#2", "KODE#3"
        for later rows that share a code. Two indicators with one code are reported by
        check_pk (PK-GANDA) and stay two indicators in the recap and the documents, never
        one row whose realisasi and target come from either."""
        out: dict[str, TypedRow] = {}
        counts: dict[str, int] = defaultdict(int)
        for row in self.rows.get("pk", []):
            code = row.get("kode")
            if not code:
                continue
            counts[code] += 1
            out[code if counts[code] == 1 else f"{code}#{counts[code]}"] = row
        return out

    def assign(self, sheet: str) -> list[tuple[str, TypedRow]]:
        """The rows of a RAK, Realisasi or Anggaran sheet with the indicator_rows key each
        belongs to. Where the PK has several rows with a row's code, the row goes to the one
        whose indicator (or program, on the Anggaran sheet) it names, else to the next one
        not yet taken in its month, in the PK's order; a surplus row keeps the last key."""
        keys: dict[str, list[str]] = defaultdict(list)
        pk = self.indicator_rows()
        for key, row in pk.items():
            keys[row["kode"]].append(key)
        text = "program" if sheet == "anggaran" else "indikator"
        taken: dict[tuple[str, Any], set[str]] = defaultdict(set)
        out = []
        for row in self.rows.get(sheet, []):
            code = row.get("kode")
            if not code:
                continue
            candidates = keys.get(code)
            if not candidates or len(candidates) == 1:
                out.append((code, row))
                continue
            used = taken[(code, row.get("bulan"))]
            named = _name(row.get(text))
            key = next(
                (
                    k
                    for k in candidates
                    if k not in used and named and _name(pk[k].get(text)) == named
                ),
                None,
            ) or next((k for k in candidates if k not in used), candidates[-1])
            used.add(key)
            out.append((key, row))
        return out

    def own_iki(self) -> list[TypedRow]:
        """IKI rows whose realisasi the pegawai reports on the Realisasi IKI sheet: those
        that trace to no PK indicator of the unit with the same satuan."""
        return [r for r in self.rows.get("iki", []) if reports_own(r, self.indicators())]

    def iki_realisasi(self, iki: Mapping[str, Any], bulan: int) -> list[float | None]:
        """What the pegawai of ``iki`` reported for it on the Realisasi IKI sheet, January to
        ``bulan``: matched by the NIP's digits and the indicator's text; empty months None."""
        values: list[float | None] = [None] * bulan
        key = iki_key(iki)
        for row in self.rows.get("realisasi_iki", []):
            month = row.get("bulan")
            if month is None or month > bulan or iki_key(row) != key:
                continue
            if values[month - 1] is None:
                values[month - 1] = row.get("realisasi")
        return values


def reports_own(iki: Mapping[str, Any], pk: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether an IKI row needs its own realisasi (no PK indicator of the same satuan)."""
    source = pk.get(str(iki.get("kode_pk") or ""))
    return source is None or source.get("satuan") != iki.get("satuan")


def frekuensi_of(pk: Mapping[str, Any]) -> Frekuensi:
    """An indicator's (a PK row's or an IKI row's) reporting frequency: bulanan where the
    sheet has no such column or leaves the cell empty (an unknown value is reported when the
    cell is read)."""
    return cast(Frekuensi, pk.get("frekuensi") or "bulanan")


def iki_key(row: Mapping[str, Any]) -> tuple[str, str]:
    """(NIP digits, indicator text as compared) of an IKI or Realisasi IKI row."""
    return _nip(row.get("nip")), _name(row.get("indikator"))


def run_checks(data: UnitSheets, periode: Periode) -> Iterator[Hit]:
    checks = (check_pk, check_rak, check_iki, check_realisasi, check_realisasi_iki)
    for check in (*checks, check_anggaran):
        yield from check(data, periode)


def allows_over_100(row: TypedRow) -> bool:
    return row.get("boleh_lebih_100") == "ya"


def check_pk(data: UnitSheets, periode: Periode) -> Iterator[Hit]:
    if "pk" not in data.raw.sheets:
        return
    rows = [r for r in data.rows.get("pk", []) if r.get("kode")]
    if not rows:
        yield data.hit("PK-KOSONG", "pk")
        return
    by_code: dict[str, list[TypedRow]] = defaultdict(list)
    for row in rows:
        by_code[row["kode"]].append(row)
    for code, same in by_code.items():
        if len(same) > 1:
            numbers = ", ".join(str(r["_row"]) for r in same)
            named = "; ".join(f"baris {r['_row']}: {r.get('indikator') or '-'}" for r in same)
            yield data.hit(
                "PK-GANDA",
                "pk",
                data.cell("pk", "kode", same[1]),
                kode=code,
                baris=numbers,
                indikator=named,
            )
    for row in rows:
        target = row.get("target")
        if row.get("satuan") == "%" and not allows_over_100(row) and _outside_percent(target):
            yield data.hit(
                "PK-TARGET-PERSEN",
                "pk",
                data.cell("pk", "target", row),
                kode=row["kode"],
                nilai=_fmt(target),
            )


def _outside_percent(value: Any) -> bool:
    values = value if isinstance(value, tuple) else (value,)
    return any(v is not None and not 0 <= v <= 100 for v in values)


def check_rak(data: UnitSheets, periode: Periode) -> Iterator[Hit]:
    if "rak" not in data.raw.sheets or "pk" not in data.raw.sheets:
        return
    indicators = data.indicator_rows()
    planned: dict[str, TypedRow] = {}
    for key, row in data.assign("rak"):
        if key not in indicators:
            yield data.hit("RAK-TAK-DIKENAL", "rak", data.cell("rak", "kode", row), kode=key)
            continue
        planned.setdefault(key, row)
    for key, pk in indicators.items():
        rak = planned.get(key)
        if rak is None:
            yield data.hit(
                "RAK-HILANG", "rak", kode=pk["kode"], indikator=pk.get("indikator") or ""
            )
            continue
        yield from _rak_consistency(data, pk, rak)


def _rak_consistency(data: UnitSheets, pk: TypedRow, rak: TypedRow) -> Iterator[Hit]:
    target = pk.get("target")
    quarters = [rak.get(f"target_tw{i}") for i in range(1, 5)]
    if not isinstance(target, int | float) or any(isinstance(q, tuple) for q in quarters):
        return  # range targets are planned as ranges; no arithmetic consistency to check
    cara = cast(Agregasi, pk.get("agregasi") or "jumlah")  # checked when the cell was read
    if any(q is None for q in quarters) or target_triwulan_konsisten(target, quarters, cara):
        return
    tw = ", ".join(f"TW {ROMAWI[i]} {_fmt(q)}" for i, q in enumerate(quarters))
    yield data.hit(
        "RAK-TARGET",
        "rak",
        data.cell("rak", "target_tw1", rak),
        kode=pk["kode"],
        tw=tw,
        target=_fmt(target),
        agregasi=cara,
        aturan_agregasi=AGGREGATION_RULE[cara],
    )


def _nip(text: Any) -> str:
    return re.sub(r"\D", "", str(text or ""))


def _name(text: Any) -> str:
    return " ".join(str(text or "").lower().replace(",", " ").split())


def check_iki(data: UnitSheets, periode: Periode) -> Iterator[Hit]:
    if "iki" not in data.raw.sheets:
        return
    people = {_nip(p.nip): p for p in (data.unit.kepala, *data.unit.pegawai) if p.nip}
    structural = {_nip(data.unit.kepala.nip)} | {
        _nip(p.nip) for p in data.unit.pegawai if p.jenis == "struktural"
    }
    codes = set(data.indicators())
    seen: set[str] = set()
    for row in data.rows.get("iki", []):
        nip = _nip(row.get("nip"))
        if not nip:
            continue
        seen.add(nip)
        person = people.get(nip)
        cell = data.cell("iki", "nip", row)
        if person is None:
            yield data.hit(
                "IKI-PEGAWAI-TAK-DIKENAL", "iki", cell, nip=row["nip"], nama=row.get("nama") or ""
            )
        elif row.get("nama") and _name(row["nama"]) != _name(person.nama):
            yield data.hit(
                "IKI-NAMA-BEDA",
                "iki",
                data.cell("iki", "nama", row),
                nip=row["nip"],
                nama=row["nama"],
                nama_config=person.nama,
            )
        # Without a readable PK sheet every IKI would look untraced: that sheet's own
        # finding says it once.
        if nip in structural and codes and row.get("kode_pk") not in codes:
            yield data.hit(
                "IKI-TAK-TERLACAK",
                "iki",
                data.cell("iki", "kode_pk", row),
                nama=row.get("nama") or "",
                jabatan=row.get("jabatan") or "",
                kode_pk=row.get("kode_pk") or "(belum diisi)",
            )
    for nip, person in people.items():
        if nip not in seen:
            yield data.hit("IKI-BELUM-ADA", "iki", nama=person.nama, nip=person.nip)


def _monthly(
    data: UnitSheets, sheet: str, periode: Periode, dup_rule: str | None
) -> Iterator[Hit | tuple[str, int, TypedRow]]:
    """Rows of a monthly sheet keyed by (indicator key, month); reports unknown codes and
    duplicates. The key is the code, bar indicators that share one (see UnitSheets.assign)."""
    indicators = data.indicators()
    seen: dict[tuple[str, int], TypedRow] = {}
    for key, row in data.assign(sheet):
        code, month = row.get("kode"), row.get("bulan")
        if not code or month is None:
            continue
        if code not in indicators:
            if sheet == "realisasi":
                yield data.hit("REAL-TAK-DIKENAL", sheet, data.cell(sheet, "kode", row), kode=code)
            continue
        if (key, month) in seen:
            if dup_rule:
                rows = f"{seen[(key, month)]['_row']}, {row['_row']}"
                yield data.hit(
                    dup_rule,
                    sheet,
                    data.cell(sheet, "kode", row),
                    kode=code,
                    bulan=BULAN[month - 1],
                    baris=rows,
                )
            continue
        seen[(key, month)] = row
        yield (key, month, row)


def check_realisasi(data: UnitSheets, periode: Periode) -> Iterator[Hit]:
    if "realisasi" not in data.raw.sheets or "pk" not in data.raw.sheets:
        return
    indicators = data.indicator_rows()
    filled: dict[tuple[str, int], TypedRow] = {}
    for item in _monthly(data, "realisasi", periode, "REAL-GANDA"):
        if isinstance(item, Hit):
            yield item
            continue
        key, month, row = item
        filled[(key, month)] = row
        value = row.get("realisasi")
        if value is None:
            continue
        pk = indicators[key]
        code = pk["kode"]
        frekuensi = frekuensi_of(pk)
        if month <= periode.bulan and not jatuh_tempo(frekuensi, month):
            yield data.hit(
                "REAL-TIDAK-JATUH-TEMPO",
                "realisasi",
                data.cell("realisasi", "realisasi", row),
                kode=code,
                frekuensi=frekuensi,
                jatuh_tempo=", ".join(BULAN[m - 1] for m in JATUH_TEMPO[frekuensi]),
                bulan=BULAN[month - 1],
            )
        if month > periode.bulan:
            yield data.hit(
                "REAL-MENDATANG",
                "realisasi",
                data.cell("realisasi", "realisasi", row),
                kode=code,
                bulan=BULAN[month - 1],
                periode=periode.nama,
            )
        elif pk.get("satuan") == "%" and not allows_over_100(pk) and not 0 <= value <= 100:
            cell = data.cell("realisasi", "realisasi", row)
            yield data.hit("REAL-PERSEN", "realisasi", cell, kode=code, nilai=_fmt(value))
        elif pk.get("satuan") != "%" and value < 0:
            yield data.hit(
                "REAL-NEGATIF",
                "realisasi",
                data.cell("realisasi", "realisasi", row),
                kode=code,
                nilai=_fmt(value),
                satuan=pk.get("satuan") or "",
            )
    for key, pk in indicators.items():
        frekuensi = frekuensi_of(pk)
        for month in range(1, periode.bulan + 1):
            if not jatuh_tempo(frekuensi, month):
                continue  # not due: may stay empty, and an empty cell is never read as 0
            found = filled.get((key, month))
            if found is not None and (
                found.get("realisasi") is not None or "realisasi" in found.get("_invalid", ())
            ):
                continue
            cell = data.cell("realisasi", "realisasi", found) if found else ""
            sheet_name = data.raw.sheets["realisasi"].name
            if cell and is_uncalculated(data.raw.path, sheet_name, cell):
                yield data.hit("RUMUS-TANPA-NILAI", "realisasi", cell)
                continue
            yield data.hit(
                "REAL-HILANG",
                "realisasi",
                cell,
                kode=pk["kode"],
                indikator=pk.get("indikator") or "",
                bulan=BULAN[month - 1],
            )


def check_realisasi_iki(data: UnitSheets, periode: Periode) -> Iterator[Hit]:
    """Realisasi of the IKI that trace to no PK indicator: every row names one such IKI,
    once per month, and every such IKI is reported up to the period."""
    if "iki" not in data.raw.sheets or "pk" not in data.raw.sheets:
        return  # which IKI trace to no PK indicator is unknown without the PK sheet
    own = {iki_key(r): r for r in data.own_iki() if _nip(r.get("nip"))}
    all_iki = {iki_key(r) for r in data.rows.get("iki", [])}
    seen: dict[tuple[tuple[str, str], int], TypedRow] = {}
    for row in data.rows.get("realisasi_iki", []):
        key, month = iki_key(row), row.get("bulan")
        if not key[0] or month is None:
            continue
        cell = data.cell("realisasi_iki", "indikator", row)
        if key not in own:
            rule = "REAL-IKI-PK" if key in all_iki else "REAL-IKI-TAK-DIKENAL"
            yield data.hit(
                rule, "realisasi_iki", cell, nip=row.get("nip"), indikator=row.get("indikator")
            )
            continue
        if (key, month) in seen:
            yield data.hit(
                "REAL-IKI-GANDA",
                "realisasi_iki",
                cell,
                indikator=row.get("indikator"),
                bulan=BULAN[month - 1],
                baris=f"{seen[(key, month)]['_row']}, {row['_row']}",
            )
            continue
        seen[(key, month)] = row
        value = row.get("realisasi")
        frekuensi = frekuensi_of(own[key])
        if value is not None and month <= periode.bulan and not jatuh_tempo(frekuensi, month):
            yield data.hit(
                "REAL-IKI-TIDAK-JATUH-TEMPO",
                "realisasi_iki",
                data.cell("realisasi_iki", "realisasi", row),
                nama=own[key].get("nama") or own[key].get("nip"),
                indikator=row.get("indikator"),
                frekuensi=frekuensi,
                jatuh_tempo=", ".join(BULAN[m - 1] for m in JATUH_TEMPO[frekuensi]),
                bulan=BULAN[month - 1],
            )
        if value is not None and value < 0:
            yield data.hit(
                "REAL-IKI-NEGATIF",
                "realisasi_iki",
                data.cell("realisasi_iki", "realisasi", row),
                indikator=row.get("indikator"),
                nilai=_fmt(value),
            )
    for key, iki in own.items():
        # Only due months are asked for (an empty month that is not due is never read as 0).
        missing = [
            BULAN[m - 1]
            for m in range(1, periode.bulan + 1)
            if jatuh_tempo(frekuensi_of(iki), m) and seen.get((key, m), {}).get("realisasi") is None
        ]
        if missing:
            yield data.hit(
                "REAL-IKI-HILANG",
                "realisasi_iki" if "realisasi_iki" in data.raw.sheets else "iki",
                nama=iki.get("nama") or iki.get("nip"),
                indikator=iki.get("indikator") or "",
                bulan=", ".join(missing),
            )


def check_anggaran(data: UnitSheets, periode: Periode) -> Iterator[Hit]:
    if "anggaran" not in data.raw.sheets or "pk" not in data.raw.sheets:
        return
    spent: dict[str, float] = defaultdict(float)
    filled: set[tuple[str, int]] = set()
    for item in _monthly(data, "anggaran", periode, None):
        if isinstance(item, Hit):
            yield item
            continue
        key, month, row = item
        value = row.get("realisasi")
        if value is None or month > periode.bulan:
            continue
        filled.add((key, month))
        if value < 0:
            yield data.hit(
                "ANG-NEGATIF",
                "anggaran",
                data.cell("anggaran", "realisasi", row),
                nilai=_fmt(value),
            )
        spent[key] += value
    for key, pk in data.indicator_rows().items():
        pagu = pk.get("anggaran")
        if not pagu:
            continue
        code = pk["kode"]
        for month in range(1, periode.bulan + 1):
            if (key, month) not in filled:
                yield data.hit("ANG-HILANG", "anggaran", kode=code, bulan=BULAN[month - 1])
        if spent[key] > pagu:
            yield data.hit(
                "ANG-MELEBIHI", "anggaran", kode=code, realisasi=_rp(spent[key]), pagu=_rp(pagu)
            )


def _fmt(value: Any) -> str:
    if isinstance(value, tuple):
        return "–".join(_fmt(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return angka(int(value))
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".").rstrip("0")
    return str(value)


def _rp(value: float) -> str:
    return "Rp" + angka(round(value))
