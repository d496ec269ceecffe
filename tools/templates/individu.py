"""Documents per pegawai: the Indikator Kinerja Individu (IKI) and its compilation, the
Laporan Kinerja Individu (LKI) and its rekapitulasi."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.shared import Length, Mm

from tools.templates.common import (
    TABEL_KECIL,
    Grid,
    Sig,
    cover,
    group_merge,
    kata_pengantar,
    kop_surat,
    label_rows,
    new_document,
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

LETTERS = "'abcdefghijklmnopqrstuvwxyz'[loop.index0]"
NEW_KINERJA = "loop.first or b.kinerja != loop.previtem.kinerja"


def _sign(doc: Any, k: str) -> None:
    signatures(
        doc,
        Sig(k + "atasan", heading=["Atasan Langsung,"]),
        Sig(
            k + "pegawai",
            heading=["Pegawai yang Bersangkutan,"],
            date="{{ " + k + "tempat }}, {{ " + k + "tanggal|tanggal }}",
        ),
    )


def iki_body(doc: Any, k: str = "") -> None:
    """Title, jabatan/tugas/fungsi, the indicator table and the signatures of one pegawai;
    ``k`` is "" or "k." (inside the loop of the Dokumen IKI)."""
    width = text_width(doc)
    title(
        doc,
        ["INDIKATOR KINERJA INDIVIDU", "{{ " + k + "unit|upper }}", "TAHUN {{ " + k + "tahun }}"],
        after=12,
    )
    ident = table(
        doc,
        [Mm(7), Mm(22), Mm(4), Mm(7), Length(width - Mm(40))],
        borders=False,
        style="Normal",
        aligns=["l", "l", "l", "l", "j"],
    )
    ident.row(["1.", "Jabatan", ":", "{{ " + k + "pegawai.jabatan }}", None], spans=[(3, 4)])
    ident.row(["2.", "Tugas", ":", "{{ " + k + "tugas }}", None], spans=[(3, 4)])
    ident.tr("{%tr for f in " + k + "fungsi %}")
    ident.row(
        [
            "{{ '3.' if loop.first else '' }}",
            "{{ 'Fungsi' if loop.first else '' }}",
            "{{ ':' if loop.first else '' }}",
            "{{ " + LETTERS + " }}.",
            "{{ f }}",
        ]
    )
    ident.tr("{%tr endfor %}")
    par(doc, "", after=10)
    grid = table(
        doc,
        [Mm(9), Mm(30), Mm(34), Length(width - Mm(131)), Mm(24), Mm(16), Mm(18)],
        aligns=["c", "l", "l", "l", "l", "c", "c"],
    )
    grid.header(
        [
            "No.",
            "Sasaran Kinerja",
            "Indikator Kinerja Individu",
            "Penjelasan/Formulasi Perhitungan",
            "Sumber Data",
            "Satuan",
            "Target",
        ]
    )
    grid.numbers()
    grid.tr("{%tr for b in " + k + "baris %}")
    row = grid.row(
        [
            "{{ b.no|angka }}",
            "{{ b.kinerja }}",
            "{{ b.indikator }}",
            "{{ b.formulasi }}",
            "{{ b.sumber_data }}",
            "{{ b.satuan }}",
            "{{ b.target|target }}",
        ]
    )
    group_merge(row.cells[1], NEW_KINERJA)
    grid.tr("{%tr endfor %}")
    _sign(doc, k)


def make_iki(path: Path) -> None:
    doc = new_document()
    kop_surat(doc)
    iki_body(doc)
    save(doc, path)


def make_dokumen_iki(path: Path) -> None:
    doc = new_document()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    running_footer(section, "Dokumen Indikator Kinerja Individu Tahun {{ tahun }}", text_width(doc))
    cover(doc, ["DOKUMEN", "INDIKATOR KINERJA INDIVIDU", "TAHUN {{ tahun }}"])
    kata_pengantar(
        doc,
        "Dokumen Indikator Kinerja Individu",
        [
            "Indikator Kinerja Individu menjabarkan kinerja organisasi ke dalam kinerja setiap "
            "pegawai sesuai jabatan, tugas dan fungsinya, sehingga setiap pegawai mengetahui "
            "kontribusinya terhadap sasaran strategis perangkat daerah.",
            "Dokumen ini menghimpun Indikator Kinerja Individu Tahun {{ tahun }} seluruh "
            "pegawai sebagai dasar penyusunan Laporan Kinerja Individu.",
        ],
        "penandatangan",
    )
    tag(doc, "{%p for k in iki %}")
    page_break(doc)
    iki_body(doc, "k.")
    tag(doc, "{%p endfor %}")
    save(doc, path)


def make_lki(path: Path) -> None:
    doc = new_document()
    kop_surat(doc)
    width = text_width(doc)
    title(doc, ["LAPORAN KINERJA INDIVIDU", "PERIODE {{ periode|upper }}"], after=12)
    ident = table(doc, [Mm(40), Mm(4), Length(width - Mm(44))], borders=False, style="Normal")
    label_rows(
        ident,
        [
            ("Nama", [("{{ pegawai.nama }}", "b")]),
            ("NIP", "{{ pegawai.nip }}"),
            ("Pangkat/Golongan", "{{ pegawai.pangkat }}"),
            ("Jabatan", "{{ pegawai.jabatan }}"),
            ("Unit Kerja", "{{ unit }}"),
            ("Atasan Langsung", "{{ atasan.nama }} ({{ atasan.jabatan }})"),
        ],
    )
    par(doc, "", after=10)
    grid = table(
        doc,
        [Mm(9), Mm(26), Length(width - Mm(138)), Mm(13), Mm(14), Mm(17), Mm(16), Mm(18), Mm(25)],
        style=TABEL_KECIL,
        aligns=["c", "l", "l", "c", "c", "c", "c", "c", "l"],
    )
    grid.header(
        [
            "No.",
            "Sasaran Kinerja",
            "Indikator Kinerja Individu",
            "Satuan",
            "Target",
            "Realisasi",
            "Capaian",
            "Kategori",
            "Keterangan",
        ]
    )
    grid.numbers()
    grid.tr("{%tr for b in baris %}")
    row = grid.row(
        [
            "{{ b.no|angka }}",
            "{{ b.kinerja }}",
            "{{ b.indikator }}",
            "{{ b.satuan }}",
            "{{ b.target|target }}",
            "{{ b.realisasi|angka }}",
            "{{ b.capaian|persen }}",
            "{{ b.kategori or '-' }}",
            "{% if b.realisasi is none %}Realisasi belum diisi{% endif %}",
        ]
    )
    group_merge(row.cells[1], NEW_KINERJA)
    grid.tr("{%tr endfor %}")
    _sign(doc, "")
    save(doc, path)


def _rekap_table(doc: Any) -> Grid:
    widths = [Mm(w) for w in (9, 46, 39, 35, 18, 55, 18, 18, 20, 27)]
    grid = table(
        doc, widths, style=TABEL_KECIL, aligns=["c", "l", "l", "l", "c", "l", "c", "c", "c", "c"]
    )
    grid.header(
        [
            "No.",
            "Nama / NIP",
            "Jabatan",
            "Unit Kerja",
            "Jumlah IKI",
            "Indikator Kinerja Individu",
            "Target",
            "Realisasi",
            "Capaian",
            "Kategori",
        ]
    )
    grid.numbers()
    pegawai = [
        "{{ nomor }}",
        ["{{ l.pegawai.nama }}", "NIP {{ l.pegawai.nip }}"],
        "{{ l.pegawai.jabatan }}",
        "{{ l.unit }}",
        "{{ l.baris|length|angka }}",
    ]
    grid.tr("{%tr for l in laporan %}")
    grid.tr("{%tr set nomor = loop.index %}")
    grid.tr("{%tr if l.baris %}")
    grid.tr("{%tr for b in l.baris %}")
    row = grid.row(
        [
            *pegawai,
            "{{ b.indikator }}",
            "{{ b.target|target }}",
            "{{ b.realisasi|angka }}",
            "{{ b.capaian|persen }}",
            "{{ b.kategori or '-' }}",
        ]
    )
    for col in range(5):
        group_merge(row.cells[col], "loop.first")
    grid.tr("{%tr endfor %}")
    grid.tr("{%tr else %}")
    grid.row(
        [*pegawai, "Belum ada indikator kinerja individu", None, None, None, None], spans=[(5, 9)]
    )
    grid.tr("{%tr endif %}")
    grid.tr("{%tr endfor %}")
    return grid


def make_rekap_lki(path: Path) -> None:
    doc = new_document(landscape=True)
    kop_surat(doc)
    title(doc, ["REKAPITULASI LAPORAN KINERJA INDIVIDU", "PERIODE {{ periode|upper }}"], after=12)
    _rekap_table(doc)
    signatures(doc, None, Sig("penandatangan", date="{{ tempat }}, {{ tanggal|tanggal }}"))
    save(doc, path)
