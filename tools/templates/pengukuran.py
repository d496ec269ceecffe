"""Form Pengukuran Kinerja per unit (landscape) and the Dokumen Pengukuran Kinerja with its
rekapitulasi per unit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tools.templates.common import (
    ALL_UNITS,
    TABEL_KECIL,
    compiled_document,
    data_table,
    for_each,
    held_units_note,
    kop_document,
    par,
    save,
    signed_by,
    title,
    wide_section,
)
from tools.templates.pk import NEW_SASARAN

# "Sangat Tinggi: 2; Tinggi: 1": the categories in the order of the configured scale.
SEBARAN = (
    "{% for s in X %}{{ s.kategori }}: {{ s.jumlah|angka }}{% if not loop.last %}; {% endif %}"
    "{% endfor %}{% if not X %}-{% endif %}"
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
    grid = data_table(
        doc,
        [
            ("No.", 9, "c"),
            ("Sasaran", 42, "l"),
            ("Indikator Kinerja", 52, "l"),
            ("Satuan", 16, "c"),
            ("Target Tahunan", 20, "c"),
            ("{{ " + p + "basis }}", 20, "c"),
            ("Realisasi", 20, "c"),
            ("Capaian", 20, "c"),
            ("Kategori", 24, "c"),
            ("Keterangan", 62, "l"),
        ],
        style=TABEL_KECIL,
        numbers=True,
    )
    grid.loop(
        "i in " + p + "indikator",
        [
            "{{ i.no|angka }}",
            "{{ i.sasaran }}",
            "{{ i.indikator }}",
            "{{ i.satuan }}",
            "{{ i.target|target }}",
            "{{ i.target_capaian|target }}",
            "{{ i.realisasi|angka }}",
            "{{ i.capaian|persen }}",
            "{{ i.kategori or '-' }}",
            "{{ i.capaian_catatan }}",
        ],
        group=NEW_SASARAN,
    )
    par(
        doc,
        "Capaian dihitung terhadap {{ " + p + "basis }} (target triwulan sampai dengan "
        "triwulan berjalan, digabung menurut agregasi indikator) dari realisasi dan target "
        "sebagaimana tercetak (dibulatkan dua desimal, setengah ke atas). Realisasi dan capaian "
        'bertanda "-" belum dapat dihitung (lihat Keterangan).',
        size=8,
        before=4,
    )
    signed_by(doc, "kepala", p)


def make_form_pengukuran(path: Path) -> None:
    kop_document(path, form_table, landscape=True)


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
    grid = data_table(
        doc,
        [
            ("No.", 9, "c"),
            ("Unit Kerja", 62, "l"),
            ("Kepala Unit Kerja", 60, "l"),
            ("Jumlah Indikator", 24, "c"),
            ("Sudah Diukur", 24, "c"),
            ("Belum Diukur", 24, "c"),
            ("Sebaran Kategori Capaian", 82, "l"),
        ],
        numbers=True,
    )
    grid.loop(
        "p in pengukuran",
        [
            "{{ loop.index }}",
            "{{ p.unit }}",
            "{{ p.kepala.nama }}",
            "{{ p.indikator|length|angka }}",
            "{{ p.indikator|rejectattr('capaian', 'none')|list|length|angka }}",
            "{{ p.indikator|selectattr('capaian', 'none')|list|length|angka }}",
            SEBARAN.replace("X", "p.sebaran"),
        ],
    )
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
    par(doc, "", after=4)
    held_units_note(doc, "Rekapitulasi ini belum memuat unit kerja berikut:")
    signed_by(doc, "penandatangan")


def make_dokumen_pengukuran(path: Path) -> None:
    footer = "Dokumen Pengukuran Kinerja Triwulan {{ triwulan|romawi }} Tahun {{ tahun }}"
    doc = compiled_document(
        footer,
        ["DOKUMEN", "PENGUKURAN KINERJA", "TRIWULAN {{ triwulan|romawi }}", "TAHUN {{ tahun }}"],
        "Dokumen Pengukuran Kinerja Triwulan {{ triwulan|romawi }}",
        [
            "Pengukuran kinerja membandingkan realisasi dengan target setiap indikator kinerja "
            "dalam Perjanjian Kinerja, sehingga kemajuan pencapaian sasaran dapat diketahui "
            "sejak dini dan langkah perbaikan dapat segera diambil.",
            "Dokumen ini memuat rekapitulasi pengukuran kinerja " + ALL_UNITS + " dan Form "
            "Pengukuran Kinerja setiap unit kerja tersebut sampai dengan {{ periode }}.",
        ],
        subtitle=["Keadaan sampai dengan {{ periode }}"],
    )
    wide_section(doc, footer)
    _rekap(doc)
    for_each(doc, "p", "pengukuran", form_table)
    save(doc, path)
