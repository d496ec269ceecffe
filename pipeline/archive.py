"""The build archive: what each build read and wrote, kept in the workspace database.

Every build records a :class:`Manifest`: its inputs with sha256; every output with path,
sha256, kind, unit, SOP and step; the versions of the pipeline, specs and templates; time,
user and host. Paths are stored relative to the workspace root (with "/"), so a workspace that
was moved, copied or restored from a backup still verifies.

Incremental builds: each output also carries a ``key`` (the document's identity, the same
string that owns its letter number) and an ``inputs_fingerprint`` (see
:func:`inputs_fingerprint`). A build orchestrator asks :func:`latest_outputs` once, then for
each document :func:`is_current`; a current document is not rebuilt but recorded again with
``reused=True``, so every manifest lists everything the build stands for::

    previous = latest_outputs(ws)
    fp = inputs_fingerprint(input_hashes=..., specs_version=..., templates_version=...,
                            context=ctx)
    last = previous.get(key)
    if is_current(last, fp):
        out = ArchiveOutput(str(last.path), last.sha256, kind, unit, sop, step,
                            key=key, inputs_fingerprint=fp, reused=True)
    else:
        ...render...
        out = ArchiveOutput(str(path), sha256_file(path), kind, unit, sop, step,
                            key=key, inputs_fingerprint=fp)
    manifest.outputs.append(out)
    ...
    build_id = record_build(ws, manifest)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import getpass
import hashlib
import json
import socket
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, NamedTuple

from pipeline import __version__
from pipeline.db import DB_FILE, connect
from pipeline.exceptions import SakipError
from pipeline.workspace import SPECS_DIR, TEMPLATES_DIR, Workspace, bundled_dir

VERSION_LENGTH = 12
"""Hex digits of :func:`tree_version`: short enough to read, ample for a few hundred files."""


class ArchiveError(SakipError):
    """An archive request that cannot be met (an unknown build id, a malformed manifest)."""


@dataclass(frozen=True)
class ArchiveInput:
    path: str
    """Relative to the workspace root with "/" once recorded; absolute paths inside the
    workspace are made relative by :func:`record_build`."""
    sha256: str


@dataclass(frozen=True)
class ArchiveOutput:
    path: str
    sha256: str
    kind: str
    """What the document is: "pk", "rak", "surat-undangan", "rekap", ..."""
    unit: str | None
    """Unit code, or None for an office-wide document."""
    sop: str | None
    step: int | None
    key: str = ""
    """The document's identity for incremental builds; empty means the path."""
    inputs_fingerprint: str = ""
    """Hash of everything that went into the document; empty = never reused."""
    reused: bool = False
    """True when the build found the document current and did not rebuild it."""


@dataclass(frozen=True)
class HeldBack:
    unit: str
    reason: str


@dataclass(kw_only=True)
class Manifest:
    build_id: int | None = None
    """Assigned by the database in :func:`record_build`; None before."""
    periode: str
    started: dt.datetime
    finished: dt.datetime
    user: str
    host: str
    pipeline_version: str
    specs_version: str
    templates_version: str
    inputs: list[ArchiveInput] = field(default_factory=list)
    outputs: list[ArchiveOutput] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)


@dataclass(frozen=True)
class BuildSummary:
    build_id: int
    periode: str
    started: dt.datetime
    finished: dt.datetime
    user: str
    host: str
    outputs: int
    inputs: int
    held_back: int


@dataclass(frozen=True)
class VerifyItem:
    path: str
    build_id: int
    """The build whose record the file was compared with."""
    expected: str
    actual: str | None
    """The file's sha256 now; None when it is missing or cannot be read."""
    superseded_by: int | None = None
    """A later build that recorded exactly this content for the path (verify of an old build)."""


@dataclass(frozen=True)
class VerifyReport:
    build_id: int | None
    """None: the newest record of every output path was checked."""
    checked: int
    missing: list[VerifyItem]
    altered: list[VerifyItem]
    superseded: list[VerifyItem]
    """Changed since ``build_id`` but identical to what a later build wrote: not a fault."""

    @property
    def ok(self) -> bool:
        return not self.missing and not self.altered


