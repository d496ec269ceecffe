"""Recording builds in the workspace database and reading them back, including the lookups an
incremental build makes (:func:`latest_outputs`, :func:`is_current`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import os
import socket
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.archive.file_hashes import FileHashes
from pipeline.archive.model import (
    ArchiveInput,
    ArchiveOutput,
    BuildSummary,
    FailedDocument,
    HeldBack,
    LastOutput,
    Manifest,
)
from pipeline.errors import ArchiveError
from pipeline.workspace.db import DB_FILE, connect, reading
from pipeline.workspace.fingerprint import sha256_or_none, specs_version, templates_version
from pipeline.workspace.paths import Workspace

# -- recording -------------------------------------------------------------------------------


def start_manifest(workspace: Workspace, periode: str) -> Manifest:
    """A manifest for a build starting now, with user, host and versions filled in; the
    orchestrator adds inputs, outputs and held-back units and sets ``finished``."""
    now = _now()
    return Manifest(
        periode=periode,
        started=now,
        finished=now,
        user=_user(),
        host=socket.gethostname(),
        pipeline_version=__version__,
        specs_version=specs_version(workspace),
        templates_version=templates_version(workspace),
    )


def record_build(workspace: Workspace, manifest: Manifest) -> int:
    """Store ``manifest`` in one transaction and return the build id the database gave it."""
    root = workspace.root
    inputs = [(stored_path(root, i.path), i.sha256) for i in manifest.inputs]
    # Rows as tuples, in the column order of the INSERT below: a build records some 1,750.
    outputs = [
        (
            path,
            o.sha256,
            o.kind,
            o.unit,
            o.sop,
            o.step,
            o.key or path,
            o.inputs_fingerprint,
            int(o.reused),
        )
        for o in manifest.outputs
        for path in [stored_path(root, o.path)]
    ]
    codes = [o.code for o in manifest.outputs]
    failed = [
        (
            f.title,
            f.reason,
            None if f.path is None else stored_path(root, f.path),
            f.kind,
            f.unit,
            f.sop,
            f.step,
        )
        for f in manifest.failed
    ]
    _check_unique("path", [i[0] for i in inputs], "masukan")
    _check_unique("path", [o[0] for o in outputs], "keluaran")
    _check_unique("key", [o[6] for o in outputs], "keluaran")
    with connect(workspace) as conn:
        cursor = conn.execute(
            "INSERT INTO archive_build (periode, started, finished, user, host, "
            "pipeline_version, specs_version, templates_version) VALUES (:periode, :started, "
            ":finished, :user, :host, :pipeline_version, :specs_version, :templates_version)",
            _header_row(manifest),
        )
        build_id = cursor.lastrowid
        assert build_id is not None
        conn.executemany(
            "INSERT INTO archive_input (build_id, path, sha256) VALUES (?, ?, ?)",
            [(build_id, *i) for i in inputs],
        )
        conn.executemany(
            "INSERT INTO archive_output (build_id, path, sha256, kind, unit, sop, step, key, "
            "inputs_fingerprint, reused) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(build_id, *o) for o in outputs],
        )
        conn.executemany(
            "INSERT INTO verification_code (build_id, code, path, sha256) VALUES (?, ?, ?, ?)",
            [(build_id, code, o[0], o[1]) for o, code in zip(outputs, codes, strict=True) if code],
        )
        conn.executemany(
            "INSERT INTO archive_held_back (build_id, unit, reason) VALUES (?, ?, ?)",
            [(build_id, h.unit, h.reason) for h in manifest.held_back],
        )
        conn.executemany(
            "INSERT INTO archive_failed (build_id, title, reason, path, kind, unit, sop, step) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(build_id, *f) for f in failed],
        )
    return build_id


def _header_row(manifest: Manifest) -> dict[str, Any]:
    row = {f.name: getattr(manifest, f.name) for f in dataclasses.fields(manifest)}
    return row | {"started": _iso(manifest.started), "finished": _iso(manifest.finished)}


def _check_unique(what: str, values: list[str], label: str) -> None:
    # Checked before the transaction: a constraint failure inside it would surface as
    # "basis data bermasalah", which would send the office to its backups for nothing.
    doubles = sorted(v for v, n in Counter(values).items() if n > 1)
    if doubles:
        raise ArchiveError(
            f"Manifest build memuat {label} dengan {what} yang sama lebih dari sekali: "
            f"{', '.join(doubles[:5])}. Setiap berkas {label} hanya boleh dicatat sekali."
        )


# -- reading ---------------------------------------------------------------------------------


_OF_BUILD = "f.build_id = b.build_id"
_PDF_FAILED = "COALESCE(LOWER(f.path) LIKE '%.pdf', 0)"
"""SQL for FailedDocument.is_pdf: the row stands for a PDF that could not be written."""


def list_builds(workspace: Workspace) -> list[BuildSummary]:
    """Every build, oldest first (the newest lands next to the prompt)."""
    with reading(workspace) as conn:
        rows = conn.execute(
            "SELECT b.build_id, b.periode, b.started, b.finished, b.user, b.host, "
            "(SELECT COUNT(*) FROM archive_output o WHERE o.build_id = b.build_id), "
            "(SELECT COUNT(*) FROM archive_input i WHERE i.build_id = b.build_id), "
            "(SELECT COUNT(*) FROM archive_held_back h WHERE h.build_id = b.build_id), "
            f"(SELECT COUNT(*) FROM archive_failed f WHERE {_OF_BUILD} AND NOT {_PDF_FAILED}), "
            f"(SELECT COUNT(*) FROM archive_failed f WHERE {_OF_BUILD} AND {_PDF_FAILED}) "
            "FROM archive_build b ORDER BY b.build_id"
        ).fetchall()
    return [
        BuildSummary(r[0], r[1], _parse_time(r[2]), _parse_time(r[3]), r[4], r[5], *r[6:])
        for r in rows
    ]


def get_build(workspace: Workspace, build_id: int) -> Manifest:
    with reading(workspace) as conn:
        return load_manifest(conn, workspace, build_id)


def load_manifest(conn: sqlite3.Connection, workspace: Workspace, build_id: int) -> Manifest:
    """Build ``build_id`` read through an open connection; ArchiveError when there is none."""
    row = conn.execute(
        "SELECT periode, started, finished, user, host, pipeline_version, specs_version, "
        "templates_version FROM archive_build WHERE build_id = ?",
        (build_id,),
    ).fetchone()
    if row is None:
        raise unknown_build(conn, workspace, build_id)
    inputs = conn.execute(
        "SELECT path, sha256 FROM archive_input WHERE build_id = ? ORDER BY path", (build_id,)
    ).fetchall()
    outputs = conn.execute(
        "SELECT path, sha256, kind, unit, sop, step, key, inputs_fingerprint, reused "
        "FROM archive_output WHERE build_id = ? ORDER BY path",
        (build_id,),
    ).fetchall()
    held = conn.execute(
        "SELECT unit, reason FROM archive_held_back WHERE build_id = ? ORDER BY rowid",
        (build_id,),
    ).fetchall()
    failed = conn.execute(
        "SELECT title, reason, path, kind, unit, sop, step FROM archive_failed "
        "WHERE build_id = ? ORDER BY rowid",
        (build_id,),
    ).fetchall()
    return Manifest(
        build_id=build_id,
        periode=row[0],
        started=_parse_time(row[1]),
        finished=_parse_time(row[2]),
        user=row[3],
        host=row[4],
        pipeline_version=row[5],
        specs_version=row[6],
        templates_version=row[7],
        inputs=[ArchiveInput(*r) for r in inputs],
        outputs=[_output_row(r) for r in outputs],
        held_back=[HeldBack(*r) for r in held],
        failed=[FailedDocument(*r) for r in failed],
    )


def _output_row(row: tuple[Any, ...]) -> ArchiveOutput:
    path, sha, kind, unit, sop, step, key, fingerprint, reused = row
    return ArchiveOutput(path, sha, kind, unit, sop, step, key, fingerprint, bool(reused))


def unknown_build(conn: sqlite3.Connection, workspace: Workspace, build_id: int) -> ArchiveError:
    """The error for a build id the archive does not hold, naming the ids it does."""
    first, last = conn.execute("SELECT MIN(build_id), MAX(build_id) FROM archive_build").fetchone()
    known = (
        f"ID yang ada: {first} sampai {last}"
        if first is not None
        else "arsip ini belum memuat build apa pun (jalankan 'sakip build' lebih dulu)"
    )
    return ArchiveError(
        f"Build {build_id} tidak ada di arsip '{workspace.root / DB_FILE}'; {known}. "
        "Lihat daftar ID build dengan 'sakip archive list'."
    )


def manifest_to_json(manifest: Manifest) -> dict[str, Any]:
    """The manifest as printed by ``--json``: a contract, keep the keys stable."""
    return {
        "build_id": manifest.build_id,
        "periode": manifest.periode,
        "started": _iso(manifest.started),
        "finished": _iso(manifest.finished),
        "user": manifest.user,
        "host": manifest.host,
        "pipeline_version": manifest.pipeline_version,
        "specs_version": manifest.specs_version,
        "templates_version": manifest.templates_version,
        "inputs": [{"path": i.path, "sha256": i.sha256} for i in manifest.inputs],
        "outputs": [dataclasses.asdict(o) for o in manifest.outputs],
        "held_back": [{"unit": h.unit, "reason": h.reason} for h in manifest.held_back],
        "failed": [dataclasses.asdict(f) | {"pdf": f.is_pdf} for f in manifest.failed],
    }


# -- incremental builds ----------------------------------------------------------------------


def latest_outputs(workspace: Workspace) -> dict[str, LastOutput]:
    """The newest record of every key, in one query (a build asks this once, not per file)."""
    with connect(workspace) as conn:
        # The newest build per key from the (key, build_id) index, then its row: a scan of
        # the index, where a subquery per row grew with every build kept in the archive.
        rows = conn.execute(
            "SELECT o.key, o.path, o.sha256, o.inputs_fingerprint, b.periode "
            "FROM archive_output o "
            "JOIN (SELECT key, MAX(build_id) AS newest FROM archive_output GROUP BY key) m "
            "ON o.key = m.key AND o.build_id = m.newest "
            # The period of the build that last wrote the file, not of one that kept it.
            "LEFT JOIN (SELECT key, MAX(build_id) AS made FROM archive_output "
            "WHERE reused = 0 GROUP BY key) w ON w.key = o.key "
            "LEFT JOIN archive_build b ON b.build_id = w.made"
        ).fetchall()
    return {
        key: LastOutput(resolve_stored(workspace, path), sha, fp, periode or "")
        for key, path, sha, fp, periode in rows
    }


def last_output_for(workspace: Workspace, key: str) -> LastOutput | None:
    with connect(workspace) as conn:
        row = conn.execute(
            "SELECT o.path, o.sha256, o.inputs_fingerprint, (SELECT b.periode "
            "FROM archive_output w JOIN archive_build b ON b.build_id = w.build_id "
            "WHERE w.key = o.key AND w.reused = 0 ORDER BY w.build_id DESC LIMIT 1) "
            "FROM archive_output o WHERE o.key = ? ORDER BY o.build_id DESC LIMIT 1",
            (key,),
        ).fetchone()
    if row is None:
        return None
    return LastOutput(resolve_stored(workspace, row[0]), row[1], row[2], row[3] or "")


def intact(last: LastOutput | None, hashes: FileHashes | None = None) -> bool:
    """True when the recorded output's file is still exactly what was recorded (``hashes``
    knows the hashes of files unchanged since they were last read)."""
    if last is None:
        return False
    found = hashes.sha256(last.path) if hashes is not None else sha256_or_none(last.path)
    return found == last.sha256


def is_current(last: LastOutput | None, fingerprint: str, hashes: FileHashes | None = None) -> bool:
    """True when the earlier output may stand for this build: made from the same inputs, and
    its file is still exactly what was recorded (a hand-edited or deleted file is rebuilt)."""
    if last is None or not last.inputs_fingerprint or last.inputs_fingerprint != fingerprint:
        return False
    return intact(last, hashes)


# -- paths and times -------------------------------------------------------------------------


def stored_path(root: Path, path: str | Path) -> str:
    """Relative to the workspace with "/" when inside it; an outside file keeps its absolute
    path (it cannot move with the workspace anyway)."""
    given = Path(path)
    if not given.is_absolute():
        return given.as_posix()
    # Outputs are made under the workspace root: plain text, without asking the file system.
    text, prefix = str(given), str(root) + os.sep
    if text.startswith(prefix) and f"{os.sep}..{os.sep}" not in text:
        return text[len(prefix) :].replace(os.sep, "/")
    try:
        return given.resolve().relative_to(root).as_posix()
    except ValueError:
        return given.as_posix()


def resolve_stored(workspace: Workspace, stored: str) -> Path:
    """A recorded path as a path on disk: relative ones against the workspace as it is now."""
    path = Path(stored)
    return path if path.is_absolute() else workspace.root / path


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def _iso(value: dt.datetime) -> str:
    # A naive time is taken as local time, so every stored time carries its UTC offset.
    aware = value if value.tzinfo is not None else value.astimezone()
    return aware.isoformat(timespec="seconds")


def _parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a bare container or service account
        return "tidak diketahui"


@dataclass(frozen=True)
class CodeRecord:
    """What a verification code stands for: the document, the newest build that recorded
    it, and the document's sha256 in that build."""

    code: str
    path: str
    sha256: str
    build_id: int


