"""The schema of one SOP file under ``sop_specs/``.

Field names are the SOP's own Indonesian terms, since the office's staff edit these files.
The dataclasses are checked by ``workspace.schema``: unknown keys are reported, not ignored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any

from pipeline.workspace.schema import NONEMPTY, POSITIVE, SLUG

Slug = Annotated[str, SLUG]
Positive = Annotated[int, POSITIVE]
RequiredText = Annotated[str, NONEMPTY]


@dataclass(frozen=True)
class Pengesah:
    """Who signs the SOP (Disahkan Oleh)."""

    jabatan: RequiredText
    nama: str = ""
    nip: str = ""


@dataclass(frozen=True)
class Keterkaitan:
    """A related SOP: one of this set (``sop``) or one outside it (``eksternal``)."""

    sop: Slug | None = None
    eksternal: str | None = None
    tertulis: str | None = None

    @property
    def label(self) -> str:
        return self.tertulis or self.eksternal or self.sop or ""

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Pelaksana:
    id: Slug
    nama: RequiredText


@dataclass(frozen=True)
class Keputusan:
    """A check step: where approval goes (``ya``) and where a rejection returns (``tidak``)."""

    ya: Positive
    tidak: Positive


@dataclass(frozen=True, kw_only=True)
class Langkah:
    no: Positive
    no_asli: Positive | None = None
    uraian: RequiredText
    pelaksana: Slug
    persyaratan: str = ""
    waktu_menit: Positive
    output: RequiredText
    keterangan: str = ""
    keputusan: Keputusan | None = None
    catatan: str = ""


@dataclass(frozen=True, kw_only=True)
class Sop:
    id: Slug
    urutan: Positive
    judul: RequiredText
    nomor: str = ""
    tanggal_pembuatan: dt.date | None = None
    tanggal_revisi: dt.date | None = None
    tanggal_efektif: dt.date | None = None
    disahkan_oleh: Pengesah
    dasar_hukum: list[RequiredText] = field(default_factory=list)
    kualifikasi_pelaksana: list[RequiredText] = field(default_factory=list)
    keterkaitan: list[Keterkaitan] = field(default_factory=list)
    peralatan: list[RequiredText] = field(default_factory=list)
    peringatan: str = ""
    pencatatan: str = ""
    pelaksana: Annotated[list[Pelaksana], NONEMPTY]
    langkah: Annotated[list[Langkah], NONEMPTY]
    catatan: list[str] = field(default_factory=list)

    @property
    def total_menit(self) -> int:
        return sum(step.waktu_menit for step in self.langkah)

    def actor_name(self, actor_id: str) -> str:
        return next((a.nama for a in self.pelaksana if a.id == actor_id), actor_id)

    def summary(self) -> dict[str, Any]:
        """The ``sop list --json`` contract: id, title, steps (count), total_minutes."""
        return {
            "id": self.id,
            "title": self.judul,
            "steps": len(self.langkah),
            "total_minutes": self.total_menit,
        }

    def to_json(self) -> dict[str, Any]:
        """The ``sop show --json`` contract: id, title, steps (with no, actor, minutes,
        output), total_minutes; the rest of the SOP follows under its own names."""
        return {
            "id": self.id,
            "title": self.judul,
            "order": self.urutan,
            "nomor": self.nomor,
            "tanggal_pembuatan": _iso(self.tanggal_pembuatan),
            "tanggal_revisi": _iso(self.tanggal_revisi),
            "tanggal_efektif": _iso(self.tanggal_efektif),
            "disahkan_oleh": dataclasses.asdict(self.disahkan_oleh),
            "dasar_hukum": list(self.dasar_hukum),
            "kualifikasi_pelaksana": list(self.kualifikasi_pelaksana),
            "keterkaitan": [k.to_json() for k in self.keterkaitan],
            "peralatan": list(self.peralatan),
            "peringatan": self.peringatan,
            "pencatatan": self.pencatatan,
            "actors": [dataclasses.asdict(a) for a in self.pelaksana],
            "steps": [self._step_json(step) for step in self.langkah],
            "total_minutes": self.total_menit,
            "notes": list(self.catatan),
        }

    def _step_json(self, step: Langkah) -> dict[str, Any]:
        decision = step.keputusan
        return {
            "no": step.no,
            "printed_no": step.no_asli or step.no,
            "description": step.uraian,
            "actor": step.pelaksana,
            "actor_name": self.actor_name(step.pelaksana),
            "requirements": step.persyaratan,
            "minutes": step.waktu_menit,
            "output": step.output,
            "remarks": step.keterangan,
            "decision": {"yes": decision.ya, "no": decision.tidak} if decision else None,
            "note": step.catatan,
        }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
