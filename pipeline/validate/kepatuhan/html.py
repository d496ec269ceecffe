"""The laporan kepatuhan as one self-contained HTML page that reads on screen and prints."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.ingest.findings import SEVERITY_LABEL, Finding, Report
from pipeline.office.formatting import tanggal
from pipeline.office.ooxml import write_text_atomic
from pipeline.office.textable import angka
from pipeline.validate.kepatuhan.content import (
    NO_UNIT_TITLE,
    Group,
    Totals,
    clean_text,
    groups,
    period_name,
    status_label,
    title,
    totals,
    units_without_findings,
)

if TYPE_CHECKING:
    from jinja2 import Template
    from markupsafe import Markup

TEMPLATE = "kepatuhan.html.j2"
# Identifiers such as "realisasi.keterangan" or "buku_kerja-bidang.xlsx" have no spaces; the
# browser may break them after these characters instead of mid-word in a narrow column.
_BREAK_AFTER = re.compile(r"([._/\\-])")
# CSS page sizes for the paper sizes a workspace may set (config ``kertas``).
PAPER = {"F4": "215mm 330mm", "A4": "210mm 297mm"}


def write_html(
    report: Report,
    target: Path,
    *,
    instansi: str,
    dibuat: dt.date | None = None,
    kertas: str = "F4",
) -> Path:
    """Write the report to ``target`` atomically and return it.

    ``dibuat`` is the date printed on the report; without it none is printed, so the same
    findings always give the same bytes. ``kertas`` ("F4" or "A4") sets the printed page size.
    """
    return write_text_atomic(
        target, render_html(report, instansi=instansi, dibuat=dibuat, kertas=kertas)
    )


def render_html(
    report: Report, *, instansi: str, dibuat: dt.date | None = None, kertas: str = "F4"
) -> str:
    if kertas not in PAPER:
        raise ValueError(f"kertas must be one of {sorted(PAPER)}, not {kertas!r}")
    return _template().render(_context(report, instansi, dibuat, kertas))


def _context(report: Report, instansi: str, dibuat: dt.date | None, kertas: str) -> dict[str, Any]:
    total = totals(report)
    return {
        "judul": title(report),
        "instansi": instansi,
        "periode": report.periode,
        "periode_nama": period_name(report),
        "dibuat": tanggal(dibuat, empty=""),
        "ukuran_kertas": PAPER[kertas],
        "total": total,
        "kesimpulan": _conclusion(report, total),
        "judul_tanpa_unit": NO_UNIT_TITLE,
        "units": [
            {
                "code": u.code,
                "name": u.name,
                "status": u.status,
                "label": status_label(u),
                "errors": u.errors,
                "warnings": u.warnings,
                "files": u.files,
            }
            for u in report.units
        ],
        "groups": [_group(g) for g in groups(report)],
        "clean_units": units_without_findings(report),
    }


def _group(group: Group) -> dict[str, Any]:
    return {
        "title": group.title,
        "label": status_label(group.unit) if group.unit else "",
        "errors": group.errors,
        "warnings": group.warnings,
        "findings": [_finding(f) for f in group.findings],
    }


def _finding(finding: Finding) -> dict[str, str]:
    return {**finding.to_dict(), "severity_label": SEVERITY_LABEL[finding.severity]}


def _conclusion(report: Report, total: Totals) -> str:
    nama = period_name(report)
    if report.valid:
        return f"Seluruh unit telah menyerahkan data kinerja periode {nama} secara lengkap."
    parts = []
    if total.belum_lengkap:
        parts.append(f"{angka(total.belum_lengkap)} unit belum lengkap")
    if total.tidak_menyerahkan:
        parts.append(f"{angka(total.tidak_menyerahkan)} unit tidak menyerahkan data")
    if total.no_unit_errors:
        parts.append(f"{angka(total.no_unit_errors)} galat pada berkas tanpa unit yang dikenali")
    return (
        f"Data kinerja periode {nama} belum lengkap: {', '.join(parts)}. "
        "Rincian temuan dan cara memperbaikinya tercantum pada bagian C."
    )


def _break_points(text: str) -> Markup:
    """Escaped ``text`` with <wbr> (an optional line break, never copied) after separators."""
    from markupsafe import Markup, escape

    return Markup(_BREAK_AFTER.sub(r"\1<wbr>", str(escape(clean_text(text)))))


def _finalize(value: object) -> object:
    """Applied to every ``{{ }}`` before autoescaping: no control characters, no 'None'."""
    if value is None:
        return ""
    return clean_text(value) if type(value) is str else value


@cache
def _template() -> Template:
    # Imported here: jinja2 is needed only when a report is written, not on every CLI start.
    from jinja2 import Environment, StrictUndefined

    env = Environment(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["angka"] = angka
    env.filters["pecah"] = _break_points
    source = files("pipeline.validate.kepatuhan").joinpath(TEMPLATE).read_text(encoding="utf-8")
    return env.from_string(source)
