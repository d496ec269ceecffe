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
