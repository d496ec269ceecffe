"""The workspace database: migrations, and two processes opening a new workspace at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from pipeline import Workspace, WorkspaceError
from pipeline.workspace.db import DB_FILE, MIGRATIONS, connect


def _open(folder: str) -> int:
    with connect(Workspace.open(folder)) as conn:
        return int(conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0])


def test_two_processes_open_a_new_workspace_at_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        for i in range(6):
            folder = tmp_path / f"ws{i}"
            folder.mkdir()
            assert pool.map(_open, [str(folder)] * 2) == [len(MIGRATIONS)] * 2


def test_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    _open(str(tmp_path))
    conn = sqlite3.connect(tmp_path / DB_FILE)
    conn.execute("INSERT INTO schema_version VALUES (999)")
    conn.commit()
    conn.close()
    with pytest.raises(WorkspaceError, match="dibuat oleh sakip yang lebih baru"):
        _open(str(tmp_path))
