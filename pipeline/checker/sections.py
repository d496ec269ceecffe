"""The required sections of each returned document type, read from ``sop_specs/bagian/``.

One YAML file per document type (pk, rak, iki, pengukuran, lki, lkjip), overridable per
workspace like the SOP files. The YAML is checked by ``workspace.schema``; the patterns are
then compiled, so a broken regular expression is reported with its file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pipeline.errors import SpecError, UnknownDocumentTypeError
from pipeline.workspace.paths import SPECS_DIR, Workspace
from pipeline.workspace.schema import NONEMPTY, POSITIVE, SLUG
from pipeline.workspace.yamlfile import format_path, label_of, load_checked, where

SECTIONS_DIR = "bagian"
FLAGS = re.MULTILINE | re.DOTALL | re.IGNORECASE

Slug = Annotated[str, SLUG]
Positive = Annotated[int, POSITIVE]
RequiredText = Annotated[str, NONEMPTY]
Patterns = Annotated[list[str], NONEMPTY]


@dataclass(frozen=True, kw_only=True)
class Bagian:
    """One required section as written in the YAML file."""

    nama: RequiredText
    pola: Patterns
    urutan: Positive | None = None
    jumlah_minimal: Positive = 1
    keterangan: str = ""


@dataclass(frozen=True, kw_only=True)
class JenisDokumen:
    """One document type as written in the YAML file."""

    id: Slug
    judul: RequiredText
    deteksi: Patterns
    bagian: Annotated[list[Bagian], NONEMPTY]
    dokumen: list[Slug] = field(default_factory=list)
    """The kinds of sop_specs/dokumen/dokumen.yaml checked as this type."""


@dataclass(frozen=True)
class Section:
    """A required section, its patterns compiled."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    ordered: bool = False
    min_count: int = 1


@dataclass(frozen=True)
class DocumentSpec:
    """A document type: its id, title, title patterns and required sections."""

    id: str
    title: str
    detect: tuple[re.Pattern[str], ...]
    sections: tuple[Section, ...]
    kinds: tuple[str, ...] = ()
    """The built documents' kinds (``pk-unit``, ``pk-dokumen``) checked as this type."""


def compile_pattern(source: str) -> re.Pattern[str]:
    """Compile a pattern from a spec; a plain space in it also matches a line break or no
    space at all, so "pihak pertama" finds "pihak\\npertama" and OCR's "pihakpertama"."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(source):
        char = source[i]
        if char == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == " " and source[i + 1 : i + 2] not in ("*", "+", "?", "{"):
            char = r"\s?"
        out.append(char)
        i += 1
    return re.compile("".join(out), FLAGS)


def load_document_specs(workspace: Workspace | None = None) -> dict[str, DocumentSpec]:
    """Every document type of the workspace (defaults overlaid by its own files), by id."""
    workspace = workspace or Workspace.open()
    files = workspace.overlay(SPECS_DIR, f"{SECTIONS_DIR}/*.yaml")
    if not files:
        raise SpecError(
            [
                f"Tidak ada berkas bagian dokumen di {SPECS_DIR}/{SECTIONS_DIR}/. Pulihkan "
                "berkas bawaan sakip (pk.yaml, lkjip.yaml, ...) ke folder tersebut."
            ]
        )
    problems: list[str] = []
    specs: dict[str, DocumentSpec] = {}
    for path in files.values():
        spec = _load_one(path, label_of(path, workspace.root), problems)
        if spec is not None:
            specs[spec.id] = spec
    if problems:
        raise SpecError(problems)
    return dict(sorted(specs.items()))


def spec_for(specs: dict[str, DocumentSpec], doc_type: str) -> DocumentSpec:
    spec = specs.get(doc_type)
    if spec is None:
        raise UnknownDocumentTypeError(
            f"Jenis dokumen '{doc_type}' tidak dikenal. Jenis yang tersedia: "
            f"{', '.join(specs)}, atau 'auto' untuk mengenalinya dari judul dokumen."
        )
    return spec


def _load_one(path: Path, label: str, problems: list[str]) -> DocumentSpec | None:
    loaded = load_checked(JenisDokumen, path, label, problems)
    if loaded is None:
        return None
    jenis, text = loaded
    found = list(_cross_checks(jenis, path.stem, label, text))
    compiled: dict[tuple[str | int, ...], re.Pattern[str]] = {}
    for loc, source in _pattern_sources(jenis):
        try:
            compiled[loc] = compile_pattern(source)
        except re.error as err:
            found.append(
                f"{_at(label, text, loc)}: pola {source!r} tidak sah ({err.msg}). Perbaiki "
                "ekspresi regulernya; tanda khusus seperti ( ) . ? ditulis dengan \\ di depannya."
            )
    if found:
        problems.extend(found)
        return None
    sections = tuple(
        Section(
            name=b.nama,
            patterns=tuple(compiled[("bagian", i, "pola", k)] for k in range(len(b.pola))),
            ordered=b.urutan is not None,
            min_count=b.jumlah_minimal,
        )
        for i, b in enumerate(jenis.bagian)
    )
    detect = tuple(compiled[("deteksi", k)] for k in range(len(jenis.deteksi)))
    return DocumentSpec(jenis.id, jenis.judul, detect, sections, tuple(jenis.dokumen))


def _pattern_sources(jenis: JenisDokumen) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for k, source in enumerate(jenis.deteksi):
        yield ("deteksi", k), source
    for i, bagian in enumerate(jenis.bagian):
        for k, source in enumerate(bagian.pola):
            yield ("bagian", i, "pola", k), source


def _cross_checks(jenis: JenisDokumen, stem: str, label: str, text: str) -> Iterator[str]:
    if jenis.id != stem:
        yield (
            f"{_at(label, text, ('id',))}: id '{jenis.id}' harus sama dengan nama berkas "
            f"'{stem}.yaml'."
        )
    names = [b.nama for b in jenis.bagian]
    last: tuple[int, str] | None = None
    for i, bagian in enumerate(jenis.bagian):
        if bagian.nama in names[:i]:
            yield (
                f"{_at(label, text, ('bagian', i, 'nama'))}: nama bagian '{bagian.nama}' "
                "dipakai dua kali; beri setiap bagian nama yang berbeda."
            )
        if bagian.urutan is None:
            continue
        if last is not None and bagian.urutan <= last[0]:
            yield (
                f"{_at(label, text, ('bagian', i, 'urutan'))}: urutan {bagian.urutan} harus "
                f"lebih besar dari urutan {last[0]} milik bagian '{last[1]}' di atasnya; tulis "
                "bagian-bagian bernomor urut sesuai urutannya di dokumen."
            )
        last = (bagian.urutan, bagian.nama)


def _at(label: str, text: str, loc: tuple[str | int, ...]) -> str:
    """Where a problem sits: file, line and path inside the file."""
    return f"{where(label, text, list(loc))}: {format_path(loc)}"
