"""The workspace database (``sakip.db``): one SQLite file with everything the office must keep.

It holds the indicator definitions frozen per period (and later build manifests, the letter
number registry and check results). Schema changes go through numbered migrations recorded in
the database, so an older workspace opens with a newer sakip. WAL mode and a busy timeout let
two sakip processes share one workspace without corrupting it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import WorkspaceError
from pipeline.workspace.paths import CACHE_DIR, HASHES_FILE, OUTPUTS_DIR, Workspace

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
    # 2: the build archive (pipeline.archive): one row per build, with its inputs, its outputs
    # and the units it held back. AUTOINCREMENT so a build id is never handed out twice, even
    # if someone removes the newest row with another SQLite tool. Paths are relative to the
    # workspace root, so a moved or restored workspace still verifies.
    """
    CREATE TABLE archive_build (
        build_id INTEGER PRIMARY KEY AUTOINCREMENT,
        periode TEXT NOT NULL,
        started TEXT NOT NULL,
        finished TEXT NOT NULL,
        user TEXT NOT NULL,
        host TEXT NOT NULL,
        pipeline_version TEXT NOT NULL,
        specs_version TEXT NOT NULL,
        templates_version TEXT NOT NULL
    );
    CREATE TABLE archive_input (
        build_id INTEGER NOT NULL REFERENCES archive_build (build_id),
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (build_id, path)
    );
    CREATE TABLE archive_output (
        build_id INTEGER NOT NULL REFERENCES archive_build (build_id),
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        kind TEXT NOT NULL,
        unit TEXT,
        sop TEXT,
        step INTEGER,
        key TEXT NOT NULL,
        inputs_fingerprint TEXT NOT NULL,
        reused INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (build_id, path),
        UNIQUE (build_id, key)
    );
    CREATE INDEX archive_output_by_path ON archive_output (path, build_id);
    CREATE INDEX archive_output_by_key ON archive_output (key, build_id);
    CREATE TABLE archive_held_back (
        build_id INTEGER NOT NULL REFERENCES archive_build (build_id),
        unit TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    """,
    # 3: the letter-number register (documents.letter_numbers). A number belongs to a document
    # identity; withdrawing marks the row, never deletes it, and the triggers refuse deletes and
    # renumbering from any tool, so a number once given is never given to another document.
    """
    CREATE TABLE letter_number (
        tahun INTEGER NOT NULL,
        urut INTEGER NOT NULL,
        identity TEXT NOT NULL,
        nomor TEXT NOT NULL UNIQUE,
        pattern TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        withdrawn_at TEXT,
        withdrawn_reason TEXT,
        PRIMARY KEY (tahun, urut)
    );
    CREATE UNIQUE INDEX letter_number_active ON letter_number (tahun, identity)
        WHERE withdrawn_at IS NULL;
    CREATE TRIGGER letter_number_no_delete BEFORE DELETE ON letter_number
    BEGIN
        SELECT RAISE(ABORT, 'nomor surat tidak boleh dihapus; tandai sebagai ditarik');
    END;
    CREATE TRIGGER letter_number_no_renumber
    BEFORE UPDATE OF tahun, urut, identity, nomor ON letter_number
    BEGIN
        SELECT RAISE(ABORT, 'nomor surat yang sudah diberikan tidak boleh diubah');
    END;
    """,
    # 4: returned PDFs checked against the build (sakip check --periode)
    """
    CREATE TABLE check_result (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        checked_at TEXT NOT NULL,
        periode TEXT,
        file TEXT NOT NULL,
        sha256 TEXT,
        document_type TEXT,
        status TEXT NOT NULL,
        answers TEXT,
        problems TEXT NOT NULL
    );
    CREATE INDEX check_result_answers ON check_result (answers);
    """,
    # 5: the SOP step records (pipeline.process): append-only. A correction or an undo is a
    # new row that names the row it cancels (membatalkan); triggers refuse updates and
    # deletes from any tool, so the record of who did what and when cannot be rewritten.
    """
    CREATE TABLE sop_step_record (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sop TEXT NOT NULL,
        instance TEXT NOT NULL,
        no INTEGER NOT NULL,
        tanggal TEXT NOT NULL,
        oleh TEXT NOT NULL,
        keputusan TEXT CHECK (keputusan IN ('ya', 'tidak')),
        catatan TEXT NOT NULL DEFAULT '',
        membatalkan INTEGER REFERENCES sop_step_record (id),
        dicatat_oleh TEXT NOT NULL,
        dicatat_pada TEXT NOT NULL
    );
    CREATE INDEX sop_step_record_instance ON sop_step_record (sop, instance, id);
    CREATE TRIGGER sop_step_record_no_delete BEFORE DELETE ON sop_step_record
    BEGIN
        SELECT RAISE(ABORT, 'catatan langkah SOP tidak boleh dihapus; batalkan dengan --batal');
    END;
    CREATE TRIGGER sop_step_record_no_update BEFORE UPDATE ON sop_step_record
    BEGIN
        SELECT RAISE(ABORT, 'catatan langkah SOP tidak boleh diubah; batalkan dengan --batal');
    END;
    """,
    # 6: the accounts of the web desk (pipeline.web): one per person, the role is an SOP actor
    # (a unit account is tied to its unit code); the password only as an argon2 hash.
    """
    CREATE TABLE web_akun (
        nama TEXT PRIMARY KEY,
        peran TEXT NOT NULL CHECK (peran IN
            ('kepala-dinas', 'sekretaris', 'kasubbag', 'fungsional-umum', 'unit')),
        unit TEXT,
        sandi_hash TEXT NOT NULL,
        dibuat_pada TEXT NOT NULL,
        diubah_pada TEXT NOT NULL,
        CHECK ((peran = 'unit') = (unit IS NOT NULL))
    );
    """,
    # 7: verification codes printed on built documents (pipeline.workspace.verification):
    # which document, build and sha256 a code stands for. A code is derived from the
    # document's path and inputs, so a reused document keeps its code in the next build.
    """
    CREATE TABLE verification_code (
        code TEXT NOT NULL,
        build_id INTEGER NOT NULL REFERENCES archive_build (build_id),
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (code, build_id)
    );
    """,
    # 8: documents a build could not make (a workspace template that is not a docx, loops,
    # recurses or allocates without bound; data a document needs that are missing): named in
    # the manifest with the reason, beside what was made, so a build's record is complete.
    # ``path`` is where the document would have been written, when it was known.
    """
    CREATE TABLE archive_failed (
        build_id INTEGER NOT NULL REFERENCES archive_build (build_id),
        title TEXT NOT NULL,
        reason TEXT NOT NULL,
        path TEXT,
        kind TEXT,
        unit TEXT,
        sop TEXT,
        step INTEGER
    );
    """,
)


@contextmanager
def connect(workspace: Workspace) -> Iterator[sqlite3.Connection]:
    """A connection with the schema migrated to the newest version; commits on success."""
    path = workspace.root / DB_FILE
    _refuse_lost(workspace.root, path)
    try:
        conn = sqlite3.connect(path, timeout=30)
    except sqlite3.Error as err:
        raise WorkspaceError(
            f"Basis data workspace '{path}' tidak dapat dibuka ({err}). Periksa izin tulis folder."
        ) from err
    try:
        conn.execute("PRAGMA busy_timeout=30000")
        _wal(conn)
        migrate(conn, path)
        yield conn
        conn.commit()
    except sqlite3.DatabaseError as err:  # OperationalError (busy, locked, I/O) included
        conn.rollback()
        raise _damaged(path, err) from err
    finally:
        conn.close()


@contextmanager
def read_only(workspace: Workspace) -> Iterator[sqlite3.Connection | None]:
    """A connection that cannot write, or None when the workspace has no database yet: for a
    library function that only reads (a check, a plan), so reading never creates, migrates or
    changes ``sakip.db`` as a side effect."""
    path = workspace.root / DB_FILE
    if not path.is_file():
        yield None
        return
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as err:
        raise WorkspaceError(
            f"Basis data workspace '{path}' tidak dapat dibaca ({err}). Periksa izin baca folder."
        ) from err
    try:
        conn.execute("PRAGMA busy_timeout=30000")
        yield conn
    except sqlite3.DatabaseError as err:  # OperationalError (busy, locked, I/O) included
        raise _damaged(path, err) from err
    finally:
        conn.close()


@contextmanager
def reading(workspace: Workspace) -> Iterator[sqlite3.Connection]:
    """For a function that only reads (``sakip archive list``, ``sakip status``): the
    workspace's database opened read-only, or, where the workspace has none yet, an empty one
    in memory with the same tables, so that reading never creates ``sakip.db``. A database of
    an older sakip is migrated first, as opening it for any other command would."""
    path = workspace.root / DB_FILE
    if path.is_file() and _schema_version(path) < len(MIGRATIONS):
        with connect(workspace):
            pass
    with read_only(workspace) as conn:
        if conn is not None:
            yield conn
            return
    memory = sqlite3.connect(":memory:")
    try:
        migrate(memory, path)
        yield memory
    finally:
        memory.close()


def _schema_version(path: Path) -> int:
    """The schema version of the database at ``path`` (0 when it has none), read-only."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error:
        return 0  # connect() opens it next and names the problem
    try:
        if not has_table(conn, "schema_version"):
            return 0
        return int(conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
    except sqlite3.DatabaseError:
        return 0
    finally:
        conn.close()


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether a database not migrated by this reader (see :func:`read_only`) has ``name``."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return found.fetchone() is not None


def _refuse_lost(root: Path, path: Path) -> None:
    """Refuse to start a new, empty database where one existed: a sakip.db missing or
    emptied (a failed copy or sync leaves 0 bytes) next to the outputs of earlier builds.
    Started afresh, it would give the letter numbers already on signed letters again."""
    try:
        exists, size = True, path.stat().st_size
    except FileNotFoundError:
        exists, size = False, 0
    except OSError:
        return  # SQLite will say what is wrong with it
    # In WAL mode a new database's pages sit in sakip.db-wal until a checkpoint: the main
    # file may rightly be empty while a build runs.
    wal = path.with_name(f"{path.name}-wal")
    if size > 0 or (wal.is_file() and wal.stat().st_size > 0):
        return
    evidence = earlier_build(root)
    if not evidence:
        return
    state = "kosong (0 bita)" if exists else "tidak ada"
    raise WorkspaceError(
        f"Basis data workspace '{path}' {state}, padahal workspace ini sudah pernah dibuild "
        f"(ada {evidence}). Basis data itu memuat register nomor surat; bila dibuat baru, "
        "nomor yang sudah terpakai akan diberikan lagi kepada dokumen lain. Pulihkan dari "
        "cadangan dengan 'sakip archive restore BERKAS' (cadangan otomatis ada di folder "
        "cadangan/otomatis/). Bila memang ingin memulai arsip baru, pindahkan dulu folder "
        f"{OUTPUTS_DIR}/ dan {CACHE_DIR}/ ke tempat lain."
    )


def earlier_build(root: Path) -> str:
    """What shows that this workspace was built before (its cache, or documents in
    outputs/), or "" when nothing does."""
    # Not the workbook cache: a build's validation makes it before the database is opened.
    if (root / HASHES_FILE).exists():
        return f"folder {CACHE_DIR}/"
    if next((root / "cadangan" / "otomatis").glob("*.db"), None) is not None:
        return "cadangan otomatis di cadangan/otomatis/"
    # A build's documents, in outputs/<year>/ (not, say, SOP charts rendered to outputs/sop).
    for year in (root / OUTPUTS_DIR).glob("[0-9][0-9][0-9][0-9]"):
        if next(year.rglob("*.docx"), None) is not None:
            return f"dokumen hasil build di {OUTPUTS_DIR}/{year.name}/"
    return ""


def _wal(conn: sqlite3.Connection, attempts: int = 100) -> None:
    """Switch to WAL. Switching takes an exclusive lock and SQLite does not wait for it (no
    busy handler), so a second process opening a new workspace at once retries briefly."""
    for attempt in range(attempts):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


# SQLite's primary result codes of faults around the database, not in it: restoring a
# backup would not help, and would roll back the letter register.
_ENVIRONMENT_FAULTS = {
    8: "basis data hanya dapat dibaca (read-only); periksa izin tulis berkas dan foldernya",
    10: "galat baca/tulis disk; periksa disknya (penuh, terlepas atau rusak)",
    13: "disk penuh; kosongkan ruang disk lalu ulangi perintah ini",
    14: "berkasnya tidak dapat dibuka; periksa izin folder workspace",
    3: "izin ditolak; periksa hak akses berkas dan foldernya",
}


# Extended I/O codes of a write that did not fit: SQLite says SQLITE_FULL only for ENOSPC, so
# a quota (EDQUOT) or a file size limit (EFBIG: ``ulimit -f``, 4 GB on FAT32) arrives as these.
_WRITE_FAILED = frozenset(
    {
        10 | (3 << 8),  # SQLITE_IOERR_WRITE
        10 | (6 << 8),  # SQLITE_IOERR_TRUNCATE (a file grown by ftruncate)
        10 | (19 << 8),  # SQLITE_IOERR_SHMSIZE (the WAL index could not grow)
    }
)
_WRITE_FAULT = (
    "disk penuh: penulisan ke disk gagal (ruang disk, kuota atau batas ukuran berkas habis); "
    "kosongkan ruang disk lalu ulangi perintah ini, dan bila ruangnya cukup, periksa disknya"
)


def environment_fault(err: Exception) -> str:
    """What went wrong around the database (disk full, I/O, permissions), or "" when the
    error says the database itself is damaged."""
    code = getattr(err, "sqlite_errorcode", None)
    if code in _WRITE_FAILED:
        return _WRITE_FAULT
    if isinstance(code, int) and (code & 0xFF) in _ENVIRONMENT_FAULTS:
        return _ENVIRONMENT_FAULTS[code & 0xFF]
    text = str(err).lower()
    if "disk is full" in text:
        return _ENVIRONMENT_FAULTS[13]
    if "disk i/o error" in text:
        return _ENVIRONMENT_FAULTS[10]
    if "readonly" in text or "read-only" in text:
        return _ENVIRONMENT_FAULTS[8]
    return ""


def _damaged(path: Path, err: Exception) -> WorkspaceError:
    """What a database error means for the user: another sakip holds it, the disk failed, or
    the file itself is damaged."""
    if isinstance(err, sqlite3.OperationalError) and ("locked" in str(err) or "busy" in str(err)):
        return WorkspaceError(
            f"Basis data workspace '{path}' sedang dipakai proses sakip lain. Tunggu sampai "
            "proses itu selesai, lalu ulangi perintah ini."
        )
    fault = environment_fault(err)
    if fault:
        return WorkspaceError(
            f"Basis data workspace '{path}' tidak dapat ditulis atau dibaca: {fault}. "
            "Ini bukan kerusakan basis data: jangan memulihkan cadangan, karena nomor surat yang "
            "sudah diberikan sejak cadangan itu akan hilang."
        )
    return WorkspaceError(
        f"Basis data workspace '{path}' bermasalah ({err}). Pulihkan dari cadangan terakhir."
    )


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date inside one write transaction.

    BEGIN IMMEDIATE takes the write lock before the version is read, so two processes opening
    a new workspace at once cannot both apply the same migration; the second waits, then finds
    nothing to do. Statements run one by one (executescript would commit first).
    """
    previous = conn.isolation_level
    conn.isolation_level = None
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
            current = row[0] or 0
            if current > len(MIGRATIONS):
                raise WorkspaceError(
                    f"Basis data '{path}' dibuat oleh sakip yang lebih baru (skema {current}). "
                    "Perbarui sakip sebelum memakai workspace ini."
                )
            for version in range(current + 1, len(MIGRATIONS) + 1):
                for statement in _statements(MIGRATIONS[version - 1]):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            conn.execute("COMMIT")
        except BaseException:
            # SQLite has already rolled back after some faults (a full disk): a ROLLBACK then
            # fails with "no transaction is active", and that would hide the fault itself.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.isolation_level = previous


def _statements(script: str) -> Iterator[str]:
    """Split a migration into statements (trigger bodies keep their inner semicolons)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
