"""Backups of the workspace database (``sakip.db``), and restoring one with checks.

The database holds the letter-number register: lost or rolled back, numbers already on signed
letters would be given again to other documents. So a copy is taken with SQLite's online
backup (consistent while another sakip process writes), one rotating copy before each build,
and a restore refuses a file that is not an intact sakip database or that would drop numbers
the current register has given, unless told to.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import WorkspaceError, os_cause
from pipeline.workspace.db import DB_FILE, MIGRATIONS, environment_fault
from pipeline.workspace.paths import Workspace

BACKUP_DIR = "cadangan"
AUTO_DIR = f"{BACKUP_DIR}/otomatis"
AUTO_KEEP = 5
"""Automatic backups kept (the oldest go first)."""
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Register:
    """What a database's letter register holds: numbers given (withdrawn ones too)."""

    numbers: frozenset[str]
    builds: int


def backup(workspace: Workspace, target: Path | None = None) -> Path:
    """Copy sakip.db to ``target`` (default: cadangan/sakip-<time>.db) with SQLite's online
    backup; returns the copy's path."""
    source = workspace.root / DB_FILE
    if not _usable(source):
        raise WorkspaceError(
            f"Basis data workspace '{source}' tidak ada atau kosong, sehingga tidak ada yang "
            "dicadangkan."
        )
    target = target or _stamped(workspace.root / BACKUP_DIR, "sakip")
    if target.exists():
        raise WorkspaceError(
            f"Berkas cadangan '{target}' sudah ada. Pilih nama lain agar cadangan lama tidak "
            "tertimpa."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    return target


def auto_backup(workspace: Workspace, keep: int = AUTO_KEEP) -> Path | None:
    """Before a build writes: a copy of sakip.db in cadangan/otomatis/, keeping the newest
    ``keep`` copies; None when there is no database yet."""
    source = workspace.root / DB_FILE
    if not _usable(source):
        return None
    folder = workspace.root / AUTO_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = _stamped(folder, "sakip-sebelum-build")
    _copy(source, target)
    # Names carry the time, so sorted by name is oldest first.
    old = sorted(p for p in folder.glob("sakip-sebelum-build-*.db") if p.is_file())
    for stale in old[:-keep]:
        stale.unlink(missing_ok=True)
    return target


def restore(workspace: Workspace, source: Path, force: bool = False) -> Path | None:
    """Put the backup ``source`` in place of sakip.db, after checking it. The current
    database, when there is one, is first copied to cadangan/ (its path is returned)."""
    found = register_of(source)
    current_path = workspace.root / DB_FILE
    kept: Path | None = None
    if _usable(current_path):
        current = register_of(current_path, what="Basis data workspace saat ini")
        lost = current.numbers - found.numbers
        if lost and not force:
            shown = ", ".join(sorted(lost)[:5]) + (" dan lainnya" if len(lost) > 5 else "")
            raise WorkspaceError(
                f"Cadangan '{source}' tidak memuat {len(lost)} nomor surat yang sudah diberikan "
                f"oleh basis data saat ini ({shown}). Memulihkannya membuat nomor itu dapat "
                "diberikan lagi kepada dokumen lain. Pilih cadangan yang lebih baru, atau "
                "ulangi dengan --paksa bila memang itu yang dikehendaki."
            )
        kept = _stamped(workspace.root / BACKUP_DIR, "sakip-sebelum-pulih")
        kept.parent.mkdir(parents=True, exist_ok=True)
        _copy(current_path, kept)
    for suffix in ("-wal", "-shm"):
        Path(f"{current_path}{suffix}").unlink(missing_ok=True)
    partial = current_path.with_name(f".{DB_FILE}.pulih.tmp")
    partial.unlink(missing_ok=True)
    _copy(source, partial)
    os.replace(partial, current_path)
    return kept


def register_of(path: Path, what: str = "") -> Register:
    """Check that ``path`` is an intact sakip database and read its letter register."""
    label = what or f"Berkas '{path}'"
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except IsADirectoryError as err:
        raise WorkspaceError(f"{label} adalah folder, bukan berkas cadangan.") from err
    except OSError as err:
        raise WorkspaceError(f"{label} tidak dapat dibaca ({os_cause(err)}).") from err
    if head != SQLITE_MAGIC:
        raise WorkspaceError(
            f"{label} bukan basis data SQLite (kosong, terpotong atau berkas lain). Pilih "
            "berkas cadangan sakip.db yang benar."
        )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise WorkspaceError(f"{label} tidak dapat dibuka ({err}).") from err
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()
        if not check or check[0] != "ok":
            raise WorkspaceError(
                f"{label} rusak (pemeriksaan keutuhan SQLite: {check[0] if check else '-'}). "
                "Pilih cadangan lain."
            )
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "schema_version" not in tables or "letter_number" not in tables:
            raise WorkspaceError(f"{label} bukan basis data workspace sakip.")
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        if version > len(MIGRATIONS):
            raise WorkspaceError(
                f"{label} dibuat oleh sakip yang lebih baru (skema {version}). Perbarui sakip "
                "lebih dulu."
            )
        numbers = frozenset(row[0] for row in conn.execute("SELECT nomor FROM letter_number"))
        builds = conn.execute("SELECT COUNT(*) FROM archive_build").fetchone()[0]
    except sqlite3.Error as err:
        fault = environment_fault(err)
        if fault:
            raise WorkspaceError(f"{label} tidak dapat dibaca: {fault}.") from err
        raise WorkspaceError(f"{label} rusak atau bukan basis data sakip ({err}).") from err
    finally:
        conn.close()
    return Register(numbers, int(builds))


def _usable(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def _copy(source: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as err:
        target.unlink(missing_ok=True)
        fault = environment_fault(err)
        reason = fault or f"basis data tidak dapat dibaca: {err}"
        raise WorkspaceError(f"Menyalin '{source}' ke '{target}' gagal: {reason}.") from err


def _stamped(folder: Path, stem: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stem}-{stamp}.db"
    n = 2
    while target.exists():
        target = folder / f"{stem}-{stamp}-{n}.db"
        n += 1
    return target
