"""Rencana Aksi Kinerja per unit (landscape: sixteen columns) and the compiled Dokumen RAK."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.shared import Mm

from tools.templates.common import (
    ALL_UNITS,
    TABEL_KECIL,
    break_between,
    compiled_document,
    for_each,
    kop_document,
    par,
    save,
    signed_by,
    table,
    title,
    wide_section,
)
from tools.templates.pk import NEW_SASARAN

TW = ("I", "II", "III", "IV")
# No, Sasaran, Indikator, Satuan, Target, Program, Anggaran, 4 x Rencana Aksi, 4 x Target TW,
# Penanggung Jawab: 285 mm, the text width of landscape F4.
WIDTHS = [Mm(w) for w in (8, 24, 27, 12, 14, 24, 26, 20, 20, 20, 20, 11, 11, 11, 11, 26)]


def rak_table(doc: Any, r: str = "") -> None:
    """Title, the table and the head's signature; ``r`` is "" or "r." (inside a loop)."""
    title(
        doc,
        [
            "RENCANA AKSI KINERJA TAHUN {{ " + r + "tahun }}",
            "{{ " + r + "unit|upper }}",
            "{{ instansi.nama|upper }}",
        ],
        after=12,
    )
    grid = table(
        doc,
        WIDTHS,
        style=TABEL_KECIL,
        cell_margin=Mm(0.7),  # sixteen columns: every mm counts
        aligns=["c", "l", "l", "c", "c", "l", "r"] + ["l"] * 4 + ["c"] * 4 + ["l"],
    )
    first = len(grid.table.rows)
    grid.header(
        [
            "No.",
            "Sasaran",
            "Indikator Kinerja",
            "Satuan",
            "Target Tahunan",
            "Program/Kegiatan",
            "Anggaran",
            "Rencana Aksi",
            None,
            None,
            None,
            "Target Triwulan",
            None,
            None,
            None,
            "Penanggung Jawab",
        ],
        spans=[(7, 10), (11, 14)],
    )
    grid.header([None] * 7 + [f"TW {t}" for t in TW] + list(TW) + [None])
    for col in (*range(7), 15):
        grid.vspan(col, first, first + 1)
    grid.numbers()
    grid.loop(
        "i in " + r + "indikator",
        [
            "{{ i.no|angka }}",
            "{{ i.sasaran }}",
            "{{ i.indikator }}",
            "{{ i.satuan }}",
            "{{ i.target|target }}",
            "{{ i.program }}",
            "{{ i.anggaran|rupiah }}",
        ]
        + ["{{ i.rencana_aksi[" + str(q) + "] }}" for q in range(4)]
        + ["{{ i.target_tw[" + str(q) + "]|target }}" for q in range(4)]
        + ["{{ i.penanggung_jawab }}"],
        group=NEW_SASARAN,
    )
    grid.row(
        ["Jumlah Anggaran"]
        + [None] * 5
        + ["{{ " + r + "total_anggaran|rupiah }}", ""]
        + [None] * 8,
        bold=True,
        spans=[(0, 5), (7, 15)],
        align=["c"] * 6 + ["r"] + ["l"] * 9,
    )
    signed_by(doc, "kepala", r)


def make_rencana_aksi(path: Path) -> None:
    kop_document(path, rak_table, landscape=True)


def make_dokumen_rak(path: Path) -> None:
    footer = "Dokumen Rencana Aksi Kinerja Tahun {{ tahun }}"
    doc = compiled_document(
        footer,
        ["DOKUMEN", "RENCANA AKSI KINERJA", "TAHUN {{ tahun }}"],
        "Dokumen Rencana Aksi Kinerja",
        [
            "Rencana Aksi Kinerja menjabarkan target kinerja tahunan dalam Perjanjian Kinerja "
            "menjadi langkah-langkah dan target triwulanan yang terukur, sehingga kemajuan "
            "pencapaian kinerja dapat dipantau dan dikendalikan sepanjang tahun.",
            "Dokumen ini menghimpun Rencana Aksi Kinerja Tahun {{ tahun }} " + ALL_UNITS + " "
            "sebagai acuan pemantauan dan pengukuran kinerja triwulanan.",
        ],
    )
    # The landscape section starts a page itself: only the later units need a page break.
    wide_section(doc, footer)
    for_each(doc, "r", "rencana", rak_table, new_page=break_between)
    par(doc, "")
    save(doc, path)
