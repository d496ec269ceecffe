from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from workbooks import PK_HEADER, RAK_HEADER, Formula, bkp_sheets, write_unit_workbook

from pipeline import Workspace
from pipeline.validate.period import Validation, validate_period
from pipeline.workspace.periode import Periode

MARCH = Periode(2024, 3)
Sheets = dict[str, list[list[Any]]]


@pytest.fixture
def ws(tmp_path: Path, repo_root: Path) -> Path:
    shutil.copy(repo_root / "sakip.yaml", tmp_path / "sakip.yaml")
    (tmp_path / "inputs" / "2024" / "03").mkdir(parents=True)
    return tmp_path


def run(ws: Path, sheets: Sheets | None = None, **kwargs: Any) -> Validation:
    write_unit_workbook(ws / "inputs/2024/03/bkp.xlsx", sheets=sheets, **kwargs)
    return validate_period(Workspace.open(ws), MARCH)


def rules_of(v: Validation, unit: str = "BKP") -> list[tuple[str, str, str]]:
    return [(f.rule, f.sheet, f.cell) for f in v.report.findings if f.unit == unit]


def status(v: Validation, unit: str = "BKP") -> str:
    return next(u.status for u in v.report.units if u.code == unit)


def test_clean_workbook_is_complete_others_did_not_submit(ws: Path) -> None:
    v = run(ws)
    assert rules_of(v) == []
    assert status(v) == "lengkap"
    assert {u.code: u.status for u in v.report.units if u.code != "BKP"} == {
        c: "tidak_menyerahkan" for c in ("SEK", "BPK", "UKM", "UPT")
    }
    missing = [f for f in v.report.findings if f.rule == "UNIT-TIDAK-MENYERAHKAN"]
    assert missing[0].message.startswith("Unit SEK (Sekretariat) belum menyerahkan buku kerja ")
    assert "inputs/2024/03" in missing[0].message
    assert not v.report.valid


def _edit(change: Callable[[Sheets], None]) -> Sheets:
    sheets = bkp_sheets()
    change(sheets)
    return sheets


def _set(sheet: str, row: int, col: int, value: Any) -> Callable[[Sheets], None]:
    def change(s: Sheets) -> None:
        s[sheet][row][col] = value

    return change


TOLERATED = [
    ("realisasi typed as Indonesian text", _set("Realisasi", 0, 3, "59,5")),
    ("percent sign and spaces", _set("Realisasi", 1, 3, " 59,5 % ")),
    ("money with Rp and dots", _set("Realisasi Anggaran", 0, 3, "Rp 10.000.000")),
    ("month as a name", _set("Realisasi", 2, 2, "maret")),
    ("choice in other case", _set("PK", 0, 5, "Naik")),
    ("hyphen-less choice", _set("PK", 1, 6, "Jumlah")),
    ("zero is a value", _set("Realisasi", 3, 3, 0)),
    (
        "control characters pasted from a PDF",
        _set("PK", 0, 2, "Persentase_x000B_ koperasi_x0007_ aktif"),
    ),
]


@pytest.mark.parametrize(("name", "change"), TOLERATED)
def test_what_people_type_is_tolerated(ws: Path, name: str, change: Any) -> None:
    v = run(ws, _edit(change))
    assert rules_of(v) == [], name


def test_header_variants_blank_rows_and_extra_columns(ws: Path) -> None:
    sheets = bkp_sheets()
    sheets["Realisasi"].insert(2, [None] * 6)
    headers = {
        "Realisasi": [
            "KODE",
            "indikator",
            "bulan",
            "REALISASI",
            "Ket.",
            "Bukti",
            "Catatan tambahan",
        ]
    }
    v = run(ws, sheets, headers=headers, header_row=3)
    assert rules_of(v) == []


def _drop_march(s: Sheets) -> None:
    s["Realisasi"][2][3] = None


def _dup_pk(s: Sheets) -> None:
    s["PK"].append(list(s["PK"][1]))


