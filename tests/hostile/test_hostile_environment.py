"""Faults of the machine around sakip are one clear line, never a traceback or "galat internal"."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from sakip_run import assert_clear, inputs_digest, run, workspace
from workbooks import write_unit_workbook

from pipeline.cli import common


def _one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.startswith("Galat:")]
    assert len(lines) == 1, text
    return lines[0]


def test_output_to_a_full_device_is_one_line(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    outcome = run(ws, "sop", "list", stdout=Path("/dev/full"))
    assert_clear(outcome, inputs_digest(ws), ws)
    assert "disk penuh" in _one_line(outcome.err)
    assert "Exception ignored" not in outcome.err


def test_a_config_that_is_a_folder(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    (ws / "sakip.yaml").unlink()
    (ws / "sakip.yaml").mkdir()
    outcome = run(ws, "validate", "--periode", "2024-03")
    assert_clear(outcome, inputs_digest(ws), ws)
    line = _one_line(outcome.err)
    assert "sakip.yaml" in line and "folder" in line


def test_a_config_that_is_a_symlink_loop(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    (ws / "sakip.yaml").unlink()
    (ws / "sakip.yaml").symlink_to(ws / "sakip.yaml")
    outcome = run(ws, "validate", "--periode", "2024-03")
    assert_clear(outcome, inputs_digest(ws), ws)
    assert "sakip.yaml" in _one_line(outcome.err)


def test_the_log_goes_to_the_workspace_and_its_absence_is_said_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = workspace(tmp_path / "ws") if (tmp_path / "ws").mkdir() is None else tmp_path
    monkeypatch.chdir(ws)
    monkeypatch.setattr("sys.argv", ["sakip", "build", "--periode", "2024-03"])
    try:
        raise RuntimeError("uji")
    except RuntimeError:
        where = common.write_log()
    assert where == ws / ".sakip-cache" / common.LOG_NAME
    assert "RuntimeError: uji" in where.read_text(encoding="utf-8")
    # Nowhere to write: the workspace cache is a file, the user folder and temp are missing.
    where.unlink()
    (ws / ".sakip-cache").rmdir()
    (ws / ".sakip-cache").write_text("bukan folder")
    monkeypatch.setenv("XDG_STATE_HOME", str(ws / "sakip.yaml"))
    monkeypatch.setenv("LOCALAPPDATA", str(ws / "sakip.yaml"))
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(ws / "sakip.yaml"))

    @click.group(cls=common.SakipGroup)
    def cli() -> None:
        pass

    @cli.command()
    def boom() -> None:
        raise RuntimeError("uji")

    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["boom"])
    assert result.exit_code == 1
    assert "Rincian teknisnya tidak dapat dicatat ke berkas" in result.output
    assert "Traceback" not in result.output


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB file system, to fill: a full disk without filling the machine's."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        message = "membuat sistem berkas kecil memerlukan hak root (mount -t tmpfs)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # on CI the full-disk path is always exercised
        pytest.skip(message)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("free_kb", [2000, 1600, 1200, 900, 400])
def test_a_build_on_a_full_disk_is_one_line(small_disk: Path, free_kb: int) -> None:
    ws = small_disk / "ws"
    ws.mkdir()
    workspace(ws)
    for unit in ("BKP",):
        write_unit_workbook(ws / f"inputs/2024/03/{unit}.xlsx", unit=unit)
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (6 * 1024 * 1024 - free_kb * 1024 - 200_000))
    before = inputs_digest(ws)
    outcome = run(ws, "build", "--periode", "2024-03")
    assert_clear(outcome, before, ws)
    assert "Exception ignored" not in outcome.text
    if free_kb <= 900 or "Galat:" in outcome.err:  # the smaller ones cannot hold a build
        line = _one_line(outcome.err)
        assert "disk penuh" in line, line
        assert "Pulihkan dari cadangan" not in line


def test_a_read_only_workspace_is_one_line(small_disk: Path) -> None:
    ws = small_disk / "ws"
    ws.mkdir()
    workspace(ws)
    write_unit_workbook(ws / "inputs/2024/03/bkp.xlsx")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    before = inputs_digest(ws)
    outcome = run(ws, "build", "--periode", "2024-03")
    assert_clear(outcome, before, ws)
    line = _one_line(outcome.err)
    assert "hanya dapat dibaca" in line or "izin tulis" in line, line
