"""Form Pengukuran Kinerja per unit (landscape) and the Dokumen Pengukuran Kinerja with its
rekapitulasi per unit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.shared import Mm

from tools.templates.common import (
    TABEL_KECIL,
    Sig,
    cover,
    group_merge,
    kata_pengantar,
    kop_surat,
    new_document,
    new_section,
    page_break,
    par,
    running_footer,
    save,
    signatures,
    table,
    tag,
    text_width,
    title,
)
from tools.templates.pk import NEW_SASARAN

# No, Sasaran, Indikator, Satuan, Target, Target TW, Realisasi, Capaian, Kategori, Keterangan.
WIDTHS = [Mm(w) for w in (9, 42, 52, 16, 20, 20, 20, 20, 24, 62)]
# "Sangat Tinggi: 2; Tinggi: 1" from the indicators' categories (whatever scale is configured).
SEBARAN = (
    "{% for g in X|rejectattr('kategori', 'equalto', '')|groupby('kategori') %}"
    "{{ g.grouper }}: {{ g.list|length|angka }}{% if not loop.last %}; {% endif %}{% endfor %}"
    "{% if not X|rejectattr('kategori', 'equalto', '')|list %}-{% endif %}"
)


def form_table(doc: Any, p: str = "") -> None:
    """Title, the measurement table and the head's signature; ``p`` is "" or "p."."""
    title(
        doc,
        [
            "FORM PENGUKURAN KINERJA TRIWULAN {{ "
            + p
            + "triwulan|romawi }} TAHUN {{ "
            + p
            + "tahun }}",
            "{{ " + p + "unit|upper }}",
            "{{ instansi.nama|upper }}",
        ],
        after=4,
    )
    par(doc, "Keadaan sampai dengan {{ " + p + "periode }}", align="c", after=12)
    grid = table(
        doc, WIDTHS, style=TABEL_KECIL, aligns=["c", "l", "l", "c", "c", "c", "c", "c", "c", "l"]
    )
    grid.header(
        [
            "No.",
            "Sasaran",
            "Indikator Kinerja",
            "Satuan",
            "Target Tahunan",
            "Target TW {{ " + p + "triwulan|romawi }}",
            "Realisasi",
            "Capaian",
            "Kategori",
            "Keterangan",
        ]
    )
    grid.numbers()
    grid.tr("{%tr for i in " + p + "indikator %}")
    row = grid.row(
        [
            "{{ i.no|angka }}",
            "{{ i.sasaran }}",
            "{{ i.indikator }}",
            "{{ i.satuan }}",
            "{{ i.target|target }}",
            "{{ i.target_tw[" + p + "triwulan - 1]|target }}",
            "{{ i.realisasi|angka }}",
            "{{ i.capaian|persen }}",
            "{{ i.kategori or '-' }}",
            "{{ i.capaian_catatan }}",
        ]
    )
    group_merge(row.cells[1], NEW_SASARAN)
    grid.tr("{%tr endfor %}")
    par(
        doc,
        'Realisasi dan capaian bertanda "-" belum dapat dihitung (lihat Keterangan).',
        size=8,
        before=4,
    )
    signatures(
        doc, None, Sig(p + "kepala", date="{{ " + p + "tempat }}, {{ " + p + "tanggal|tanggal }}")
    )


def make_form_pengukuran(path: Path) -> None:
    doc = new_document(landscape=True)
    kop_surat(doc)
    form_table(doc)
    save(doc, path)


def _rekap(doc: Any) -> None:
    title(
        doc,
        [
            "REKAPITULASI PENGUKURAN KINERJA TRIWULAN {{ triwulan|romawi }} TAHUN {{ tahun }}",
            "{{ instansi.nama|upper }}",
        ],
        after=4,
    )
    par(doc, "Keadaan sampai dengan {{ periode }}", align="c", after=12)
    widths = [Mm(w) for w in (9, 62, 60, 24, 24, 24, 82)]
    grid = table(doc, widths, aligns=["c", "l", "l", "c", "c", "c", "l"])
    grid.header(
        [
            "No.",
            "Unit Kerja",
            "Kepala Unit Kerja",
            "Jumlah Indikator",
            "Sudah Diukur",
            "Belum Diukur",
            "Sebaran Kategori Capaian",
        ]
    )
    grid.numbers()
    grid.tr("{%tr for p in pengukuran %}")
    grid.row(
        [
            "{{ loop.index }}",
            "{{ p.unit }}",
            "{{ p.kepala.nama }}",
            "{{ p.indikator|length|angka }}",
            "{{ p.indikator|rejectattr('capaian', 'none')|list|length|angka }}",
            "{{ p.indikator|selectattr('capaian', 'none')|list|length|angka }}",
            SEBARAN.replace("X", "p.indikator"),
        ]
    )
    grid.tr("{%tr endfor %}")
    semua = "pengukuran|map(attribute='indikator')"
    grid.row(
        [
            "Jumlah",
            None,
            None,
            "{{ " + semua + "|map('length')|sum|angka }}",
            "{{ " + semua + "|map('rejectattr', 'capaian', 'none')|map('list')|map('length')"
            "|sum|angka }}",
            "{{ " + semua + "|map('selectattr', 'capaian', 'none')|map('list')|map('length')"
            "|sum|angka }}",
            "",
        ],
        bold=True,
        spans=[(0, 2)],
        align=["c"] * 6 + ["l"],
    )
    signatures(doc, None, Sig("penandatangan", date="{{ tempat }}, {{ tanggal|tanggal }}"))


def make_dokumen_pengukuran(path: Path) -> None:
    doc = new_document()
    first = doc.sections[0]
    first.different_first_page_header_footer = True
    footer = "Dokumen Pengukuran Kinerja Triwulan {{ triwulan|romawi }} Tahun {{ tahun }}"
    running_footer(first, footer, text_width(doc))
    cover(
        doc,
        ["DOKUMEN", "PENGUKURAN KINERJA", "TRIWULAN {{ triwulan|romawi }}", "TAHUN {{ tahun }}"],
        subtitle=["Keadaan sampai dengan {{ periode }}"],
    )
    kata_pengantar(
        doc,
        "Dokumen Pengukuran Kinerja Triwulan {{ triwulan|romawi }}",
        [
            "Pengukuran kinerja membandingkan realisasi dengan target setiap indikator kinerja "
            "dalam Perjanjian Kinerja, sehingga kemajuan pencapaian sasaran dapat diketahui "
            "sejak dini dan langkah perbaikan dapat segera diambil.",
            "Dokumen ini memuat rekapitulasi pengukuran kinerja seluruh unit kerja dan Form "
            "Pengukuran Kinerja setiap unit kerja sampai dengan {{ periode }}.",
        ],
        "penandatangan",
    )
    wide = new_section(doc, landscape=True)
    running_footer(wide, footer, text_width(doc))
    _rekap(doc)
    tag(doc, "{%p for p in pengukuran %}")
    page_break(doc)
    form_table(doc, "p.")
    tag(doc, "{%p endfor %}")
    save(doc, path)
