"""Every default template rendered with a realistic context and read back with python-docx:
no Jinja left anywhere (body, table cells, headers, footers), names and NIPs present, values
in the right table cells, signature blocks where a pemda document has them; the PK and the
LKjIP through LibreOffice to PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import document_contexts as dc
import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from pipeline.documents.kinds import kinds
from pipeline.documents.render import jinja_env, render_docx, top_level

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
REGISTRY = yaml.safe_load((ROOT / "sop_specs" / "dokumen" / "dokumen.yaml").read_text("utf-8"))
KONTEKS = {d["templat"]: d["konteks"] for d in REGISTRY["dokumen"]}
CONTEXTS = {name: kind.context for name, kind in kinds().items()}
STAMP = dt.datetime(2024, 1, 1)
LEFTOVERS = ("{{", "}}", "{%", "%}", "{#", "#}")
SOFFICE_TIMEOUT = 180

KD, SEK, UKM = dc.KEPALA_DINAS, dc.SEKRETARIS, dc.PLT_KABID_UKM


def nama_nip(*people: Any) -> list[str]:
    return [s for o in people for s in (o.nama, f"NIP {o.nip}" if o.nip else o.nama)]


# What each rendered template must show (besides having no Jinja left).
EXPECTED: dict[str, list[str]] = {
    "surat-perihal.docx": [
        *nama_nip(KD),
        "Palu, 2 Januari 2024",
        "000.9/017/DISKUKM/2024",
        "Yth.",
        "Kepala UPT Balai Pelatihan Koperasi dan UMKM",
        "Pengumpulan Data Kinerja",
        "untuk Pengumpulan Data Kinerja Bulan Maret 2024 pada unit kerja",
        "hari Jumat, tanggal 5 April 2024",
        "Bidang Usaha Kecil dan Menengah",
        "Tembusan:",
        "Gubernur Sulawesi Tengah (sebagai laporan)",
        "PEMERINTAH PROVINSI SULAWESI TENGAH",
        "DINAS KOPERASI, USAHA KECIL DAN MENENGAH PROVINSI SULAWESI TENGAH",
    ],
    "surat-undangan.docx": [
        *nama_nip(SEK),
        "Selasa, 9 Januari 2024",
        "09.00 WITA s.d. selesai",
        "Ruang Rapat Dinas Koperasi & UKM, Lantai 2",
        "Rapat Penyusunan Perjanjian Kinerja Tahun 2024",
    ],
    "surat-pengantar.docx": [
        *nama_nip(KD),
        "SURAT PENGANTAR",
        "Nomor: 000.9/017/DISKUKM/2024",
        "Dokumen Perjanjian Kinerja Tahun 2024 (Koperasi & UMKM)",
        "Kepala Bappeda Provinsi Sulawesi Tengah",
        "Penerima,",
        "Pengirim,",
    ],
    "surat-perintah-tugas.docx": [
        *nama_nip(KD, dc.KASUBBAG, dc.ANALIS, dc.FUNGSIONAL_UMUM),
        "SURAT PERINTAH TUGAS",
        "Nomor: 800.1.11.1/021/DISKUKM/2024",
        "MEMERINTAHKAN:",
        "Penata Tingkat I (III/d)",
        "Melaporkan hasil pelaksanaan tugas kepada Kepala Dinas.",
        "pada tanggal 2 Januari 2024",
    ],
    "sk-tim.docx": [
        *nama_nip(KD, SEK, dc.KASUBBAG, dc.ANALIS),
        "NOMOR 800/045/DISKUKM/2024",
        "KEPUTUSAN KEPALA DINAS KOPERASI, USAHA KECIL DAN MENENGAH PROVINSI SULAWESI TENGAH",
        "TIM PENYUSUN LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN 2024",
        "Menimbang",
        "Mengingat",
        "MEMUTUSKAN:",
        "KESATU",
        "KEEMPAT",
        "Pengarah",
        "Sekretaris",
        "SUSUNAN KEANGGOTAAN",
    ],
    "daftar-hadir.docx": [
        *nama_nip(KD, SEK, dc.KABID_BKP, UKM, dc.KEPALA_UPT),
        "DAFTAR HADIR",
        "Selasa, 9 Januari 2024",
        "Plt. Kepala Bidang Usaha Kecil dan Menengah",
        "Pimpinan Rapat,",
    ],
    "notulensi.docx": [
        *nama_nip(KD),
        SEK.nama,
        dc.KEPALA_UPT.nama,
        "NOTULENSI RAPAT",
        "[diisi notulis]",
        "II. PEMBAHASAN",
        "Notulis,",
        "Pimpinan Rapat,",
    ],
    "perjanjian-kinerja.docx": [
        *nama_nip(KD, UKM),
        "PERJANJIAN KINERJA TAHUN 2024",
        "BIDANG USAHA KECIL DAN MENENGAH",
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel "
        "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:",
        "selanjutnya disebut pihak pertama",
        "Pihak pertama berjanji akan mewujudkan target "
        "kinerja yang seharusnya sesuai lampiran perjanjian ini",
        "Pihak kedua akan melakukan supervisi",
        "Plt. Kepala Bidang Usaha Kecil dan Menengah",
        dc.PROGRAM_AMP,
        "Rp2.575.500.000",
        "Palu, 2 Januari 2024",
    ],
    "dokumen-pk.docx": [
        *nama_nip(KD, UKM),
        dc.GUBERNUR.nama,
        "DOKUMEN",
        "KATA PENGANTAR",
        "DINAS KOPERASI, USAHA KECIL DAN MENENGAH PROVINSI SULAWESI TENGAH",
        "BIDANG USAHA KECIL DAN MENENGAH",
        "Gubernur Sulawesi Tengah,",
        dc.PROGRAM_AMP,
        "Dokumen Perjanjian Kinerja Tahun 2024",
    ],
    "rencana-aksi.docx": [
        *nama_nip(dc.KABID_BKP),
        "RENCANA AKSI KINERJA TAHUN 2024",
        "Pendampingan RAT",
        "Survei semester II",
        "Rp1.250.000.000",
        "Rp2.575.500.000",
        "TW IV",
        dc.PROGRAM_AMP,
    ],
    "dokumen-rak.docx": [
        *nama_nip(KD, dc.KABID_BKP, UKM),
        "RENCANA AKSI KINERJA",
        "KATA PENGANTAR",
        "BIDANG USAHA KECIL DAN MENENGAH",
        "Evaluasi kenaikan kelas",
    ],
    "iki.docx": [
        *nama_nip(dc.ANALIS, dc.KASUBBAG),
        "INDIKATOR KINERJA INDIVIDU",
        "Analis Perencanaan",
        "Melaksanakan analisis perencanaan program & kegiatan",
        "Penyusunan laporan kinerja",
        "(Jumlah dokumen tepat waktu / jumlah dokumen wajib) x 100%",
        "Laporan reviu",
        "Atasan Langsung,",
        "Pegawai yang Bersangkutan,",
    ],
    "dokumen-iki.docx": [
        *nama_nip(KD, dc.ANALIS, dc.KASUBBAG, dc.ANALIS_UKM, UKM),
        "INDIKATOR KINERJA INDIVIDU",
        "KATA PENGANTAR",
        "Analis Kewirausahaan",
    ],
    "form-pengukuran.docx": [
        *nama_nip(dc.KABID_BKP),
        "FORM PENGUKURAN KINERJA TRIWULAN I TAHUN 2024",
        "19,5",
        "97,50%",
        "Sangat Tinggi",
        "realisasi belum diisi",
        "Keadaan sampai dengan Maret 2024",
        "Target Tahunan",
        "Target s.d. TW I",  # the basis, named as the capaian column's target
        "Capaian dihitung terhadap Target s.d. TW I",
    ],
    "dokumen-pengukuran.docx": [
        *nama_nip(KD, dc.KABID_BKP, UKM),
        "REKAPITULASI PENGUKURAN KINERJA TRIWULAN I TAHUN 2024",
        "FORM PENGUKURAN KINERJA TRIWULAN I TAHUN 2024",
        "Sangat Tinggi: 2",
    ],
    "lki.docx": [
        *nama_nip(dc.ANALIS, dc.KASUBBAG),
        "LAPORAN KINERJA INDIVIDU",
        "PERIODE MARET 2024",
        "100,00%",
        "Realisasi belum diisi",
        "Target Tahunan",
        "Target s.d. TW I",
    ],
    "rekap-lki.docx": [
        *nama_nip(KD, dc.ANALIS, dc.ANALIS_UKM, dc.FUNGSIONAL_UMUM),
        "REKAPITULASI LAPORAN KINERJA INDIVIDU",
        "Belum ada indikator kinerja individu",
        "Target s.d. TW I",
    ],
    "lkjip.docx": [
        *nama_nip(KD),
        UKM.nama,
        "LAPORAN KINERJA INSTANSI PEMERINTAH",
        "(LKjIP)",
        "Draft s.d. Maret 2024",
        "KATA PENGANTAR",
        "IKHTISAR EKSEKUTIF",
        "DAFTAR ISI",
        "PENDAHULUAN",
        "PERENCANAAN KINERJA",
        "AKUNTABILITAS KINERJA",
        "PENUTUP",
        "LAMPIRAN",
        "[Diisi Tim Penyusun: penyebab keberhasilan/kegagalan, upaya, dan solusi]",
        "dua miliar lima ratus tujuh puluh lima juta lima ratus ribu rupiah",
        "15,15%",
        "Rp390.100.000",
        dc.PROGRAM_AMP,
        "Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun 2024",  # the running header
        "Capaian dihitung terhadap Target Tahunan",
        "Sangat Tinggi 2 indikator",
    ],
}


# Rendering and reading back


def render(name: str, context: Any, tmp_path: Path) -> Path:
    """``name`` rendered with ``context``, its tables as the template lays them out: the
    signature block after its table, not yet carried into the table's last row (printed by
    tests/documents/test_signature_pages.py, checked by the document audit)."""
    from unittest import mock

    from pipeline.documents import render as module

    with mock.patch.object(module, "keep_signatures_with_tables", lambda body: body):
        return render_docx(TEMPLATES / name, context, tmp_path / name, title=name, stamp=STAMP)


def _blocks(container: Any) -> Iterator[str]:
    for paragraph in container.paragraphs:
        yield paragraph.text
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _blocks(cell)


def texts(path: Path) -> list[str]:
    """Text of every paragraph: body, table cells (nested too), headers and footers."""
    doc = Document(str(path))
    out = list(_blocks(doc))
    for section in doc.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous:
                out += list(_blocks(part))
    return out


def xml_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml")}


def table_with(doc: Any, header: list[str], nth: int = 0) -> Any:
    found = [t for t in doc.tables if [c.text for c in t.rows[0].cells][: len(header)] == header]
    assert len(found) > nth, f"tabel {header} tidak ditemukan"
    return found[nth]


def column(table: Any, name: str) -> int:
    return [c.text for c in table.rows[0].cells].index(name)


def vmerge(table: Any, row: int, col: int) -> str | None:
    tc = table.rows[row]._tr.tc_lst[col]
    found = tc.xpath("./w:tcPr/w:vMerge")
    return found[0].get(qn("w:val")) if found else None


# The registry and the templates agree


def test_every_registered_template_exists_and_has_a_context_builder() -> None:
    assert set(KONTEKS) == set(dc.BUILDERS)
    assert len(KONTEKS) == 18
    for name, konteks in KONTEKS.items():
        assert (TEMPLATES / name).is_file(), name
        assert isinstance(dc.BUILDERS[name](), CONTEXTS[konteks]), name


@pytest.mark.parametrize("name", sorted(KONTEKS))
def test_template_uses_only_fields_of_its_context(name: str) -> None:
    from docxtpl import DocxTemplate

    used = DocxTemplate(str(TEMPLATES / name)).get_undeclared_template_variables(jinja_env())
    fields = {f.name for f in dataclasses.fields(CONTEXTS[KONTEKS[name]])}
    assert used <= fields, f"{name}: {sorted(used - fields)} bukan field {KONTEKS[name]}"


def test_committed_templates_are_what_the_generator_makes(tmp_path: Path) -> None:
    if str(ROOT) not in sys.path:  # tools/ is not part of the installed package
        sys.path.insert(0, str(ROOT))
    from tools.make_templates import build_all

    written = build_all(tmp_path)
    # Every shipped template has its generator (found by name: make_<name> -> <name>.docx).
    assert {p.name for p in written} == {p.name for p in TEMPLATES.glob("*.docx")}
    for path in written:
        committed = TEMPLATES / path.name
        assert path.read_bytes() == committed.read_bytes(), (
            f"templates/{path.name} tidak sama dengan hasil tools/make_templates.py; "
            "jalankan ulang skrip itu"
        )


# Every template, rendered


@pytest.mark.parametrize("name", sorted(KONTEKS))
def test_renders_completely(name: str, tmp_path: Path) -> None:
    out = render(name, dc.BUILDERS[name](), tmp_path)
    all_text = "\n".join(texts(out))
    for tag in LEFTOVERS:
        assert tag not in all_text, f"{name}: '{tag}' tertinggal"
    for part, xml in xml_parts(out).items():
        for tag in LEFTOVERS:
            assert tag not in xml, f"{name}: '{tag}' tertinggal di {part}"
    missing = [s for s in EXPECTED[name] if s not in all_text]
    assert not missing, f"{name}: tidak ada {missing}"


@pytest.mark.parametrize("name", sorted(KONTEKS))
def test_render_is_deterministic(name: str, tmp_path: Path) -> None:
    context = dc.BUILDERS[name]()
    first = render(name, context, tmp_path / "a").read_bytes()
    assert render(name, context, tmp_path / "b").read_bytes() == first


def test_templates_are_f4_with_office_margins() -> None:
    for name in KONTEKS:
        for section in Document(str(TEMPLATES / name)).sections:
            mm = [
                round((length or 0) / Mm(1))
                for length in (
                    section.page_width,
                    section.page_height,
                    section.left_margin,
                    section.top_margin,
                )
            ]
            assert sorted(mm[:2]) == [215, 330], name
            assert mm[2:] == [25, 20], name


# Perjanjian Kinerja


def test_pk_lampiran_targets_sit_in_their_cells(tmp_path: Path) -> None:
    doc = Document(str(render("perjanjian-kinerja.docx", dc.perjanjian_kinerja(), tmp_path)))
    kinerja = table_with(doc, ["No.", "Sasaran Strategis", "Indikator Kinerja"])
    target = column(kinerja, "Target")
    satuan = column(kinerja, "Satuan")
    rows = kinerja.rows
    assert len(rows) == 1 + 3
    assert rows[1].cells[target].text == "80"
    assert rows[2].cells[target].text == "70–75"
    assert rows[3].cells[target].text == "120"
    assert [r.cells[satuan].text for r in rows[1:]] == ["%", "indeks", "unit usaha"]
    assert rows[1].cells[2].text == "Persentase koperasi aktif yang melaksanakan RAT"
    # One sasaran spans its two indicators: a vertically merged cell, as PKs print it.
    assert [vmerge(kinerja, r, 1) for r in (1, 2, 3)] == ["restart", "continue", "restart"]
    assert rows[1].cells[1].text == dc.SASARAN_1
    anggaran = table_with(doc, ["No.", "Program/Kegiatan", "Anggaran", "Keterangan"])
    assert [c.text for c in anggaran.rows[1].cells] == [
        "1",
        dc.PROGRAM_AMP,
        "Rp1.700.500.000",
        "APBD",
    ]
    last = anggaran.rows[-1].cells
    assert last[0].text == "Jumlah" and last[2].text == "Rp2.575.500.000"


def _signature_columns(doc: Any) -> list[tuple[int, int]]:
    """(column of "Pihak Kedua,", column of "Pihak Pertama,") for each signature table."""
    found = []
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if "Pihak Kedua," in cells and "Pihak Pertama," in cells:
                found.append((cells.index("Pihak Kedua,"), cells.index("Pihak Pertama,")))
    return found


def _signature_table(doc: Any) -> Any:
    return next(t for t in doc.tables if any("Pihak Kedua," in c.text for c in t._cells))


def test_pk_pihak_kedua_signs_left_of_pihak_pertama(tmp_path: Path) -> None:
    doc = Document(str(render("perjanjian-kinerja.docx", dc.perjanjian_kinerja(), tmp_path)))
    columns = _signature_columns(doc)
    assert len(columns) == 2  # the pernyataan and the lampiran
    assert all(left < right for left, right in columns)
    sign = _signature_table(doc)
    left = "\n".join(r.cells[0].text for r in sign.rows)
    right = "\n".join(r.cells[1].text for r in sign.rows)
    assert dc.KEPALA_DINAS.nama in left and f"NIP {dc.KEPALA_DINAS.nip}" in left
    assert dc.PLT_KABID_UKM.nama in right and "Plt. Kepala Bidang Usaha Kecil" in right
    assert "Palu, 2 Januari 2024" in right and "Palu" not in left


def test_pk_with_the_gubernur_prints_no_empty_nip(tmp_path: Path) -> None:
    out = render("perjanjian-kinerja.docx", dc.perjanjian_kepala_dinas(), tmp_path)
    doc = Document(str(out))
    identitas = [t for t in doc.tables if t.rows[0].cells[0].text == "Nama"]
    gubernur = identitas[1]
    assert [r.cells[0].text for r in gubernur.rows] == ["Nama", "Jabatan"]
    assert gubernur.rows[1].cells[2].text == "Gubernur Sulawesi Tengah"
    sign = _signature_table(doc)
    left = [r.cells[0].text for r in sign.rows]
    assert dc.GUBERNUR.nama in left
    assert not any(line.startswith("NIP") for line in left)


def test_ampersand_survives_autoescape(tmp_path: Path) -> None:
    out = render("perjanjian-kinerja.docx", dc.perjanjian_kinerja(), tmp_path)
    assert dc.PROGRAM_AMP in "\n".join(texts(out))
    assert "Koperasi &amp; UMKM" in xml_parts(out)["word/document.xml"]


def test_several_addressees_are_one_numbered_list_after_one_yth(tmp_path: Path) -> None:
    # Permendagri 1/2023: "Yth." once, then 1., 2., ... each ended with ";" but the last.
    lines = texts(render("surat-perihal.docx", dc.surat_perihal(), tmp_path))
    # (A merged cell is read once per row it spans: the same paragraph, not a second "Yth.")
    assert {line for line in lines if "Yth." in line} == {
        "Yth.\t1.\tKepala Bidang Kelembagaan dan Pengawasan Koperasi;"
    }
    assert "\t2.\tKepala UPT Balai Pelatihan Koperasi dan UMKM" in lines
    single = texts(render("surat-pengantar.docx", dc.surat_pengantar(), tmp_path))
    assert "Yth.\tKepala Bappeda Provinsi Sulawesi Tengah" in single
    assert not any("1.\tKepala Bappeda" in line for line in single)


def test_dokumen_pk_has_every_unit(tmp_path: Path) -> None:
    doc = Document(str(render("dokumen-pk.docx", dc.dokumen_pk(), tmp_path)))
    lampiran = [t for t in doc.tables if t.rows[0].cells[1].text == "Sasaran Strategis"]
    assert len(lampiran) == 2
    assert all(t.rows[2].cells[4].text == "70–75" for t in lampiran)
    assert len(_signature_columns(doc)) == 4
    assert all(left < right for left, right in _signature_columns(doc))


# Rencana aksi, pengukuran, individu


def test_rak_puts_quarters_in_their_columns(tmp_path: Path) -> None:
    doc = Document(str(render("rencana-aksi.docx", dc.rencana_aksi(), tmp_path)))
    rak = table_with(doc, ["No.", "Sasaran", "Indikator Kinerja"])
    header = [c.text for c in rak.rows[1].cells]
    assert header[7:15] == ["TW I", "TW II", "TW III", "TW IV", "I", "II", "III", "IV"]
    first = [c.text for c in rak.rows[3].cells]  # after two header rows and the numbers
    assert first[4] == "80" and first[6] == "Rp1.250.000.000"
    assert first[7:11] == dc.indikator()[0].rencana_aksi
    assert first[11:15] == ["20", "40", "60", "80"]
    assert first[15] == "Kepala Bidang Kelembagaan dan Pengawasan Koperasi"
    second = [c.text for c in rak.rows[4].cells]
    assert second[11:15] == ["70–75"] * 4
    total = [c.text for c in rak.rows[-1].cells]
    assert total[0] == "Jumlah Anggaran" and total[6] == "Rp2.575.500.000"


def test_form_pengukuran_shows_empty_realisasi_as_dash(tmp_path: Path) -> None:
    doc = Document(str(render("form-pengukuran.docx", dc.pengukuran(), tmp_path)))
    form = table_with(doc, ["No.", "Sasaran", "Indikator Kinerja"])
    cols = {
        name: column(form, name)
        for name in (
            "Target Tahunan",
            "Target s.d. TW I",
            "Realisasi",
            "Capaian",
            "Kategori",
            "Keterangan",
        )
    }
    rows = [[c.text for c in r.cells] for r in form.rows[2:]]
    # The capaian is realisasi over the target printed beside it: 19,5 / 20 = 97,5 %.
    assert [rows[0][cols[k]] for k in cols] == ["80", "20", "19,5", "97,50%", "Sangat Tinggi", ""]
    assert [rows[1][cols[k]] for k in ("Target Tahunan", "Realisasi")] == ["70–75", "72,25"]
    assert [rows[2][cols[k]] for k in cols] == ["120", "-", "-", "-", "-", "realisasi belum diisi"]


def test_rekap_lki_lists_each_pegawai_with_their_rows(tmp_path: Path) -> None:
    doc = Document(str(render("rekap-lki.docx", dc.rekap_lki(), tmp_path)))
    rekap = table_with(doc, ["No.", "Nama / NIP", "Jabatan"])
    rows = [[c.text for c in r.cells] for r in rekap.rows[2:]]
    assert [r[0] for r in rows] == ["1", "1", "2", "2", "3"]
    assert rows[0][1] == f"{dc.ANALIS.nama}\nNIP {dc.ANALIS.nip}"
    assert [vmerge(rekap, 2 + i, 1) for i in range(4)] == ["restart", "continue"] * 2
    assert rows[1][5] == "Nilai kualitas data kinerja" and rows[1][6] == "70–75"
    assert rows[4][5] == "Belum ada indikator kinerja individu"


def test_rekap_lki_pages_are_numbered(tmp_path: Path) -> None:
    """Like the other compilations, every page of the Rekapitulasi LKI says which it is."""
    path = render("rekap-lki.docx", dc.rekap_lki(), tmp_path)
    footer = Document(str(path)).sections[0].footer
    assert not footer.is_linked_to_previous
    assert footer.paragraphs[0].text.startswith(
        "Rekapitulasi Laporan Kinerja Individu Periode Maret 2024\tHalaman "
    )
    assert " PAGE " in footer.paragraphs[0]._p.xml


def test_iki_lists_fungsi_with_letters(tmp_path: Path) -> None:
    doc = Document(str(render("iki.docx", dc.iki(), tmp_path)))
    ident = next(t for t in doc.tables if t.rows[0].cells[1].text == "Jabatan")
    fungsi = [[c.text for c in r.cells][1:] for r in ident.rows[2:]]
    assert fungsi[0] == ["Fungsi", ":", "a.", "Penyusunan rencana kerja"]
    assert fungsi[2] == ["", "", "c.", "Penyusunan laporan kinerja"]
    iki = table_with(doc, ["No.", "Sasaran Kinerja", "Indikator Kinerja Individu"])
    assert [c.text for c in iki.rows[3].cells][-2:] == ["nilai", "70–75"]


# LKjIP


def test_lkjip_structure_and_computed_parts(tmp_path: Path) -> None:
    doc = Document(str(render("lkjip.docx", dc.lkjip(), tmp_path)))
    headings = {
        level: [
            " ".join(p.text.split())
            for p in doc.paragraphs
            if p.style and p.style.name == f"Heading {level}"
        ]
        for level in (1, 2, 3)
    }
    assert headings[1] == [
        "KATA PENGANTAR",
        "IKHTISAR EKSEKUTIF",
        "DAFTAR ISI",
        "BAB I PENDAHULUAN",
        "BAB II PERENCANAAN KINERJA",
        "BAB III AKUNTABILITAS KINERJA",
        "BAB IV PENUTUP",
        "LAMPIRAN",
    ]
    assert "B. Perjanjian Kinerja Tahun 2024" in headings[2]
    assert "C. Efisiensi Penggunaan Sumber Daya" in headings[2]
    assert headings[3] == [f"{i.no}. {i.indikator}" for i in dc.indikator()]
    body = "\n".join(texts(tmp_path / "lkjip.docx"))
    assert (
        "Capaian indikator Persentase koperasi aktif yang melaksanakan RAT sampai dengan "
        "Maret 2024 sebesar 98,13% (kategori Sangat Tinggi)"
    ) in body
    assert "Jumlah UMKM yang naik kelas sampai dengan Maret 2024 belum dapat dihitung" in body
    assert "Tahun 2022 sebesar 70% (capaian 93,33%)" in body
    assert "Target akhir periode Rencana Strategis sebesar 600\u00a0unit usaha." in body
    assert "Gambar 3.1" not in body  # no chart given
    # The narrative parts are marked: bold and highlighted for the Tim Penyusun.
    marked = [p for p in doc.paragraphs if p.text.startswith("[Diisi Tim Penyusun")]
    assert len(marked) >= 3 + 8
    assert all(
        r.bold and r.font.highlight_color is not None for p in marked for r in p.runs if r.text
    )
    banding = table_with(doc, ["No.", "Indikator Kinerja", "Satuan", "Tahun"])
    rows = [[c.text for c in r.cells] for r in banding.rows[1:]]
    assert [r[3] for r in rows] == ["2022", "2023", "2024", "2023", "2024", "2024"]
    assert rows[2][4:] == ["78,5", "98,13%", "90"]
    assert rows[5][4:] == ["-", "-", "600"]
    assert [vmerge(banding, i, 1) for i in range(1, 7)] == [
        "restart",
        "continue",
        "continue",
        "restart",
        "continue",
        "restart",
    ]


def test_lkjip_names_indicators_not_yet_due_apart(tmp_path: Path) -> None:
    """A tahunan indicator before December is neither measured nor scored: Bab II and IV
    count it apart, and its analysis gives the reason without a stray full stop."""
    note = "Indikator tahunan: belum jatuh tempo; realisasi pertama dilaporkan Desember 2024."
    context = dc.lkjip()
    items = list(context.indikator)
    items[2] = dataclasses.replace(
        items[2],
        realisasi=None,
        capaian=None,
        target_capaian=None,
        kategori="Belum Jatuh Tempo",
        capaian_catatan=note,
    )
    render("lkjip.docx", dataclasses.replace(context, indikator=items), tmp_path)
    body = " ".join(" ".join(texts(tmp_path / "lkjip.docx")).split())
    sentence = (
        "Sebanyak 1 indikator belum jatuh tempo pengukurannya (indikator yang dilaporkan "
        "triwulanan, semesteran atau tahunan) dan belum dinilai."
    )
    assert body.count(sentence) == 2  # Bab II and the Kesimpulan of Bab IV
    assert f"belum dapat dihitung ({note[:-1]}); target Tahun 2024" in body
    render("lkjip.docx", context, tmp_path / "tanpa")
    assert "belum jatuh tempo" not in " ".join(texts(tmp_path / "tanpa" / "lkjip.docx"))


def test_lkjip_does_not_double_indikator_before_a_name_that_starts_with_it(
    tmp_path: Path,
) -> None:
    """The province's indicators are named "Indikator kinerja nomor N": the analysis of Bab
    III read "Capaian indikator Indikator kinerja nomor 1" (bench/audit_province.py)."""
    context = dc.lkjip()
    items = list(context.indikator)
    items[0] = dataclasses.replace(items[0], indikator="Indikator kinerja nomor 1")
    items[1] = dataclasses.replace(items[1], capaian=None, target_capaian=None)
    render("lkjip.docx", dataclasses.replace(context, indikator=items), tmp_path)
    body = " ".join(" ".join(texts(tmp_path / "lkjip.docx")).split())
    assert "Capaian Indikator kinerja nomor 1 sampai dengan" in body
    assert "indikator Indikator" not in body
    assert f"Capaian indikator {items[1].indikator} sampai dengan" in body


UKM = "Bidang Usaha Kecil dan Menengah"


def _unit_indicators() -> list[Any]:
    """The three indicators of dc.indikator() in two units, the third named as the first."""
    first, second, third = dc.indikator()
    kel, ukm = "Bidang Kelembagaan", UKM
    return [
        dataclasses.replace(first, unit=kel, iku=True),
        dataclasses.replace(second, unit=kel),
        dataclasses.replace(third, unit=ukm, sasaran=first.sasaran, indikator=first.indikator),
    ]


def test_lkjip_ikhtisar_lists_the_iku_and_says_where_every_indicator_is(tmp_path: Path) -> None:
    """An executive summary of a province listed all its 2,000 indicators: it lists the IKU
    Dinas, counts the rest and names the tables that hold them; unmarked, it lists all."""
    items = _unit_indicators()
    context = dataclasses.replace(dc.lkjip(), indikator=items, iku=[items[0]])
    doc = Document(str(render("lkjip.docx", context, tmp_path)))
    header = ["No.", "Indikator Kinerja", "Target Tahunan", "Realisasi", "Capaian", "Kategori"]
    tabel1 = table_with(doc, header)
    rows = [[c.text for c in r.cells] for r in tabel1.rows[1:]]
    assert rows == [["Bidang Kelembagaan"] * 6, ["1", items[0].indikator, "80", *rows[1][3:]]]
    body = " ".join(" ".join(texts(tmp_path / "lkjip.docx")).split())
    assert "Tabel 1. Capaian Indikator Kinerja Utama s.d. Maret 2024" in body
    assert (
        "Capaian 1 Indikator Kinerja Utama (IKU) Dinas Koperasi" in body
        and "disajikan pada Tabel 1. Seluruh 3 indikator kinerja unit kerja beserta capaiannya "
        "disajikan per unit kerja pada Tabel 3.1 dan Lampiran 2."
        in body
    )
    assert "Pada Tahun 2024 ditetapkan 3 indikator kinerja." in body  # the spread covers all

    render("lkjip.docx", dataclasses.replace(context, iku=[]), tmp_path / "semua")
    doc = Document(str(tmp_path / "semua" / "lkjip.docx"))
    rows = [[c.text for c in r.cells] for r in table_with(doc, header).rows[1:]]
    assert [r[0] for r in rows] == ["Bidang Kelembagaan", "1", "2", UKM, "3"]
    body = " ".join(" ".join(texts(tmp_path / "semua" / "lkjip.docx")).split())
    assert "Tabel 1. Ringkasan Capaian Kinerja s.d. Maret 2024" in body
    assert "Capaian seluruh 3 indikator kinerja disajikan per unit kerja pada Tabel 1" in body


def test_lkjip_tables_of_bab_iii_name_the_unit_over_its_indicators(tmp_path: Path) -> None:
    """Two units' indicators of one name are told apart by the row naming each unit, and a
    sasaran spans only the indicators of one unit."""
    context = dataclasses.replace(dc.lkjip(), indikator=_unit_indicators())
    doc = Document(str(render("lkjip.docx", context, tmp_path)))
    header = ["No.", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target Tahunan"]
    tabel = table_with(doc, [*header, "Realisasi"])
    rows = [[c.text for c in r.cells] for r in tabel.rows[1:]]
    assert [r[0] for r in rows] == ["Bidang Kelembagaan", "1", "2", UKM, "3"]
    assert rows[0] == ["Bidang Kelembagaan"] * 8 and rows[3] == [UKM] * 8
    assert rows[1][2] == rows[4][2]  # the same name, under two units
    assert [vmerge(tabel, i, 1) for i in (2, 3, 5)] == ["restart", "continue", "restart"]
    # Tabel 3.3 (efisiensi) and 3.4 (anggaran per program) group them the same way.
    for header in (["No.", "Indikator Kinerja", "Capaian thd Target Tahunan"], ["No.", "Program"]):
        rows = [[c.text for c in r.cells] for r in table_with(doc, header).rows[1:]]
        assert [r[0] for r in rows][:5] == ["Bidang Kelembagaan", "1", "2", UKM, "3"]
        assert len(set(rows[3])) == 1


def test_lkjip_lampiran_2_names_the_unit_on_every_page_of_its_table(tmp_path: Path) -> None:
    """A province unit's 50 indicators fill more than a page: the row naming the unit is a
    header row, repeated above the column headers on every page."""
    doc = Document(str(render("lkjip.docx", dc.lkjip(), tmp_path)))
    tables = [
        t
        for t in doc.tables
        if len(t.rows) > 1 and t.rows[1].cells[-1].text == ("Kategori / Keterangan")
    ]
    assert [t.rows[0].cells[0].text for t in tables] == [p.unit for p in dc.lkjip().pengukuran]
    for t in tables:
        assert len({c.text for c in t.rows[0].cells}) == 1  # one cell across the table
        assert all(r._tr.xpath("./w:trPr/w:tblHeader") for r in t.rows[:2])


@pytest.mark.parametrize(
    ("telepon", "laman", "surel", "lines"),
    [
        ("", "", "", ["Jalan Contoh 1"]),
        ("(0451) 1", "", "", ["Jalan Contoh 1, Telepon (0451) 1"]),
        ("", "contoh.go.id", "", ["Jalan Contoh 1", "Laman: contoh.go.id"]),
        ("", "", "a@contoh.go.id", ["Jalan Contoh 1", "Pos-el: a@contoh.go.id"]),
        (
            "1",
            "b.go.id",
            "a@b.go.id",
            ["Jalan Contoh 1, Telepon 1", "Laman: b.go.id  Pos-el: a@b.go.id"],
        ),
    ],
)
def test_the_kop_prints_a_label_only_with_its_value(
    tmp_path: Path, telepon: str, laman: str, surel: str, lines: list[str]
) -> None:
    """Telepon, laman and pos-el are optional: the province benchmark, which has none,
    printed "Jalan Contoh 1, Telepon" and "Laman:   Pos-el:" on every kop."""
    instansi = dataclasses.replace(
        dc.INSTANSI, alamat="Jalan Contoh 1", telepon=telepon, laman=laman, surel=surel
    )
    context = dataclasses.replace(dc.surat_perihal(), instansi=instansi)
    render("surat-perihal.docx", context, tmp_path)
    kop = [
        t
        for t in texts(tmp_path / "surat-perihal.docx")
        if t.startswith(("Jalan", "Laman", "Pos-el"))
    ]
    assert kop == lines


# The logo and the chart (docxtpl InlineImages)


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["surat-perihal.docx", "lkjip.docx"])
def test_logo_and_chart_are_placed(name: str, tmp_path: Path) -> None:
    from docxtpl import DocxTemplate, InlineImage

    tpl = DocxTemplate(str(TEMPLATES / name))
    image = InlineImage(tpl, io.BytesIO(_png()), width=Mm(20))
    context = dataclasses.replace(dc.BUILDERS[name](), logo=image)
    if name == "lkjip.docx":
        context = dataclasses.replace(context, grafik=image)
    tpl.render(top_level(context), jinja_env=jinja_env(), autoescape=True)
    tpl.save(str(tmp_path / name))
    xml = xml_parts(tmp_path / name)["word/document.xml"]
    assert xml.count("<w:drawing>") == (1 if name == "surat-perihal.docx" else 2)
    if name == "lkjip.docx":
        assert "Gambar 3.1 Capaian Kinerja per Indikator" in "\n".join(texts(tmp_path / name))


# Through LibreOffice


def _soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        message = "LibreOffice (soffice) tidak tersedia; pasang paket libreoffice-writer-nogui"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def _to_pdf(docs: list[Path], tmp_path: Path) -> list[Path]:
    soffice = _soffice()
    outdir, home = tmp_path / "pdf", tmp_path / "home"
    home.mkdir()
    command = [
        soffice,
        "--headless",
        "--norestore",
        f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *map(str, docs),
    ]
    process = subprocess.Popen(
        command,
        env={**os.environ, "HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=SOFFICE_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"LibreOffice tidak selesai dalam {SOFFICE_TIMEOUT} detik")
    pdfs = [outdir / f"{doc.stem}.pdf" for doc in docs]
    bad = [p.name for p in pdfs if not p.is_file() or p.stat().st_size == 0]
    assert not bad, f"LibreOffice tidak menghasilkan {bad}: {output.decode(errors='replace')}"
    return pdfs


def _pages(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def _left_of(pdf: Path, page_no: int, needle: str) -> float:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        textpage = document[page_no].get_textpage()
        found = textpage.search(needle, match_case=True).get_next()
        assert found is not None, f"'{needle}' tidak ada di halaman {page_no + 1}"
        return float(textpage.get_charbox(found[0])[0])
    finally:
        document.close()


def test_pk_and_lkjip_convert_to_pdf(tmp_path: Path) -> None:
    pk = render("perjanjian-kinerja.docx", dc.perjanjian_kinerja(), tmp_path / "docx")
    lkjip = render("lkjip.docx", dc.lkjip(), tmp_path / "docx")
    pk_pdf, lkjip_pdf = _to_pdf([pk, lkjip], tmp_path)

    pages = _pages(pk_pdf)
    assert len(pages) == 2
    first = pages[0]
    for text in (
        "PERJANJIAN KINERJA TAHUN 2024",
        "BIDANG USAHA KECIL DAN MENENGAH",
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif",
        "selanjutnya disebut pihak pertama",
        "Pihak Kedua,",
        "Pihak Pertama,",
        dc.PLT_KABID_UKM.nama,
        f"NIP {dc.KEPALA_DINAS.nip}",
        "Plt. Kepala Bidang Usaha Kecil dan Menengah",
    ):
        assert text in first, text
    for text in ("LAMPIRAN", "Sasaran Strategis", "70–75", dc.PROGRAM_AMP, "Rp2.575.500.000"):
        assert text in pages[1], text
    for page in (0, 1):
        assert _left_of(pk_pdf, page, "Pihak Kedua,") < _left_of(pk_pdf, page, "Pihak Pertama,")

    pages = _pages(lkjip_pdf)
    assert len(pages) >= 8
    text = " ".join(pages)
    for needle in (
        "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) TAHUN 2024",
        "Draft s.d. Maret 2024",
        "KATA PENGANTAR",
        "IKHTISAR EKSEKUTIF",
        "DAFTAR ISI",
        "A. Capaian Kinerja Organisasi",
        "[Diisi Tim Penyusun: penyebab keberhasilan/kegagalan, upaya, dan solusi]",
        "Persentase koperasi aktif yang melaksanakan RAT",
        "98,13%",
    ):
        assert needle in text, needle
    for bab in (
        "BAB I PENDAHULUAN",
        "BAB II PERENCANAAN KINERJA",
        "BAB III AKUNTABILITAS KINERJA",
        "BAB IV PENUTUP",
    ):
        assert text.count(bab) >= 2, bab  # in the Daftar Isi and where the chapter stands
    header = "Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun 2024"
    assert header not in pages[0]  # the cover has no running header
    assert all(header in page for page in pages[1:])