def known_codes(workspace: Workspace) -> dict[str, CodeRecord]:
    """Every verification code the workspace's builds printed, each with its newest record;
    read-only: asking never creates or changes ``sakip.db``."""
    with reading(workspace) as conn:
        rows = conn.execute(
            "SELECT code, path, sha256, build_id FROM verification_code ORDER BY build_id"
        ).fetchall()
    return {row[0]: CodeRecord(*row) for row in rows}


def find_code(workspace: Workspace, code: str) -> CodeRecord | None:
    """The newest record of ``code`` (canonical, 9 characters), or None when no build of this
    workspace printed it."""
    with reading(workspace) as conn:
        row = conn.execute(
            "SELECT code, path, sha256, build_id FROM verification_code WHERE code = ? "
            "ORDER BY build_id DESC LIMIT 1",
            (code,),
        ).fetchone()
    return CodeRecord(*row) if row else None


@dataclass(frozen=True)
class OutputOrigin:
    """Where an archived document comes from: its kind, SOP step and the build's periode."""

    kind: str
    sop: str | None
    step: int | None
    periode: str


def output_origin(workspace: Workspace, path: str, build_id: int) -> OutputOrigin | None:
    """The kind, SOP step and periode of ``path`` as build ``build_id`` (or the newest build
    before it that wrote it) recorded it; None when the archive has no such output."""
    with reading(workspace) as conn:
        row = conn.execute(
            "SELECT o.kind, o.sop, o.step, b.periode FROM archive_output o "
            "JOIN archive_build b ON b.build_id = o.build_id "
            "WHERE o.path = ? AND o.build_id <= ? ORDER BY o.build_id DESC LIMIT 1",
            (path, build_id),
        ).fetchone()
    return OutputOrigin(row[0], row[1] or None, row[2], row[3]) if row else None


def output_kinds(workspace: Workspace) -> dict[str, str]:
    """The kind of every document the workspace's builds wrote, by path (the newest build's);
    read-only."""
    with reading(workspace) as conn:
        rows = conn.execute("SELECT path, kind FROM archive_output ORDER BY build_id").fetchall()
    return {path: kind for path, kind in rows}
