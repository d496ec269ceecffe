from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from workbooks import bkp_sheets, write_unit_workbook

from pipeline import Workspace
from pipeline.cli.main import cli
from pipeline.validate.period import validate_period
from pipeline.workspace.periode import Periode


@pytest.fixture
def ws(tmp_path: Path, repo_root: Path) -> Path:
    shutil.copy(repo_root / "sakip.yaml", tmp_path / "sakip.yaml")
    return tmp_path


def test_validate_json_contract_equals_library(runner: CliRunner, ws: Path) -> None:
    write_unit_workbook(ws / "inputs/2024/03/a.xlsx")
    result = runner.invoke(cli, ["validate", "-w", str(ws), "--periode", "2024-03", "--json"])
    assert result.exit_code == 1  # four units did not submit
    data = json.loads(result.stdout)
    library = validate_period(Workspace.open(ws), Periode(2024, 3)).report.to_dict()
    assert data == library
    assert set(data) == {"periode", "units", "findings"}
    assert data["periode"] == "2024-03"
    assert data["units"][1] == {"code": "BKP", "status": "lengkap", "errors": 0, "warnings": 0}
    assert set(data["findings"][0]) == {
        "severity",
        "unit",
        "file",
        "sheet",
        "cell",
        "rule",
        "message",
    }
    assert (ws / "outputs/2024/03/Laporan Kepatuhan 2024-03.html").is_file()
    assert (ws / "outputs/2024/03/Laporan Kepatuhan 2024-03.xlsx").is_file()


def test_validate_exit_zero_when_every_unit_complete(runner: CliRunner, ws: Path) -> None:
    config = (ws / "sakip.yaml").read_text(encoding="utf-8")
    start = config.index("  - kode: SEK")
    end = config.index("  - kode: BKP")
    rest = config.index("  - kode: BPK")
    tail = config.index("satuan:")
    (ws / "sakip.yaml").write_text(config[:start] + config[end:rest] + config[tail:])
    write_unit_workbook(ws / "inputs/2024/03/a.xlsx")
    result = runner.invoke(cli, ["validate", "-w", str(ws), "-p", "2024-03"])
    assert result.exit_code == 0, result.output
    out = ws / "outputs/2024/03"
    assert result.output == (
        "Laporan kepatuhan data kinerja periode Maret 2024\n"
        "Kode  Unit                                        Status   Galat  Peringatan\n"
        "----  ------------------------------------------  -------  -----  ----------\n"
        "BKP   Bidang Kelembagaan dan Pengawasan Koperasi  Lengkap      0           0\n"
        "\n"
        "1 unit: 1 lengkap, 0 belum lengkap, 0 tidak menyerahkan; 0 galat, 0 peringatan.\n"
        f"Ditulis: {out / 'Laporan Kepatuhan 2024-03.html'}\n"
        f"Ditulis: {out / 'Laporan Kepatuhan 2024-03.xlsx'}\n"
    )


def test_validate_usage_errors(runner: CliRunner, ws: Path) -> None:
    usage = "Penggunaan: sakip validate [OPTIONS]\nCoba 'sakip validate --help' untuk bantuan.\n\n"
    missing = runner.invoke(cli, ["validate", "-w", str(ws)])
    assert missing.exit_code == 2
    assert missing.output == usage + "Galat: Opsi wajib belum diisi: '--periode' / '-p'.\n"
    bad = runner.invoke(cli, ["validate", "-w", str(ws), "-p", "Maret"])
    assert bad.exit_code == 2
    assert bad.output == usage + (
        "Galat: Nilai tidak sah untuk '--periode' / '-p': 'Maret' bukan periode yang sah. "
        "Tulis tahun dan bulan sebagai TTTT-BB, misalnya 2024-03 untuk Maret 2024.\n"
    )


def test_validate_without_config_is_one_clear_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["validate", "-w", str(tmp_path), "-p", "2024-03"])
    assert result.exit_code == 1
    assert result.output == (
        f"Galat: Berkas pengaturan '{tmp_path / 'sakip.yaml'}' tidak ada. Buat workspace baru "
        "dengan 'sakip init FOLDER', atau jalankan sakip dari folder workspace (atau pakai "
        "--workspace FOLDER).\n"
    )


