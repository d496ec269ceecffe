"""The check laporan as one self-contained HTML page (no external files) that prints well."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path

from pipeline.checker.check_report import (
    DETAIL_HEADERS,
    PROBLEM_HEADERS,
    SUMMARY_HEADERS,
    TITLE,
    detail_rows,
    problem_rows,
    summary_line,
    summary_rows,
)
from pipeline.checker.result import STATUS_LABELS, CheckResult
from pipeline.office.ooxml import write_text_atomic

PAPER = {"F4": "330mm 215mm", "A4": "297mm 210mm"}  # landscape
_STATUS_CLASS = {label: status for status, label in STATUS_LABELS.items()}
_NUMERIC = {"No", "Jumlah halaman", "Halaman"}

_CSS = """
body { font-family: Arial, "Liberation Sans", sans-serif; font-size: 10pt; margin: 1.5em; }
h1 { font-size: 14pt; margin: 0 0 .2em; } h2 { font-size: 11pt; margin: 1.4em 0 .4em; }
p.meta { margin: 0 0 1em; }
table { border-collapse: collapse; width: 99.5%; }
th, td { border: 1px solid #777; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #e6e6e6; } td.num { text-align: right; }
tr { page-break-inside: avoid; } thead { display: table-header-group; }
.complete { background: #e3f3e8; } .incomplete { background: #fff1da; }
.unverifiable { background: #e8eef7; } .unreadable { background: #fde8e8; }
@media print { body { margin: 0; } * { -webkit-print-color-adjust: exact;
  print-color-adjust: exact; } }
"""


def write_html(
    results: Sequence[CheckResult],
    target: Path,
    instansi: str = "",
    dibuat: dt.date | None = None,
    kertas: str = "F4",
) -> Path:
    return write_text_atomic(target, render_html(results, instansi, dibuat, kertas))


def render_html(
    results: Sequence[CheckResult],
    instansi: str = "",
    dibuat: dt.date | None = None,
    kertas: str = "F4",
) -> str:
    e = html.escape
    when = ""
    if dibuat is not None:
        from pipeline.office.formatting import tanggal

        when = f"Diperiksa pada {tanggal(dibuat)}. "
    sections = [
        ("Ringkasan", SUMMARY_HEADERS, summary_rows(results)),
        ("Catatan dan tindak lanjut", PROBLEM_HEADERS, problem_rows(results)),
        ("Rincian bagian", DETAIL_HEADERS, detail_rows(results)),
    ]
    body = "\n".join(
        f"<h2>{e(name)}</h2>\n{_table(headers, rows) if rows else '<p>Tidak ada.</p>'}"
        for name, headers, rows in sections
    )
    subtitle = f'<p class="meta">{e(instansi)}</p>\n' if instansi else ""
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>{e(TITLE)}</title>
<style>{_CSS}@page {{ size: {PAPER.get(kertas, PAPER["F4"])}; margin: 12mm; }}
</style>
</head>
<body>
<h1>{e(TITLE)}</h1>
{subtitle}<p class="meta">{e(when + summary_line(results))}</p>
{body}
</body>
</html>
"""


def _table(headers: Sequence[str], rows: Sequence[Sequence[str | int]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    lines = [
        "<tr>"
        + "".join(_cell(header, value) for header, value in zip(headers, row, strict=True))
        + "</tr>"
        for row in rows
    ]
    body = "\n".join(lines)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _cell(header: str, value: str | int) -> str:
    text = str(value)
    css = "num" if header in _NUMERIC else _STATUS_CLASS.get(text, "")
    if header == "Ditemukan":
        css = "complete" if text == "ya" else "incomplete"
    attr = f' class="{css}"' if css else ""
    return f"<td{attr}>{html.escape(text)}</td>"
