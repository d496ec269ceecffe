"""What a period's build makes: nothing from no data, a quarter's documents at the quarter's
end, the annual documents once a year in one folder."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli.main import cli
from pipeline.example import create_workspace


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    create_workspace(ws)
    return ws


def _numbers(root: Path) -> int:
    if not (root / "sakip.db").exists():
        return 0
    with sqlite3.connect(root / "sakip.db") as conn:
        return int(conn.execute("SELECT COUNT(*) FROM letter_number").fetchone()[0])


def _build(root: Path, periode: str, *extra: str) -> tuple[int, str, dict | None]:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["build", "-w", str(root), "--periode", periode, *extra])
    data = json.loads(result.stdout) if "--json" in extra and result.stdout.strip() else None
    return result.exit_code, result.output, data


def test_a_period_without_workbooks_builds_nothing(root: Path) -> None:
    _build(root, "2024-03")
    before = _numbers(root)
    code, output, _ = _build(root, "2024-05")
    assert code == 1
    assert "Mei 2024" in output and "inputs/2024/05/" in output
    assert "tidak punya buku kerja" in output and "--periode" in output
    assert "Traceback" not in output
    assert not (root / "outputs/2024/05").exists()
    assert _numbers(root) == before
    with sqlite3.connect(root / "sakip.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM archive_build").fetchone()[0] == 1


def test_a_period_where_no_unit_may_get_documents_builds_nothing(root: Path) -> None:
    folder = root / "inputs/2024/03"
    for path in folder.iterdir():
        if "UPT" not in path.name:  # only the unit whose data has galat remains
            path.unlink()
    code, output, _ = _build(root, "2024-03")
    assert code == 1
    assert "tidak ada unit yang boleh dibuatkan dokumen" in output
    assert "UPT: data masih bergalat" in output and "SEK: tidak menyerahkan" in output
    assert "--force" in output
    assert not (root / "outputs").exists() or not any((root / "outputs").rglob("*.docx"))
    assert _numbers(root) == 0


def test_quarter_documents_only_at_the_quarter_end(root: Path) -> None:
    _, _, february = _build(root, "2024-02", "--json")
    assert february is not None
    kinds = {o["kind"] for o in february["outputs"]}
    assert not {k for k in kinds if k.startswith("pengukuran-")}
    assert not (root / "outputs/2024/02/pengukuran").exists()
    _, _, march = _build(root, "2024-03", "--json")
    assert march is not None
    made = {o["kind"] for o in march["outputs"]}
    assert {"pengukuran-unit", "pengukuran-dokumen", "pengukuran-undangan"} <= made
    assert {"pengukuran-daftar-hadir", "pengukuran-notulensi"} <= made


def test_annual_documents_are_made_once_in_the_years_folder(root: Path) -> None:
    _, _, february = _build(root, "2024-02", "--json")
    _, _, march = _build(root, "2024-03", "--json")
    assert february is not None and march is not None
    from pipeline.documents.registry import load_registry
    from pipeline.workspace.paths import Workspace

    yearly = {
        d.id for d in load_registry(Workspace.open(str(root))).dokumen if d.frekuensi == "tahunan"
    }
    annual = ("pk-", "rak-", "iki-", "lkjip-sk")
    assert all(
        k in yearly for k in ("pk-unit", "pk-dokumen", "rak-unit", "iki-pegawai", "lkjip-sk")
    )
    for manifest in (february, march):
        for output in manifest["outputs"]:
            if output["kind"] in yearly:
                assert "/2024/tahunan/" in output["path"], output["path"]
            elif output["path"].endswith(".docx"):
                assert "/tahunan/" not in output["path"], output["path"]
    for month in ("02", "03"):
        assert not list((root / "outputs/2024" / month).glob("pk/*.docx"))
        assert not list((root / "outputs/2024" / month).glob("iki/*.docx"))
    # The same PK, RAK and IKI sheets in March: the annual documents stand as they were.
    remade = [
        o["path"] for o in march["outputs"] if o["kind"].startswith(annual) and not o["reused"]
    ]
    assert remade == []
    before = {o["path"]: o["sha256"] for o in february["outputs"] if o["kind"].startswith(annual)}
    after = {o["path"]: o["sha256"] for o in march["outputs"] if o["kind"].startswith(annual)}
    assert before == after
