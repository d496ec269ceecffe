"""The dates documents take from the process: a letter carries the date of the step at which
it is signed (recorded, or planned on a working day until then), and a document made before
its SOP's approval step is recorded is a draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline.process.calendar import WorkCalendar, office_calendar
from pipeline.process.instance import instance_for
from pipeline.process.spec import load_schedules, shared_steps
from pipeline.process.status import instance_status
from pipeline.workspace.config import Config
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

SIGNER = "kepala_dinas"


@dataclass(frozen=True)
class StepDay:
    day: dt.date
    recorded: bool


@dataclass
class ProcessDates:
    """Per SOP of a period's instances: each step's date, who signs, and the approval."""

    calendar: WorkCalendar
    steps: dict[str, dict[int, StepDay]] = field(default_factory=dict)
    signers: dict[str, list[int]] = field(default_factory=dict)
    approved: dict[str, bool] = field(default_factory=dict)
    years: dict[str, int] = field(default_factory=dict)
    """SOP id -> the year its instance of the period is for (the LKjIP: the year before)."""
    deadlines: dict[str, dt.date | None] = field(default_factory=dict)
    """SOP id -> its instance's regulatory deadline (the LKjIP 2024: 31 March 2025)."""

    def with_instances_of(self, other: ProcessDates, sops: list[str]) -> ProcessDates:
        """These dates with ``other``'s instances of ``sops``: the December 2024 data with
        the LKjIP 2024's run early in 2025, whose steps date its SK Tim and letter."""
        mixed = ProcessDates(self.calendar)
        for name in ("steps", "signers", "approved", "years", "deadlines"):
            mine, theirs = getattr(self, name), getattr(other, name)
            setattr(mixed, name, {**mine, **{s: theirs[s] for s in sops if s in theirs}})
        return mixed

    def signing_date(self, sop: str, step: int) -> dt.date | None:
        """The date of the step at which the output of ``step`` is signed: the first step of
        the Kepala Dinas at or after it (the SOP's "mengesahkan"), else ``step`` itself."""
        days = self.steps.get(sop)
        if not days:
            return None
        signer = next((no for no in self.signers.get(sop, []) if no >= step), step)
        found = days.get(signer) or days.get(step)
        return found.day if found else None

    def recorded_date(self, sop: str, step: int) -> dt.date | None:
        found = self.steps.get(sop, {}).get(step)
        return found.day if found and found.recorded else None

    def is_approved(self, sop: str) -> bool:
        return self.approved.get(sop, False)

    def working_days_after(self, day: dt.date, count: int) -> dt.date:
        return self.calendar.add_working_days(self.calendar.on_or_after(day), count)


def process_dates(workspace: Workspace, config: Config, periode: Periode) -> ProcessDates:
    """The process dates of every SOP instance ``periode`` belongs to. Deterministic: only
    the config, the recorded steps and the calendar decide them, never the clock."""
    schedules = load_schedules(workspace)
    instances = {sop: instance_for(s, periode, config) for sop, s in schedules.items()}
    years = {periode.tahun - 1, periode.tahun, periode.tahun + 1}
    calendar = office_calendar(config, years | {i.anchor.year for i in instances.values()})
    dates = ProcessDates(calendar)
    for sop_id, scheduled in schedules.items():
        instance = instances[sop_id]
        # as_of far in the past: lateness does not matter here, only the dates.
        status = instance_status(
            workspace,
            scheduled,
            instance,
            calendar,
            instance.anchor,
            [],
            shared_steps(scheduled, config),
        )
        dates.steps[sop_id] = {
            s.no: StepDay(s.done or s.planned, s.done is not None) for s in status.steps
        }
        dates.signers[sop_id] = [s.no for s in scheduled.sop.langkah if s.pelaksana == SIGNER]
        dates.approved[sop_id] = status.document_state == "disahkan"
        dates.years[sop_id] = int(instance.key[:4])
        dates.deadlines[sop_id] = instance.deadline
    return dates
