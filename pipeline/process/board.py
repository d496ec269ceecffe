"""The status board of a period: one self-contained HTML page (a timeline per SOP instance,
planned against done, late steps marked) and an xlsx with a row per step."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from pipeline.office.formatting import tanggal
from pipeline.office.ooxml import write_text_atomic
from pipeline.process.status import DOCUMENT_LABEL, STATE_LABEL, InstanceStatus, Status

STYLE = """
body{font-family:Arial,'Liberation Sans',sans-serif;font-size:10.5pt;margin:1.5em;color:#111}
h1{font-size:15pt;margin:0 0 .2em}h2{font-size:12pt;margin:1.4em 0 .3em}
p.meta{margin:.1em 0;color:#333}
table{border-collapse:collapse;width:100%;margin:.4em 0}
th,td{border:1px solid #999;padding:2px 5px;vertical-align:top;text-align:left}
th{background:#e8e8e8}td.n{text-align:right;white-space:nowrap}td.d{white-space:nowrap}
tr.done td.s{color:#0a5d1e;font-weight:bold}tr.late td{background:#fde2e2}
tr.late td.s{color:#9b0000;font-weight:bold}tr.now td{outline:2px solid #1f4e9c}
.bar{position:relative;height:9px;background:#eee;min-width:120px}
.bar span{position:absolute;top:0;height:9px}.bar .p{background:#9db8e0}.bar .a{background:#2e7d32}
.bar .l{background:#c62828}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}@page{size:landscape}}
"""


def write_board_html(status: Status, instansi: str, path: Path) -> Path:
    parts = [
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>",
        f"<title>Status SOP {html.escape(status.periode.nama)}</title><style>{STYLE}</style>",
        "</head><body>",
        f"<h1>Status Pelaksanaan SOP — {html.escape(status.periode.nama)}</h1>",
        f"<p class='meta'>{html.escape(instansi)}</p>",
        f"<p class='meta'>Keadaan per {tanggal(status.as_of)}. Rencana dihitung dari jangkar "
        "setiap SOP dan Mutu Baku: Waktu langkah-langkahnya, pada hari kerja (Senin–Jumat, "
        "di luar hari libur nasional, cuti bersama dan libur kantor).</p>",
    ]
    parts += [_instance_html(i) for i in status.instances]
    parts.append("</body></html>")
    return write_text_atomic(path, "\n".join(parts))


def _instance_html(item: InstanceStatus) -> str:
    inst = item.instance
    head = (
        f"<h2>{html.escape(item.title)} — {html.escape(inst.label)}: {STATE_LABEL[item.state]}</h2>"
    )
    meta = []
    if item.current_step:
        meta.append(f"Langkah berjalan: {item.current_step} ({html.escape(item.current_actor)}).")
    meta.append(f"Dokumen utama: {DOCUMENT_LABEL[item.document_state]}.")
    if inst.deadline:
        late = (
            f" — terlambat {item.deadline_late_days} hari kerja" if item.deadline_late_days else ""
        )
        meta.append(
            f"Batas waktu: {tanggal(inst.deadline)} ({html.escape(inst.deadline_basis)}){late}."
        )
    rows = [
        "<table><thead><tr><th>No</th><th>Pelaksana</th><th>Uraian</th><th>Rencana</th>"
        "<th>Selesai</th><th>Oleh</th><th>Keputusan</th><th>Terlambat (hari kerja)</th>"
        "<th>Lini waktu</th></tr></thead><tbody>"
    ]
    first = min(s.planned for s in item.steps)
    last = max([s.planned for s in item.steps] + [s.done for s in item.steps if s.done])
    span = max((last - first).days, 1)
    for step in item.steps:
        classes = []
        if step.done:
            classes.append("done")
        if step.late_days:
            classes.append("late")
        if step.no == item.current_step:
            classes.append("now")
        decision = {"ya": "Ya", "tidak": "Tidak (dikembalikan)"}.get(step.decision or "", "")
        rows.append(
            f"<tr class='{' '.join(classes)}'><td class='n'>{step.no}</td>"
            f"<td>{html.escape(step.actor_name)}</td><td>{html.escape(_short(step.uraian))}</td>"
            f"<td class='d'>{tanggal(step.planned)}</td>"
            f"<td class='d s'>{tanggal(step.done, '')}</td><td>{html.escape(step.by)}</td>"
            f"<td>{decision}</td><td class='n'>{step.late_days or ''}</td>"
            f"<td>{_bar(step.planned, step.done, step.late_days, first, span)}</td></tr>"
        )
    rows.append("</tbody></table>")
    rows += _returns_html(item)
    return head + "".join(f"<p class='meta'>{m}</p>" for m in meta) + "".join(rows)


def _returns_html(item: InstanceStatus) -> list[str]:
    """Every "tidak" that sent a draft back, with who, when and why: the table shows only the
    decision that stands."""
    by_no = {s.no: s for s in item.steps}
    returns = [r for r in item.history if r.keputusan == "tidak"]
    if not returns:
        return []
    lines = ["<p class='meta'>Riwayat pengembalian:</p><ul>"]
    for record in returns:
        why = f": {html.escape(record.catatan)}" if record.catatan else ""
        lines.append(
            f"<li>Langkah {record.no} ({html.escape(by_no[record.no].actor_name)}), "
            f"{tanggal(record.tanggal)}, oleh {html.escape(record.oleh)}: Tidak "
            f"(dikembalikan){why}</li>"
        )
    lines.append("</ul>")
    return lines


def _bar(planned: dt.date, done: dt.date | None, late: int, first: dt.date, span: int) -> str:
    left = 100 * (planned - first).days / span
    marks = [f"<span class='p' style='left:{left:.1f}%;width:3px' title='rencana'></span>"]
    if done is not None:
        pos = 100 * (done - first).days / span
        kind = "l" if late else "a"
        marks.append(
            f"<span class='{kind}' style='left:{pos:.1f}%;width:3px' title='selesai'></span>"
        )
    return f"<div class='bar'>{''.join(marks)}</div>"


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def write_board_xlsx(status: Status, path: Path) -> Path:
    from pipeline.office.xlsx_write import save_xlsxwriter

    headers = [
        "SOP",
        "Siklus",
        "Keadaan",
        "No",
        "Pelaksana",
        "Uraian",
        "Rencana",
        "Selesai",
        "Oleh",
        "Keputusan",
        "Terlambat (hari kerja)",
    ]
    widths = [28, 16, 12, 5, 24, 60, 16, 16, 28, 12, 12]

    def fill(workbook: Any) -> None:
        bold = workbook.add_format(
            {"bold": True, "bg_color": "#E8E8E8", "border": 1, "text_wrap": True}
        )
        date = workbook.add_format({"num_format": "d mmmm yyyy", "border": 1, "valign": "top"})
        cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        sheet = workbook.add_worksheet("Status SOP")
        for col, (name, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.write_string(0, col, name, bold)
            sheet.set_column(col, col, width)
        row = 1
        for item in status.instances:
            for step in item.steps:
                texts = {
                    0: item.title,
                    1: item.instance.label,
                    2: STATE_LABEL[item.state],
                    4: step.actor_name,
                    5: step.uraian,
                    8: step.by,
                    9: {"ya": "Ya", "tidak": "Tidak"}.get(step.decision or "", ""),
                }
                for col, value in texts.items():
                    sheet.write_string(row, col, value, cell)
                sheet.write_number(row, 3, step.no, cell)
                sheet.write_datetime(row, 6, _midnight(step.planned), date)
                if step.done:
                    sheet.write_datetime(row, 7, _midnight(step.done), date)
                else:
                    sheet.write_blank(row, 7, None, cell)
                sheet.write_number(row, 10, step.late_days, cell)
                row += 1
        sheet.autofilter(0, 0, max(row - 1, 1), len(headers) - 1)
        sheet.freeze_panes(1, 0)
        sheet.set_landscape()
        sheet.repeat_rows(0)
        sheet.fit_to_pages(1, 0)

    stamp = dt.datetime(status.periode.tahun, status.periode.bulan, 1)
    title = f"Status SOP {status.periode.nama}"
    return save_xlsxwriter(path, fill, title=title, stamp=stamp)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)
