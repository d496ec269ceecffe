"""Render an SOP as a docx (PermenPAN-RB 35/2012 layout) and as a swimlane SVG."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.office.formatting import tanggal
from pipeline.office.ooxml import (
    normalize_zip,
    set_docx_properties,
    write_atomic,
    write_text_atomic,
)
from pipeline.office.textable import angka, durasi
from pipeline.sop.flowchart import flowchart_svg
from pipeline.sop.load import load_sops, unknown_sop_message
from pipeline.sop.model import Langkah, Sop
from pipeline.workspace.paths import Workspace

TEMPLATE = "sop.docx"


@dataclass(frozen=True)
class StepDates:
    """One step of an SOP instance as recorded: planned and actual date, late or not."""

    planned: dt.date
    done: dt.date | None
    late_days: int


@dataclass(frozen=True)
class InstanceRecord:
    """What ``sakip sop render ID --periode`` prints beside the standard."""

    label: str
    """The instance as people say it: "2024", "Triwulan I 2024"."""
    steps: dict[int, StepDates]


MARK_TERMINAL = "●"
MARK_PROCESS = "■"
MARK_DECISION = "◆"
# Fixed document date: documents carry no wall-clock time, so rebuilding is byte-identical.
DOC_EPOCH = dt.datetime(2024, 1, 1)


def render_sops(
    workspace: Workspace,
    ids: list[str] | None,
    out: Path,
    records: dict[str, InstanceRecord] | None = None,
) -> list[Path]:
    """Write ``sop-<id>.docx`` and ``sop-<id>.svg`` for each chosen SOP; return the paths.
    With ``records`` (SOP id -> one instance's record), each step also shows its planned and
    actual date, and the flowchart colours the steps done and late."""
    sops = load_sops(workspace)
    chosen = sops if ids is None else [_pick(sops, sop_id) for sop_id in ids]
    template = workspace.template(TEMPLATE)
    office = _office(workspace)
    written: list[Path] = []
    for sop in chosen:
        record = (records or {}).get(sop.id)
        suffix = f"-{_slug(record.label)}" if record else ""
        name = f"sop-{sop.id}{suffix}"
        written.append(render_docx(sop, template, out / f"{name}.docx", record, office))
        svg = flowchart_svg(sop, _marks(record))
        written.append(write_text_atomic(out / f"{name}.svg", svg))
    return written


def _slug(label: str) -> str:
    return label.lower().replace(" ", "-")


def _marks(record: InstanceRecord | None) -> dict[int, str]:
    if record is None:
        return {}
    marks = {}
    for no, dates in record.steps.items():
        if dates.late_days:
            marks[no] = "terlambat"
        elif dates.done:
            marks[no] = "selesai"
    return marks


def _pick(sops: list[Sop], sop_id: str) -> Sop:
    from pipeline.errors import UnknownSopError

    for sop in sops:
        if sop.id == sop_id:
            return sop
    raise UnknownSopError(unknown_sop_message(sop_id, [s.id for s in sops]))


def _office(workspace: Workspace) -> dict[str, str]:
    """The kop of the workspace's own office (sakip.yaml); a workspace without one gets a
    blank kop, never another office's name."""
    from pipeline.workspace.config import CONFIG_FILE, load_config

    if not (workspace.root / CONFIG_FILE).is_file():
        return {"pemerintah": "", "nama": "", "alamat": "", "kota": ""}
    instansi = load_config(workspace).instansi
    return {
        "pemerintah": instansi.pemerintah,
        "nama": instansi.nama,
        "alamat": instansi.alamat,
        "kota": instansi.kota,
    }


def render_docx(
    sop: Sop,
    template: Path,
    target: Path,
    record: InstanceRecord | None = None,
    office: dict[str, str] | None = None,
) -> Path:
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    def produce(tmp: Path) -> None:
        doc = DocxTemplate(str(template))
        env = SandboxedEnvironment(autoescape=True)
        env.filters["tanggal"] = tanggal
        context = _context(sop, office or {})
        context["tabel_langkah"] = _steps_table(doc, sop, record)
        doc.render(context, jinja_env=env, autoescape=True)
        set_docx_properties(doc.docx, f"SOP {sop.judul}", DOC_EPOCH)
        doc.save(str(tmp))
        normalize_zip(tmp)

    return write_atomic(target, produce)


def _context(sop: Sop, office: dict[str, str]) -> dict[str, Any]:
    data = dataclasses.asdict(sop)
    data["keterkaitan"] = [_link_label(link) for link in sop.keterkaitan]
    return {
        "instansi": office,
        "sop": data,
        "total_waktu": durasi(sop.total_menit),
    }


def _link_label(link: Any) -> str:
    return link.label if link.sop is None or link.tertulis else f"SOP ({link.sop})"


def _steps_table(doc: Any, sop: Sop, record: InstanceRecord | None = None) -> Any:
    from docx.shared import Mm

    from pipeline.office import docx_table as dt_

    sub = doc.new_subdoc()
    actors = sop.pelaksana
    # Millimetres on F4 landscape (290 mm between margins); actor lanes share what is left.
    fixed = [("No", 9), ("Uraian Prosedur", 70)]
    mutu = [("Persyaratan/ Kelengkapan", 36), ("Waktu", 16), ("Output", 36)]
    keterangan = 26
    used = sum(w for _, w in fixed) + sum(w for _, w in mutu) + keterangan
    actor_w = max(12, (290 - used) // max(1, len(actors)))
    widths = [w for _, w in fixed] + [actor_w] * len(actors) + [w for _, w in mutu] + [keterangan]
    table = sub.add_table(rows=3, cols=len(widths))
    dt_.style_table(table, [Mm(w) for w in widths])
    head = table.rows[0].cells
    dt_.set_text(head[0], "NO.", bold=True)
    dt_.set_text(head[1], "URAIAN PROSEDUR", bold=True)
    first_actor, first_mutu = 2, 2 + len(actors)
    dt_.set_text(head[first_actor].merge(head[first_mutu - 1]), "PELAKSANA", bold=True)
    dt_.set_text(head[first_mutu].merge(head[first_mutu + 2]), "MUTU BAKU", bold=True)
    dt_.set_text(head[-1], "KET.", bold=True)
    sub_head = table.rows[1].cells
    for i, actor in enumerate(actors):
        dt_.set_text(sub_head[first_actor + i], actor.nama, bold=True, size=7)
    for i, (label, _) in enumerate(mutu):
        dt_.set_text(sub_head[first_mutu + i], label, bold=True, size=8)
    for col in (0, 1, len(widths) - 1):
        table.cell(0, col).merge(table.cell(1, col))
    for i, cell in enumerate(table.rows[2].cells):
        dt_.set_text(cell, str(i + 1), size=7)
    for row in table.rows[:3]:
        dt_.repeat_header(row)
    last = len(sop.langkah)
    for step in sop.langkah:
        cells = table.add_row().cells
        dt_.set_text(cells[0], f"{step.no}.")
        dt_.set_text(cells[1], step.uraian, center=False)
        col = first_actor + [a.id for a in actors].index(step.pelaksana)
        dt_.set_text(cells[col], _mark(step, last), size=14)
        dt_.set_text(cells[first_mutu], step.persyaratan or "-", center=False)
        dt_.set_text(cells[first_mutu + 1], f"{angka(step.waktu_menit)} Menit")
        dt_.set_text(cells[first_mutu + 2], step.output, center=False)
        remarks = _remarks(step)
        if record is not None and step.no in record.steps:
            remarks = "\n".join(filter(None, [remarks, _record_line(record, step.no)]))
        dt_.set_text(cells[-1], remarks, center=False, size=7)
    total = table.add_row().cells
    label = total[0].merge(total[first_mutu])
    dt_.set_text(label, "JUMLAH WAKTU", bold=True)
    dt_.set_text(total[first_mutu + 1], f"{angka(sop.total_menit)} Menit", bold=True)
    dt_.set_text(total[first_mutu + 2].merge(total[-1]), durasi(sop.total_menit), center=False)
    return sub


def _record_line(record: InstanceRecord, no: int) -> str:
    dates = record.steps[no]
    line = f"{record.label}: rencana {tanggal(dates.planned)}"
    if dates.done:
        line += f"; selesai {tanggal(dates.done)}"
    if dates.late_days:
        line += f"; terlambat {dates.late_days} hari kerja"
    return line


def _mark(step: Langkah, last: int) -> str:
    if step.keputusan:
        return MARK_DECISION
    return MARK_TERMINAL if step.no in (1, last) else MARK_PROCESS


def _remarks(step: Langkah) -> str:
    parts = []
    if step.keputusan:
        parts.append(
            f"Ya: ke langkah {step.keputusan.ya}; Tidak: kembali ke langkah {step.keputusan.tidak}"
        )
    if step.no_asli:
        parts.append(f"Nomor tercetak pada dokumen asli: {step.no_asli}")
    if step.keterangan:
        parts.append(step.keterangan)
    if step.catatan:
        parts.append(f"Catatan: {step.catatan}")
    return "\n".join(parts)
