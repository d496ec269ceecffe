"""Recording the steps of an SOP instance (``sakip langkah``), with the checks that keep the
record true: in order, dated on working days, never in the future, decisions where the SOP
has them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.errors import StepRecordError
from pipeline.office.formatting import tanggal as tanggal_panjang
from pipeline.process.calendar import office_calendar
from pipeline.process.instance import Instance, instance_for
from pipeline.process.records import (
    Progress,
    Shared,
    StepRecord,
    insert_record,
    read_records,
    replay,
)
from pipeline.process.spec import Scheduled, load_schedules, shared_steps
from pipeline.sop.load import unknown_sop_message
from pipeline.sop.model import Langkah, Sop
from pipeline.workspace.config import Config, Pejabat, load_config
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode


@dataclass(frozen=True)
class Recorded:
    title: str
    instance: Instance
    record_id: int
    no: int
    tanggal: dt.date
    oleh: str
    keputusan: str | None
    next_step: int | None
    cancelled: int | None = None
    waiting: tuple[str, ...] = ()
    """Units whose part of a per-unit step is still to be recorded."""


def actor_official(config: Config, actor: str) -> Pejabat | None:
    """The person in sakip.yaml who does ``actor``'s steps: an official of ``pejabat``, or
    for the Fungsional Umum the first pegawai with that jabatan; None when there is none."""
    officials = {
        "kepala_dinas": config.pejabat.kepala_dinas,
        "sekretaris": config.pejabat.sekretaris,
        "kasubbag_program": config.pejabat.kasubbag_program,
    }
    if actor in officials:
        return officials[actor]
    if actor == "fungsional_umum":
        for unit in config.unit:
            for pegawai in unit.pegawai:
                if pegawai.jabatan.lower() == "fungsional umum":
                    return pegawai
    return None


def actor_person(config: Config, sop: Sop, actor: str) -> str:
    """Who does ``actor``'s steps, as the record names them by default."""
    person = actor_official(config, actor)
    return person.nama if person is not None else sop.actor_name(actor)


def find_scheduled(workspace: Workspace, sop_id: str) -> Scheduled:
    schedules = load_schedules(workspace)
    if sop_id not in schedules:
        raise StepRecordError(unknown_sop_message(sop_id, list(schedules)))
    return schedules[sop_id]


def record_step(
    workspace: Workspace,
    sop_id: str,
    periode: Periode,
    no: int,
    *,
    tanggal: dt.date | None = None,
    oleh: str | None = None,
    keputusan: str | None = None,
    catatan: str = "",
    paksa: bool = False,
    today: dt.date | None = None,
    dicatat_oleh: str | None = None,
    unit: str | None = None,
) -> Recorded:
    """Record that step ``no`` of the instance of ``sop_id`` that ``periode`` belongs to was
    done, or with ``unit`` (a unit code) that unit's part of a per-unit step. Raises
    StepRecordError, naming what is wrong and what to do, when it cannot be."""
    config = load_config(workspace)
    scheduled = find_scheduled(workspace, sop_id)
    sop = scheduled.sop
    instance = instance_for(scheduled, periode, config)
    shared = shared_steps(scheduled, config)
    progress = replay(sop, read_records(workspace, sop.id, instance.key), shared)
    today = today or dt.date.today()
    day = tanggal or today
    step = _expected_step(sop, instance, progress, no)
    if unit is not None:
        oleh = _unit_part(config, sop, shared, progress, step, unit)
    if step.keputusan is not None and keputusan is None:
        raise StepRecordError(
            f"Langkah {no} SOP {sop.judul} adalah pemeriksaan: sebutkan hasilnya dengan "
            "--keputusan ya (diteruskan) atau --keputusan tidak (dikembalikan ke langkah "
            f"{step.keputusan.tidak})."
        )
    if step.keputusan is None and keputusan is not None:
        raise StepRecordError(
            f"Langkah {no} SOP {sop.judul} bukan langkah pemeriksaan; hapus --keputusan."
        )
    # Units send their parts in any order: a part need only follow the steps before it.
    before = [r for r in progress.history if unit is None or r.no != no]
    _check_date(config, before[-1] if before else None, day, today, paksa)
    person = oleh or actor_person(config, sop, step.pelaksana)
    record_id = insert_record(
        workspace,
        sop.id,
        instance.key,
        no,
        day,
        person,
        keputusan,
        catatan.strip(),
        dicatat_oleh=dicatat_oleh,
    )
    after = replay(sop, read_records(workspace, sop.id, instance.key), shared)
    return Recorded(
        sop.judul,
        instance,
        record_id,
        no,
        day,
        person,
        keputusan,
        after.next_step,
        waiting=after.waiting(shared, no),
    )


