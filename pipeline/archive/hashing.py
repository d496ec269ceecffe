"""Hashes for the archive: of a file, of the specs and templates a build uses, and of
everything that went into one document (the incremental build's fingerprint)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import io
import json
import pickle
from collections.abc import Iterable
from functools import cache
from pathlib import Path, PurePath
from typing import Any

from pipeline import __version__
from pipeline.workspace import SPECS_DIR, TEMPLATES_DIR, Workspace, bundled_dir

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
