"""Run a build and record its manifest in the archive: what ``sakip build`` calls."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pipeline.build.period import BuildResult, Progress, build_period
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

if TYPE_CHECKING:
    from pipeline.archive import Manifest


def run_build(
    workspace: Workspace,
    periode: Periode,
    sops: list[str] | None = None,
    force: bool = False,
    pdf: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
) -> tuple[BuildResult, Manifest]:
    """Build the period, archive the manifest, and return the result and the manifest
    (``pipeline.archive.manifest_to_json`` gives what ``--json`` prints)."""
    from pipeline.archive import (
        ArchiveInput,
        ArchiveOutput,
        FailedDocument,
        HeldBack,
        record_build,
        sha256_file,
        start_manifest,
    )
    from pipeline.office.ooxml import remove_leftovers
    from pipeline.workspace.backup import auto_backup

    auto_backup(workspace)  # the letter register as it stood before this build
    remove_leftovers(workspace.outputs)  # hidden .tmp files of a build that was killed
    manifest = start_manifest(workspace, str(periode))
    result = build_period(workspace, periode, sops, force, pdf, progress, workers)
    manifest.inputs = [ArchiveInput(str(p), sha256_file(p)) for p in result.inputs]
    manifest.outputs = [
        ArchiveOutput(
            path=str(o.path),
            sha256=o.sha256,
            kind=o.kind,
            unit=o.unit or None,
            sop=o.sop,
            step=o.step,
            inputs_fingerprint=o.fingerprint,
            reused=not o.rebuilt,
            code=o.code,
        )
        for o in result.outputs
    ]
    manifest.held_back = [HeldBack(unit, why) for unit, why in result.held_back.items()]
    manifest.failed = [
        FailedDocument(
            title=f.title,
            reason=f.problem,
            path=None if f.target is None else str(f.target),
            kind=f.kind or None,
            unit=f.unit or None,
            sop=f.sop or None,
            step=f.step,
        )
        for f in [*result.failed, *result.pdf_failed]
    ]
    manifest.finished = dt.datetime.now().astimezone().replace(microsecond=0)
    result.build_id = record_build(workspace, manifest)
    manifest.build_id = result.build_id
    return result, manifest
