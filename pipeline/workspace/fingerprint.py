"""Fingerprints: the sha256 of a file, the version of the specs and templates a build uses,
the program's own source, and stable bytes of a value for the incremental build."""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.workspace.paths import SPECS_DIR, TEMPLATES_DIR, Workspace, bundled_dir

VERSION_LENGTH = 12
"""Hex digits of :func:`tree_version`: short enough to read, ample for a few hundred files."""


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def sha256_or_none(path: Path) -> str | None:
    """The file's sha256, or None when it cannot be hashed (the caller reports it)."""
    try:
        return sha256_file(path)
    except OSError:  # missing, a folder, or unreadable: the caller reports it
        return None


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


@cache
def code_digest() -> str:
    """This program's own source: a change to how documents are built rebuilds them."""
    package = Path(__file__).parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stable_bytes(value: Any) -> bytes:
    """``value`` pickled without pickle's memo, so the bytes depend on the values only and
    not on which equal objects happen to be the same object in this run (a shared string,
    a cached result): the same data give the same fingerprint in every process."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo; the contexts are trees, never cyclic
    pickler.dump(value)
    return buffer.getvalue()
