"""Documents per pegawai: the Indikator Kinerja Individu (IKI) and its compilation, the
Laporan Kinerja Individu (LKI) and its rekapitulasi."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.shared import Length, Mm

from tools.templates.common import (
    TABEL_KECIL,
    Grid,
    compiled_document,
    data_table,
    for_each,
    group_merge,
    held_units_note,
    kop_document,
    kop_surat,
    label_table,
    new_document,
    par,
    running_footer,
    save,
    signed_by,
    signed_pair,
    table,
    text_width,
    title,
)

LETTERS = "'abcdefghijklmnopqrstuvwxyz'[loop.index0]"
NEW_KINERJA = "loop.first or b.kinerja != loop.previtem.kinerja"


def _sign(doc: Any, k: str) -> None:
    signed_pair(doc, k, ("atasan", "Atasan Langsung,"), ("pegawai", "Pegawai yang Bersangkutan,"))


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
    ident.loop(
        "f in " + k + "fungsi",
        [
            "{{ '3.' if loop.first else '' }}",
            "{{ 'Fungsi' if loop.first else '' }}",
            "{{ ':' if loop.first else '' }}",
            "{{ " + LETTERS + " }}.",
            "{{ f }}",
        ],
    )
    par(doc, "", after=10)
    grid = data_table(
        doc,
        [
            ("No.", 9, "c"),
            ("Sasaran Kinerja", 30, "l"),
            ("Indikator Kinerja Individu", 34, "l"),
            ("Penjelasan/Formulasi Perhitungan", None, "l"),
            ("Sumber Data", 24, "l"),
            ("Satuan", 16, "c"),
            ("Target", 18, "c"),
        ],
        numbers=True,
    )
    grid.loop(
        "b in " + k + "baris",
        [
            "{{ b.no|angka }}",
            "{{ b.kinerja }}",
            "{{ b.indikator }}",
            "{{ b.formulasi }}",
            "{{ b.sumber_data }}",
            "{{ b.satuan }}",
            "{{ b.target|target }}",
        ],
        group=NEW_KINERJA,
    )
    _sign(doc, k)


def make_iki(path: Path) -> None:
    kop_document(path, iki_body)


def make_dokumen_iki(path: Path) -> None:
    doc = compiled_document(
        "Dokumen Indikator Kinerja Individu Tahun {{ tahun }}",
        ["DOKUMEN", "INDIKATOR KINERJA INDIVIDU", "TAHUN {{ tahun }}"],
        "Dokumen Indikator Kinerja Individu",
        [
            "Indikator Kinerja Individu menjabarkan kinerja organisasi ke dalam kinerja setiap "
            "pegawai sesuai jabatan, tugas dan fungsinya, sehingga setiap pegawai mengetahui "
            "kontribusinya terhadap sasaran strategis perangkat daerah.",
            "Dokumen ini menghimpun Indikator Kinerja Individu Tahun {{ tahun }} {% if "
            "ditahan %}pegawai unit kerja yang datanya telah lengkap{% else %}seluruh "
            "pegawai{% endif %} sebagai dasar penyusunan Laporan Kinerja Individu.",
        ],
    )
    for_each(doc, "k", "iki", iki_body)
    save(doc, path)


def _lki(doc: Any) -> None:
    title(doc, ["LAPORAN KINERJA INDIVIDU", "PERIODE {{ periode|upper }}"], after=12)
    label_table(
        doc,
        Mm(40),
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
    grid = data_table(
        doc,
        [
            # Ten columns: landscape, so no header or number breaks inside a word.
            ("No.", 9, "c"),
            ("Sasaran Kinerja", 36, "l"),
            ("Indikator Kinerja Individu", None, "l"),
            ("Satuan", 18, "c"),
            # Wide enough for "12.500.000.000", a rupiah target.
            ("Target Tahunan", 28, "c"),
            ("{{ basis }}", 28, "c"),
            ("Realisasi", 28, "c"),
            ("Capaian", 18, "c"),
            ("Kategori", 22, "c"),
            ("Keterangan", 40, "l"),
        ],
        style=TABEL_KECIL,
        numbers=True,
    )
    grid.loop(
        "b in baris",
        [
            "{{ b.no|angka }}",
            "{{ b.kinerja }}",
            "{{ b.indikator }}",
            "{{ b.satuan }}",
            "{{ b.target|target }}",
            "{{ b.target_capaian|target }}",
            "{{ b.realisasi|angka }}",
            "{{ b.capaian|persen }}",
            "{{ b.kategori or '-' }}",
            "{{ b.catatan }}",
        ],
        group=NEW_KINERJA,
    )
    _sign(doc, "")


def make_lki(path: Path) -> None:
    kop_document(path, _lki, landscape=True)


def _rekap_table(doc: Any) -> Grid:
    grid = data_table(
        doc,
        [
            ("No.", 9, "c"),
            ("Nama / NIP", 46, "l"),
            ("Jabatan", 39, "l"),
            ("Unit Kerja", 35, "l"),
            ("Jumlah IKI", 18, "c"),
            ("Indikator Kinerja Individu", 55, "l"),
            ("{{ basis }}", 18, "c"),
            ("Realisasi", 18, "c"),
            ("Capaian", 20, "c"),
            ("Kategori", 27, "c"),
        ],
        style=TABEL_KECIL,
        numbers=True,
    )
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
    row = grid.loop(
        "b in l.baris",
        [
            *pegawai,
            "{{ b.indikator }}",
            "{{ b.target_capaian|target }}",
            "{{ b.realisasi|angka }}",
            "{{ b.capaian|persen }}",
            "{{ b.kategori or '-' }}",
        ],
    )
    # The pegawai's own columns span the rows of its indicators.
    for col in range(5):
        group_merge(row.cells[col], "loop.first")
    grid.tr("{%tr else %}")
    grid.row(
        [*pegawai, "Belum ada indikator kinerja individu", None, None, None, None], spans=[(5, 9)]
    )
    grid.tr("{%tr endif %}")
    grid.tr("{%tr endfor %}")
    return grid


def _rekap_lki(doc: Any) -> None:
    title(doc, ["REKAPITULASI LAPORAN KINERJA INDIVIDU", "PERIODE {{ periode|upper }}"], after=12)
    _rekap_table(doc)
    par(doc, "", after=4)
    held_units_note(doc, "Rekapitulasi ini belum memuat pegawai unit kerja berikut:")
    signed_by(doc, "penandatangan")


def make_rekap_lki(path: Path) -> None:
    # Many pages for an office of many pegawai: numbered, as the other compilations are.
    doc = new_document(landscape=True)
    running_footer(
        doc.sections[0],
        "Rekapitulasi Laporan Kinerja Individu Periode {{ periode }}",
        text_width(doc),
    )
    kop_surat(doc)
    _rekap_lki(doc)
    save(doc, path)
