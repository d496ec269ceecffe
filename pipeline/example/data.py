"""The example office's 2024 performance data (``kantor-contoh.yaml``) as workbook rows.

The YAML groups everything about one indicator (its PK row, RAK, monthly realisasi and
budget) so it reads like a unit's plan; this module spreads it over the workbook's sheets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pipeline.workspace.config import Pejabat, Unit
from pipeline.workspace.periode import BULAN
from pipeline.workspace.yamlfile import Loader

DATA_FILE = Path(__file__).with_name("kantor-contoh.yaml")
NESTED = ("rak", "realisasi", "bukti", "anggaran_bulanan")
"""Indicator keys that belong to other sheets than the PK."""

Rows = dict[str, list[dict[str, object]]]


def load_data() -> dict[str, Any]:
    """The example data as parsed YAML (checked by the tests, not at run time)."""
    data: dict[str, Any] = yaml.load(DATA_FILE.read_text(encoding="utf-8"), Loader=Loader)
    return data


def unit_rows(data: dict[str, Any], unit: Unit, bulan: int) -> Rows:
    """The rows of ``unit``'s workbook for month ``bulan``: PK, RAK, IKI, and realisasi and
    budget for every month from January up to ``bulan`` (each month's workbook carries the
    year so far). A unit missing from the data gets no rows."""
    entry = data["unit"].get(unit.kode)
    if entry is None:
        return {}
    indicators: list[dict[str, Any]] = entry["indikator"]
    return {
        "pk": [_pk_row(ind) for ind in indicators],
        "rak": [_rak_row(ind) for ind in indicators],
        "iki": [_iki_row(row, unit) for row in entry["iki"]],
        "realisasi_iki": [
            _realisasi_iki_row(row, unit, month)
            for month in range(1, bulan + 1)
            for row in entry["iki"]
            if month <= len(row.get("realisasi", ()))
        ],
        "realisasi": [
            _realisasi_row(ind, month)
            for month in range(1, bulan + 1)
            for ind in indicators
            if month <= len(ind["realisasi"])
        ],
        "anggaran": [
            {
                "kode": ind["kode"],
                "program": ind.get("program"),
                "bulan": BULAN[month - 1],
                "realisasi": ind["anggaran_bulanan"][month - 1],
            }
            for month in range(1, bulan + 1)
            for ind in indicators
            if month <= len(ind["anggaran_bulanan"])
        ],
    }


def _pk_row(ind: dict[str, Any]) -> dict[str, object]:
    row: dict[str, object] = {k: v for k, v in ind.items() if k not in NESTED}
    if ind["satuan"] == "%":
        row.setdefault("boleh_lebih_100", "tidak")
    return row


def _rak_row(ind: dict[str, Any]) -> dict[str, object]:
    rak = ind["rak"]
    row: dict[str, object] = {
        "kode": ind["kode"],
        "indikator": ind["indikator"],
        "penanggung_jawab": rak["penanggung_jawab"],
    }
    for tw in range(4):
        row[f"target_tw{tw + 1}"] = rak["target"][tw]
        row[f"aksi_tw{tw + 1}"] = rak["aksi"][tw]
    return row


def _iki_row(row: dict[str, Any], unit: Unit) -> dict[str, object]:
    """Name and jabatan come from sakip.yaml by NIP, so they always match the config."""
    people: list[Pejabat] = [unit.kepala, *unit.pegawai]
    person = next((p for p in people if p.nip == row["nip"]), None)
    named: dict[str, object] = {"nama": person.nama, "jabatan": person.jabatan} if person else {}
    return {**named, **{k: v for k, v in row.items() if k != "realisasi"}}


def _realisasi_iki_row(row: dict[str, Any], unit: Unit, month: int) -> dict[str, object]:
    """A month of an IKI that reports its own realisasi (no PK indicator of its satuan)."""
    value, keterangan = row["realisasi"][month - 1]
    return {
        "nip": row["nip"],
        "nama": _iki_row(row, unit).get("nama"),
        "indikator": row["indikator"],
        "bulan": BULAN[month - 1],
        "realisasi": value,
        "keterangan": keterangan,
    }


def _realisasi_row(ind: dict[str, Any], month: int) -> dict[str, object]:
    value, keterangan, *bukti = ind["realisasi"][month - 1]
    filled = value is not None
    return {
        "kode": ind["kode"],
        "indikator": ind["indikator"],
        "bulan": BULAN[month - 1],
        "realisasi": value,
        # A month that is not due may still say why it is empty.
        "keterangan": keterangan or None,
        "bukti": (bukti[0] if bukti else ind["bukti"].format(bulan=BULAN[month - 1]))
        if filled
        else None,
    }


def for_month(data: dict[str, Any], tahun: int, bulan: int) -> dict[str, Any]:
    """The example data carried on to month ``bulan`` of ``tahun``: the months the YAML holds
    as written, each later month of the year (or every month of a later year) continued
    deterministically toward the indicator's target, so a demo can run to December 2024 and
    into January 2025. Continued months say so in their keterangan."""
    first = int(data["tahun"])
    if tahun < first:
        raise ValueError(f"the example data start in {first}")
    out = dict(data, tahun=tahun, bulan=[bulan])
    out["unit"] = {
        kode: {
            **entry,
            "indikator": [_continued(ind, tahun, first, bulan) for ind in entry["indikator"]],
            "iki": [_continued(row, tahun, first, bulan) for row in entry["iki"]],
        }
        for kode, entry in data["unit"].items()
    }
    return out


def _continued(item: dict[str, Any], tahun: int, first: int, bulan: int) -> dict[str, Any]:
    """One indicator (or IKI row) with realisasi, and budget, for months 1..``bulan``."""
    if "realisasi" not in item:
        return item
    given = list(item["realisasi"]) if tahun == first else []
    start = _number(item["realisasi"][0][0]) if item["realisasi"] else None
    # A steady, per-indicator share of the target: some end just under it, some just over.
    share = 0.9 + sum(map(ord, str(item.get("kode") or item.get("indikator")))) % 15 / 100
    turun = item.get("polaritas") == "turun"
    target = _number(item["target"])
    known = [v for v in map(_number, (g[0] for g in given)) if v is not None]
    # A target the UPT wrote wrongly on purpose ("70-75"): its last result carries on.
    last = known[-1] if known else (start or 0.0)
    aim = target * (2 - share if turun else share) if target is not None else last
    whole = isinstance(item["target"], int) and all(
        isinstance(v[0], int) for v in given if v[0] is not None
    )
    cap = 100.0 if item.get("satuan") == "%" and item.get("boleh_lebih_100") != "ya" else None
    values = [_number(v[0]) for v in given]
    rows = list(given[:bulan])
    every = EVERY.get(str(item.get("frekuensi") or "bulanan"), 1)
    for month in range(len(given) + 1, bulan + 1):
        if month % every:  # not due this month (a quarterly survey, a yearly assessment)
            values.append(None)
            rows.append([None, f"Tidak dilaporkan bulan {BULAN[month - 1]} (belum jatuh tempo)"])
            continue
        left = (12 - month) // every + 1  # due months from this one to December
        value = _next_value(str(item.get("agregasi", "jumlah")), values, start, aim, left)
        value = min(value, cap) if cap is not None else value
        value = round(value) if whole else round(value, 2)
        values.append(float(value))
        rows.append([value, f"Realisasi bulan {BULAN[month - 1]} {tahun}"])
    out = {**item, "realisasi": rows}
    if "anggaran_bulanan" in item:
        out["anggaran_bulanan"] = _budget(item, tahun == first, share, bulan)
    if "bukti" in item:
        out["bukti"] = str(item["bukti"]).replace(str(first), str(tahun))
    return out


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


EVERY = {"bulanan": 1, "triwulanan": 3, "semesteran": 6, "tahunan": 12}
"""Reporting frequency -> months between two values that fall due."""


def _next_value(
    agregasi: str, values: list[float | None], start: float | None, aim: float, left: int
) -> float:
    """The value of a due month, ``left`` due months before December's included."""
    known = [v for v in values if v is not None]
    if agregasi == "jumlah":  # monthly counts summing to the year's result
        return max(aim - sum(known), 0.0) / left
    if agregasi == "rata-rata":
        return aim
    # A position (terakhir, tren, terbaik): moving from the last one toward the aim.
    last = known[-1] if known else (start if start is not None else aim)
    return last + (aim - last) / left


def _budget(item: dict[str, Any], same_year: bool, share: float, bulan: int) -> list[int]:
    given = [int(v) for v in item["anggaran_bulanan"]] if same_year else []
    aim = float(item["anggaran"]) * (share - 0.05)
    out = given[:bulan]
    for month in range(len(given) + 1, bulan + 1):
        # Rounded to Rp100.000, as a budget plan is.
        out.append(round(max(aim - sum(out), 0) / (12 - month + 1) / 100_000) * 100_000)
    return out
