"""The Checklist Kelengkapan Rancangan LKjIP: SOP LKjIP step 10 as a document.

The Fungsional Umum checks that the Rancangan LKjIP the Tim Penyusun returned holds every
required part (``sop_specs/bagian/lkjip.yaml``) with nothing left for the Tim to write; if
something lacks it goes back to the Tim (the step's ``keputusan.tidak``), else on to the
Kepala Sub Bagian (``keputusan.ya``). Which step, which parts and who decides are read from
the specs: the SOP's step whose output is a "Checklist Kelengkapan", the bagian spec of the
SOP's id, the pelaksana of the steps its decision leads to.

A figure that differs from the archived draft is named but does not make the draft
incomplete: correcting it is the next step's work (the Kepala Sub Bagian's). Signatures are
not asked for either: a draft is signed only once the Kepala Dinas approves it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.archive.store import OutputOrigin, output_origin
from pipeline.build.plan import safe_name
from pipeline.checker.evaluate import page_list
from pipeline.checker.process_record import instance_periode
from pipeline.checker.result import CheckResult
from pipeline.checker.sections import load_document_specs
from pipeline.documents.chart import logo
from pipeline.documents.model import BagianDiperiksa, ChecklistKelengkapanContext, Orang
from pipeline.documents.people import instansi, orang
from pipeline.documents.registry import load_registry
from pipeline.documents.render import render_docx
from pipeline.errors import SpecError, StepRecordError
from pipeline.office.formatting import tanggal as tanggal_panjang
from pipeline.process.calendar import office_calendar
from pipeline.process.instance import instance_for
from pipeline.process.records import read_records, replay
from pipeline.process.returns import ReturnRecord
from pipeline.process.spec import load_schedules, shared_steps
from pipeline.process.steps import actor_official, find_scheduled, record_step
from pipeline.sop.model import Langkah, Sop
from pipeline.workspace.config import Config, load_config
from pipeline.workspace.paths import ANNUAL_DIR, Workspace, output_year
from pipeline.workspace.periode import Periode

SOP_ID = "lkjip"
OUTPUT = "checklist kelengkapan"
"""How the output of the checking step begins (SOP LKjIP step 10)."""
TEMPLATE = "checklist-kelengkapan.docx"
ADA, BELUM_LENGKAP, TIDAK_ADA = "Ada", "Belum lengkap", "Tidak ada"
MAX_CHANGES_PER_PART = 3


@dataclass(frozen=True)
class Checklist:
    """One checklist written: where, for which file, and the step's decision."""

    path: Path
    file: str
    context: ChecklistKelengkapanContext
    origin: OutputOrigin | None
    """The archived document the file answers, when its verification code named one."""

    @property
    def lengkap(self) -> bool:
        return self.context.lengkap

    def to_json(self, recorded: ReturnRecord | None = None) -> dict[str, object]:
        """The ``checklist`` object of ``sakip check --checklist --json``."""
        return {
            "path": str(self.path),
            "lengkap": self.lengkap,
            "bagian": [
                {"nama": b.nama, "hasil": b.hasil, "keterangan": b.keterangan}
                for b in self.context.bagian
            ],
            "kesimpulan": self.context.kesimpulan,
            "recorded": recorded.to_json() if recorded is not None else None,
        }


def checking_step(sop: Sop) -> Langkah:
    """The step whose output is the checklist, with its decision."""
    for step in sop.langkah:
        if step.output.lower().startswith(OUTPUT) and step.keputusan is not None:
            return step
    raise SpecError(
        [
            f"SOP {sop.judul} tidak memuat langkah pemeriksaan yang output-nya Checklist "
            f"Kelengkapan (dengan keputusan ya/tidak). Periksa sop_specs/{sop.id}.yaml."
        ]
    )


