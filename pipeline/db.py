"""The workspace database (``sakip.db``): one SQLite file with everything the office must keep.

It holds the indicator definitions frozen per period (and later build manifests, the letter
number registry and check results). Schema changes go through numbered migrations recorded in
the database, so an older workspace opens with a newer sakip. WAL mode and a busy timeout let
two sakip processes share one workspace without corrupting it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.exceptions import WorkspaceError
from pipeline.workspace import Workspace

DB_FILE = "sakip.db"

MIGRATIONS: tuple[str, ...] = (
    # 1: indicator definitions frozen with the period they were used for
    """
    CREATE TABLE definisi_indikator (
        periode TEXT NOT NULL,
        unit TEXT NOT NULL,
        kode TEXT NOT NULL,
        definisi TEXT NOT NULL,
        dibekukan_pada TEXT NOT NULL,
        PRIMARY KEY (periode, unit, kode)
    );
    """,
)


@contextmanager
def connect(workspace: Workspace) -> Iterator[sqlite3.Connection]:
    """A connection with the schema migrated to the newest version; commits on success."""
    path = workspace.root / DB_FILE
    try:
        conn = sqlite3.connect(path, timeout=30)
    except sqlite3.Error as err:
        raise WorkspaceError(
            f"Basis data workspace '{path}' tidak dapat dibuka ({err}). Periksa izin tulis folder."
        ) from err
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=30000")
        migrate(conn, path)
        yield conn
        conn.commit()
    except sqlite3.DatabaseError as err:
        conn.rollback()
        raise WorkspaceError(
            f"Basis data workspace '{path}' bermasalah ({err}). Pulihkan dari cadangan terakhir."
        ) from err
    finally:
        conn.close()


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    current = row[0] or 0
    if current > len(MIGRATIONS):
        raise WorkspaceError(
            f"Basis data '{path}' dibuat oleh sakip yang lebih baru (skema {current}). "
            "Perbarui sakip sebelum memakai workspace ini."
        )
    for version in range(current + 1, len(MIGRATIONS) + 1):
        # One transaction per migration: the schema and its version number change together.
        conn.executescript(
            f"BEGIN;\n{MIGRATIONS[version - 1]}\n"
            f"INSERT INTO schema_version (version) VALUES ({version});\nCOMMIT;"
        )
