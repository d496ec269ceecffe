"""Perjanjian Kinerja (PermenPAN-RB 53/2014) per unit and tier, and the compiled Dokumen
Perjanjian Kinerja."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.shared import Length, Mm

from tools.templates.common import (
    ISI,
    Grid,
    Sig,
    cover,
    group_merge,
    kata_pengantar,
    kop_surat,
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
    width = text_width(doc)
    indent = Mm(10)
    grid = table(
        doc,
        [Mm(35), Mm(4), Length(width - indent - Mm(39))],
        borders=False,
        style="Normal",
        indent=indent,
        align="l",
    )
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
    signatures(
        doc,
        Sig(p + "pihak_kedua", heading=["Pihak Kedua,"]),
        Sig(
            p + "pihak_pertama",
            heading=["Pihak Pertama,"],
            date=_v(p, "tempat") + ", {{ " + p + "tanggal|tanggal }}",
        ),
    )


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


def kinerja_table(doc: Any, items: str) -> Grid:
    """Sasaran strategis, indikator kinerja, satuan, target: the first table of a PK."""
    width = text_width(doc)
    grid = table(
        doc,
        [Mm(9), Mm(50), Length(width - Mm(114)), Mm(25), Mm(30)],
        aligns=["c", "l", "l", "c", "c"],
    )
    grid.header(["No.", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target"])
    grid.tr("{%tr for i in " + items + " %}")
    row = grid.row(
        [
            "{{ i.no|angka }}",
            "{{ i.sasaran }}",
            "{{ i.indikator }}",
            "{{ i.satuan }}",
            "{{ i.target|target }}",
        ]
    )
    group_merge(row.cells[1], NEW_SASARAN)
    grid.tr("{%tr endfor %}")
    return grid


def lampiran(doc: Any, p: str = "") -> None:
    """The lampiran: sasaran, indikator, target; program and anggaran with the total."""
    width = text_width(doc)
    par(doc, [("LAMPIRAN", "b")], size=10)
    title(
        doc, ["PERJANJIAN KINERJA TAHUN " + _v(p, "tahun"), "{{ " + p + "unit|upper }}"], after=12
    )
    kinerja_table(doc, p + "indikator")
    par(doc, "", after=12)
    anggaran = table(
        doc, [Mm(9), Length(width - Mm(89)), Mm(40), Mm(40)], aligns=["c", "l", "r", "l"]
    )
    anggaran.header(["No.", "Program/Kegiatan", "Anggaran", "Keterangan"])
    anggaran.tr("{%tr for pr in " + p + "program %}")
    anggaran.row(
        ["{{ pr.no|angka }}", "{{ pr.program }}", "{{ pr.anggaran|rupiah }}", "{{ pr.keterangan }}"]
    )
    anggaran.tr("{%tr endfor %}")
    anggaran.row(
        ["Jumlah", None, "{{ " + p + "total_anggaran|rupiah }}", ""],
        bold=True,
        spans=[(0, 1)],
        align=["c", "c", "r", "l"],
    )
    _sign(doc, p)


def make_perjanjian_kinerja(path: Path) -> None:
    doc = new_document()
    kop_surat(doc)
    pernyataan(doc)
    page_break(doc)
    lampiran(doc)
    save(doc, path)


def make_dokumen_pk(path: Path) -> None:
    doc = new_document()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    running_footer(section, "Dokumen Perjanjian Kinerja Tahun {{ tahun }}", text_width(doc))
    cover(doc, ["DOKUMEN", "PERJANJIAN KINERJA", "TAHUN {{ tahun }}"])
    kata_pengantar(
        doc,
        "Dokumen Perjanjian Kinerja",
        [
            "Perjanjian Kinerja merupakan lembar/dokumen yang berisikan penugasan dari pimpinan "
            "instansi yang lebih tinggi kepada pimpinan instansi yang lebih rendah untuk "
            "melaksanakan program/kegiatan yang disertai dengan indikator kinerja, sebagaimana "
            "diatur dalam Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi "
            "Birokrasi Nomor 53 Tahun 2014.",
            "Dokumen ini menghimpun Perjanjian Kinerja Tahun {{ tahun }} seluruh unit kerja "
            "beserta lampirannya, sebagai acuan pelaksanaan, pemantauan dan pengukuran kinerja "
            "selama tahun berjalan.",
        ],
        "penandatangan",
    )
    tag(doc, "{%p for p in perjanjian %}")
    page_break(doc)
    pernyataan(doc, "p.")
    page_break(doc)
    lampiran(doc, "p.")
    tag(doc, "{%p endfor %}")
    save(doc, path)