def write_checklists(
    workspace: Workspace,
    results: Sequence[CheckResult],
    *,
    folder: Path | None = None,
    tanggal: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[list[Checklist], list[str]]:
    """A checklist for every checked LKjIP (into ``folder``, or the year's
    ``outputs/<tahun>/tahunan/lkjip/``), dated ``tanggal`` or the last working day up to
    today; and a note for every file that gets none, saying why."""
    config = load_config(workspace)
    sop = find_scheduled(workspace, SOP_ID).sop
    step = checking_step(sop)
    spec_title = load_document_specs(workspace)[sop.id].title
    day = tanggal or _working_day(config, today or dt.date.today())
    written: list[Checklist] = []
    notes: list[str] = []
    for result in results:
        name = Path(result.file).name
        why = _not_checkable(result, sop.id, spec_title)
        if why is not None:
            notes.append(f"Checklist tidak dibuat untuk '{name}': {why}")
            continue
        origin = (
            output_origin(workspace, result.matched["path"], result.matched["build_id"])
            if result.matched
            else None
        )
        tahun = _tahun(result, config)
        context = checklist_context(workspace, config, sop, step, result, tahun, day)
        title = f"{step.output} {tahun} - {Path(result.file).stem}"
        out = folder or workspace.outputs / str(tahun) / ANNUAL_DIR / sop.id
        target = out / f"{safe_name(title)}.docx"
        render_docx(
            workspace.template(TEMPLATE),
            context,
            target,
            title=title,
            stamp=dt.datetime.combine(day, dt.time()),
            kertas=config.kertas,
        )
        written.append(Checklist(target, result.file, context, origin))
    return written, notes


def _not_checkable(result: CheckResult, sop_id: str, title: str) -> str | None:
    if result.document_type != sop_id:
        return f"berkas ini bukan {title}; checklist kelengkapan hanya dibuat untuk {title}."
    if result.status in ("unreadable", "unverifiable"):
        return (
            f"statusnya {result.status_label}, sehingga kelengkapannya belum dapat dinilai. "
            "Perbaiki berkasnya (lihat catatan pemeriksaan) lalu periksa lagi."
        )
    return None


def _working_day(config: Config, day: dt.date) -> dt.date:
    return office_calendar(config, [day.year - 1, day.year]).on_or_before(day)


def _tahun(result: CheckResult, config: Config) -> int:
    """The year of the LKjIP: the year folder of the archived document it answers
    (outputs/2024/03/... for a draft, outputs/2024/tahunan/... for the LKjIP of 2024), else
    the workspace's year."""
    year = output_year(result.matched["path"]) if result.matched else None
    return year or config.tahun


def checklist_context(
    workspace: Workspace,
    config: Config,
    sop: Sop,
    step: Langkah,
    result: CheckResult,
    tahun: int,
    day: dt.date,
) -> ChecklistKelengkapanContext:
    """The checklist of ``result`` (an LKjIP whose pages could all be read)."""
    assert step.keputusan is not None
    rows, catatan, absent, unfilled = _parts(result)
    lacking = []
    if absent:
        lacking.append(f"{series(absent)} tidak ada")
    if unfilled:
        lacking.append(f"isian untuk Tim Penyusun masih ada pada {series(unfilled)}")
    dokumen = f"{step.persyaratan} Tahun {tahun}"
    forward = sop.actor_name(_step(sop, step.keputusan.ya).pelaksana)
    back = sop.actor_name(_step(sop, step.keputusan.tidak).pelaksana)
    if lacking:
        kesimpulan = (
            f"{dokumen} belum lengkap: {', serta '.join(lacking)}. Oleh karena itu {dokumen} "
            f"dikembalikan kepada {back} untuk dilengkapi."
        )
    else:
        kesimpulan = f"{dokumen} telah lengkap dan diajukan kepada {forward} untuk dikoreksi."
        if result.changed:
            kesimpulan += (
                " Perbedaan dengan dokumen arsip yang tercantum di atas disampaikan untuk "
                "dikoreksi."
            )
    matched = result.matched
    return ChecklistKelengkapanContext(
        instansi=instansi(config),
        tahun=tahun,
        periode=f"Tahun {tahun}",
        triwulan=4,
        tempat=config.instansi.kota,
        tanggal=day,
        sop=f"SOP {sop.judul}",
        langkah=step.no,
        logo=logo(workspace.root, config.instansi.logo) if config.instansi.logo else None,
        judul=step.output.upper().replace("LKJIP", "LKjIP"),
        dokumen=dokumen,
        berkas=Path(result.file).name,
        halaman=result.pages,
        kode=matched["code"] if matched else "-",
        arsip=(
            f"{matched['path']} (build {matched['build_id']})"
            if matched
            else "tidak ditemukan (berkas tidak memuat kode verifikasi dokumen arsip)"
        ),
        bagian=rows,
        catatan=catatan,
        lengkap=not lacking,
        kesimpulan=kesimpulan,
        pemeriksa=_pemeriksa(config, sop, step),
    )


def _step(sop: Sop, no: int) -> Langkah:
    return next(s for s in sop.langkah if s.no == no)


def _pemeriksa(config: Config, sop: Sop, step: Langkah) -> Orang:
    person = actor_official(config, step.pelaksana)
    if person is not None:
        return orang(person)
    # No such person in sakip.yaml: a block to sign and name by hand.
    dots = "......................................"
    return Orang(f"({dots})", "", "", sop.actor_name(step.pelaksana))


def series(items: Sequence[str]) -> str:
    """ "a", "a dan b", "a, b dan c"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} dan {items[-1]}"


def _parts(
    result: CheckResult,
) -> tuple[list[BagianDiperiksa], list[str], list[str], list[str]]:
    """The rows, the notes outside every part, the parts not found, and where placeholders
    are left (what makes the draft incomplete).

    A placeholder or a difference belongs to the part whose page is the last one at or
    before its own page (parts start on pages of their own in the LKjIP)."""
    starts = sorted((s.page, i) for i, s in enumerate(result.sections) if s.page is not None)

    def owner(page: int | None) -> int | None:
        if page is None:
            return None
        found = [i for start, i in starts if start <= page]
        return found[-1] if found else None

    unfinished: dict[int | None, list[int]] = {}
    for number in result.unfinished:
        unfinished.setdefault(owner(number), []).append(number)
    changes: dict[int | None, list[str]] = {}
    for at, note in result.changed:
        where = f" (halaman {at})" if at is not None else ""
        changes.setdefault(owner(at), []).append(f"{note.rstrip('.')}{where}")
    rows: list[BagianDiperiksa] = []
    absent: list[str] = []
    unfilled: list[str] = []
    for i, section in enumerate(result.sections):
        notes: list[str] = []
        if not section.found:
            hasil = TIDAK_ADA
            notes.append("Tidak ditemukan dalam dokumen; bagian ini wajib dilengkapi.")
            absent.append(section.name)
        else:
            hasil = ADA
            notes.append(f"Ditemukan pada halaman {section.page}.")
            if i in unfinished:
                hasil = BELUM_LENGKAP
                pages = page_list(unfinished[i])
                notes.append(f"Isian untuk Tim Penyusun masih ada pada halaman {pages}.")
                unfilled.append(f"{section.name} (halaman {pages})")
        if i in changes:
            shown = changes[i][:MAX_CHANGES_PER_PART]
            more = len(changes[i]) - len(shown)
            notes.append(
                "Berbeda dengan dokumen arsip: "
                + "; ".join(shown)
                + (f"; dan {more} perbedaan lain" if more else "")
                + "."
            )
        rows.append(BagianDiperiksa(i + 1, section.name, hasil, " ".join(notes)))
    catatan: list[str] = []
    if None in unfinished:
        pages = page_list(unfinished[None])
        first = result.sections[starts[0][1]].name if starts else None
        before = f" (sebelum {first})" if first else ""
        catatan.append(f"Isian untuk Tim Penyusun masih ada pada halaman {pages}{before}.")
        unfilled.append(f"halaman {pages}{before}")
    catatan += [f"Berbeda dengan dokumen arsip: {note}." for note in changes.get(None, [])]
    return rows, catatan, absent, unfilled


def record_checklists(
    workspace: Workspace,
    checklists: Sequence[Checklist],
    today: dt.date | None = None,
) -> list[ReturnRecord]:
    """Record the checking step (SOP LKjIP step 10) of each checklist's instance, with the
    checklist's decision and date, when that step is the one to be done next; otherwise say
    why it is not recorded."""
    if not checklists:
        return []
    config = load_config(workspace)
    scheduled = find_scheduled(workspace, SOP_ID)
    sop = scheduled.sop
    step = checking_step(sop)
    frequency = {d.id: d.frekuensi for d in load_registry(workspace).dokumen}
    schedules = load_schedules(workspace)
    outcomes = []
    for checklist in checklists:
        name = Path(checklist.file).name
        origin = checklist.origin
        if origin is None or origin.sop != sop.id:
            outcomes.append(
                ReturnRecord(
                    "skipped",
                    f"'{name}': langkah {step.no} SOP {sop.judul} tidak dicatat: berkasnya "
                    "tidak memuat kode verifikasi LKjIP yang tercatat di arsip, sehingga "
                    "instans SOP-nya tidak diketahui. Catat dengan sakip langkah.",
                )
            )
            continue
        periode = instance_periode(origin, frequency, schedules)
        outcomes.append(_record_one(workspace, config, sop, step, checklist, periode, today))
    return outcomes


def _record_one(
    workspace: Workspace,
    config: Config,
    sop: Sop,
    step: Langkah,
    checklist: Checklist,
    periode: Periode,
    today: dt.date | None,
) -> ReturnRecord:
    name = Path(checklist.file).name
    scheduled = find_scheduled(workspace, sop.id)
    instance = instance_for(scheduled, periode, config)
    where = f"SOP {sop.judul} {instance.label}"
    progress = replay(
        sop, read_records(workspace, sop.id, instance.key), shared_steps(scheduled, config)
    )
    if progress.next_step != step.no:
        return ReturnRecord(
            "skipped",
            f"'{name}': langkah {step.no} {where} (pemeriksaan kelengkapan) tidak dicatat: "
            f"{progress.where_now}.",
            sop.id,
            instance.key,
            step.no,
        )
    context = checklist.context
    keputusan = "ya" if context.lengkap else "tidak"
    catatan = f"Checklist Kelengkapan '{checklist.path.name}' atas '{name}': {context.kesimpulan}"
    try:
        recorded = record_step(
            workspace,
            sop.id,
            periode,
            step.no,
            tanggal=context.tanggal,
            keputusan=keputusan,
            catatan=catatan,
            today=today,
        )
    except StepRecordError as err:
        return ReturnRecord(
            "skipped",
            f"'{name}': langkah {step.no} {where} belum dicatat: {err}",
            sop.id,
            instance.key,
            step.no,
        )
    decision = "lengkap, diteruskan" if context.lengkap else "belum lengkap, dikembalikan"
    return ReturnRecord(
        "recorded",
        f"'{name}': langkah {step.no} {where} (pemeriksaan kelengkapan: {decision}) dicatat "
        f"pada {tanggal_panjang(recorded.tanggal)} atas nama {recorded.oleh.rstrip('.')}.",
        sop.id,
        instance.key,
        step.no,
        recorded.record_id,
    )
