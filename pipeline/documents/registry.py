"""The document registry (``sop_specs/dokumen/dokumen.yaml``): which template makes which
SOP step's output, with which data, for whom and how often.

Checked at load against the SOPs (the step exists), the templates (the file exists) and the
builders (one declares the context class: :mod:`pipeline.documents.kinds`), so the specs say
what the build makes and the build makes what the specs say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from pipeline.documents.kinds import kinds
from pipeline.errors import SpecError
from pipeline.sop.load import load_sops
from pipeline.workspace.paths import TEMPLATES_DIR, Workspace
from pipeline.workspace.schema import NONEMPTY, POSITIVE, one_of
from pipeline.workspace.yamlfile import load_spec

REGISTRY_FILE = "dokumen/dokumen.yaml"
Text = Annotated[str, NONEMPTY]


@dataclass(frozen=True, kw_only=True)
class DokumenSpec:
    id: Text
    sop: Text
    langkah: Annotated[int, POSITIVE]
    templat: Text
    konteks: Text
    lingkup: Annotated[str, one_of("instansi", "unit", "pegawai", "struktural")]
    frekuensi: Annotated[str, one_of("tahunan", "triwulan", "bulanan")]
    judul: Text
    nomor_surat: bool = False


@dataclass(frozen=True, kw_only=True)
class Registry:
    dokumen: Annotated[list[DokumenSpec], NONEMPTY] = field(default_factory=list)

    def for_sops(self, sops: list[str] | None) -> list[DokumenSpec]:
        return [d for d in self.dokumen if sops is None or d.sop in sops]


def load_registry(workspace: Workspace) -> Registry:
    registry, label = load_spec(workspace, REGISTRY_FILE, Registry, "daftar dokumen")
    problems = _cross_checks(registry, workspace, label)
    if problems:
        raise SpecError(problems)
    return registry


def _cross_checks(registry: Registry, workspace: Workspace, label: str) -> list[str]:
    steps = {(s.id, step.no) for s in load_sops(workspace) for step in s.langkah}
    templates = workspace.overlay(TEMPLATES_DIR, "*.docx")
    known = kinds()
    problems: list[str] = []
    seen: set[str] = set()
    for i, doc in enumerate(registry.dokumen):
        where = f"{label}: dokumen[{i}] ({doc.id})"
        if doc.id in seen:
            problems.append(f"{where}: id dipakai lebih dari sekali.")
        seen.add(doc.id)
        if (doc.sop, doc.langkah) not in steps:
            problems.append(f"{where}: SOP '{doc.sop}' tidak punya langkah {doc.langkah}.")
        if doc.templat not in templates:
            problems.append(
                f"{where}: templat '{doc.templat}' tidak ada di {TEMPLATES_DIR}/. Templat yang "
                f"ada: {', '.join(sorted(templates))}."
            )
        if doc.konteks not in known:
            problems.append(
                f"{where}: konteks '{doc.konteks}' tidak dikenal. Pilihan: "
                f"{', '.join(sorted(known))}."
            )
    return problems