@dataclass(frozen=True)
class Change:
    name: str
    """A path, or a version's name ("specs_version")."""
    old: str
    new: str


@dataclass(frozen=True)
class BuildDiff:
    old_id: int
    new_id: int
    outputs_added: list[ArchiveOutput]
    outputs_removed: list[ArchiveOutput]
    outputs_changed: list[Change]
    inputs_added: list[ArchiveInput]
    inputs_removed: list[ArchiveInput]
    inputs_changed: list[Change]
    versions_changed: list[Change]

    @property
    def empty(self) -> bool:
        lists = (getattr(self, f.name) for f in dataclasses.fields(self))
        return not any(value for value in lists if isinstance(value, list))


class LastOutput(NamedTuple):
    """The newest recorded output for a key: what an incremental build may reuse."""

    path: Path
    """Absolute, resolved against the workspace as it is now."""
    sha256: str
    inputs_fingerprint: str


# -- hashing ---------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def tree_version(paths: Iterable[Path]) -> str:
    """A short hash of a set of files: their names and contents, not their folders, so the same
    templates give the same version wherever the workspace lives."""
    digest = hashlib.sha256()
    for name, sha in sorted((p.name, sha256_file(p)) for p in paths):
        digest.update(f"{name}\0{sha}\n".encode())
    return digest.hexdigest()[:VERSION_LENGTH]


def specs_version(workspace: Workspace) -> str:
    return tree_version(_overlay_tree(workspace, SPECS_DIR).values())


def templates_version(workspace: Workspace) -> str:
    return tree_version(_overlay_tree(workspace, TEMPLATES_DIR).values())


def _overlay_tree(workspace: Workspace, name: str) -> dict[str, Path]:
    """Every file the build would use from ``name``: the defaults, overridden by the
    workspace's own files at the same relative path."""
    found: dict[str, Path] = {}
    for folder in (bundled_dir(name), workspace.root / name):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            # Word's "~$x.docx" lock files and hidden files come and go while people edit;
            # they are not part of what the build reads.
            if path.is_file() and not path.name.startswith(("~$", ".")):
                found[path.relative_to(folder).as_posix()] = path
    return found