PROBLEMS = [
    ("missing realisasi", _drop_march, ("REAL-HILANG", "Realisasi", "D4")),
    ("percent above 100", _set("Realisasi", 2, 3, 105), ("REAL-PERSEN", "Realisasi", "D4")),
    ("negative count", _set("Realisasi", 4, 3, -2), ("REAL-NEGATIF", "Realisasi", "D6")),
    ("RAK sum", _set("RAK", 1, 2, 25), ("RAK-TARGET", "RAK", "C3")),
    ("untraced structural IKI", _set("IKI", 0, 9, "BKP-9"), ("IKI-TAK-TERLACAK", "IKI", "J2")),
    ("duplicate indicator", _dup_pk, ("PK-GANDA", "PK", "A5")),
    ("ambiguous number", _set("Realisasi", 3, 3, "1,250"), ("ISIAN-ANGKA", "Realisasi", "D5")),
    ("bad choice", _set("PK", 0, 5, "naik turun"), ("ISIAN-PILIHAN", "PK", "F2")),
    ("bad month", _set("Realisasi", 0, 2, "Triwulan 1"), ("ISIAN-BULAN", "Realisasi", "C2")),
    ("empty required", _set("PK", 2, 4, None), ("ISIAN-KOSONG", "PK", "E4")),
    ("future month", _set("Realisasi", 2, 2, 5), ("REAL-MENDATANG", "Realisasi", "D4")),
    (
        "own IKI not reported",
        _set("Realisasi IKI", 1, 4, None),
        ("REAL-IKI-HILANG", "Realisasi IKI", ""),
    ),
    (
        "Realisasi IKI of an unknown IKI",
        _set("Realisasi IKI", 0, 2, "Jumlah koperasi dikunjungi"),
        ("REAL-IKI-TAK-DIKENAL", "Realisasi IKI", "C2"),
    ),
    (
        "Realisasi IKI of an IKI traced to the PK",
        lambda s: s["Realisasi IKI"].append(
            ["19740603 199903 1 005", "", "Persentase koperasi aktif", 3, 60]
        ),
        ("REAL-IKI-PK", "Realisasi IKI", "C5"),
    ),
    (
        "Realisasi IKI twice in a month",
        _set("Realisasi IKI", 1, 3, 1),
        ("REAL-IKI-GANDA", "Realisasi IKI", "C3"),
    ),
]


def test_indicators_sharing_a_code_keep_their_own_realisasi(ws: Path) -> None:
    """PK-GANDA names both rows; their realisasi rows (one per indicator per month, told apart
    by the indicator's name) are not also reported as duplicates."""

    def change(s: Sheets) -> None:
        s["PK"][2][0] = "BKP-2"
        s["RAK"][2][0] = "BKP-2"
        s["RAK"][2][1] = s["PK"][2][2]
        for row in s["Realisasi"]:
            if row[0] == "BKP-3":
                row[0], row[1] = "BKP-2", s["PK"][2][2]
        for row in s["Realisasi Anggaran"]:
            if row[0] == "BKP-3":
                row[0], row[1] = "BKP-2", s["PK"][2][8]

    v = run(ws, _edit(change))
    assert [r for r, _sheet, _cell in rules_of(v)] == ["PK-GANDA"]
    (finding,) = (
        v.report.findings_of("BKP")
        if hasattr(v.report, "findings_of")
        else [f for f in v.report.findings if f.unit == "BKP"]
    )
    assert "baris 3: Jumlah koperasi yang dinilai kesehatannya" in finding.message
    assert "baris 4: Persentase koperasi bermasalah" in finding.message


@pytest.mark.parametrize(("name", "change", "expected"), PROBLEMS)
def test_each_problem_names_its_cell(ws: Path, name: str, change: Any, expected: Any) -> None:
    v = run(ws, _edit(change))
    assert expected in rules_of(v), (name, rules_of(v))
    finding = next(f for f in v.report.findings if f.rule == expected[0])
    assert finding.file == "bkp.xlsx"
    assert "{" not in finding.message


def test_percent_above_100_allowed_when_indicator_says_so(ws: Path) -> None:
    sheets = _edit(_set("Realisasi", 2, 3, 105))
    sheets["PK"][0][7] = "ya"
    assert rules_of(run(ws, sheets)) == []