def test_rekap_writes_workbook_with_capaian(runner: CliRunner, ws: Path) -> None:
    sheets = bkp_sheets()
    sheets["Realisasi"][0][4] = '=HYPERLINK("http://contoh","bukti")'
    write_unit_workbook(ws / "inputs/2024/03/a.xlsx", sheets=sheets)
    result = runner.invoke(cli, ["rekap", "-w", str(ws), "-p", "2024-03"])
    assert result.exit_code == 0, result.output
    out = ws / "outputs/2024/03"
    none = "Tidak menyerahkan      1           0"
    assert result.output == (
        "Rekapitulasi data kinerja periode Maret 2024\n"
        "Kode  Unit                                        Status             Galat  Peringatan\n"
        "----  ------------------------------------------  -----------------  -----  ----------\n"
        f"SEK   Sekretariat                                 {none}\n"
        "BKP   Bidang Kelembagaan dan Pengawasan Koperasi  Lengkap                0           0\n"
        f"BPK   Bidang Pemberdayaan Koperasi                {none}\n"
        f"UKM   Bidang Usaha Kecil dan Menengah             {none}\n"
        f"UPT   UPT Balai Pelatihan Koperasi dan UMKM       {none}\n"
        "\n"
        "5 unit: 1 lengkap, 0 belum lengkap, 4 tidak menyerahkan; 4 galat, 0 peringatan.\n"
        "\n"
        "Galat:\n"
        "- SEK: Unit SEK (Sekretariat) belum menyerahkan "
        "buku kerja periode Maret 2024. "
        "Minta unit mengisi buku kerja (sakip template --unit SEK --periode 2024-03) lalu "
        "menyimpannya di folder inputs/2024/03.\n"
        "- BPK: Unit BPK (Bidang Pemberdayaan Koperasi) belum menyerahkan "
        "buku kerja periode Maret 2024. "
        "Minta unit mengisi buku kerja (sakip template --unit BPK --periode 2024-03) lalu "
        "menyimpannya di folder inputs/2024/03.\n"
        "- UKM: Unit UKM (Bidang Usaha Kecil dan Menengah) belum menyerahkan "
        "buku kerja periode Maret 2024. "
        "Minta unit mengisi buku kerja (sakip template --unit UKM --periode 2024-03) lalu "
        "menyimpannya di folder inputs/2024/03.\n"
        "- UPT: Unit UPT (UPT Balai Pelatihan Koperasi dan UMKM) belum menyerahkan "
        "buku kerja periode Maret 2024. "
        "Minta unit mengisi buku kerja (sakip template --unit UPT --periode 2024-03) lalu "
        "menyimpannya di folder inputs/2024/03.\n"
        "3 indikator dari 1 unit direkap.\n"
        f"Ditulis: {out / 'Laporan Kepatuhan 2024-03.html'}\n"
        f"Ditulis: {out / 'Laporan Kepatuhan 2024-03.xlsx'}\n"
        f"Ditulis: {out / 'Rekapitulasi Data Kinerja 2024-03.xlsx'}\n"
    )
    path = ws / "outputs/2024/03/Rekapitulasi Data Kinerja 2024-03.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames == ["Konsolidasi", "BKP", "Catatan"]
    ws_ = wb["Konsolidasi"]
    header = [c.value for c in ws_[5]]
    rows = {r[1]: dict(zip(header, r, strict=False)) for r in ws_.iter_rows(6, values_only=True)}
    bkp1 = rows["BKP-1"]
    # terakhir: March value 60.2 against the TW I target 58 -> 103.79 %.
    assert bkp1["Realisasi s.d. Maret"] == 60.2
    assert bkp1["Target s.d. TW I"] == 58
    assert bkp1["Capaian s.d. TW I (%)"] == 103.79
    assert bkp1["Kategori"] == "Sangat Tinggi"
    bkp2 = rows["BKP-2"]  # jumlah: 6 + 7 + 8 = 21 against 20
    assert (bkp2["Realisasi s.d. Maret"], bkp2["Capaian s.d. TW I (%)"]) == (21, 105)
    bkp3 = rows["BKP-3"]  # turun, 2t-r: (2 x 10 - 9) / 10 = 110 %
    assert bkp3["Capaian s.d. TW I (%)"] == 110
    assert bkp3["Serapan Anggaran (%)"] == 20
    assert ws_.freeze_panes == "D6"
    assert wb["BKP"]._charts, "a chart of capaian per indicator"
    formulas = [c for s in wb for row in s.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_frozen_definitions_keep_earlier_capaian(runner: CliRunner, ws: Path) -> None:
    write_unit_workbook(ws / "inputs/2024/03/a.xlsx")
    assert runner.invoke(cli, ["rekap", "-w", str(ws), "-p", "2024-03"]).exit_code == 0
    sheets = bkp_sheets()
    sheets["RAK"][1][2:6] = [30, 30, 30, 30]
    sheets["PK"][1][4] = 120
    sheets["PK"][0][4] = 70  # a later edit of BKP-1's annual target
    sheets["RAK"][0][5] = 70
    write_unit_workbook(ws / "inputs/2024/03/a.xlsx", sheets=sheets)
    again = runner.invoke(cli, ["rekap", "-w", str(ws), "-p", "2024-03"])
    assert again.exit_code == 0, again.output
    assert (
        "Catatan: Unit BKP, indikator BKP-1: target berubah sejak periode Maret 2024 "
        "dibekukan" in again.output
    )
    wb = load_workbook(ws / "outputs/2024/03/Rekapitulasi Data Kinerja 2024-03.xlsx")
    header = [c.value for c in wb["Konsolidasi"][5]]
    row = dict(zip(header, next(wb["Konsolidasi"].iter_rows(6, values_only=True)), strict=False))
    assert row["Target Tahunan"] == 62
