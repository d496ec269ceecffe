"""The example office: its workspace, the clean units' data and the UPT's deliberate problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from pipeline.cli.workbook import init
from pipeline.errors import WorkspaceError
from pipeline.example import EXAMPLE_PERIOD, create_workspace, write_example_inputs
from pipeline.example.data import load_data, unit_rows
from pipeline.validate.capaian import jatuh_tempo
from pipeline.validate.period import validate_period
from pipeline.workspace.config import Config, load_config
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import BULAN, Periode

ROOT = Path(__file__).resolve().parents[2]
CLEAN = ("SEK", "BKP", "BPK", "UKM")
MONTHS = ("01", "02", "03")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kantor") / "contoh"
    create_workspace(root)
    return root


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(Workspace.open(ROOT))


def _sheet(example: Path, unit: str, month: str, name: str) -> list[tuple[Any, ...]]:
    folder = example / "inputs" / "2024" / month
    for path in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        if wb["Petunjuk"]["B4"].value == unit:
            return list(wb[name].iter_rows(min_row=2, values_only=True))
    raise AssertionError(f"no workbook of {unit} in {folder}")


def test_workspace_has_config_three_months_of_five_units(example: Path, config: Config) -> None:
    assert (example / "sakip.yaml").read_bytes() == (ROOT / "sakip.yaml").read_bytes()
    assert (example / "outputs").is_dir() and not any((example / "outputs").iterdir())
    for month in MONTHS:
        names = sorted(p.name for p in (example / "inputs" / "2024" / month).iterdir())
        assert names == sorted(f"2024-{month} {u.nama}.xlsx" for u in config.unit)
        for path in (example / "inputs" / "2024" / month).iterdir():
            petunjuk = openpyxl.load_workbook(path)["Petunjuk"]
            assert (petunjuk["B6"].value, petunjuk["B7"].value) == (2024, int(month))


def test_each_month_carries_the_year_so_far(example: Path) -> None:
    pk = _sheet(example, "UKM", "02", "PK")
    real = _sheet(example, "UKM", "02", "Realisasi")
    assert [r[2] for r in real] == ["Januari"] * len(pk) + ["Februari"] * len(pk)
    assert all(r[4] for r in real)
    # Monthly indicators are filled every month; the tahunan one (UKM-04) is not due yet.
    monthly = {r[0] for r in pk if r[7] in (None, "bulanan")}
    assert monthly and all(r[3] is not None and r[5] for r in real if r[0] in monthly)
    assert {r[0]: r[7] for r in pk}["UKM-04"] == "tahunan"
    assert all(r[3] is None for r in real if r[0] == "UKM-04")


def test_refuses_to_overwrite_a_workspace(example: Path) -> None:
    before = (example / "sakip.yaml").read_bytes()
    with pytest.raises(WorkspaceError, match="sudah ada"):
        create_workspace(example)
    assert (example / "sakip.yaml").read_bytes() == before


def test_example_data_is_consistent_for_clean_units(config: Config) -> None:
    data = load_data()
    for code in CLEAN:
        unit = config.unit_by_code(code)
        assert unit is not None
        rows = unit_rows(data, unit, 3)
        codes = [r["kode"] for r in rows["pk"]]
        assert len(codes) == len(set(codes)) and 4 <= len(codes) <= 8
        targets = {r["kode"]: r["target"] for r in rows["pk"]}
        agregasi = {r["kode"]: r["agregasi"] for r in rows["pk"]}
        for rak in rows["rak"]:
            tw = [rak[f"target_tw{i}"] for i in range(1, 5)]
            _check_quarters(str(rak["kode"]), tw, targets[rak["kode"]], agregasi[rak["kode"]])
        people = {p.nip: p for p in (unit.kepala, *unit.pegawai)}
        assert {r["nip"] for r in rows["iki"]} == set(people)
        for iki in rows["iki"]:
            person = people[str(iki["nip"])]
            assert (iki["nama"], iki["jabatan"]) == (person.nama, person.jabatan)
            structural = person is unit.kepala or getattr(person, "jenis", "") == "struktural"
            assert not structural or iki["kode_pk"] in targets
            assert iki["satuan"] in config.satuan
        assert all(r["satuan"] in config.satuan for r in rows["pk"])
        # Every due month is filled; a month that is not due is left empty, never 0.
        frekuensi = {r["kode"]: r.get("frekuensi") or "bulanan" for r in rows["pk"]}
        for r in rows["realisasi"]:
            month = BULAN.index(str(r["bulan"])) + 1
            due = jatuh_tempo(frekuensi[r["kode"]], month)  # type: ignore[arg-type]
            assert isinstance(r["realisasi"], int | float) if due else r["realisasi"] is None
        assert len(rows["realisasi"]) == len(rows["anggaran"]) == 3 * len(codes)


def _check_quarters(kode: str, tw: list[Any], target: Any, agregasi: Any) -> None:
    if isinstance(target, str):  # a range target: TW IV carries the annual range
        assert tw[3] == target, kode
    elif agregasi == "jumlah":
        assert sum(tw) == pytest.approx(target), kode
    elif agregasi == "rata-rata":
        assert sum(tw) / 4 == pytest.approx(target), kode
    else:
        assert tw[3] == pytest.approx(target), kode
        if agregasi in ("tren-naik", "tren-turun"):
            assert tw == sorted(tw, reverse=agregasi == "tren-turun"), kode


def test_example_covers_polarities_units_and_aggregations() -> None:
    pk = [ind for unit in load_data()["unit"].values() for ind in unit["indikator"]]
    assert {i["polaritas"] for i in pk} == {"naik", "turun"}
    assert {i["agregasi"] for i in pk} == {
        "jumlah",
        "terakhir",
        "rata-rata",
        "tren-naik",
        "tren-turun",
    }
    assert {"%", "koperasi", "orang", "Rp", "unit usaha"} <= {i["satuan"] for i in pk}
    frekuensi = [i.get("frekuensi", "bulanan") for i in pk]
    assert {"triwulanan", "tahunan"} <= set(frekuensi) and frekuensi.count("bulanan") > 20
    assert "70-75" in {i["target"] for i in pk}


def test_upt_carries_the_deliberate_problems(example: Path) -> None:
    pk = _sheet(example, "UPT", "03", "PK")
    assert [r[0] for r in pk].count("UPT-03") == 2
    rak = {r[0]: r for r in _sheet(example, "UPT", "03", "RAK")}
    assert sum(rak["UPT-01"][2:6]) == 550 and next(r[4] for r in pk if r[0] == "UPT-01") == 600
    iki = [r for r in _sheet(example, "UPT", "03", "IKI") if r[0] == "19880630 201101 2 007"]
    assert [r[9] for r in iki] == [None, "UPT-09"]
    real = {(r[0], r[2]): r[3] for r in _sheet(example, "UPT", "03", "Realisasi")}
    assert real[("UPT-02", "Januari")] == "85,5%"
    assert real[("UPT-02", "Februari")] == 104
    assert real[("UPT-04", "Maret")] is None
    assert real[("UPT-05", "Maret")] == "1,250"


def test_validation_flags_only_the_upt(example: Path) -> None:
    report = validate_period(Workspace.open(example), Periode.parse(EXAMPLE_PERIOD)).report
    status = {u.code: u.status for u in report.units}
    assert status == {**dict.fromkeys(CLEAN, "lengkap"), "UPT": "belum_lengkap"}
    rules = {f.rule for f in report.findings if f.unit == "UPT"}
    assert {
        "PK-GANDA",
        "RAK-TARGET",
        "IKI-TAK-TERLACAK",
        "REAL-PERSEN",
        "REAL-HILANG",
        "ISIAN-ANGKA",
    } <= rules
    assert not any(f.cell == "D3" and f.sheet == "Realisasi" for f in report.findings)  # 85,5%


def test_repository_inputs_match_a_fresh_generation(tmp_path: Path) -> None:
    """The committed example inputs are what the code writes today; if this fails, run
    `python -m pipeline.example .` at the repository root and commit the result."""
    committed = sorted((ROOT / "inputs" / "2024").glob("*/*.xlsx"))
    assert committed, "the repository's inputs/2024 is missing: run `python -m pipeline.example .`"
    (tmp_path / "sakip.yaml").write_bytes((ROOT / "sakip.yaml").read_bytes())
    fresh = {p.relative_to(tmp_path).as_posix(): p for p in write_example_inputs(tmp_path)}
    assert sorted(p.relative_to(ROOT).as_posix() for p in committed) == sorted(fresh)
    for path in committed:
        assert path.read_bytes() == fresh[path.relative_to(ROOT).as_posix()].read_bytes(), path


def test_cli_init_lists_files_and_the_next_command(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "dinas"
    result = runner.invoke(init, [str(target)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Workspace contoh dibuat di {target}:"
    assert lines[1] == "  sakip.yaml" and lines[-4] == "  outputs/"
    assert sum(line.endswith(".xlsx") for line in lines) == 15
    assert "  inputs/2024/03/2024-03 Bidang Usaha Kecil dan Menengah.xlsx" in lines
    assert lines[-1] == f"  cd {target} && sakip build --periode 2024-03"


def test_cli_init_refuses_an_existing_workspace(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "sakip.yaml").write_text("tahun: 2023\n", encoding="utf-8")
    result = runner.invoke(init, [str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Galat: '{tmp_path / 'sakip.yaml'}' sudah ada")
    assert (tmp_path / "sakip.yaml").read_text(encoding="utf-8") == "tahun: 2023\n"
    assert not (tmp_path / "inputs").exists()


def test_cli_init_help(runner: CliRunner) -> None:
    result = runner.invoke(init, ["--help"])
    assert result.exit_code == 0
    assert "Contoh:" in result.output and "sakip init dinas-kumkm" in result.output
    assert "Penggunaan: init [OPTIONS] FOLDER" in result.output
