from __future__ import annotations

import json
from pathlib import Path

from cli_expected import expected_output
from click.testing import CliRunner

from pipeline import Workspace, load_sops
from pipeline.cli.main import cli


def _ws(root: Path) -> list[str]:
    return ["--workspace", str(root)]


def test_list_json_contract(runner: CliRunner, repo_root: Path) -> None:
    result = runner.invoke(cli, ["sop", "list", "--json", *_ws(repo_root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["id"] for d in data][:2] == ["pengumpulan-data", "pk"]
    assert data[1] == {
        "id": "pk",
        "title": "Penetapan Perjanjian Kinerja",
        "steps": 30,
        "total_minutes": 5840,
    }


def test_show_json_equals_library_result(runner: CliRunner, repo_root: Path) -> None:
    result = runner.invoke(cli, ["sop", "show", "lkjip", "--json", *_ws(repo_root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    lkjip = next(s for s in load_sops(Workspace.open(repo_root)) if s.id == "lkjip")
    assert data == json.loads(json.dumps(lkjip.to_json()))
    assert data["total_minutes"] == 12580
    assert len(data["steps"]) == 22
    first = data["steps"][0]
    assert {"no", "actor", "minutes", "output"} <= set(first)
    assert first["no"] == 1 and first["actor"] == "kepala_dinas"


def test_list_human_table(runner: CliRunner, repo_root: Path) -> None:
    result = runner.invoke(cli, ["sop", "list", *_ws(repo_root)])
    assert result.exit_code == 0
    assert result.output == (
        "ID                Judul                                           Langkah  "
        "Total waktu (menit)\n"
        "----------------  ----------------------------------------------  -------  "
        "-------------------\n"
        "pengumpulan-data  Pengumpulan Data Kinerja                             24  "
        "              5.090\n"
        "pk                Penetapan Perjanjian Kinerja                         30  "
        "              5.840\n"
        "lkjip             Penyusunan Laporan Kinerja Instansi Pemerintah       22  "
        "             12.580\n"
        "iki               Penyusunan Indikator Kinerja Individu                24  "
        "              5.090\n"
        "rak               Penyusunan Rencana Aksi Kinerja                      24  "
        "              5.090\n"
        "pengukuran        Pelaksanaan Pengukuran Kinerja                       36  "
        "              6.940\n"
        "lki               Penyusunan Laporan Kinerja Individu                  24  "
        "              5.090\n"
    )


def test_show_human_lists_every_step(runner: CliRunner, repo_root: Path) -> None:
    result = runner.invoke(cli, ["sop", "show", "pk", *_ws(repo_root)])
    assert result.exit_code == 0
    assert result.output == expected_output("sop-show-pk.txt", result.output)
    assert "30 langkah, total waktu 5.840 menit (97 jam 20 menit)." in result.output
    assert "Ya: 6" in result.output and "Tidak: 4" in result.output


def test_check_ok_and_broken(runner: CliRunner, repo_root: Path, spec_workspace: Path) -> None:
    ok = runner.invoke(cli, ["sop", "check", *_ws(repo_root)])
    assert ok.exit_code == 0
    assert ok.output == "7 SOP sah: pengumpulan-data, pk, lkjip, iki, rak, pengukuran, lki.\n"
    path = spec_workspace / "sop_specs" / "rak.yaml"
    path.write_text(path.read_text().replace("waktu_menit: 5\n", "waktu_menit: lima\n", 1))
    bad = runner.invoke(cli, ["sop", "check", *_ws(spec_workspace)])
    assert bad.exit_code == 1
    assert bad.output == (
        "Galat: sop_specs/rak.yaml, baris 49: langkah[0].waktu_menit: harus bilangan bulat "
        "(nilai sekarang: 'lima')\n"
    )


def test_unknown_sop_and_usage_errors_in_indonesian(runner: CliRunner, repo_root: Path) -> None:
    unknown = runner.invoke(cli, ["sop", "show", "pkk", *_ws(repo_root)])
    assert unknown.exit_code == 1
    assert unknown.output == (
        "Galat: SOP 'pkk' tidak ada. Maksud Anda 'pk'? SOP yang tersedia: pengumpulan-data, "
        "pk, lkjip, iki, rak, pengukuran, lki. Lihat daftarnya dengan 'sakip sop list'.\n"
    )
    missing = runner.invoke(cli, ["sop", "show"])
    assert missing.exit_code == 2
    assert missing.output == (
        "Penggunaan: sakip sop show [OPTIONS] ID\n"
        "Coba 'sakip sop show --help' untuk bantuan.\n\n"
        "Galat: Argumen belum diisi: 'ID'.\n"
    )
    option = runner.invoke(cli, ["sop", "list", "--jsn"])
    assert option.exit_code == 2
    assert option.output == (
        "Penggunaan: sakip sop list [OPTIONS]\n"
        "Coba 'sakip sop list --help' untuk bantuan.\n\n"
        "Galat: Opsi '--jsn' tidak dikenal. Maksud Anda '--json'?\n"
    )
    both = runner.invoke(cli, ["sop", "render", "pk", "--all"])
    assert both.exit_code == 2
    assert both.output == (
        "Penggunaan: sakip sop render [OPTIONS] [ID]...\n"
        "Coba 'sakip sop render --help' untuk bantuan.\n\n"
        "Galat: Sebutkan ID SOP yang akan dicetak, atau pakai --all (salah satu).\n"
    )


def test_missing_workspace_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["sop", "list", "--workspace", str(tmp_path / "tidak-ada")])
    assert result.exit_code == 1
    assert result.output == (
        f"Galat: Folder workspace '{tmp_path / 'tidak-ada'}' tidak ditemukan. Periksa opsi "
        "--workspace atau buat workspace baru dengan 'sakip init FOLDER'.\n"
    )
