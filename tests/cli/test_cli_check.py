"""``sakip check`` on the command line: the --json contract, the table, exit codes, laporan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from checker_fixtures import round_trip_pdfs
from click.testing import CliRunner

from pipeline.checker import check_paths
from pipeline.cli.check import check

KEYS = [
    "file",
    "document_type",
    "status",
    "missing",
    "sections",
    "problems",
    "matched",
    "signatures",
    "tte",
]


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return round_trip_pdfs(tmp_path_factory.getbasetemp() / "checker-pdf")


@pytest.fixture
def returned(pdfs: dict[str, Path], tmp_path: Path) -> Path:
    """A folder as the office receives it: a complete PK, an LKjIP without Bab IV, and a file
    that is not a PDF at all."""
    folder = tmp_path / "kembali"
    folder.mkdir()
    shutil.copy(pdfs["pk"], folder / "01-pk.pdf")
    shutil.copy(pdfs["lkjip-tanpa-bab-iv"], folder / "02-lkjip.pdf")
    (folder / "03-scan.pdf").write_bytes(b"\x89PNG\r\n\x1a\n0000")
    return folder


def _run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(check, list(args), prog_name="sakip check")


def test_help_shows_real_examples() -> None:
    group = click.Group("sakip")
    group.add_command(check)
    result = CliRunner().invoke(group, ["check", "--help"], prog_name="sakip")
    assert result.exit_code == 0
    assert "Penggunaan: sakip check [OPTIONS] PATH..." in result.output
    assert "Contoh:" in result.output
    assert "sakip check kembali/ --type auto --laporan outputs/pemeriksaan" in result.output


def test_json_contract(returned: Path) -> None:
    result = _run(str(returned), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [list(item) for item in data] == [KEYS] * 3
    pk, lkjip, scan = data
    assert pk["file"] == str(returned / "01-pk.pdf")
    assert (pk["document_type"], pk["status"], pk["missing"], pk["problems"]) == (
        "pk",
        "complete",
        [],
        [],
    )
    assert pk["sections"][0] == {
        "name": "Judul Perjanjian Kinerja dengan tahun",
        "found": True,
        "page": 1,
    }
    assert (lkjip["status"], lkjip["missing"]) == ("incomplete", ["Bab IV Penutup"])
    assert {"name": "Bab IV Penutup", "found": False, "page": None} in lkjip["sections"]
    assert (scan["document_type"], scan["status"], scan["sections"]) == (None, "unreadable", [])
    assert scan["problems"] == [
        "Berkas '03-scan.pdf' bukan berkas PDF (isinya gambar PNG). Simpan atau ekspor "
        "dokumennya sebagai PDF, lalu periksa lagi."
    ]


def test_json_equals_the_library_result(returned: Path) -> None:
    result = _run(str(returned), "--json")
    assert json.loads(result.stdout) == [r.to_json() for r in check_paths([returned])]


def test_table_in_indonesian(returned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(returned.parent)
    result = _run("kembali")
    assert result.exit_code == 1
    assert result.output == (
        "Berkas                Jenis                     Status              Bagian belum ada\n"
        "--------------------  ------------------------  ------------------  ----------------\n"
        "kembali/01-pk.pdf     Perjanjian Kinerja        lengkap             -\n"
        "kembali/02-lkjip.pdf  Laporan Kinerja Instansi  tidak lengkap       Bab IV Penutup\n"
        "                      Pemerintah\n"
        "kembali/03-scan.pdf   -                         tidak dapat dibaca  -\n"
        "\n"
        "Catatan:\n"
        "Berkas '02-lkjip.pdf': bagian wajib Laporan Kinerja Instansi Pemerintah belum "
        "ditemukan: Bab IV\n"
        "  Penutup. Lengkapi dokumennya lalu periksa lagi.\n"
        "Berkas '03-scan.pdf' bukan berkas PDF (isinya gambar PNG). Simpan atau ekspor "
        "dokumennya sebagai\n"
        "  PDF, lalu periksa lagi.\n"
        "\n"
        "3 berkas diperiksa: 1 lengkap, 1 tidak lengkap, 0 tidak dapat diverifikasi, "
        "1 tidak dapat dibaca.\n"
    )


def test_exit_0_when_every_file_is_complete(
    pdfs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(pdfs["pk"].parent)
    result = _run("pk.pdf", "rak.pdf", "--type", "auto")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Berkas   Jenis                 Status   Bagian belum ada\n"
        "-------  --------------------  -------  ----------------\n"
        "pk.pdf   Perjanjian Kinerja    lengkap  -\n"
        "rak.pdf  Rencana Aksi Kinerja  lengkap  -\n"
        "\n"
        "2 berkas diperiksa: 2 lengkap, 0 tidak lengkap, 0 tidak dapat diverifikasi, "
        "0 tidak dapat dibaca.\n"
    )


def test_type_option_forces_the_type(pdfs: dict[str, Path]) -> None:
    result = _run(str(pdfs["pk"]), "--type", "lkjip", "--json")
    assert result.exit_code == 1
    [item] = json.loads(result.stdout)
    assert (item["document_type"], item["status"]) == ("lkjip", "incomplete")


USAGE = "Penggunaan: sakip check [OPTIONS] PATH...\nCoba 'sakip check --help' untuk bantuan.\n\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Argumen belum diisi: 'PATH...'."),
        (
            ["tidak-ada.pdf"],
            "Nilai tidak sah untuk 'PATH...': Jalur 'tidak-ada.pdf' tidak ditemukan.",
        ),
        (
            ["{pk}", "--type", "renstra"],
            "Nilai tidak sah untuk '--type': 'renstra' bukan salah satu dari 'pk', 'rak', 'iki', "
            "'pengukuran', 'lki', 'lkjip', 'auto'.",
        ),
        (
            ["{pk}", "--periode", "2024-13"],
            "Nilai tidak sah untuk '--periode' / '-p': '2024-13' bukan periode yang sah. Tulis "
            "tahun dan bulan sebagai TTTT-BB, misalnya 2024-03 untuk Maret 2024.",
        ),
        (
            ["{pk}", "--timeout", "0"],
            "Nilai tidak sah untuk '--timeout': 0.0 di luar rentang x>=1.",
        ),
        (
            ["{empty}"],
            "Nilai tidak sah untuk PATH: folder '{empty}' tidak berisi berkas PDF (*.pdf).",
        ),
    ],
)
def test_usage_errors_exit_2(
    pdfs: dict[str, Path], tmp_path: Path, args: list[str], message: str
) -> None:
    values = {"pk": str(pdfs["pk"]), "empty": str(tmp_path)}
    result = _run(*(a.format(**values) for a in args))
    assert result.exit_code == 2, result.output
    assert result.output == USAGE + "Galat: " + message.format(**values) + "\n"


def test_a_broken_section_spec_is_one_line_exit_1(pdfs: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "sop_specs" / "bagian"
    folder.mkdir(parents=True)
    (folder / "pk.yaml").write_text("id: pk\njudul: PK\n", encoding="utf-8")
    result = _run(str(pdfs["pk"]), "--workspace", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (
        "Galat: sop_specs/bagian/pk.yaml: deteksi: wajib diisi\n"
        "sop_specs/bagian/pk.yaml: bagian: wajib diisi\n"
    )


def test_laporan_html_and_xlsx(returned: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "laporan"
    result = _run(str(returned), "--laporan", str(target))
    assert result.exit_code == 1
    html_file = target / "laporan-pemeriksaan-pdf.html"
    xlsx_file = target / "laporan-pemeriksaan-pdf.xlsx"
    assert f"Laporan ditulis: {html_file}" in result.output
    page = html_file.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<link" not in page and "<script" not in page
    for text in ("lengkap", "tidak lengkap", "tidak dapat dibaca", "Bab IV Penutup", "@page"):
        assert text in page
    book = load_workbook(xlsx_file)
    assert book.sheetnames == ["Ringkasan", "Rincian bagian", "Catatan"]
    summary = book["Ringkasan"]
    assert summary.freeze_panes == "A2"
    assert summary.auto_filter.ref == "A1:F4"
    assert [c.value for c in summary[1]] == [
        "No",
        "Berkas",
        "Jenis dokumen",
        "Status",
        "Jumlah halaman",
        "Bagian belum ada",
    ]
    assert [summary.cell(row, 4).value for row in (2, 3, 4)] == [
        "lengkap",
        "tidak lengkap",
        "tidak dapat dibaca",
    ]
    assert not list(target.glob(".*.tmp"))


def test_laporan_into_an_unwritable_place_is_one_line(returned: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder")
    result = _run(str(returned / "01-pk.pdf"), "--laporan", str(blocker / "laporan"))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("Galat: Laporan tidak dapat ditulis ke")


def test_importing_the_command_loads_no_heavy_library(repo_root: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys, pipeline.cli.check\n"
        "heavy = ('pypdfium2', 'pdfplumber', 'openpyxl', 'docx', 'yaml', 'PIL')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=repo_root, check=True
    )
    assert out.stdout.strip() == "[]"


def test_an_unwritable_laporan_folder_is_said_in_indonesian(returned: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder", encoding="utf-8")
    result = _run(str(returned), "--laporan", str(blocker / "laporan"))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Galat: Laporan tidak dapat ditulis ke '{blocker / 'laporan'}' (salah satu bagian "
        "jalurnya berupa berkas, padahal seharusnya folder). Periksa opsi --laporan dan hak "
        "tulis folder tersebut."
    )
