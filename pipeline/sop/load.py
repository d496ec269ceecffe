"""Load the SOPs under ``sop_specs/``: parse, check the schema, cross-check.

Every problem is collected and reported at once, each naming the file, the line, the path
inside the file and what is allowed; loading never ends in a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import SpecError, UnknownSopError
from pipeline.sop.model import Sop
from pipeline.workspace.paths import Workspace
from pipeline.workspace.yamlfile import format_path, label_of, line_of, load_checked


def load_sops(workspace: Workspace | None = None) -> list[Sop]:
    """Every SOP of the workspace (defaults overlaid by its own files), in decree order."""
    workspace = workspace or Workspace.open()
    files = workspace.spec_files()
    # One build asks several times (the registry checks its steps against them); a file
    # that changed on disk since is read again.
    key = (workspace.root, *((f, st.st_mtime_ns, st.st_size) for f in files for st in [f.stat()]))
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = load_spec_files(files, base=workspace.root)
    return list(_LOADED[key])


_LOADED: dict[tuple[Any, ...], list[Sop]] = {}


def load_sop(sop_id: str, workspace: Workspace | None = None) -> Sop:
    sops = load_sops(workspace)
    for sop in sops:
        if sop.id == sop_id:
            return sop
    raise UnknownSopError(unknown_sop_message(sop_id, [s.id for s in sops]))


def unknown_sop_message(sop_id: str, known: list[str]) -> str:
    hint = difflib.get_close_matches(sop_id, known, n=1)
    tip = f" Maksud Anda '{hint[0]}'?" if hint else ""
    return (
        f"SOP '{sop_id}' tidak ada.{tip} SOP yang tersedia: {', '.join(known)}. "
        "Lihat daftarnya dengan 'sakip sop list'."
    )


def load_spec_files(paths: Iterable[Path], base: Path | None = None) -> list[Sop]:
    paths = list(paths)
    problems: list[str] = []
    loaded: list[tuple[str, Sop]] = []
    for path in paths:
        label = label_of(path, base)
        sop = _load_one(path, label, problems)
        if sop is not None:
            loaded.append((label, sop))
    # A file that failed its own checks still names an SOP: its stem is its id.
    known = {sop.id for _, sop in loaded} | {Path(p).stem for p in paths}
    problems.extend(_cross_file_problems(loaded, known))
    if problems:
        raise SpecError(problems)
    return sorted((sop for _, sop in loaded), key=lambda s: (s.urutan, s.id))


def _load_one(path: Path, label: str, problems: list[str]) -> Sop | None:
    loaded = load_checked(Sop, path, label, problems)
    if loaded is None:
        return None
    sop, text = loaded
    before = len(problems)
    problems.extend(f"{label}{msg}" for msg in _cross_checks(sop, path.stem, text))
    return sop if len(problems) == before else None


def _cross_checks(sop: Sop, stem: str, text: str) -> Iterator[str]:
    def at(*loc: Any) -> str:
        line = line_of(text, list(loc))
        return f", baris {line}: {format_path(loc)}" if line else f": {format_path(loc)}"

    if sop.id != stem:
        yield f"{at('id')}: id '{sop.id}' harus sama dengan nama berkas '{stem}.yaml'."
    actors = [a.id for a in sop.pelaksana]
    for i, actor in enumerate(actors):
        if actor in actors[:i]:
            yield f"{at('pelaksana', i, 'id')}: pelaksana '{actor}' dideklarasikan dua kali."
    count = len(sop.langkah)
    for i, step in enumerate(sop.langkah):
        if step.no != i + 1:
            yield (
                f"{at('langkah', i, 'no')}: langkah ke-{i + 1} bernomor {step.no}; langkah harus "
                f"bernomor urut 1 sampai {count}. Nomor yang tercetak lain di dokumen asli "
                "ditulis pada 'no_asli'."
            )
        if step.pelaksana not in actors:
            yield (
                f"{at('langkah', i, 'pelaksana')}: pelaksana '{step.pelaksana}' tidak "
                f"dideklarasikan. Nilai yang diizinkan: {', '.join(actors)}."
            )
        if step.keputusan:
            for branch in ("ya", "tidak"):
                target = getattr(step.keputusan, branch)
                if target > count or target == step.no:
                    yield (
                        f"{at('langkah', i, 'keputusan', branch)}: langkah tujuan {target} "
                        f"tidak sah; harus nomor langkah lain antara 1 dan {count}."
                    )


def _cross_file_problems(loaded: list[tuple[str, Sop]], known: set[str]) -> Iterator[str]:
    ids = [sop.id for _, sop in loaded]
    for label, sop in loaded:
        if ids.count(sop.id) > 1:
            yield f"{label}: id '{sop.id}' dipakai oleh lebih dari satu berkas SOP."
        for i, link in enumerate(sop.keterkaitan):
            if (link.sop is None) == (link.eksternal is None):
                yield (
                    f"{label}: keterkaitan[{i}]: isi tepat salah satu dari 'sop' (id SOP dalam "
                    "set ini) atau 'eksternal' (nama SOP lain)."
                )
            elif link.sop is not None and link.sop not in known:
                yield (
                    f"{label}: keterkaitan[{i}].sop: SOP '{link.sop}' tidak ada. Nilai yang "
                    f"diizinkan: {', '.join(sorted(known))}; SOP di luar set ini ditulis "
                    "sebagai 'eksternal: <nama>'."
                )
