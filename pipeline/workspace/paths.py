"""Where sakip finds its specs, templates, inputs and outputs.

A workspace is a folder. Files it holds under ``sop_specs/`` and ``templates/`` override the
defaults shipped with sakip, file by file; everything it lacks comes from the defaults, so a
new, empty folder is a usable workspace with nothing to configure.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.errors import WorkspaceError

SPECS_DIR = "sop_specs"
TEMPLATES_DIR = "templates"
INPUTS_DIR = "inputs"
OUTPUTS_DIR = "outputs"
ANNUAL_DIR = "tahunan"
"""Beside the month folders of a year in outputs/: the annual documents (PK, RAK, IKI, SK Tim,
the final LKjIP), made once a year and again only when their inputs change, not copied into
every month's folder."""
CACHE_DIR = ".sakip-cache"
"""What a build keeps only to go faster next time (safe to delete)."""
WORKBOOKS_DIR = f"{CACHE_DIR}/buku-kerja"
HASHES_FILE = f"{CACHE_DIR}/sidik-berkas.json.zlib"
OLD_CACHE = (f"{CACHE_DIR}/templat", f"{CACHE_DIR}/fragmen", f"{CACHE_DIR}/sidik-berkas.bin")
"""What earlier versions kept there (compiled templates, rendered blocks, pickled hashes):
never read, removed by a build."""


def output_year(path: str) -> int | None:
    """The year folder of a workspace-relative output path ("outputs/2024/03/...",
    "outputs/2024/tahunan/..."), or None for a path outside that layout."""
    parts = PurePosixPath(path).parts
    if len(parts) > 1 and len(parts[1]) == 4 and parts[1].isdigit():
        return int(parts[1])
    return None


def bundled_dir(name: str) -> Path:
    """The default copy of ``name`` (sop_specs or templates) shipped with sakip.

    In a wheel it is package data under ``pipeline/_bundled``; in a source checkout it is the
    folder at the repository root.
    """
    package = Path(__file__).resolve().parent.parent
    shipped = package / "_bundled" / name
    if shipped.is_dir():
        return shipped
    return package.parent / name


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Workspace:
        """Open the workspace at ``path``, ``$SAKIP_WORKSPACE`` or the current folder."""
        chosen = path if path is not None else os.environ.get("SAKIP_WORKSPACE") or "."
        root = Path(chosen).expanduser()
        if not root.exists():
            raise WorkspaceError(
                f"Folder workspace '{root}' tidak ditemukan. Periksa opsi --workspace "
                "atau buat workspace baru dengan 'sakip init FOLDER'."
            )
        if not root.is_dir():
            raise WorkspaceError(
                f"'{root}' bukan folder. Opsi --workspace harus menunjuk ke sebuah folder."
            )
        return cls(root.resolve())

    def overlay(self, name: str, pattern: str) -> dict[str, Path]:
        """Files matching ``pattern`` in the default ``name`` folder, overridden by the
        workspace's own files of the same name."""
        found: dict[str, Path] = {}
        for folder in (bundled_dir(name), self.root / name):
            if folder.is_dir():
                for path in sorted(folder.glob(pattern)):
                    found[path.name] = path
        return found

    def spec_files(self) -> list[Path]:
        return list(self.overlay(SPECS_DIR, "*.yaml").values())

    def template(self, filename: str) -> Path:
        path = self.overlay(TEMPLATES_DIR, filename).get(filename)
        if path is None:
            raise WorkspaceError(
                f"Templat '{filename}' tidak ditemukan di '{self.root / TEMPLATES_DIR}' "
                "maupun di templat bawaan sakip. Pulihkan berkas templat tersebut."
            )
        return path

    @property
    def outputs(self) -> Path:
        return self.root / OUTPUTS_DIR
