"""The workbook each unit fills: generated from the layout, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pipeline.cli.workbook import template
from pipeline.errors import WorkspaceError
from pipeline.ingest.reader import read_raw
from pipeline.workbook.write import (
    LIST_SHEET,
    month_name,
    workbook_name,
    write_unit_template,
    write_workbook,
)
from pipeline.workspace.config import Config, Unit, load_config
from pipeline.workspace.layout import Layout, load_layout
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import BULAN, Periode

ROOT = Path(__file__).resolve().parents[2]
FORMULA_TEXT = '=HYPERLINK("http://contoh.go.id/bukti.pdf","bukti")'
PK_ROWS: list[dict[str, object]] = [
    {
        "kode": "UKM-01",
        "indikator": "Jumlah UMKM yang difasilitasi",
        "satuan": "unit usaha",
        "target": 480,
        "polaritas": "naik",
        "agregasi": "jumlah",
        "program": "Fasilitasi",
        "anggaran": 1_150_000_000,
    },
    {
        "kode": "UKM-02",
        "indikator": FORMULA_TEXT,
        "satuan": "%",
        "target": "70-75",
        "polaritas": "naik",
        "agregasi": "terakhir",
        "program": "Pemasaran",
    },
]


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(Workspace.open(ROOT))


@pytest.fixture(scope="module")
def layout() -> Layout:
    return load_layout(Workspace.open(ROOT))


@pytest.fixture(scope="module")
def unit(config: Config) -> Unit:
    found = config.unit_by_code("UKM")
    assert found is not None
    return found


@pytest.fixture
def book(tmp_path: Path, config: Config, layout: Layout, unit: Unit) -> Path:
    return write_workbook(config, layout, unit, (2024, 3), tmp_path / "ukm.xlsx", {"pk": PK_ROWS})


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "sakip.yaml", tmp_path / "sakip.yaml")
    return tmp_path


def _identity(ws: Any) -> dict[str, Any]:
    return {row[0]: row[1] for row in ws.iter_rows(min_row=1, max_row=12, values_only=True)}


def test_sheets_in_layout_order_with_headers_from_the_layout(book: Path, layout: Layout) -> None:
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == [layout.identitas.lembar, *(s.nama for s in layout.lembar)]
    for lembar in layout.lembar:
        ws = wb[lembar.nama]
        assert [c.value for c in ws[1]] == [k.judul for k in lembar.kolom]
        assert all(c.font.b and c.fill.fgColor.rgb.endswith("D9E1F2") for c in ws[1])
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")
        widths = [
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width
            for i in range(1, len(lembar.kolom) + 1)
        ]
        assert widths == [k.lebar for k in lembar.kolom]


def test_identity_block_labels_and_values(book: Path, layout: Layout, unit: Unit) -> None:
    ws = openpyxl.load_workbook(book)["Petunjuk"]
    identity = _identity(ws)
    values = [identity[i.label] for i in layout.identitas.isian]
    assert values == ["UKM", unit.nama, 2024, 3]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    for phrase in ("belum diisi", "1.250.000", "85,5", "inputs/2024/03/", "Polaritas turun"):
        assert phrase in text


def test_annual_template_leaves_the_month_empty(
    tmp_path: Path, config: Config, layout: Layout, unit: Unit
) -> None:
    path = write_workbook(config, layout, unit, None, tmp_path / "t.xlsx", {"pk": PK_ROWS})
    wb = openpyxl.load_workbook(path)
    assert _identity(wb["Petunjuk"])["Bulan Pelaporan"] is None
    assert _identity(wb["Petunjuk"])["Tahun"] == config.tahun
    assert wb["Realisasi"].max_row == 1  # no month, so no generated rows


def test_petunjuk_explains_the_reporting_frequency(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    text = "\n".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "Frekuensi Pelaporan: seberapa sering realisasi indikator diukur" in text
    assert "triwulanan: realisasi diisi pada Maret, Juni, September dan Desember." in text
    assert "Bulan yang bukan jatuh tempo boleh dikosongkan (jangan tulis 0" in text
    header = [c.value for c in wb["PK"][1]]
    assert header[header.index("Agregasi Triwulan") + 1] == "Frekuensi Pelaporan"


def test_dropdowns_carry_the_spec_and_config_lists(book: Path, config: Config) -> None:
    wb = openpyxl.load_workbook(book)
    pk = {str(dv.sqref).split(":")[0]: dv for dv in wb["PK"].data_validations.dataValidation}
    assert pk["D2"].formula1 == '"' + ",".join(config.satuan) + '"'
    assert pk["F2"].formula1 == '"naik,turun"'
    assert pk["G2"].formula1 == '"jumlah,terakhir,rata-rata,tren-naik,tren-turun,terbaik"'
    assert pk["H2"].formula1 == '"bulanan,triwulanan,semesteran,tahunan"'
    assert pk["I2"].formula1 == '"ya,tidak"'
    assert {dv.type for dv in pk.values()} == {"list"}
    real = {
        str(dv.sqref).split(":")[0]: dv for dv in wb["Realisasi"].data_validations.dataValidation
    }
    assert real["C2"].formula1 == '"' + ",".join(BULAN) + '"'
    assert str(real["C2"].sqref) == "C2:C1001"


def test_a_long_choice_list_moves_to_a_hidden_sheet(
    tmp_path: Path, config: Config, layout: Layout, unit: Unit
) -> None:
    many = [f"satuan nomor {i}, panjang" for i in range(20)]
    wide = replace(config, satuan=many)
    wb = openpyxl.load_workbook(write_workbook(wide, layout, unit, None, tmp_path / "t.xlsx"))
    assert wb.sheetnames[-1] == LIST_SHEET and wb[LIST_SHEET].sheet_state == "hidden"
    formulas = {dv.formula1 for dv in wb["PK"].data_validations.dataValidation}
    assert "'Daftar Pilihan'!$A$1:$A$20" in formulas
    assert [c.value for c in wb[LIST_SHEET]["A"]] == many


def test_header_locked_data_unlocked_number_formats(book: Path, layout: Layout) -> None:
    ws = openpyxl.load_workbook(book)["PK"]
    assert ws.protection.sheet and not ws.protection.password
    allowed = ("formatColumns", "formatRows", "formatCells", "sort", "autoFilter", "insertRows")
    assert not any(getattr(ws.protection, name) for name in allowed)
    assert all(c.protection.locked for c in ws[1])
    count = len(layout.sheet("pk").kolom)
    columns = [
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)] for i in range(1, count + 1)
    ]
    assert not any(d.protection.locked for d in columns)
    assert [d.number_format for d in columns] == [
        {"uang": "#,##0", "angka_atau_rentang": "General"}.get(k.jenis, "@")
        for k in layout.sheet("pk").kolom
    ]
    assert not ws["A2"].protection.locked and ws["A2"].number_format == "@"
    assert ws["L2"].value == 1_150_000_000 and ws["L2"].number_format == "#,##0"


def test_text_that_looks_like_a_formula_stays_text(
    tmp_path: Path, config: Config, layout: Layout, unit: Unit
) -> None:
    rows = {"pk": PK_ROWS, "realisasi": [{"kode": "UKM-01", "bulan": 1, "bukti": FORMULA_TEXT}]}
    path = write_workbook(config, layout, unit, (2024, 1), tmp_path / "t.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    assert wb["PK"]["C3"].value == FORMULA_TEXT and wb["PK"]["C3"].data_type == "s"
    assert wb["Realisasi"]["F2"].value == FORMULA_TEXT
    kinds = {c.data_type for ws in wb for row in ws.iter_rows() for c in row}
    assert "f" not in kinds
    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in zf.read(n) or b"<f " in zf.read(n) for n in sheets)


def test_two_writes_are_byte_identical(
    tmp_path: Path, config: Config, layout: Layout, unit: Unit
) -> None:
    first = write_workbook(config, layout, unit, (2024, 3), tmp_path / "a.xlsx", {"pk": PK_ROWS})
    second = write_workbook(config, layout, unit, (2024, 3), tmp_path / "b.xlsx", {"pk": PK_ROWS})
    assert first.read_bytes() == second.read_bytes()
    props = openpyxl.load_workbook(first).properties
    assert props.creator == "sakip" and props.created.year == 2024 == props.modified.year


def test_monthly_rows_generated_from_the_pk(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    real = list(wb["Realisasi"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2]) for r in real] == [
        (k, m) for m in ("Januari", "Februari", "Maret") for k in ("UKM-01", "UKM-02")
    ]
    assert real[0][1] == "Jumlah UMKM yang difasilitasi" and real[0][3] is None
    ang = list(wb["Realisasi Anggaran"].iter_rows(min_row=2, values_only=True))
    assert ang[1] == ("UKM-02", "Pemasaran", "Januari", None)


def test_given_months_are_kept_and_missing_ones_added(
    tmp_path: Path, config: Config, layout: Layout, unit: Unit
) -> None:
    given = [
        {"kode": "UKM-02", "bulan": 1, "realisasi": 0},
        {"kode": "UKM-01", "bulan": "januari", "realisasi": "85,5%"},
    ]
    rows = {"pk": PK_ROWS, "realisasi": given}
    path = write_workbook(config, layout, unit, (2024, 2), tmp_path / "t.xlsx", rows)
    real = list(openpyxl.load_workbook(path)["Realisasi"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3]) for r in real] == [
        ("UKM-02", "Januari", 0),
        ("UKM-01", "Januari", "85,5%"),
        ("UKM-01", "Februari", None),
        ("UKM-02", "Februari", None),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, "Maret"),
        ("3", "Maret"),
        (" mei ", "Mei"),
        ("Desember", "Desember"),
        (13, 13),
        ("Mar", "Mar"),
        (None, None),
        (True, True),
    ],
)
def test_month_name(value: object, expected: object) -> None:
    assert month_name(value) == expected


def test_the_reader_finds_identity_and_every_sheet(book: Path, layout: Layout) -> None:
    raw, hits = read_raw(book, book.name, layout)
    assert hits == [] and raw is not None
    assert {k: v[0] for k, v in raw.identity.items()}["kode_unit"] == "UKM"
    assert set(raw.sheets) == {s.kunci for s in layout.lembar}
    assert len(raw.sheets["realisasi"].rows) == 6


def test_unit_template_default_path_and_prefill_provider(workspace: Path) -> None:
    calls: list[tuple[str, Periode | None]] = []

    def provider(ws: Workspace, config: Config, unit: Unit, periode: Periode | None) -> Any:
        calls.append((unit.kode, periode))
        return {"pk": PK_ROWS[:1]}

    path = write_unit_template(Workspace.open(workspace), "upt", (2024, 4), prefill=provider)
    assert path == workspace / "outputs/templat/2024-04 UPT Balai Pelatihan Koperasi dan UMKM.xlsx"
    assert calls == [("UPT", Periode(2024, 4))]
    assert openpyxl.load_workbook(path)["Realisasi"].max_row == 1 + 4


def test_unknown_unit_lists_the_valid_codes(workspace: Path) -> None:
    with pytest.raises(WorkspaceError, match=r"Unit 'XYZ' tidak dikenal.*SEK, BKP, BPK, UKM, UPT"):
        write_unit_template(Workspace.open(workspace), "XYZ", None)


def test_workbook_name_is_safe(config: Config, unit: Unit) -> None:
    odd = replace(unit, nama='Bidang A/B: "Uji"')
    assert workbook_name(config, odd, (2024, 3)) == "2024-03 Bidang A-B- -Uji-.xlsx"
    assert workbook_name(config, unit, None) == "2024 Bidang Usaha Kecil dan Menengah.xlsx"


def test_cli_template_writes_the_default_file(runner: CliRunner, workspace: Path) -> None:
    result = runner.invoke(
        template, ["--unit", "UKM", "--periode", "2024-03", "-w", str(workspace)]
    )
    assert result.exit_code == 0, result.output
    path = workspace / "outputs" / "templat" / "2024-03 Bidang Usaha Kecil dan Menengah.xlsx"
    assert result.output == (
        f"Ditulis: {path}\nKirim kepada unit UKM; setelah diisi, simpan di inputs/2024/03/.\n"
    )
    assert _identity(openpyxl.load_workbook(path)["Petunjuk"])["Bulan Pelaporan"] == 3


def test_cli_template_out_option(runner: CliRunner, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "kirim" / "sek.xlsx"
    result = runner.invoke(template, ["--unit", "SEK", "--out", str(out), "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert _identity(openpyxl.load_workbook(out)["Petunjuk"])["Kode Unit"] == "SEK"


def test_cli_template_unknown_unit_exits_1(runner: CliRunner, workspace: Path) -> None:
    result = runner.invoke(template, ["--unit", "BIDX", "-w", str(workspace)])
    assert result.exit_code == 1
    assert result.output == (
        "Galat: Unit 'BIDX' tidak dikenal. Kode unit yang terdaftar di sakip.yaml: "
        "SEK, BKP, BPK, UKM, UPT.\n"
    )


@pytest.mark.parametrize("periode", ["2024-13", "Maret 2024", "24-03"])
def test_cli_template_bad_periode_exits_2(runner: CliRunner, workspace: Path, periode: str) -> None:
    result = runner.invoke(template, ["--unit", "UKM", "--periode", periode, "-w", str(workspace)])
    assert result.exit_code == 2
    assert f"'{periode}' bukan periode yang sah" in result.output
    assert "Nilai tidak sah untuk '--periode'" in result.output


def test_cli_template_help_is_indonesian_with_examples(runner: CliRunner) -> None:
    result = runner.invoke(template, ["--help"])
    assert result.exit_code == 0
    assert "Contoh:" in result.output and "sakip template --unit UKM --periode 2024-03" in (
        result.output
    )
    assert "Kode unit di sakip.yaml." in result.output


def test_cli_template_without_periode_follows_the_latest_period(
    runner: CliRunner, workspace: Path
) -> None:
    # inputs/ still empty: this month, said.
    today = dt.date.today()
    first = runner.invoke(template, ["--unit", "UKM", "-w", str(workspace)])
    assert first.exit_code == 0, first.output
    now = Periode(today.year, today.month)
    assert first.output.startswith(
        f"Tanpa --periode: buku kerja periode {now.nama} ({now}), bulan ini; inputs/ belum "
        "berisi buku kerja."
    )
    # The office has collected December 2024: the next workbook is January 2025's, a 2025
    # workbook (not sakip.yaml's tahun: 2024), seeded from December.
    december = workspace / "inputs/2024/12"
    december.mkdir(parents=True)
    shutil.copy(next((ROOT / "inputs/2024/03").glob("*Usaha Kecil*.xlsx")), december / "ukm.xlsx")
    result = runner.invoke(template, ["--unit", "UKM", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Tanpa --periode: buku kerja periode Januari 2025 (2025-01), bulan sesudah periode "
        "terakhir yang buku kerjanya ada di inputs/ (Desember 2024)."
    )
    assert "simpan di inputs/2025/01/" in result.output
    path = workspace / "outputs/templat/2025-01 Bidang Usaha Kecil dan Menengah.xlsx"
    identity = _identity(openpyxl.load_workbook(path)["Petunjuk"])
    assert (identity["Tahun"], identity["Bulan Pelaporan"]) == (2025, 1)
