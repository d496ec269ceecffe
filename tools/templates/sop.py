"""The SOP template (``sop.docx``, PermenPAN-RB 35/2012 layout), rendered by
``pipeline/sop/render.py``. Its base document (10 pt, 20 mm margins), borders and cell
paragraphs are its own, not common's, because sop.docx must stay byte-identical to the file
first committed; only what gives the same bytes comes from common."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from tools.templates.common import FONT, PAPER_LONG, PAPER_SHORT, page_break, save

# The stamp of python-docx's own template, which this file was first committed with.
SOP_STAMP = dt.datetime(2013, 12, 23, 23, 15)


def _base_document(landscape: bool) -> Any:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAPER_LONG, PAPER_SHORT
    else:
        section.page_width, section.page_height = PAPER_SHORT, PAPER_LONG
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    return doc


def _borders(table) -> None:  # type: ignore[no-untyped-def]
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "6")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def _para(cell, text: str, bold: bool = False, center: bool = False, size: int | None = None):  # type: ignore[no-untyped-def]
    paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def make_sop(path: Path) -> None:
    doc = _base_document(landscape=True)
    ident = doc.add_table(rows=6, cols=3)
    ident.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(ident)
    widths = (Mm(120), Mm(45), Mm(125))
    for row in ident.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    left = ident.cell(0, 0).merge(ident.cell(5, 0))
    _para(left, "{{ instansi.pemerintah|upper }}", bold=True, center=True, size=12)
    _para(left, "{{ instansi.nama|upper }}", bold=True, center=True, size=12)
    _para(left, "{{ instansi.alamat }}", center=True, size=9)
    labels = [
        ("Nomor SOP", "{{ sop.nomor or '-' }}"),
        ("Tanggal Pembuatan", "{{ sop.tanggal_pembuatan|tanggal }}"),
        ("Tanggal Revisi", "{{ sop.tanggal_revisi|tanggal }}"),
        ("Tanggal Efektif", "{{ sop.tanggal_efektif|tanggal }}"),
        ("Disahkan Oleh", None),
        ("Judul SOP", "{{ sop.judul|upper }}"),
    ]
    for i, (label, value) in enumerate(labels):
        _para(ident.cell(i, 1), label)
        cell = ident.cell(i, 2)
        if value is None:
            _para(cell, "{{ sop.disahkan_oleh.jabatan|upper }}", bold=True, center=True)
            _para(cell, "")
            _para(cell, "")
            _para(cell, "{{ sop.disahkan_oleh.nama or '' }}", bold=True, center=True)
            _para(
                cell,
                "{% if sop.disahkan_oleh.nip %}NIP {{ sop.disahkan_oleh.nip }}{% endif %}",
                center=True,
            )
        else:
            _para(cell, value, bold=label == "Judul SOP")
    doc.add_paragraph()
    info = doc.add_table(rows=6, cols=2)
    _borders(info)
    pairs = [
        ("Dasar Hukum:", "dasar_hukum", "Kualifikasi Pelaksana:", "kualifikasi_pelaksana"),
        ("Keterkaitan:", "keterkaitan", "Peralatan/Perlengkapan:", "peralatan"),
        ("Peringatan:", None, "Pencatatan dan Pendataan:", None),
    ]
    for i, (l_head, l_list, r_head, r_list) in enumerate(pairs):
        _para(info.cell(2 * i, 0), l_head, bold=True)
        _para(info.cell(2 * i, 1), r_head, bold=True)
        for col, name, single in ((0, l_list, "peringatan"), (1, r_list, "pencatatan")):
            cell = info.cell(2 * i + 1, col)
            if name is None:
                _para(cell, "{{ sop." + single + " or '-' }}")
                continue
            _para(cell, "{%p for item in sop." + name + " %}")
            _para(cell, "{{ loop.index }}. {{ item }}")
            _para(cell, "{%p endfor %}")
    page_break(doc)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run("PROSEDUR {{ sop.judul|upper }}")
    run.bold = True
    run.font.size = Pt(11)
    doc.add_paragraph()
    doc.add_paragraph("{{p tabel_langkah }}")
    doc.add_paragraph()
    doc.add_paragraph(
        "Jumlah langkah: {{ sop.langkah|length }}; total waktu: {{ total_waktu }}. "
        "Lambang pada kolom pelaksana: ● awal/akhir, ■ kegiatan, ◆ keputusan."
    )
    doc.add_paragraph("{%p if sop.catatan %}")
    doc.add_paragraph("Catatan transkripsi:")
    doc.add_paragraph("{%p for item in sop.catatan %}")
    doc.add_paragraph("- {{ item }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    save(doc, path, SOP_STAMP, verifikasi=False)