def inputs_fingerprint(
    *,
    input_hashes: Iterable[str],
    specs_version: str,
    templates_version: str,
    context: Any,
    pipeline_version: str = __version__,
) -> str:
    """A hash of everything that went into one document. ``context`` is the template's data
    (dataclasses, dicts, lists, dates, numbers, text); it is hashed by value, so an object
    without a stable value (an image object, say) raises TypeError: pass its file's hash."""
    payload = {
        "inputs": sorted(input_hashes),
        "specs": specs_version,
        "templates": templates_version,
        "pipeline": pipeline_version,
        "context": context,
    }
    text = json.dumps(
        payload, default=_by_value, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _by_value(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {"__type__": type(obj).__name__} | {
            f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)
        }
    if isinstance(obj, dt.date | dt.time):
        return obj.isoformat()
    if isinstance(obj, decimal.Decimal):
        return str(obj)
    if isinstance(obj, PurePath):
        return obj.as_posix()
    if isinstance(obj, set | frozenset):
        return sorted(obj, key=repr)
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, bytes):
        return hashlib.sha256(obj).hexdigest()
    raise TypeError(f"cannot fingerprint {type(obj).__name__}: pass a value (e.g. a file hash)")


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
    inputs = [dataclasses.replace(i, path=_stored_path(root, i.path)) for i in manifest.inputs]
    outputs = [
        dataclasses.replace(o, path=path, key=o.key or path)
        for o in manifest.outputs
        for path in [_stored_path(root, o.path)]
    ]
    _check_unique("path", [i.path for i in inputs], "masukan")
    _check_unique("path", [o.path for o in outputs], "keluaran")
    _check_unique("key", [o.key for o in outputs], "keluaran")
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
            [(build_id, i.path, i.sha256) for i in inputs],
        )
        conn.executemany(
            "INSERT INTO archive_output (build_id, path, sha256, kind, unit, sop, step, key, "
            "inputs_fingerprint, reused) VALUES (:build_id, :path, :sha256, :kind, :unit, :sop, "
            ":step, :key, :inputs_fingerprint, :reused)",
            [{"build_id": build_id} | dataclasses.asdict(o) for o in outputs],
        )
        conn.executemany(
            "INSERT INTO archive_held_back (build_id, unit, reason) VALUES (?, ?, ?)",
            [(build_id, h.unit, h.reason) for h in manifest.held_back],
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


def list_builds(workspace: Workspace) -> list[BuildSummary]:
    """Every build, oldest first (the newest lands next to the prompt)."""
    with connect(workspace) as conn:
        rows = conn.execute(
            "SELECT b.build_id, b.periode, b.started, b.finished, b.user, b.host, "
            "(SELECT COUNT(*) FROM archive_output o WHERE o.build_id = b.build_id), "
            "(SELECT COUNT(*) FROM archive_input i WHERE i.build_id = b.build_id), "
            "(SELECT COUNT(*) FROM archive_held_back h WHERE h.build_id = b.build_id) "
            "FROM archive_build b ORDER BY b.build_id"
        ).fetchall()
    return [
        BuildSummary(r[0], r[1], _parse_time(r[2]), _parse_time(r[3]), r[4], r[5], *r[6:])
        for r in rows
    ]


def get_build(workspace: Workspace, build_id: int) -> Manifest:
    with connect(workspace) as conn:
        return _load(conn, workspace, build_id)


def _load(conn: sqlite3.Connection, workspace: Workspace, build_id: int) -> Manifest:
    row = conn.execute(
        "SELECT periode, started, finished, user, host, pipeline_version, specs_version, "
        "templates_version FROM archive_build WHERE build_id = ?",
        (build_id,),
    ).fetchone()
    if row is None:
        raise _unknown_build(conn, workspace, build_id)
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
    )


def _output_row(row: tuple[Any, ...]) -> ArchiveOutput:
    path, sha, kind, unit, sop, step, key, fingerprint, reused = row
    return ArchiveOutput(path, sha, kind, unit, sop, step, key, fingerprint, bool(reused))


def _unknown_build(conn: sqlite3.Connection, workspace: Workspace, build_id: int) -> ArchiveError:
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
    }


# -- incremental builds ----------------------------------------------------------------------


def latest_outputs(workspace: Workspace) -> dict[str, LastOutput]:
    """The newest record of every key, in one query (a build asks this once, not per file)."""
    with connect(workspace) as conn:
        rows = conn.execute(
            "SELECT o.key, o.path, o.sha256, o.inputs_fingerprint FROM archive_output o "
            "WHERE o.build_id = (SELECT MAX(build_id) FROM archive_output WHERE key = o.key)"
        ).fetchall()
    return {key: LastOutput(_resolve(workspace, path), sha, fp) for key, path, sha, fp in rows}


def last_output_for(workspace: Workspace, key: str) -> LastOutput | None:
    with connect(workspace) as conn:
        row = conn.execute(
            "SELECT path, sha256, inputs_fingerprint FROM archive_output WHERE key = ? "
            "ORDER BY build_id DESC LIMIT 1",
            (key,),
        ).fetchone()
    return None if row is None else LastOutput(_resolve(workspace, row[0]), row[1], row[2])


def is_current(last: LastOutput | None, fingerprint: str) -> bool:
    """True when the earlier output may stand for this build: made from the same inputs, and
    its file is still exactly what was recorded (a hand-edited or deleted file is rebuilt)."""
    if last is None or not last.inputs_fingerprint or last.inputs_fingerprint != fingerprint:
        return False
    return _hash_or_none(last.path) == last.sha256


# -- verify and diff -------------------------------------------------------------------------


