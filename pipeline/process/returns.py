"""A signed document that comes back feeds its SOP instance: the step at which the Kepala
Dinas signs it is recorded, once, from the returned copy (``sakip check --catat``).

Which step a return proves: a document drafted at step ``s`` and then only examined
(check steps) until a step of the Kepala Dinas is signed at that step; the SOP may sign the
same output again later (the Dokumen Pengukuran after the klarifikasi meeting), so every
Kepala Dinas step with that output counts. A document made at a step followed by other work
(a unit's PK, which the Fungsional Umum collects from every unit; a daftar hadir) proves
no step of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.errors import StepRecordError
from pipeline.office.formatting import tanggal as tanggal_panjang
from pipeline.process.calendar import office_calendar
from pipeline.process.instance import instance_for
from pipeline.process.records import read_records, replay
from pipeline.process.spec import shared_steps
from pipeline.process.steps import find_scheduled, record_step
from pipeline.sop.model import Sop
from pipeline.workspace.config import load_config
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

SIGNER = "kepala_dinas"


def signing_steps(sop: Sop, step: int) -> tuple[int, ...]:
    """The Kepala Dinas steps at which the document drafted at ``step`` is signed; empty
    when no signing follows its drafting directly."""
    order = [s.no for s in sop.langkah]
    if step not in order:
        return ()
    for later in sop.langkah[order.index(step) + 1 :]:
        if later.pelaksana == SIGNER:
            return tuple(
                s.no for s in sop.langkah if s.pelaksana == SIGNER and s.output == later.output
            )
        if later.keputusan is None:
            return ()
    return ()


@dataclass(frozen=True)
class ReturnRecord:
    """What recording one signed return did: ``recorded`` a new step record, found it
    ``already`` recorded, or ``skipped`` it with the reason in ``message``."""

    outcome: str
    message: str
    sop: str = ""
    instance: str = ""
    no: int | None = None
    record_id: int | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "outcome": self.outcome,
            "sop": self.sop or None,
            "instance": self.instance or None,
            "no": self.no,
            "record_id": self.record_id,
            "message": self.message,
        }


def check_return_date(workspace: Workspace, day: dt.date, today: dt.date | None = None) -> None:
    """Refuse, before any file is read, a date that ``sakip langkah`` would refuse for every
    instance: one in the future, or not a working day of the office. (Whether it follows the
    step before depends on the instance, and is said per file.)"""
    today = today or dt.date.today()
    if day > today:
        raise StepRecordError(
            f"Tanggal {tanggal_panjang(day)} belum lewat (hari ini {tanggal_panjang(today)}); "
            "--tanggal adalah hari dokumen bertanda tangan itu kembali atau disahkan."
        )
    closed = office_calendar(load_config(workspace), [day.year]).closed_because(day)
    if closed:
        raise StepRecordError(
            f"{tanggal_panjang(day)} adalah {closed}, bukan hari kerja. Periksa --tanggal; bila "
            "dokumen memang disahkan pada hari itu, catat langkahnya dengan sakip langkah "
            "--tanggal ... --paksa."
        )


def record_signed_return(
    workspace: Workspace,
    sop_id: str,
    step: int,
    periode: Periode,
    catatan: str,
    today: dt.date | None = None,
    tanggal: dt.date | None = None,
) -> ReturnRecord:
    """Record the signing step of the document drafted at ``step`` of ``sop_id`` in the
    instance ``periode`` belongs to, dated ``tanggal`` (the day the signed document came
    back), else today (the last working day when today is not one). ``tanggal`` follows the
    rules of ``sakip langkah``: a working day, not in the future, not before the step before.
    Idempotent: a step that already stands is not recorded again."""
    config = load_config(workspace)
    scheduled = find_scheduled(workspace, sop_id)
    sop = scheduled.sop
    instance = instance_for(scheduled, periode, config)
    where = f"SOP {sop.judul} {instance.label}"
    steps = signing_steps(sop, step)
    if not steps:
        return ReturnRecord(
            "skipped",
            f"dokumen langkah {step} {where} tidak disahkan Kepala Dinas pada langkah "
            "tersendiri; langkah SOP-nya dicatat dengan sakip langkah.",
            sop.id,
            instance.key,
        )
    progress = replay(
        sop, read_records(workspace, sop.id, instance.key), shared_steps(scheduled, config)
    )
    done = [no for no in steps if no in progress.done]
    if progress.next_step not in steps and done:
        return ReturnRecord(
            "already",
            f"langkah {done[-1]} {where} sudah tercatat; tidak dicatat lagi.",
            sop.id,
            instance.key,
            done[-1],
            progress.done[done[-1]].id,
        )
    if progress.next_step not in steps:
        return ReturnRecord(
            "skipped",
            f"langkah {steps[0]} {where} (pengesahan Kepala Dinas) belum dapat dicatat: "
            f"{progress.where_now}. Catat langkah-langkah sebelumnya dengan sakip langkah, "
            "lalu periksa lagi dengan --catat.",
            sop.id,
            instance.key,
            steps[0],
        )
    no = progress.next_step
    today = today or dt.date.today()
    if tanggal is not None:
        day = tanggal  # the office's own date: record_step refuses it rather than move it
    else:
        calendar = office_calendar(config, [today.year - 1, today.year])
        day = calendar.on_or_before(today)
        last = progress.last
        if last is not None and day < last.tanggal:
            day = last.tanggal
    try:
        recorded = record_step(
            workspace, sop.id, periode, no, tanggal=day, catatan=catatan, today=today
        )
    except StepRecordError as err:
        return ReturnRecord(
            "skipped", f"langkah {no} {where} belum dicatat: {err}", sop.id, instance.key, no
        )
    return ReturnRecord(
        "recorded",
        f"langkah {no} {where} (pengesahan Kepala Dinas) dicatat pada "
        f"{tanggal_panjang(recorded.tanggal)} atas nama {recorded.oleh.rstrip('.')}.",
        sop.id,
        instance.key,
        no,
        recorded.record_id,
    )
