"""Who writes to sakip.db: freezing a period's indicator definitions and giving letter numbers
are steps of a build (and of `sakip rekap` for the definitions), never a side effect of a
check or a plan."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from pipeline.build.period import plan_documents
from pipeline.checker.expected import pk_crosscheck
from pipeline.cli.main import cli
from pipeline.documents.kinds import kinds
from pipeline.example import create_workspace
from pipeline.rekap.recap import build_rekap, freeze_definitions, frozen_definitions
from pipeline.validate.period import validate_period
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

MARCH = Periode(2024, 3)


def _kept(root: Path) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    conn = sqlite3.connect(root / "sakip.db")
    try:
        frozen = conn.execute("SELECT * FROM definisi_indikator ORDER BY 1, 2, 3").fetchall()
        numbers = conn.execute("SELECT * FROM letter_number ORDER BY 1, 2").fetchall()
    finally:
        conn.close()
    return frozen, numbers


def _no_database(root: Path) -> None:
    """A workspace as before its first build (``sakip init`` records example steps)."""
    for name in ("sakip.db", "sakip.db-wal", "sakip.db-shm"):
        (root / name).unlink(missing_ok=True)


def _dump(root: Path) -> list[str]:
    conn = sqlite3.connect(root / "sakip.db")
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_planning_for_a_check_changes_nothing_in_the_database(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)  # the example office's SOP steps are recorded
    before = _dump(root)
    expected = pk_crosscheck(Workspace.open(root), MARCH)
    # The Kepala Dinas, four units (the UPT is held back) and the eselon IV official.
    assert len(expected.expected) == 6
    assert _dump(root) == before


def test_planning_in_a_workspace_without_a_database_creates_none(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)
    _no_database(root)
    assert pk_crosscheck(Workspace.open(root), MARCH).expected
    assert not (root / "sakip.db").exists()


def test_a_plan_freezes_nothing_and_numbers_nothing(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)
    feb = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", "2024-02"])
    assert feb.exit_code in (0, 1), feb.output
    before = _kept(root)
    assert before[0] and before[1]  # February's definitions frozen, its letters numbered
    assert not any(row[0] == "2024-03" for row in before[0])

    every_kind = {k.context for k in kinds().values()}
    jobs = plan_documents(Workspace.open(root), MARCH, every_kind, force=True)
    assert any(j.spec.nomor_surat for j in jobs)  # March's letters were planned ...
    assert _kept(root) == before  # ... without a number, and nothing of March was frozen

    march = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", "2024-03"])
    assert march.exit_code in (0, 1), march.output
    frozen, numbers = _kept(root)
    assert any(row[0] == "2024-03" for row in frozen)
    assert len(numbers) > len(before[1])


def test_the_recap_only_reads_what_freezing_wrote(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)
    _no_database(root)
    ws = Workspace.open(root)
    validation = validate_period(ws, MARCH)
    build_rekap(ws, validation)
    assert not (root / "sakip.db").exists()
    assert freeze_definitions(ws, validation) > 0
    frozen = frozen_definitions(ws, MARCH)
    complete = {u.code for u in validation.report.units if u.status == "lengkap"}
    assert set(frozen) == complete and "UPT" not in frozen  # the UPT still has galat
    assert freeze_definitions(ws, validation) == 0  # frozen once, never again
    # Read back equal to what the workbooks say today: no definition reported as changed.
    assert not [n for n in build_rekap(ws, validation).notes if "dibekukan" in n]


READING = (
    ["archive", "list"],
    ["archive", "verify"],
    ["status", "--periode", "2024-02"],
)


def test_reading_commands_leave_the_database_as_it_was(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)
    feb = CliRunner().invoke(cli, ["build", "-w", str(root), "-p", "2024-02"])
    assert feb.exit_code in (0, 1), feb.output
    before = _dump(root)
    for args in (*READING, ["archive", "show", "1"], ["archive", "diff", "1", "1"]):
        result = CliRunner().invoke(cli, [*args, "-w", str(root)])
        assert result.exit_code in (0, 1), (args, result.output)
    assert _dump(root) == before


def test_reading_commands_create_no_database(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root)
    _no_database(root)
    for args in READING:
        result = CliRunner().invoke(cli, [*args, "-w", str(root)])
        assert result.exit_code in (0, 1), (args, result.output)
        assert "Traceback" not in result.output
    unknown = CliRunner().invoke(cli, ["archive", "show", "3", "-w", str(root)])
    assert unknown.exit_code == 1 and "Galat:" in unknown.output, unknown.output
    assert not (root / "sakip.db").exists()
