"""The summary table ``sakip validate`` prints on the terminal."""

from __future__ import annotations

from pipeline.ingest.findings import Report
from pipeline.office.textable import angka, render_table
from pipeline.validate.kepatuhan.content import NO_UNIT_TITLE, status_label, totals

HEADERS = ("Kode", "Unit", "Status", "Galat", "Peringatan")


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
    return f"{render_table(HEADERS, rows, 'lllrr')}\n\n{closing}"
