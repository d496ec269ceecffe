"""The build archive: what each build read and wrote, kept in the workspace database.

Every build records a :class:`Manifest`: its inputs with sha256; every output with path,
sha256, kind, unit, SOP and step; the versions of the pipeline, specs and templates; time,
user and host. Paths are stored relative to the workspace root (with "/"), so a workspace that
was moved, copied or restored from a backup still verifies.

Incremental builds: each output also carries a ``key`` (the document's identity, the same
string that owns its letter number) and an ``inputs_fingerprint`` (a hash of everything the
document was made from). A build orchestrator asks :func:`latest_outputs` once, then for each
document :func:`is_current`; a current document is not rebuilt but recorded again with
``reused=True``, so every manifest lists everything the build stands for::

    previous = latest_outputs(ws)
    fp = ...  # sha256 of the document's inputs, template and data
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

The package by job: :mod:`.model` (the records), :mod:`pipeline.workspace.fingerprint` (file
hashes and versions), :mod:`.store` (recording and reading builds, incremental lookups) and
:mod:`.compare` (verify and diff). Import from ``pipeline.archive``.
"""

from __future__ import annotations

from pipeline.archive.compare import diff, verify
from pipeline.archive.model import (
    ArchiveInput,
    ArchiveOutput,
    BuildDiff,
    BuildSummary,
    Change,
    FailedDocument,
    HeldBack,
    LastOutput,
    Manifest,
    VerifyItem,
    VerifyReport,
)
from pipeline.archive.store import (
    get_build,
    intact,
    is_current,
    last_output_for,
    latest_outputs,
    list_builds,
    manifest_to_json,
    record_build,
    start_manifest,
    stored_path,
)
from pipeline.errors import ArchiveError
from pipeline.workspace.fingerprint import (
    VERSION_LENGTH,
    sha256_file,
    specs_version,
    templates_version,
    tree_version,
)

__all__ = [
    "VERSION_LENGTH",
    "ArchiveError",
    "ArchiveInput",
    "ArchiveOutput",
    "BuildDiff",
    "BuildSummary",
    "Change",
    "FailedDocument",
    "HeldBack",
    "LastOutput",
    "Manifest",
    "VerifyItem",
    "VerifyReport",
    "diff",
    "get_build",
    "intact",
    "is_current",
    "last_output_for",
    "latest_outputs",
    "list_builds",
    "manifest_to_json",
    "record_build",
    "sha256_file",
    "specs_version",
    "start_manifest",
    "stored_path",
    "templates_version",
    "tree_version",
    "verify",
]