def verify(workspace: Workspace, build_id: int | None = None) -> VerifyReport:
    """Recompute the sha256 of every output of ``build_id`` (default: the newest record of each
    output path) and report the missing and altered files."""
    with connect(workspace) as conn:
        if build_id is None:
            rows = conn.execute(
                "SELECT o.path, o.sha256, o.build_id FROM archive_output o WHERE o.build_id = "
                "(SELECT MAX(build_id) FROM archive_output WHERE path = o.path) ORDER BY o.path"
            ).fetchall()
        else:
            _load_header(conn, workspace, build_id)
            rows = conn.execute(
                "SELECT path, sha256, build_id FROM archive_output WHERE build_id = ? "
                "ORDER BY path",
                (build_id,),
            ).fetchall()
        missing: list[VerifyItem] = []
        altered: list[VerifyItem] = []
        superseded: list[VerifyItem] = []
        for path, expected, owner in rows:
            actual = _hash_or_none(_resolve(workspace, path))
            if actual == expected:
                continue
            item = VerifyItem(path, owner, expected, actual, _later(conn, path, actual, owner))
            if not _resolve(workspace, path).exists():
                missing.append(item)
            elif item.superseded_by is not None:
                superseded.append(item)
            else:
                altered.append(item)
    return VerifyReport(build_id, len(rows), missing, altered, superseded)


def _load_header(conn: sqlite3.Connection, workspace: Workspace, build_id: int) -> None:
    if conn.execute("SELECT 1 FROM archive_build WHERE build_id = ?", (build_id,)).fetchone():
        return
    raise _unknown_build(conn, workspace, build_id)


def _later(conn: sqlite3.Connection, path: str, actual: str | None, build_id: int) -> int | None:
    if actual is None:
        return None
    row = conn.execute(
        "SELECT MIN(build_id) FROM archive_output WHERE path = ? AND sha256 = ? AND build_id > ?",
        (path, actual, build_id),
    ).fetchone()
    return None if row[0] is None else int(row[0])


def diff(workspace: Workspace, id1: int, id2: int) -> BuildDiff:
    """What changed from build ``id1`` to build ``id2``: outputs and inputs by path and sha256,
    and the pipeline, specs and templates versions."""
    with connect(workspace) as conn:
        old, new = _load(conn, workspace, id1), _load(conn, workspace, id2)
    out_old = {o.path: o for o in old.outputs}
    out_new = {o.path: o for o in new.outputs}
    in_old = {i.path: i for i in old.inputs}
    in_new = {i.path: i for i in new.inputs}
    versions = [
        Change(name, getattr(old, name), getattr(new, name))
        for name in ("pipeline_version", "specs_version", "templates_version")
        if getattr(old, name) != getattr(new, name)
    ]
    return BuildDiff(
        old_id=id1,
        new_id=id2,
        outputs_added=[out_new[p] for p in sorted(out_new.keys() - out_old.keys())],
        outputs_removed=[out_old[p] for p in sorted(out_old.keys() - out_new.keys())],
        outputs_changed=_changed(out_old, out_new),
        inputs_added=[in_new[p] for p in sorted(in_new.keys() - in_old.keys())],
        inputs_removed=[in_old[p] for p in sorted(in_old.keys() - in_new.keys())],
        inputs_changed=_changed(in_old, in_new),
        versions_changed=versions,
    )


def _changed(
    old: Mapping[str, ArchiveInput | ArchiveOutput], new: Mapping[str, ArchiveInput | ArchiveOutput]
) -> list[Change]:
    both = sorted(old.keys() & new.keys())
    return [Change(p, old[p].sha256, new[p].sha256) for p in both if old[p].sha256 != new[p].sha256]


# -- helpers ---------------------------------------------------------------------------------


def _stored_path(root: Path, path: str) -> str:
    """Relative to the workspace with "/" when inside it; an outside file keeps its absolute
    path (it cannot move with the workspace anyway)."""
    given = Path(path)
    if not given.is_absolute():
        return given.as_posix()
    try:
        return given.resolve().relative_to(root).as_posix()
    except ValueError:
        return given.as_posix()


def _resolve(workspace: Workspace, stored: str) -> Path:
    path = Path(stored)
    return path if path.is_absolute() else workspace.root / path


def _hash_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:  # missing, a folder, or unreadable: the caller reports it
        return None


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
