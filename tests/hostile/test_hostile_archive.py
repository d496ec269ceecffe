"""The archive cannot be lost silently: a missing or emptied sakip.db is refused, backups are
taken before each build, and a restore is checked; no letter number is ever given twice."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from sakip_run import Outcome, assert_clear, inputs_digest, run, workspace
from workbooks import write_unit_workbook

from pipeline.workspace.backup import auto_backup
from pipeline.workspace.paths import Workspace


def _numbers(ws: Path, db: str = "sakip.db") -> dict[str, str]:
    with sqlite3.connect(ws / db) as conn:
        return dict(conn.execute("SELECT identity, nomor FROM letter_number").fetchall())


def _sakip(ws: Path, *args: str) -> Outcome:
    before = inputs_digest(ws)
    outcome = run(ws, *args)
    assert_clear(outcome, before, ws)
    return outcome


def test_a_lost_database_is_refused_and_a_backup_restores_the_register(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    write_unit_workbook(ws / "inputs/2024/03/bkp.xlsx")
    _sakip(ws, "build", "--periode", "2024-03")
    given = _numbers(ws)
    assert given
    backup = _sakip(ws, "archive", "backup", "--ke", str(tmp_path / "salinan.db"))
    assert "Cadangan ditulis" in backup.out
    _sakip(ws, "build", "--periode", "2024-03")  # a second build backs up first
    assert len(list((ws / "cadangan/otomatis").glob("*.db"))) == 1

    # A failed copy or sync leaves 0 bytes: refused, not taken as a new archive.
    (ws / "sakip.db").write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        (ws / f"sakip.db{suffix}").unlink(missing_ok=True)
    refused = _sakip(ws, "build", "--periode", "2024-03")
    assert refused.code == 1
    assert "kosong (0 bita), padahal workspace ini sudah pernah dibuild" in refused.err
    assert "sakip archive restore" in refused.err
    (ws / "sakip.db").unlink()
    assert "tidak ada, padahal" in _sakip(ws, "build", "--periode", "2024-03").err

    # Restore: a file that is not a database is refused; the backup is taken.
    (tmp_path / "bukan.db").write_text("bukan basis data")
    bad = _sakip(ws, "archive", "restore", str(tmp_path / "bukan.db"))
    assert bad.code == 1 and "bukan basis data SQLite" in bad.err
    restored = _sakip(ws, "archive", "restore", str(tmp_path / "salinan.db"))
    assert restored.code == 0, restored.err
    assert _numbers(ws) == given
    _sakip(ws, "build", "--periode", "2024-03")
    assert _numbers(ws) == given  # the same documents keep their numbers


def test_leftovers_of_a_killed_build_are_listed_and_cleaned(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    write_unit_workbook(ws / "inputs/2024/03/bkp.xlsx")
    folder = ws / "outputs/2024/03"
    folder.mkdir(parents=True)
    old, fresh = folder / ".Surat.docx.a1b2.tmp", folder / ".Rekap.xlsx.c3d4.tmp"
    old.write_bytes(b"PK setengah")
    fresh.write_bytes(b"PK sedang ditulis")
    os.utime(old, (time.time() - 3600, time.time() - 3600))  # a killed build, an hour ago
    _sakip(ws, "build", "--periode", "2024-03")
    assert not old.exists() and fresh.exists()  # a young one may be a running build's
    listed = _sakip(ws, "archive", "verify")
    assert "Sisa build : outputs/2024/03/.Rekap.xlsx.c3d4.tmp" in listed.out
    assert "1 berkas sementara tertinggal" in listed.out


def test_a_restore_that_would_drop_given_numbers_needs_paksa(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    write_unit_workbook(ws / "inputs/2024/03/bkp.xlsx")
    _sakip(ws, "build", "--periode", "2024-03")
    with sqlite3.connect(ws / "sakip.db") as conn:
        conn.execute(
            "INSERT INTO letter_number (tahun, urut, identity, nomor, pattern, issued_at) "
            "VALUES (2024, 999, 'uji', '000.9/999/DKUKM/2024', 'p', '2024-03-01')"
        )
    old = sorted((ws / "cadangan/otomatis").glob("*.db"))
    assert not old  # the first build had no database to back up
    _sakip(ws, "archive", "backup", "--ke", str(tmp_path / "baru.db"))
    with sqlite3.connect(tmp_path / "baru.db") as conn:
        conn.execute("DROP TRIGGER letter_number_no_delete")
        conn.execute("DELETE FROM letter_number WHERE urut = 999")
    refused = _sakip(ws, "archive", "restore", str(tmp_path / "baru.db"))
    assert refused.code == 1
    assert "tidak memuat 1 nomor surat" in refused.err and "000.9/999/DKUKM/2024" in refused.err
    forced = _sakip(ws, "archive", "restore", str(tmp_path / "baru.db"), "--paksa")
    assert forced.code == 0
    kept = list((ws / "cadangan").glob("sakip-sebelum-pulih-*.db"))
    assert len(kept) == 1 and "000.9/999/DKUKM/2024" in _numbers(ws, str(kept[0])).values()


def test_automatic_backups_rotate(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    sqlite3.connect(ws / "sakip.db").execute("CREATE TABLE t (x)").connection.close()
    made = [auto_backup(Workspace.open(ws), keep=2) for _ in range(4)]
    left = sorted((ws / "cadangan/otomatis").glob("*.db"))
    assert left == sorted(p for p in made[-2:] if p is not None)
