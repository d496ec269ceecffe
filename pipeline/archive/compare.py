"""Checking recorded builds against the files on disk (:func:`verify`) and against each other
(:func:`diff`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from pipeline.archive.model import (
    ArchiveInput,
    ArchiveOutput,
    BuildDiff,
    Change,
    FailedDocument,
    VerifyItem,
    VerifyReport,
)
from pipeline.archive.store import load_manifest, resolve_stored, unknown_build
from pipeline.workspace.db import reading
from pipeline.workspace.fingerprint import sha256_or_none
from pipeline.workspace.paths import Workspace


def verify(workspace: Workspace, build_id: int | None = None) -> VerifyReport:
    """Recompute the sha256 of every output of ``build_id`` (default: the newest record of each
    output path) and report the missing and altered files."""
    with reading(workspace) as conn:
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
            actual = sha256_or_none(resolve_stored(workspace, path))
            if actual == expected:
                continue
            item = VerifyItem(path, owner, expected, actual, _later(conn, path, actual, owner))
            if not resolve_stored(workspace, path).exists():
                missing.append(item)
            elif item.superseded_by is not None:
                superseded.append(item)
            else:
                altered.append(item)
    return VerifyReport(build_id, len(rows), missing, altered, superseded)


def _load_header(conn: sqlite3.Connection, workspace: Workspace, build_id: int) -> None:
    if conn.execute("SELECT 1 FROM archive_build WHERE build_id = ?", (build_id,)).fetchone():
        return
    raise unknown_build(conn, workspace, build_id)


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
    with reading(workspace) as conn:
        old, new = load_manifest(conn, workspace, id1), load_manifest(conn, workspace, id2)
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
        failed_added=_only_in(new.failed, old.failed),
        failed_removed=_only_in(old.failed, new.failed),
    )


def _only_in(these: list[FailedDocument], others: list[FailedDocument]) -> list[FailedDocument]:
    known = {f.identity for f in others}
    return [f for f in these if f.identity not in known]


def _changed(
    old: Mapping[str, ArchiveInput | ArchiveOutput], new: Mapping[str, ArchiveInput | ArchiveOutput]
) -> list[Change]:
    both = sorted(old.keys() & new.keys())
    return [Change(p, old[p].sha256, new[p].sha256) for p in both if old[p].sha256 != new[p].sha256]
