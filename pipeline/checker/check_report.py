"""The laporan for the Sub Bagian Program: one HTML page that prints, one xlsx to filter.

Both are written atomically. Without a date (``dibuat``) the same results give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pipeline.checker.result import STATUS_LABELS, CheckResult

REPORT_NAME = "laporan-pemeriksaan-pdf"
TITLE = "Laporan Pemeriksaan Kelengkapan Dokumen Kinerja"
SUMMARY_HEADERS = (
    "No",
    "Berkas",
    "Jenis dokumen",
    "Status",
    "Jumlah halaman",
    "Bagian belum ada",
)
DETAIL_HEADERS = ("Berkas", "Jenis dokumen", "Bagian", "Ditemukan", "Halaman")
PROBLEM_HEADERS = ("Berkas", "Status", "Catatan")


def write_reports(
    results: Sequence[CheckResult],
    folder: Path,
    *,
    instansi: str = "",
    dibuat: dt.date | None = None,
    kertas: str = "F4",
) -> list[Path]:
    """Write ``laporan-pemeriksaan-pdf.html`` and ``.xlsx`` into ``folder``; return both."""
    from pipeline.checker.check_report_html import write_html
    from pipeline.checker.check_report_xlsx import write_xlsx

    return [
        write_html(results, folder / f"{REPORT_NAME}.html", instansi, dibuat, kertas),
        write_xlsx(results, folder / f"{REPORT_NAME}.xlsx", dibuat),
    ]


def summary_line(results: Sequence[CheckResult]) -> str:
    """'3 berkas diperiksa: 1 lengkap, 1 tidak lengkap, ...'."""
    counts: Counter[str] = Counter(r.status for r in results)
    parts = [f"{counts[status]} {label}" for status, label in STATUS_LABELS.items()]
    return f"{len(results)} berkas diperiksa: {', '.join(parts)}."


def summary_rows(results: Sequence[CheckResult]) -> list[list[str | int]]:
    return [
        [
            i,
            r.file,
            r.title or r.document_type or "-",
            r.status_label,
            r.pages or "-",
            "; ".join(r.missing) or "-",
        ]
        for i, r in enumerate(results, 1)
    ]


def detail_rows(results: Sequence[CheckResult]) -> list[list[str | int]]:
    return [
        [r.file, r.title or "-", s.name, "ya" if s.found else "tidak", s.page or "-"]
        for r in results
        for s in r.sections
    ]


def problem_rows(results: Sequence[CheckResult]) -> list[list[str | int]]:
    return [[r.file, r.status_label, p] for r in results for p in r.problems]
