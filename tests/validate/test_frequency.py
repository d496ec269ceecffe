"""Indicators not measured every month (Frekuensi Pelaporan in the PK sheet): a month that is
not due may stay empty, a value in it is accepted with a note, and the recap computes capaian
only where a value is due, standing at the last due month in between."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from workbooks import HEADERS, PK_HEADER, bkp_sheets, write_unit_workbook

from pipeline import Workspace
from pipeline.rekap.recap import RekapRow, build_rekap
from pipeline.validate.capaian import BELUM_JATUH_TEMPO
from pipeline.validate.period import Validation, validate_period
from pipeline.workspace.periode import Periode

MAY = Periode(2024, 5)
FREQUENCY = {"BKP-1": "", "BKP-2": "triwulanan", "BKP-3": "semesteran"}
# BKP-2 (jumlah) reports the quarter's count in March; April's 4 is typed in a month that is
# not due. BKP-3 (semesteran) has nothing due before June.
VALUES: dict[str, list[Any]] = {
    "BKP-1": [59, 59.5, 60.2, 60.4, 60.9],
    "BKP-2": [None, None, 21, 4, None],
    "BKP-3": [None, None, None, None, None],
}


@pytest.fixture
def ws(tmp_path: Path, repo_root: Path) -> Path:
    shutil.copy(repo_root / "sakip.yaml", tmp_path / "sakip.yaml")
    return tmp_path


def sheets(values: dict[str, list[Any]], frequency: dict[str, str]) -> dict[str, list[list[Any]]]:
    data = bkp_sheets()
    for row in data["PK"]:
        row.append(frequency.get(row[0], ""))
    months = len(next(iter(values.values())))
    data["Realisasi"] = [
        [code, "", m + 1, series[m], "", "bukti.pdf" if series[m] is not None else ""]
        for m in range(months)
        for code, series in values.items()
    ]
    data["Realisasi Anggaran"] = [
        [code, "", m + 1, 10_000_000] for m in range(months) for code in values
    ]
    data["Realisasi IKI"] = [
        ["19891130 201403 1 001", "", "Jumlah koperasi disuluh", m + 1, 3] for m in range(months)
    ]
    return data


def run(
    ws: Path,
    periode: Periode,
    values: dict[str, list[Any]] = VALUES,
    frequency: dict[str, str] = FREQUENCY,
) -> Validation:
    headers = {**HEADERS, "PK": [*PK_HEADER, "Frekuensi Pelaporan"]}
    folder = ws / "inputs" / str(periode.tahun) / f"{periode.bulan:02d}"
    write_unit_workbook(
        folder / "bkp.xlsx", bulan=periode.bulan, sheets=sheets(values, frequency), headers=headers
    )
    return validate_period(Workspace.open(ws), periode)


def findings(v: Validation) -> list[tuple[str, str, str]]:
    return [(f.rule, f.sheet, f.cell) for f in v.report.findings if f.unit == "BKP"]


def test_months_not_due_may_stay_empty(ws: Path) -> None:
    v = run(ws, MAY)
    # BKP-2's April value is accepted with a note (peringatan), and nothing else is asked:
    # not "tulis 0" for January, February or May, nor for BKP-3 before June.
    assert findings(v) == [("REAL-TIDAK-JATUH-TEMPO", "Realisasi", "D12")]
    (note,) = [f for f in v.report.findings if f.unit == "BKP"]
    assert note.severity == "peringatan"
    assert "BKP-2 dilaporkan triwulanan (jatuh tempo Maret, Juni, September, Desember)" in (
        note.message
    )
    assert next(u.status for u in v.report.units if u.code == "BKP") == "lengkap"


def test_an_empty_due_month_is_still_asked_for(ws: Path) -> None:
    values = {**VALUES, "BKP-2": [None, None, None, 4, None]}
    v = run(ws, MAY, values)
    (missing,) = [f for f in v.report.findings if f.rule == "REAL-HILANG"]
    assert missing.cell == "D9"
    assert missing.message.startswith("Realisasi indikator BKP-2 (")
    assert "bulan Maret belum diisi" in missing.message


def test_a_workbook_without_the_column_is_monthly(ws: Path) -> None:
    v = run(ws, MAY, frequency={})
    missing = [f.message for f in v.report.findings if f.rule == "REAL-HILANG"]
    assert len(missing) == 3 + 5  # BKP-2 but in March and April, BKP-3 in every month
    assert any("BKP-2" in m and "bulan Januari" in m for m in missing)
    assert not [f for f in v.report.findings if f.rule == "REAL-TIDAK-JATUH-TEMPO"]


def test_an_unknown_frequency_names_file_sheet_cell_and_choices(ws: Path) -> None:
    v = run(ws, MAY, frequency={**FREQUENCY, "BKP-2": "mingguan"})
    (bad,) = [f for f in v.report.findings if f.rule == "ISIAN-PILIHAN"]
    assert (bad.file, bad.sheet, bad.cell) == ("bkp.xlsx", "PK", "L3")
    assert "'mingguan'" in bad.message
    assert "bulanan, triwulanan, semesteran, tahunan" in bad.message


def _rows(ws: Path, v: Validation) -> dict[str, RekapRow]:
    return {r.kode: r for r in build_rekap(Workspace.open(ws), v).rows}


def test_capaian_only_where_due_and_the_last_due_position_between(ws: Path) -> None:
    rows = _rows(ws, run(ws, MAY))
    monthly, quarterly, half = rows["BKP-1"], rows["BKP-2"], rows["BKP-3"]
    assert (monthly.realisasi_sd_bulan, monthly.catatan_posisi) == (60.9, "")
    # May: BKP-2 stands at March, 21 (April's stray 4 is shown, never counted) against
    # TW I's 20: 21 / 20 × 100 = 105; against the year's 120: 21 / 120 × 100 = 17,5.
    assert quarterly.realisasi_bulan == [None, None, 21, 4, None]
    assert (quarterly.realisasi_sd_bulan, quarterly.target_sd_tw) == (21, 20)
    assert (quarterly.capaian_tw.nilai, quarterly.capaian_tahunan.nilai) == (105.0, 17.5)
    assert quarterly.kategori == "Sangat Tinggi"
    assert quarterly.catatan_posisi == (
        "Indikator triwulanan: posisi Maret 2024, terhadap target s.d. TW I; jatuh tempo "
        "berikutnya Juni 2024."
    )
    assert quarterly.capaian_tw.catatan.startswith(quarterly.catatan_posisi)
    # BKP-3 has nothing due before June: no figures, and never 0,00 % "Sangat Rendah".
    assert half.belum_jatuh_tempo and half.realisasi_sd_bulan is None
    assert half.capaian_tw.nilai is half.capaian_tahunan.nilai is None
    assert half.capaian_tw.status == "belum_jatuh_tempo" and half.kategori == BELUM_JATUH_TEMPO
    assert "realisasi pertama dilaporkan Juni 2024" in half.capaian_tw.catatan


def test_in_a_due_month_there_is_no_position_note(ws: Path) -> None:
    values = {k: [*v, None] for k, v in VALUES.items()}
    values["BKP-1"][5] = 61.2
    values["BKP-2"][5] = 30
    values["BKP-3"][5] = 8.8
    rows = _rows(ws, run(ws, Periode(2024, 6), values))
    # June: BKP-2 sums its due months, 21 + 30 = 51, against TW I + TW II = 20 + 35 = 55.
    assert (rows["BKP-2"].realisasi_sd_bulan, rows["BKP-2"].target_sd_tw) == (51, 55)
    assert rows["BKP-2"].capaian_tw.nilai == 92.73 and rows["BKP-2"].catatan_posisi == ""
    # BKP-3 (turun, terakhir) is due: 8,8 against TW II's 9: (2 × 9 − 8,8) / 9 × 100.
    assert rows["BKP-3"].capaian_tw.nilai == 102.22 and not rows["BKP-3"].belum_jatuh_tempo


# -- IKI reported by the pegawai (no PK indicator): Frekuensi Pelaporan on the IKI sheet -----

PENYULUH = "19891130 201403 1 001"


def run_iki(ws: Path, periode: Periode, frekuensi: str, values: list[Any]) -> Validation:
    """BKP with the Penyuluh's own IKI (target 40, jumlah) reported ``frekuensi``, its
    realisasi ``values`` from January; every PK indicator monthly and complete."""
    data = sheets({k: [59] * len(values) for k in VALUES}, {})
    for row in data["IKI"]:
        row += ["naik", "jumlah", frekuensi if row[0] == PENYULUH else ""]
    data["Realisasi IKI"] = [
        [PENYULUH, "", "Jumlah koperasi disuluh", m + 1, value] for m, value in enumerate(values)
    ]
    headers = {
        **HEADERS,
        "IKI": [*HEADERS["IKI"], "Polaritas", "Agregasi Triwulan", "Frekuensi Pelaporan"],
    }
    folder = ws / "inputs" / str(periode.tahun) / f"{periode.bulan:02d}"
    write_unit_workbook(folder / "bkp.xlsx", bulan=periode.bulan, sheets=data, headers=headers)
    return validate_period(Workspace.open(ws), periode)


def _penyuluh(ws: Path, v: Validation, periode: Periode) -> Any:
    from pipeline.documents.indicators import iki_rows
    from pipeline.documents.people import nip_key

    rekap = {r.kode: r for r in build_rekap(Workspace.open(ws), v).rows}
    (row,) = iki_rows(v.units["BKP"], nip_key(PENYULUH), rekap, v.config, periode)
    return row


def test_an_iki_reported_quarterly_is_asked_for_in_due_months_only(ws: Path) -> None:
    v = run_iki(ws, MAY, "triwulanan", [None, None, 11, 4, None])
    iki = [(f.rule, f.cell) for f in v.report.findings if f.rule.startswith("REAL-IKI")]
    # April's 4 is accepted with a note; January, February and May are not asked for.
    assert iki == [("REAL-IKI-TIDAK-JATUH-TEMPO", "E5")]
    (note,) = [f for f in v.report.findings if f.rule == "REAL-IKI-TIDAK-JATUH-TEMPO"]
    assert "dilaporkan triwulanan (jatuh tempo Maret, Juni, September, Desember)" in (note.message)
    # The LKI of May stands at March: 11 against TW I's 40 × 1/4 = 10, April's 4 not counted.
    row = _penyuluh(ws, v, MAY)
    assert (row.realisasi, row.target_capaian, row.capaian) == (11, 10, 110.0)
    assert "posisi Maret 2024" in row.catatan


def test_an_empty_due_month_of_a_quarterly_iki_is_still_asked_for(ws: Path) -> None:
    v = run_iki(ws, MAY, "triwulanan", [5, 5, None, None, None])
    (missing,) = [f for f in v.report.findings if f.rule == "REAL-IKI-HILANG"]
    assert "bulan Maret belum diisi" in missing.message


def test_an_iki_not_yet_due_is_belum_jatuh_tempo_not_sangat_rendah(ws: Path) -> None:
    v = run_iki(ws, MAY, "semesteran", [None] * 5)
    assert not [f for f in v.report.findings if f.rule.startswith("REAL-IKI")]
    row = _penyuluh(ws, v, MAY)
    assert row.kategori == BELUM_JATUH_TEMPO and row.capaian is None
    assert "belum jatuh tempo; realisasi pertama dilaporkan Juni 2024" in row.catatan


def test_a_monthly_iki_is_still_asked_for_every_month(ws: Path) -> None:
    v = run_iki(ws, MAY, "", [3, None, 2, 2, 2])
    (missing,) = [f for f in v.report.findings if f.rule == "REAL-IKI-HILANG"]
    assert "bulan Februari belum diisi" in missing.message
