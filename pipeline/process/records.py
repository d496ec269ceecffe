"""Step records of SOP instances, append-only in ``sakip.db``, and where an instance stands
once its records are replayed (returns after a "tidak" included)."""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass, field

from pipeline.sop.model import Langkah, Sop
from pipeline.workspace.db import connect, has_table, read_only
from pipeline.workspace.paths import Workspace

COLUMNS = "id, no, tanggal, oleh, keputusan, catatan, membatalkan, dicatat_oleh, dicatat_pada"


@dataclass(frozen=True)
class StepRecord:
    id: int
    no: int
    tanggal: dt.date
    oleh: str
    keputusan: str | None
    catatan: str
    membatalkan: int | None
    dicatat_oleh: str
    dicatat_pada: str


@dataclass
class Progress:
    """An instance after replaying its records."""

    next_step: int | None
    """The step to be done next; None when the last step is done."""
    done: dict[int, StepRecord] = field(default_factory=dict)
    """Steps whose latest record still stands (a return clears the steps it sends back)."""
    history: list[StepRecord] = field(default_factory=list)
    """Every record that stands, in the order recorded (returned steps included)."""
    parts: dict[int, dict[str, StepRecord]] = field(default_factory=dict)
    """Per-unit steps not done yet: the units that recorded their part, by step."""

    @property
    def last(self) -> StepRecord | None:
        return self.history[-1] if self.history else None

    @property
    def where_now(self) -> str:
        """Where the instance stands, said in a sentence of why a step is not recorded."""
        if self.next_step is None:
            return "instansnya sudah selesai"
        return f"langkah yang sedang berjalan adalah langkah {self.next_step}"

    def waiting(self, shared: Shared, no: int | None) -> tuple[str, ...]:
        """The units that have not recorded their part of step ``no`` yet (none once the
        step is done, or before any unit recorded a part)."""
        if no is None or no not in self.parts:
            return ()
        return tuple(u for u in shared.units if u not in self.parts[no])


def read_records(workspace: Workspace, sop: str, instance: str) -> list[StepRecord]:
    # Read-only: a plan or a status must not create or migrate sakip.db as a side effect.
    with read_only(workspace) as conn:
        if conn is None or not has_table(conn, "sop_step_record"):
            return []
        rows = conn.execute(
            f"SELECT {COLUMNS} FROM sop_step_record WHERE sop = ? AND instance = ? ORDER BY id",
            (sop, instance),
        ).fetchall()
    return [
        StepRecord(r[0], r[1], dt.date.fromisoformat(r[2]), r[3], r[4], r[5], r[6], r[7], r[8])
        for r in rows
    ]


@dataclass(frozen=True)
class Shared:
    """Steps every unit does on its own: those of ``actors``. A record by one of ``units``
    (its name in ``oleh``) is that unit's part; the step is done once every unit recorded
    it, or at once when recorded by anyone else (the Fungsional Umum, for all units)."""

    actors: frozenset[str] = frozenset()
    units: tuple[str, ...] = ()

    def is_part(self, step: Langkah, record: StepRecord) -> bool:
        return step.pelaksana in self.actors and record.oleh in self.units


def replay(sop: Sop, records: list[StepRecord], shared: Shared | None = None) -> Progress:
    """Where ``sop``'s instance stands after ``records`` (cancelled records left out)."""
    shared = shared or Shared()
    cancelled = {r.membatalkan for r in records if r.membatalkan is not None}
    standing = [r for r in records if r.membatalkan is None and r.id not in cancelled]
    order = [step.no for step in sop.langkah]
    by_no = {step.no: step for step in sop.langkah}
    progress = Progress(order[0])
    for record in standing:
        progress.history.append(record)
        if shared.is_part(by_no[record.no], record):
            parts = progress.parts.setdefault(record.no, {})
            parts[record.oleh] = record
            if len(parts) < len(shared.units):
                continue
            del progress.parts[record.no]
        else:
            progress.parts.pop(record.no, None)
        progress.done[record.no] = record
        step = by_no[record.no]
        progress.next_step = _after(step, record, order)
        if step.keputusan is not None and record.keputusan == "tidak":
            back = step.keputusan.tidak
            for no in order[order.index(back) : order.index(record.no) + 1]:
                progress.done.pop(no, None)
                progress.parts.pop(no, None)
    return progress


def _after(step: Langkah, record: StepRecord, order: list[int]) -> int | None:
    if step.keputusan is not None:
        return step.keputusan.ya if record.keputusan == "ya" else step.keputusan.tidak
    index = order.index(step.no)
    return order[index + 1] if index + 1 < len(order) else None


def insert_record(
    workspace: Workspace,
    sop: str,
    instance: str,
    no: int,
    tanggal: dt.date,
    oleh: str,
    keputusan: str | None,
    catatan: str,
    membatalkan: int | None = None,
    dicatat_oleh: str | None = None,
) -> int:
    """Append one record; ``dicatat_oleh`` names who entered it (by default the login name of
    the process, e.g. the web desk's account and on whose behalf)."""
    recorded_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with connect(workspace) as conn:
        cursor = conn.execute(
            "INSERT INTO sop_step_record (sop, instance, no, tanggal, oleh, keputusan, catatan, "
            "membatalkan, dicatat_oleh, dicatat_pada) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                sop,
                instance,
                no,
                tanggal.isoformat(),
                oleh,
                keputusan,
                catatan,
                membatalkan,
                dicatat_oleh or _user(),
                recorded_at,
            ),
        )
        return int(cursor.lastrowid or 0)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a container or service
        return "tidak diketahui"
