"""Perjanjian Kinerja (PermenPAN-RB 53/2014) per unit and tier, and the compiled Dokumen
Perjanjian Kinerja."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.shared import Mm

from tools.templates.common import (
    ALL_UNITS,
    ISI,
    TABEL,
    Grid,
    compiled_document,
    data_table,
    for_each,
    held_units_note,
    kop_document,
    label_table,
    page_break,
    par,
    save,
    signed_pair,
    title,
)

PEMBUKA = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel "
    "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
)
JANJI_PERTAMA = (
    "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran "
    "perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah "
    "ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja "
    "tersebut menjadi tanggung jawab kami."
)
JANJI_KEDUA = (
    "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi "
    "terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam "
    "rangka pemberian penghargaan dan sanksi."
)
# A sasaran cell spans the rows of its indicators.
NEW_SASARAN = "loop.first or i.sasaran != loop.previtem.sasaran"


def _v(p: str, name: str) -> str:
    """``{{ p.name }}`` (``p`` is "" in a single PK, "p." inside the loop of the Dokumen PK)."""
    return "{{ " + p + name + " }}"


def _pihak(doc: Any, p: str, who: str, disebut: str) -> None:
    grid = label_table(doc, Mm(35), indent=Mm(10))
    o = p + who
    grid.row(["Nama", ":", [("{{ " + o + ".nama }}", "b")]])
    grid.tr("{%tr if " + o + ".nip %}")
    grid.row(["NIP", ":", "{{ " + o + ".nip }}"])
    grid.tr("{%tr endif %}")
    grid.tr("{%tr if " + o + ".pangkat %}")
    grid.row(["Pangkat/Golongan", ":", "{{ " + o + ".pangkat }}"])
    grid.tr("{%tr endif %}")
    grid.row(["Jabatan", ":", "{{ " + o + ".jabatan }}"])
    par(doc, disebut, style=ISI, before=6)


def _sign(doc: Any, p: str) -> None:
    signed_pair(doc, p, ("pihak_kedua", "Pihak Kedua,"), ("pihak_pertama", "Pihak Pertama,"))


def pernyataan(doc: Any, p: str = "") -> None:
    """The first page: the parties and their promises, signed."""
    title(
        doc, ["PERJANJIAN KINERJA TAHUN " + _v(p, "tahun"), "{{ " + p + "unit|upper }}"], after=18
    )
    par(doc, PEMBUKA, style=ISI)
    _pihak(doc, p, "pihak_pertama", "selanjutnya disebut pihak pertama.")
    _pihak(doc, p, "pihak_kedua", "selaku atasan pihak pertama, selanjutnya disebut pihak kedua.")
    par(doc, JANJI_PERTAMA, style=ISI, first_line=Mm(12.5))
    par(doc, JANJI_KEDUA, style=ISI, first_line=Mm(12.5))
    _sign(doc, p)


def kinerja_table(
    doc: Any,
    items: str,
    *,
    style: str = TABEL,
    target: tuple[str, str] = ("Target", "{{ i.target|target }}"),
    bagian: bool = False,
    sasaran: str = "Sasaran Strategis",
) -> Grid:
    """Sasaran strategis, indikator kinerja, satuan, target: the first table of a PK.
    ``target`` is the last column's (header, cell): the LKjIP shows the Renstra's there."""
    grid = data_table(
        doc,
        [
            ("No.", 9, "c"),
            (sasaran, 50, "l"),
            ("Indikator Kinerja", None, "l"),
            ("Satuan", 25, "c"),
            (target[0], 30, "c"),
        ],
        style=style,
    )
    grid.loop(
        "i in " + items,
        ["{{ i.no|angka }}", "{{ i.sasaran }}", "{{ i.indikator }}", "{{ i.satuan }}", target[1]],
        group=NEW_SASARAN,
        bagian=bagian,
    )
    return grid


def lampiran(doc: Any, p: str = "") -> None:
    """The lampiran: sasaran, indikator, target; program and anggaran with the total."""
    par(doc, [("LAMPIRAN", "b")], size=10)
    title(
        doc, ["PERJANJIAN KINERJA TAHUN " + _v(p, "tahun"), "{{ " + p + "unit|upper }}"], after=12
    )
    kinerja_table(doc, p + "indikator", bagian=True, sasaran="{{ " + p + "kolom_sasaran }}")
    par(doc, "", after=12)
    anggaran = data_table(
        doc,
        [
            ("No.", 9, "c"),
            ("Program/Kegiatan", None, "l"),
            ("Anggaran", 40, "r"),
            ("Keterangan", 40, "l"),
        ],
    )
    anggaran.loop(
        "pr in " + p + "program",
        [
            "{{ pr.no|angka }}",
            "{{ pr.program }}",
            "{{ pr.anggaran|rupiah }}",
            "{{ pr.keterangan }}",
        ],
    )
    anggaran.row(
        ["Jumlah", None, "{{ " + p + "total_anggaran|rupiah }}", ""],
        bold=True,
        spans=[(0, 1)],
        align=["c", "c", "r", "l"],
    )
    held_units_note(doc, "Lampiran ini belum memuat indikator unit kerja berikut:", p)
    _sign(doc, p)


def perjanjian(doc: Any, p: str = "") -> None:
    """The pernyataan, then the lampiran on a page of its own."""
    pernyataan(doc, p)
    page_break(doc)
    lampiran(doc, p)


def make_perjanjian_kinerja(path: Path) -> None:
    kop_document(path, perjanjian)


def make_dokumen_pk(path: Path) -> None:
    doc = compiled_document(
        "Dokumen Perjanjian Kinerja Tahun {{ tahun }}",
        ["DOKUMEN", "PERJANJIAN KINERJA", "TAHUN {{ tahun }}"],
        "Dokumen Perjanjian Kinerja",
        [
            "Perjanjian Kinerja merupakan lembar/dokumen yang berisikan penugasan dari pimpinan "
            "instansi yang lebih tinggi kepada pimpinan instansi yang lebih rendah untuk "
            "melaksanakan program/kegiatan yang disertai dengan indikator kinerja, sebagaimana "
            "diatur dalam Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi "
            "Birokrasi Nomor 53 Tahun 2014.",
            "Dokumen ini menghimpun Perjanjian Kinerja Tahun {{ tahun }} " + ALL_UNITS + " "
            "beserta lampirannya, sebagai acuan pelaksanaan, pemantauan dan pengukuran kinerja "
            "selama tahun berjalan.",
        ],
    )
    for_each(doc, "p", "perjanjian", perjanjian)
    save(doc, path)