def test_formula_without_cached_value_is_reported(ws: Path) -> None:
    v = run(ws, _edit(_set("Realisasi", 2, 3, Formula("=SUM(1,2)"))))
    assert ("RUMUS-TANPA-NILAI", "Realisasi", "D4") in rules_of(v)


def test_wrong_year_and_unknown_unit(ws: Path) -> None:
    write_unit_workbook(ws / "inputs/2024/03/lama.xlsx", unit="BPK", tahun=2023)
    write_unit_workbook(ws / "inputs/2024/03/asing.xlsx", unit="XYZ")
    v = validate_period(Workspace.open(ws), MARCH)
    year = next(f for f in v.report.findings if f.rule == "BERKAS-TAHUN")
    assert (year.unit, year.file, year.sheet, year.cell) == ("BPK", "lama.xlsx", "Petunjuk", "B5")
    unknown = next(f for f in v.report.findings if f.rule == "BERKAS-UNIT")
    assert (unknown.unit, unknown.cell) == ("", "B3")
    assert "SEK, BKP, BPK, UKM, UPT" in unknown.message


def test_missing_sheet_and_column_and_duplicate_header(ws: Path) -> None:
    sheets = bkp_sheets()
    del sheets["IKI"]
    headers = {
        "RAK": [h for h in RAK_HEADER if h != "Penanggung Jawab"],
        "PK": [*PK_HEADER, "Target"],
    }
    v = run(ws, sheets, headers=headers)
    found = rules_of(v)
    assert ("LEMBAR-HILANG", "IKI", "") in found
    assert ("KOLOM-HILANG", "RAK", "") in found
    assert ("KOLOM-GANDA", "PK", "L1") in found


BAD_FILES = [
    ("kosong.xlsx", b"", "BERKAS-KOSONG"),
    ("rusak.xlsx", b"PK\x03\x04 bukan zip yang utuh", "BERKAS-RUSAK"),
    (
        "sandi.xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le"),
        "BERKAS-SANDI",
    ),
    # A real .xls renamed .xlsx names a Workbook stream, not an encrypted package.
    (
        "diganti.xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"),
        "BERKAS-XLS",
    ),
    ("lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "BERKAS-XLS"),
    ("data.csv", b"kode;realisasi\nBKP-1;59,5\n", "BERKAS-CSV"),
    ("teks.xlsx", b"ini bukan buku kerja", "BERKAS-RUSAK"),
    ("catatan.docx", b"PK\x03\x04", "BERKAS-ASING"),
]


@pytest.mark.parametrize(("name", "content", "rule"), BAD_FILES)
def test_bad_files_are_findings_and_others_still_judged(
    ws: Path, name: str, content: bytes, rule: str
) -> None:
    (ws / "inputs/2024/03" / name).write_bytes(content)
    v = run(ws)
    bad = [f for f in v.report.findings if f.file == name]
    assert [f.rule for f in bad] == [rule]
    assert name in bad[0].message
    assert status(v) == "lengkap"


def test_second_workbook_of_a_unit(ws: Path) -> None:
    write_unit_workbook(ws / "inputs/2024/03/bkp-revisi.xlsx")
    v = run(ws)
    dup = [f for f in v.report.findings if f.rule == "BERKAS-GANDA"]
    assert len(dup) == 1 and "bkp-revisi.xlsx" in dup[0].message and "bkp.xlsx" in dup[0].message


def test_inputs_are_never_modified(ws: Path) -> None:
    path = write_unit_workbook(ws / "inputs/2024/03/bkp.xlsx", sheets=_edit(_drop_march))
    before = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    validate_period(Workspace.open(ws), MARCH)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def test_no_period_folder_means_nobody_submitted(ws: Path) -> None:
    v = validate_period(Workspace.open(ws), Periode(2024, 7))
    assert {u.status for u in v.report.units} == {"tidak_menyerahkan"}


def test_control_characters_are_removed_from_text(ws: Path) -> None:
    # Excel stores a pasted vertical tab as "_x000B_"; calamine gives back the character.
    v = run(ws, _edit(_set("PK", 0, 2, "Persentase_x000B_koperasi_x0007_ aktif")))
    assert v.units["BKP"].indicators()["BKP-1"]["indikator"] == "Persentase koperasi aktif"