def _unit_part(
    config: Config, sop: Sop, shared: Shared, progress: Progress, step: Langkah, code: str
) -> str:
    """The name under which unit ``code`` records its part of ``step``."""
    unit = config.unit_by_code(code)
    if unit is None:
        codes = ", ".join(u.kode for u in config.unit)
        raise StepRecordError(f"Unit '{code}' tidak ada di sakip.yaml. Kode unit: {codes}.")
    if step.pelaksana not in shared.actors:
        raise StepRecordError(
            f"Langkah {step.no} SOP {sop.judul} dikerjakan oleh "
            f"{sop.actor_name(step.pelaksana)}, bukan oleh tiap unit; hapus --unit."
        )
    if unit.nama in progress.parts.get(step.no, {}):
        raise StepRecordError(
            f"Bagian {unit.nama} pada langkah {step.no} SOP {sop.judul} sudah dicatat. "
            "Untuk membetulkannya, batalkan dulu dengan --batal."
        )
    return unit.nama


def cancel_last(
    workspace: Workspace,
    sop_id: str,
    periode: Periode,
    *,
    catatan: str,
    oleh: str | None = None,
    dicatat_oleh: str | None = None,
) -> Recorded:
    """Undo the last standing record of the instance by a new record that cancels it."""
    if not catatan.strip():
        raise StepRecordError(
            'Sebutkan alasan pembatalan dengan --catatan, misalnya --catatan "salah tanggal".'
        )
    config = load_config(workspace)
    scheduled = find_scheduled(workspace, sop_id)
    instance = instance_for(scheduled, periode, config)
    shared = shared_steps(scheduled, config)
    progress = replay(scheduled.sop, read_records(workspace, sop_id, instance.key), shared)
    last = progress.last
    if last is None:
        raise StepRecordError(
            f"SOP {scheduled.sop.judul} {instance.label} belum punya catatan langkah; "
            "tidak ada yang dapat dibatalkan."
        )
    person = oleh or last.oleh
    record_id = insert_record(
        workspace,
        sop_id,
        instance.key,
        last.no,
        last.tanggal,
        person,
        None,
        catatan.strip(),
        membatalkan=last.id,
        dicatat_oleh=dicatat_oleh,
    )
    after = replay(scheduled.sop, read_records(workspace, sop_id, instance.key), shared)
    return Recorded(
        scheduled.sop.judul,
        instance,
        record_id,
        last.no,
        last.tanggal,
        person,
        None,
        after.next_step,
        last.id,
    )


def _expected_step(sop: Sop, instance: Instance, progress: Progress, no: int) -> Langkah:
    by_no = {step.no: step for step in sop.langkah}
    if no not in by_no:
        raise StepRecordError(
            f"SOP {sop.judul} tidak punya langkah {no}; langkahnya 1 sampai {len(sop.langkah)}."
        )
    if progress.next_step is None:
        raise StepRecordError(
            f"SOP {sop.judul} {instance.label} sudah selesai (langkah terakhir sudah dicatat). "
            "Untuk membetulkan catatan terakhir, batalkan dulu dengan --batal."
        )
    if no != progress.next_step:
        expected = by_no[progress.next_step]
        done = " sudah dicatat" if no in progress.done else " belum dapat dicatat"
        raise StepRecordError(
            f"Langkah {no} SOP {sop.judul} {instance.label}{done}: langkah yang sedang "
            f"berjalan adalah langkah {expected.no} ({sop.actor_name(expected.pelaksana)}: "
            f"{expected.uraian[:70]}...). Catat langkah itu dulu, atau batalkan catatan "
            "terakhir dengan --batal bila keliru."
        )
    return by_no[no]


def _check_date(
    config: Config, last: StepRecord | None, day: dt.date, today: dt.date, paksa: bool
) -> None:
    if day > today:
        raise StepRecordError(
            f"Tanggal {tanggal_panjang(day)} belum lewat (hari ini {tanggal_panjang(today)}); "
            "langkah dicatat setelah dikerjakan."
        )
    if last is not None and day < last.tanggal:
        raise StepRecordError(
            f"Tanggal {tanggal_panjang(day)} lebih awal daripada langkah sebelumnya "
            f"(langkah {last.no}, {tanggal_panjang(last.tanggal)}). Periksa --tanggal."
        )
    closed = office_calendar(config, [day.year]).closed_because(day)
    if closed and not paksa:
        raise StepRecordError(
            f"{tanggal_panjang(day)} adalah {closed}, bukan hari kerja. Periksa --tanggal, "
            "atau tambahkan --paksa bila langkah ini memang dikerjakan pada hari itu."
        )
