from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
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
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "Judul", "Langkah", "Total", "waktu", "(menit)"]
    assert any(line.startswith("lkjip") and line.rstrip().endswith("12.580") for line in lines)


def test_show_human_lists_every_step(runner: CliRunner, repo_root: Path) -> None:
    result = runner.invoke(cli, ["sop", "show", "pk", *_ws(repo_root)])
    assert result.exit_code == 0
    assert "30 langkah, total waktu 5.840 menit (97 jam 20 menit)." in result.output
    assert "Ya: 6" in result.output and "Tidak: 4" in result.output


def test_check_ok_and_broken(runner: CliRunner, repo_root: Path, spec_workspace: Path) -> None:
    ok = runner.invoke(cli, ["sop", "check", *_ws(repo_root)])
    assert ok.exit_code == 0
    assert ok.output.startswith("7 SOP sah: pengumpulan-data, pk, lkjip, iki, rak, ")
    path = spec_workspace / "sop_specs" / "rak.yaml"
    path.write_text(path.read_text().replace("waktu_menit: 5\n", "waktu_menit: lima\n", 1))
    bad = runner.invoke(cli, ["sop", "check", *_ws(spec_workspace)])
    assert bad.exit_code == 1
    assert "Traceback" not in bad.output
    assert "Galat: sop_specs/rak.yaml, baris" in bad.output
    assert "waktu_menit: harus bilangan bulat (nilai sekarang: 'lima')" in bad.output


def test_unknown_sop_and_usage_errors_in_indonesian(runner: CliRunner, repo_root: Path) -> None:
    unknown = runner.invoke(cli, ["sop", "show", "pkk", *_ws(repo_root)])
    assert unknown.exit_code == 1
    assert unknown.output == (
        "Galat: SOP 'pkk' tidak ada. Maksud Anda 'pk'? SOP yang tersedia: pengumpulan-data, "
        "pk, lkjip, iki, rak, pengukuran, lki. Lihat daftarnya dengan 'sakip sop list'.\n"
    )
    missing = runner.invoke(cli, ["sop", "show"])
    assert missing.exit_code == 2
    assert "Galat: Argumen belum diisi: 'ID'." in missing.output
    assert "Coba 'sakip sop show --help' untuk bantuan." in missing.output
    option = runner.invoke(cli, ["sop", "list", "--jsn"])
    assert option.exit_code == 2
    assert "Galat: Opsi '--jsn' tidak dikenal." in option.output
    both = runner.invoke(cli, ["sop", "render", "pk", "--all"])
    assert both.exit_code == 2
    assert "Sebutkan ID SOP yang akan dicetak, atau pakai --all (salah satu)." in both.output


def test_missing_workspace_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["sop", "list", "--workspace", str(tmp_path / "tidak-ada")])
    assert result.exit_code == 1
    assert "Folder workspace" in result.output and "tidak ditemukan" in result.output


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize(("name", "command"), _commands(cli))
def test_every_command_has_indonesian_help_with_example(
    runner: CliRunner, name: str, command: click.Command
) -> None:
    result = runner.invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Penggunaan: sakip ")
    assert "Contoh:" in result.output
    assert f"sakip {name}" in result.output
    assert "Show this message" not in result.output
