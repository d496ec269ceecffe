"""The summary table ``sakip validate`` prints on the terminal."""

from __future__ import annotations

from pipeline.ingest.findings import Report
from pipeline.office.textable import angka, render_table
from pipeline.validate.kepatuhan.content import NO_UNIT_TITLE, status_label, totals

HEADERS = ("Kode", "Unit", "Status", "Galat", "Peringatan")
SCREENFUL = 20
"""Galat listed on the terminal; the rest are in the laporan kepatuhan."""


def summary_table(report: Report) -> str:
    """One row per unit, a row for files of no known unit if any, and a closing line:
    '5 unit: 4 lengkap, 1 belum lengkap, 0 tidak menyerahkan; 7 galat, 3 peringatan.'
    """
    total = totals(report)
    rows: list[list[str]] = [
        [u.code, u.name, status_label(u), angka(u.errors), angka(u.warnings)] for u in report.units
    ]
    if total.no_unit_errors or total.no_unit_warnings:
        # Without this row the unit rows would not add up to the totals below.
        rows.append(
            ["-", NO_UNIT_TITLE, "-", angka(total.no_unit_errors), angka(total.no_unit_warnings)]
        )
    closing = (
        f"{angka(total.units)} unit: {angka(total.lengkap)} lengkap, "
        f"{angka(total.belum_lengkap)} belum lengkap, "
        f"{angka(total.tidak_menyerahkan)} tidak menyerahkan; "
        f"{angka(total.errors)} galat, {angka(total.warnings)} peringatan."
    )
    return f"{render_table(HEADERS, rows, 'lllrr')}\n\n{closing}{_errors(report)}"


def _errors(report: Report) -> str:
    """The galat themselves, up to a screenful: unit, where, and the message."""
    errors = [f for f in report.findings if f.severity == "galat"]
    if not errors:
        return ""
    lines = ["", "", "Galat:"]
    for f in errors[:SCREENFUL]:
        # A message that names its cell already ("Sel D21 (kolom ...)") needs it only once.
        cell = "" if f.message.startswith(f"Sel {f.cell}") else f.cell and f"sel {f.cell}"
        where = ", ".join(part for part in (f.file, f.sheet, cell) if part)
        lines.append(
            f"- {f.unit or '?'}: {where}: {f.message}" if where else f"- {f.unit}: {f.message}"
        )
    if len(errors) > SCREENFUL:
        rest = len(errors) - SCREENFUL
        lines.append(f"... dan {angka(rest)} galat lagi; lihat laporan kepatuhan (HTML atau xlsx).")
    return "\n".join(lines)
