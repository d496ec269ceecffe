"""The schedule of each SOP (``sop_specs/proses/jadwal.yaml``): cadence, anchor, the steps at
which its main document is submitted and approved, and the regulatory deadline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from pipeline.errors import SpecError
from pipeline.process.records import Shared
from pipeline.sop.load import load_sops
from pipeline.sop.model import Sop
from pipeline.workspace.config import Config
from pipeline.workspace.paths import Workspace
from pipeline.workspace.schema import NONEMPTY, POSITIVE, one_of
from pipeline.workspace.yamlfile import load_spec

SCHEDULE_FILE = "proses/jadwal.yaml"
Positive = Annotated[int, POSITIVE]


@dataclass(frozen=True, kw_only=True)
class Batas:
    bulan: Positive
    dasar: Annotated[str, NONEMPTY]


@dataclass(frozen=True, kw_only=True)
class JadwalSop:
    siklus: Annotated[str, one_of("tahunan", "bulanan", "triwulanan")]
    jangkar: Annotated[str, one_of("dpa", "akhir_bulan", "akhir_triwulan", "awal_tahun_berikut")]
    diajukan: Positive
    disahkan: Positive
    batas: Batas | None = None


@dataclass(frozen=True, kw_only=True)
class Jadwal:
    sop: dict[str, JadwalSop] = field(default_factory=dict)
    per_unit: list[str] = field(default_factory=list)
    """Actors whose steps every unit does on its own (each unit records its part)."""


@dataclass(frozen=True)
class Scheduled:
    """One SOP with its schedule."""

    sop: Sop
    jadwal: JadwalSop
    per_unit: frozenset[str] = frozenset()


def shared_steps(scheduled: Scheduled, config: Config) -> Shared:
    """Which steps of ``scheduled`` each unit records on its own, and the units."""
    return Shared(scheduled.per_unit, tuple(unit.nama for unit in config.unit))


def load_schedules(workspace: Workspace) -> dict[str, Scheduled]:
    """Every SOP with its schedule, in decree order; a SOP without one, or a schedule that
    names a step the SOP lacks, is a SpecError naming the file."""
    jadwal, label = load_spec(workspace, SCHEDULE_FILE, Jadwal, "berkas jadwal SOP")
    problems: list[str] = []
    found: dict[str, Scheduled] = {}
    for sop in load_sops(workspace):
        spec = jadwal.sop.get(sop.id)
        if spec is None:
            problems.append(
                f"{label}: SOP '{sop.id}' belum punya jadwal; tambahkan di bawah 'sop'."
            )
            continue
        steps = {step.no for step in sop.langkah}
        for key in ("diajukan", "disahkan"):
            if getattr(spec, key) not in steps:
                problems.append(
                    f"{label}: sop.{sop.id}.{key}: langkah {getattr(spec, key)} tidak ada "
                    f"pada SOP {sop.judul} (langkah 1-{len(sop.langkah)})."
                )
        found[sop.id] = Scheduled(sop, spec, frozenset(jadwal.per_unit))
    for unknown in sorted(set(jadwal.sop) - {s.sop.id for s in found.values()} - _ids(workspace)):
        problems.append(f"{label}: sop.{unknown}: SOP ini tidak ada di sop_specs/.")
    actors = {a.id for s in found.values() for a in s.sop.pelaksana}
    for unknown in sorted(set(jadwal.per_unit) - actors):
        problems.append(f"{label}: per_unit: pelaksana '{unknown}' tidak ada pada SOP mana pun.")
    if problems:
        raise SpecError(problems)
    return found


def _ids(workspace: Workspace) -> set[str]:
    return {sop.id for sop in load_sops(workspace)}
