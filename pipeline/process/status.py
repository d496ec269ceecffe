"""Where each SOP instance of a period stands (``sakip status``): the current step and its
actor, the steps done, the late ones against the plan and the regulatory deadline, and the
state of the documents the steps produced."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from pipeline.process.calendar import WorkCalendar, office_calendar
from pipeline.process.instance import Instance, instance_for, plan_steps
from pipeline.process.records import Progress, Shared, StepRecord, read_records, replay
from pipeline.process.spec import Scheduled, load_schedules, shared_steps
from pipeline.sop.render import InstanceRecord, StepDates
from pipeline.workspace.config import Config, load_config
from pipeline.workspace.db import reading
from pipeline.workspace.paths import ANNUAL_DIR, Workspace, output_year
from pipeline.workspace.periode import Periode

STATE_LABEL = {"belum_mulai": "Belum mulai", "berjalan": "Berjalan", "selesai": "Selesai"}
DOCUMENT_LABEL = {"draft": "Draft", "diajukan": "Diajukan", "disahkan": "Disahkan"}


@dataclass(frozen=True)
class StepStatus:
    no: int
    actor: str
    actor_name: str
    uraian: str
    output: str
    planned: dt.date
    done: dt.date | None
    by: str
    decision: str | None
    late_days: int

    def to_json(self) -> dict[str, Any]:
        return {
            "no": self.no,
            "actor": self.actor,
            "planned": self.planned.isoformat(),
            "done": self.done.isoformat() if self.done else None,
            "by": self.by or None,
            "decision": self.decision,
            "late_days": self.late_days,
        }


@dataclass(frozen=True)
class DocumentStatus:
    kind: str
    path: str
    state: str


@dataclass
class InstanceStatus:
    title: str
    instance: Instance
    state: str
    current_step: int | None
    current_actor: str
    steps: list[StepStatus]
    documents: list[DocumentStatus] = field(default_factory=list)
    history: list[StepRecord] = field(default_factory=list)
    deadline_late_days: int = 0
    document_state: str = "draft"
    recorded_units: tuple[str, ...] = ()
    """Units that recorded their part of the current (per-unit) step."""
    waiting_units: tuple[str, ...] = ()
    """Units whose part of the current step is still to be recorded."""

    @property
    def late(self) -> list[StepStatus]:
        return [s for s in self.steps if s.late_days > 0]

    def to_json(self) -> dict[str, Any]:
        return {
            "sop": self.instance.sop,
            "title": self.title,
            "instance": self.instance.key,
            "label": self.instance.label,
            "state": self.state,
            "current_step": self.current_step,
            "current_actor": self.current_actor or None,
            "deadline": self.instance.deadline.isoformat() if self.instance.deadline else None,
            "deadline_basis": self.instance.deadline_basis or None,
            "deadline_late_days": self.deadline_late_days,
            "recorded_units": list(self.recorded_units),
            "waiting_units": list(self.waiting_units),
            "steps": [s.to_json() for s in self.steps],
            "documents": [
                {"kind": d.kind, "path": d.path, "state": d.state} for d in self.documents
            ],
        }


@dataclass
class Status:
    periode: Periode
    as_of: dt.date
    instances: list[InstanceStatus]

    def to_json(self) -> dict[str, Any]:
        return {
            "periode": str(self.periode),
            "as_of": self.as_of.isoformat(),
            "instances": [i.to_json() for i in self.instances],
        }


def period_status(workspace: Workspace, periode: Periode, as_of: dt.date | None = None) -> Status:
    """The status of every SOP instance ``periode`` touches, as of ``as_of`` (today)."""
    config = load_config(workspace)
    as_of = as_of or dt.date.today()
    schedules = load_schedules(workspace)
    instances = [instance_for(s, periode, config) for s in schedules.values()]
    years = {periode.tahun - 1, periode.tahun, periode.tahun + 1, as_of.year}
    calendar = office_calendar(config, years | {i.anchor.year for i in instances})
    documents = _documents(workspace, periode)
    found = [
        instance_status(
            workspace,
            s,
            i,
            calendar,
            as_of,
            [d for d in documents.get(s.sop.id, []) if _belongs(d[1], s, i, config)],
            shared_steps(s, config),
        )
        for s, i in zip(schedules.values(), instances, strict=True)
    ]
    return Status(periode, as_of, found)


def instance_status(
    workspace: Workspace,
    scheduled: Scheduled,
    instance: Instance,
    calendar: WorkCalendar,
    as_of: dt.date,
    documents: list[tuple[str, str]],
    shared: Shared | None = None,
) -> InstanceStatus:
    sop = scheduled.sop
    shared = shared or Shared()
    progress = replay(sop, read_records(workspace, sop.id, instance.key), shared)
    baseline = plan_steps(sop.langkah, calendar.on_or_after(instance.anchor), calendar)
    replanned = _replan(scheduled, progress, baseline, calendar)
    steps = []
    for step in sop.langkah:
        record = progress.done.get(step.no)
        planned = baseline[step.no]
        if record is not None:
            late = calendar.working_days_between(planned, record.tanggal)
        else:
            late = calendar.working_days_between(planned, as_of)
        steps.append(
            StepStatus(
                step.no,
                step.pelaksana,
                sop.actor_name(step.pelaksana),
                step.uraian,
                step.output,
                replanned.get(step.no, planned),
                record.tanggal if record else None,
                record.oleh if record else "",
                record.keputusan if record else None,
                late,
            )
        )
    state = _state(progress)
    current = progress.next_step
    actor = (
        sop.actor_name(next(s.pelaksana for s in sop.langkah if s.no == current)) if current else ""
    )
    doc_state = _document_state(scheduled, progress)
    deadline_late = 0
    if instance.deadline is not None:
        approved = progress.done.get(scheduled.jadwal.disahkan)
        end = approved.tanggal if approved else as_of
        deadline_late = calendar.working_days_between(instance.deadline, end)
    return InstanceStatus(
        sop.judul,
        instance,
        state,
        current,
        actor,
        steps,
        [DocumentStatus(kind, path, doc_state) for kind, path in documents],
        progress.history,
        deadline_late,
        doc_state,
        tuple(progress.parts.get(current, {})) if current else (),
        progress.waiting(shared, current),
    )


def _replan(
    scheduled: Scheduled,
    progress: Progress,
    baseline: dict[int, dt.date],
    calendar: WorkCalendar,
) -> dict[int, dt.date]:
    """Steps not done yet planned again from the last record (after a return, from the
    date the draft was sent back); done steps keep their baseline."""
    last = progress.last
    if last is None or progress.next_step is None:
        return dict(baseline)
    order = [s.no for s in scheduled.sop.langkah]
    pending = [
        s for s in scheduled.sop.langkah if order.index(s.no) >= order.index(progress.next_step)
    ]
    start = calendar.on_or_after(last.tanggal)
    return baseline | plan_steps(pending, start, calendar)


def _state(progress: Progress) -> str:
    if not progress.history:
        return "belum_mulai"
    return "selesai" if progress.next_step is None else "berjalan"


def _document_state(scheduled: Scheduled, progress: Progress) -> str:
    """The main document is approved once the approval step stands, submitted once the
    instance reached its first check, a draft before."""
    if scheduled.jadwal.disahkan in progress.done:
        return "disahkan"
    order = [s.no for s in scheduled.sop.langkah]
    reached = order.index(progress.next_step) if progress.next_step else len(order)
    return "diajukan" if reached >= order.index(scheduled.jadwal.diajukan) else "draft"


def _documents(workspace: Workspace, periode: Periode) -> dict[str, list[tuple[str, str]]]:
    """The documents of the newest build of ``periode``, by SOP: (kind, path)."""
    found: dict[str, list[tuple[str, str]]] = {}
    with reading(workspace) as conn:
        row = conn.execute(
            "SELECT MAX(build_id) FROM archive_build WHERE periode = ?", (str(periode),)
        ).fetchone()
        if row is None or row[0] is None:
            return found
        for sop, kind, path in conn.execute(
            "SELECT sop, kind, path FROM archive_output WHERE build_id = ? AND sop IS NOT NULL "
            "AND sop != '' ORDER BY sop, step, path",
            (row[0],),
        ):
            found.setdefault(sop, []).append((kind, path))
    return found


def _belongs(path: str, scheduled: Scheduled, instance: Instance, config: Config) -> bool:
    """Whether the document at ``path`` (outputs/TTTT/BB/... or outputs/TTTT/tahunan/...) is
    one of ``instance``'s. A build makes documents of several instances of one SOP: in January
    2025 the LKjIP instance is the one for 2024 (its final LKjIP, SK Tim and covering letter in
    outputs/2024/tahunan/), while the month's build also drafts the LKjIP 2025; December's
    build makes the Pengukuran documents of earlier quarters not built yet. A path outside
    that layout cannot be placed and is kept."""
    parts = PurePosixPath(path).parts
    year = output_year(path)
    if year is None or len(parts) < 3:
        return True
    if scheduled.jadwal.siklus == "tahunan" or parts[2] == ANNUAL_DIR:
        # An annual SOP's instance is named by the year its documents are about, which is
        # the year folder they are written in (the LKjIP drafted in 2025 is the LKjIP 2025).
        return year == int(instance.key[:4])
    if not (parts[2].isdigit() and 1 <= int(parts[2]) <= 12):
        return True
    return instance_for(scheduled, Periode(year, int(parts[2])), config).key == instance.key


def sop_records(status: Status) -> dict[str, InstanceRecord]:
    """Each instance of ``status`` as the SOP document prints it beside the standard."""
    return {
        item.instance.sop: InstanceRecord(
            item.instance.label,
            {s.no: StepDates(s.planned, s.done, s.late_days) for s in item.steps},
        )
        for item in status.instances
    }
