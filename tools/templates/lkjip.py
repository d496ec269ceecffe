"""The Laporan Kinerja Instansi Pemerintah (LKjIP) in the structure of PermenPAN-RB 53/2014,
as a monthly draft of the year to date or, with ``akhir_tahun``, the LKjIP of an ended year:
the computed parts filled from the data, the narrative parts marked for the Tim Penyusun
(bold, highlighted yellow, in square brackets). Chapters are Heading 1, sections Heading 2;
the Daftar Isi refers to bookmarks on them for its page numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from tools.templates.common import (
    ISI,
    TABEL_KECIL,
    Column,
    Grid,
    cover,
    cover_section,
    data_table,
    group_merge,
    heading,
    held_units_note,
    new_document,
    par,
    placeholder,
    save,
    signed_by,
    tag,
    text_width,
    wide_section,
)
from tools.templates.pk import NEW_SASARAN, kinerja_table

FIRST = Mm(12.5)
SERAPAN = (
    "{% if total_anggaran %}{{ (total_realisasi_anggaran / total_anggaran * 100)|persen }}"
    "{% else %}-{% endif %}"
)
DIUKUR = "indikator|rejectattr('capaian', 'none')|list"
# Categories in the order of the configured scale (Sangat Tinggi ... Sangat Rendah).
SEBARAN = (
    "{% for s in sebaran %}{{ s.kategori }} {{ s.jumlah|angka }} indikator"
    "{% if not loop.last %}, {% endif %}{% endfor %}"
)
# Indicators reported triwulanan, semesteran or tahunan whose first due month has not come:
# named apart, never counted as measured nor scored 0.
BELUM = (
    "{% set belum = indikator|selectattr('kategori', 'equalto', 'Belum Jatuh Tempo')|list %}"
    "{% if belum %} Sebanyak {{ belum|length|angka }} indikator belum jatuh tempo "
    "pengukurannya (indikator yang dilaporkan triwulanan, semesteran atau tahunan) dan belum "
    "dinilai.{% endif %}"
)
BAB = [
    (
        "BAB I",
        "PENDAHULUAN",
        [
            "A. Latar Belakang",
            "B. Tugas Pokok dan Fungsi",
            "C. Struktur Organisasi",
            "D. Isu Strategis",
            "E. Sistematika Penyajian",
        ],
    ),
    (
        "BAB II",
        "PERENCANAAN KINERJA",
        ["A. Rencana Strategis", "B. Perjanjian Kinerja Tahun {{ tahun }}"],
    ),
    (
        "BAB III",
        "AKUNTABILITAS KINERJA",
        [
            "A. Capaian Kinerja Organisasi",
            "B. Analisis Capaian Kinerja",
            "C. Efisiensi Penggunaan Sumber Daya",
            "D. Realisasi Anggaran",
        ],
    ),
    ("BAB IV", "PENUTUP", ["A. Kesimpulan", "B. Langkah Perbaikan ke Depan"]),
]
SISTEMATIKA = [
    "Bagian Ikhtisar Eksekutif menyajikan secara singkat sasaran, capaian dan kendala utama;",
    "Bab I memuat latar belakang, tugas pokok dan fungsi, struktur organisasi, isu "
    "strategis dan sistematika penyajian;",
    "Bab II memuat rencana strategis dan Perjanjian Kinerja Tahun {{ tahun }};",
    "Bab III memuat capaian kinerja organisasi dan analisisnya, efisiensi penggunaan "
    "sumber daya dan realisasi anggaran;",
    "Bab IV memuat kesimpulan dan langkah perbaikan ke depan;",
    "Lampiran memuat Perjanjian Kinerja dan hasil pengukuran kinerja.",
]
# The final target of the Renstra for indicator ``i``.
RENSTRA = "{{ target_renstra.get(i.kode)|target }}"
LAMPIRAN = [
    "Lampiran 1. Perjanjian Kinerja Tahun {{ tahun }}",
    "Lampiran 2. Pengukuran Kinerja s.d. {{ periode }}",
]


FOOTER = (
    "{% if akhir_tahun %}LKjIP Tahun {{ tahun }}{% else %}Draft LKjIP Tahun {{ tahun }} s.d. "
    "{{ periode }}{% endif %}"
)


def _p(doc: Any, text: str, **kwargs: Any) -> Any:
    return par(doc, text, style=ISI, first_line=FIRST, **kwargs)


def _todo(doc: Any, text: str) -> None:
    placeholder(doc, f"[Diisi Tim Penyusun: {text}]", first_line=FIRST)


def _caption(doc: Any, text: str) -> None:
    par(doc, [(text, "b")], align="c", size=10, before=6, after=4, keep_next=True)


def _note(doc: Any, text: str) -> None:
    par(doc, text, size=8, before=2, after=8)


def _field_run(paragraph: Any, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _toc_entries() -> list[tuple[int, str]]:
    entries: list[tuple[int, str]] = [
        (1, "KATA PENGANTAR"),
        (1, "IKHTISAR EKSEKUTIF"),
        (1, "DAFTAR ISI"),
    ]
    for bab, judul, subs in BAB:
        entries.append((1, f"{bab} {judul}"))
        entries += [(2, s) for s in subs]
    entries.append((1, "LAMPIRAN"))
    entries += [(2, s) for s in LAMPIRAN]
    return entries


def daftar_isi(doc: Any) -> None:
    """The chapters and sections, each with a PAGEREF field to a bookmark on its heading
    (:func:`_bookmark_headings`): LibreOffice computes the page numbers as it lays the
    document out, so the PDF shows them, and Word updates them with the other fields."""
    width = text_width(doc)
    for index, (level, text) in enumerate(_toc_entries()):
        paragraph = par(
            doc,
            "",
            indent=Mm(8) if level == 2 else None,
            after=2 if level == 2 else 4,
            before=0 if level == 2 else 6,
        )
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        run = paragraph.add_run(text + "\t")
        run.bold = level == 1
        _field_run(paragraph, "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" PAGEREF {_toc_name(index)} \\h "
        paragraph.add_run()._r.append(instr)
        _field_run(paragraph, "separate")
        paragraph.add_run("1")
        _field_run(paragraph, "end")


def _toc_name(index: int) -> str:
    return f"_Toc{index + 1:04d}"


def _bookmark_headings(doc: Any) -> None:
    """A bookmark on each heading the Daftar Isi names (the first heading of that text)."""
    wanted = {text: index for index, (_level, text) in enumerate(_toc_entries())}
    for paragraph in doc.paragraphs:
        if not paragraph.style.name.startswith("Heading"):
            continue
        text = " ".join(paragraph.text.split())
        index = wanted.pop(text, None)
        if index is None:
            continue
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(index + 1))
        start.set(qn("w:name"), _toc_name(index))
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(index + 1))
        p = paragraph._p
        p.insert(1 if p.pPr is not None else 0, start)
        p.append(end)
    assert not wanted, f"Daftar Isi names headings the document lacks: {sorted(wanted)}"


def _front(doc: Any) -> None:
    cover(
        doc,
        ["LAPORAN KINERJA INSTANSI PEMERINTAH", "(LKjIP)", "TAHUN {{ tahun }}"],
        subtitle=["{% if not akhir_tahun %}Draft s.d. {{ periode }}{% endif %}"],
        end_break=False,
    )
    heading(doc, "KATA PENGANTAR", 1)
    _p(
        doc,
        "Puji syukur kita panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat dan "
        "karunia-Nya Laporan Kinerja Instansi Pemerintah (LKjIP) {{ instansi.nama }} Tahun "
        "{{ tahun }} dapat disusun.",
    )
    _p(
        doc,
        "LKjIP ini disusun sebagai pelaksanaan Peraturan Presiden Nomor 29 Tahun 2014 "
        "tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah dan Peraturan Menteri "
        "Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014, sebagai "
        "wujud pertanggungjawaban atas pencapaian sasaran strategis yang ditetapkan dalam "
        "Perjanjian Kinerja Tahun {{ tahun }}.",
    )
    _p(
        doc,
        "{% if akhir_tahun %}Laporan ini memuat data kinerja Tahun {{ tahun }} sampai dengan "
        "{{ periode }}.{% else %}Laporan ini masih berupa draft yang memuat data sampai dengan "
        "{{ periode }}.{% endif %} Kami "
        "menyampaikan terima kasih kepada seluruh pihak yang telah berperan dalam "
        "penyusunannya.",
    )
    held_units_note(
        doc, "{{ 'Laporan' if akhir_tahun else 'Draft' }} ini belum memuat data unit kerja berikut:"
    )
    signed_by(doc, "kepala_dinas")
    heading(doc, "IKHTISAR EKSEKUTIF", 1)
    _p(
        doc,
        "Laporan Kinerja Instansi Pemerintah (LKjIP) {{ instansi.nama }} Tahun {{ tahun }} "
        "merupakan wujud pertanggungjawaban atas pelaksanaan tugas pokok dan fungsi serta "
        "pencapaian sasaran strategis yang telah ditetapkan dalam Perjanjian Kinerja Tahun "
        "{{ tahun }}.",
    )
    _p(
        doc,
        "Pada Tahun {{ tahun }} ditetapkan {{ indikator|length|angka }} indikator kinerja. "
        "Sampai dengan {{ periode }}, sebanyak {{ " + DIUKUR + "|length|angka }} indikator "
        "telah dapat diukur{% if "
        + DIUKUR
        + " %} dengan sebaran kategori capaian: "
        + SEBARAN
        + "{% endif %}."
        + BELUM,
    )
    _p(
        doc,
        "Pagu anggaran Tahun {{ tahun }} sebesar {{ total_anggaran|rupiah }}, dengan "
        "realisasi sampai dengan {{ periode }} sebesar {{ total_realisasi_anggaran|rupiah }} "
        "atau " + SERAPAN + " dari pagu.",
    )
    # An executive summary names the dinas-level indicators, not the 2,000 of a province;
    # every indicator stands, by unit, in Tabel 3.1 and Lampiran 2.
    _p(
        doc,
        "{% if iku %}Capaian {{ iku|length|angka }} Indikator Kinerja Utama (IKU) "
        "{{ instansi.nama }} disajikan pada Tabel 1. Seluruh {{ indikator|length|angka }} "
        "indikator kinerja unit kerja beserta capaiannya disajikan per unit kerja pada "
        "Tabel 3.1 dan Lampiran 2.{% else %}Capaian seluruh {{ indikator|length|angka }} "
        "indikator kinerja disajikan per unit kerja pada Tabel 1, dan secara rinci pada "
        "Tabel 3.1 dan Lampiran 2.{% endif %}",
    )
    _capaian_table(
        doc,
        "Tabel 1. {% if iku %}Capaian Indikator Kinerja Utama{% else %}Ringkasan Capaian "
        "Kinerja{% endif %} s.d. {{ periode }}",
        short=True,
    )
    _todo(
        doc,
        "ringkasan capaian kinerja utama, keberhasilan dan permasalahan yang dihadapi, "
        "serta langkah perbaikan yang akan dilakukan",
    )
    heading(doc, "DAFTAR ISI", 1)
    daftar_isi(doc)


def _capaian_table(doc: Any, caption: str, *, short: bool = False) -> None:
    """Target, realisasi, capaian and kategori of the office's indicators (``short``: the
    Ikhtisar's, the IKU Dinas or, when none is marked, every indicator), in a row group per
    unit: two units may name an indicator alike."""
    _caption(doc, caption)
    columns: list[Column] = (
        [
            ("No.", 9, "c"),
            ("Indikator Kinerja", None, "l"),
            ("{{ basis }}", 20, "c"),
            ("Realisasi", 20, "c"),
            ("Capaian", 22, "c"),
            ("Kategori", 24, "c"),
        ]
        if short
        else [
            ("No.", 9, "c"),
            ("Sasaran Strategis", 34, "l"),
            ("Indikator Kinerja", None, "l"),
            ("Satuan", 16, "c"),
            ("{{ basis }}", 18, "c"),
            ("Realisasi", 18, "c"),
            ("Capaian", 18, "c"),
            ("Kategori", 20, "c"),
        ]
    )
    grid = data_table(doc, columns, style=TABEL_KECIL)
    # Tabel 1 numbers its own rows; Tabel 3.1 gives each indicator the number it has in
    # every table and analysis of Bab III.
    cells = ["{{ loop.index|angka }}" if short else "{{ i.no|angka }}"]
    if not short:
        cells += ["{{ i.sasaran }}"]
    cells += ["{{ i.indikator }}"]
    if not short:
        cells += ["{{ i.satuan }}"]
    cells += [
        "{{ i.target_capaian|target }}",
        "{{ i.realisasi|angka }}",
        "{{ i.capaian|persen }}",
        "{{ i.kategori or '-' }}",
    ]
    unit_rows(
        grid,
        "i in " + ("(iku or indikator)" if short else "indikator"),
        cells,
        sasaran=None if short else 1,
    )
    _note(
        doc,
        'Capaian dihitung terhadap {{ basis }}. Realisasi dan capaian bertanda "-" belum '
        "dapat dihitung sampai dengan {{ periode }}.",
    )


# A unit's first indicator in a loop over the office's indicators (``i``): a row naming the
# unit stands before it.
NEW_UNIT = "i.unit and (loop.first or i.unit != loop.previtem.unit)"


def unit_rows(grid: Grid, loop: str, cells: list[str], *, sasaran: int | None = None) -> None:
    """One row per indicator of ``{%tr for <loop> %}``, under a row spanning the table that
    names the unit of the rows below it (as many pemda LKjIP print the office's table).
    Column ``sasaran``, when given, spans the indicators of one sasaran within a unit."""
    last = len(grid.widths) - 1
    grid.tr("{%tr for " + loop + " %}")
    grid.tr("{%tr bagian %}")
    grid.tr("{%tr if " + NEW_UNIT + " %}")
    head = grid.row(
        ["{{ i.unit }}", *[None] * last],
        bold=True,
        shade="F2F2F2",
        spans=[(0, last)],
        align="l",
        cant_split=True,
    )
    for paragraph in head.cells[0].paragraphs:
        paragraph.paragraph_format.keep_with_next = True  # never alone at a page's foot
    grid.tr("{%tr endif %}")
    row = grid.row(cells, cant_split=True)
    if sasaran is not None:
        group_merge(row.cells[sasaran], f"({NEW_UNIT}) or {NEW_SASARAN}")
    grid.tr("{%tr endbagian %}")
    grid.tr("{%tr endfor %}")


def _bab_i(doc: Any) -> None:
    heading(doc, ["BAB I", "PENDAHULUAN"], 1)
    heading(doc, "A. Latar Belakang", 2)
    _p(
        doc,
        "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja "
        "Instansi Pemerintah mewajibkan setiap entitas akuntabilitas kinerja menyusun laporan "
        "kinerja sebagai bentuk pertanggungjawaban atas pelaksanaan tugas dan fungsi serta "
        "pengelolaan anggaran. Laporan Kinerja Instansi Pemerintah (LKjIP) {{ instansi.nama }} "
        "Tahun {{ tahun }} disusun berdasarkan Peraturan Menteri Pendayagunaan Aparatur Negara "
        "dan Reformasi Birokrasi Nomor 53 Tahun 2014.",
    )
    _todo(doc, "latar belakang khusus perangkat daerah dan maksud serta tujuan penyusunan LKjIP")
    heading(doc, "B. Tugas Pokok dan Fungsi", 2)
    _todo(
        doc,
        "tugas pokok dan fungsi sesuai Peraturan Gubernur tentang kedudukan, susunan "
        "organisasi, tugas dan fungsi serta tata kerja perangkat daerah",
    )
    heading(doc, "C. Struktur Organisasi", 2)
    _todo(doc, "bagan dan uraian struktur organisasi, serta jumlah dan komposisi pegawai")
    heading(doc, "D. Isu Strategis", 2)
    _todo(doc, "isu strategis yang dihadapi perangkat daerah pada tahun {{ tahun }}")
    heading(doc, "E. Sistematika Penyajian", 2)
    # Worded as sentences ("Bab II memuat ..."), not as the chapter headings themselves: a
    # returned LKjIP whose Bab II was left out must not pass `sakip check` on this list.
    _p(doc, "Sistematika penyajian LKjIP ini, sesuai PermenPAN-RB Nomor 53 Tahun 2014:")
    for number, text in enumerate(SISTEMATIKA, start=1):
        par(doc, f"{number}.\t{text}", style=ISI, indent=FIRST, hanging=Mm(6), after=2)


def _bab_ii(doc: Any) -> None:
    heading(doc, ["BAB II", "PERENCANAAN KINERJA"], 1)
    heading(doc, "A. Rencana Strategis", 2)
    _todo(doc, "visi, misi, tujuan dan sasaran strategis dalam Rencana Strategis perangkat daerah")
    _p(
        doc,
        "Target akhir periode Rencana Strategis untuk indikator kinerja yang diperjanjikan "
        "pada Tahun {{ tahun }} adalah sebagai berikut:",
    )
    _caption(doc, "Tabel 2.1 Target Akhir Periode Rencana Strategis")
    kinerja_table(
        doc, "indikator", style=TABEL_KECIL, target=("Target Akhir Renstra", RENSTRA), bagian=True
    )
    _note(doc, 'Target bertanda "-" belum tercatat di workspace.')
    heading(doc, "B. Perjanjian Kinerja Tahun {{ tahun }}", 2)
    _p(
        doc,
        "Perjanjian Kinerja Tahun {{ tahun }} memuat sasaran strategis, indikator kinerja "
        "dan target yang akan dicapai sebagai berikut:",
    )
    _caption(doc, "Tabel 2.2 Perjanjian Kinerja Tahun {{ tahun }}")
    kinerja_table(doc, "indikator", bagian=True)
    par(doc, "", after=6)
    _p(
        doc,
        "Untuk mencapai sasaran tersebut dialokasikan anggaran sebesar "
        "{{ total_anggaran|rupiah }} ({{ total_anggaran|terbilang }} rupiah).",
    )


def _pembanding_table(doc: Any) -> None:
    """Each indicator's earlier years, this year, and the Renstra's final target."""
    _caption(doc, "Tabel 3.2 Perbandingan Realisasi dan Capaian dengan Tahun Sebelumnya")
    grid = data_table(
        doc,
        [
            ("No.", 9, "c"),
            ("Indikator Kinerja", None, "l"),
            ("Satuan", 18, "c"),
            ("Tahun", 16, "c"),
            ("Realisasi", 22, "c"),
            ("Capaian", 22, "c"),
            ("Target Akhir Renstra", 24, "c"),
        ],
        style=TABEL_KECIL,
    )
    same = ["{{ i.no|angka }}", "{{ i.indikator }}", "{{ i.satuan }}"]
    grid.tr("{%tr for i in indikator %}")
    grid.tr("{%tr bagian %}")
    earlier = grid.loop(
        "t in pembanding.get(i.kode, [])",
        [*same, "{{ t.tahun }}", "{{ t.realisasi|angka }}", "{{ t.capaian|persen }}", RENSTRA],
    )
    current = grid.row(
        [*same, "{{ tahun }}", "{{ i.realisasi|angka }}", "{{ i.capaian|persen }}", RENSTRA]
    )
    grid.tr("{%tr endbagian %}")
    grid.tr("{%tr endfor %}")
    for col in (0, 1, 2, 6):
        group_merge(earlier.cells[col], "loop.first")
        group_merge(current.cells[col], "not pembanding.get(i.kode)")
    _note(doc, "Tahun sebelumnya ditampilkan sejauh datanya tercatat di workspace.")


def _bab_iii(doc: Any) -> None:
    heading(doc, ["BAB III", "AKUNTABILITAS KINERJA"], 1)
    heading(doc, "A. Capaian Kinerja Organisasi", 2)
    _p(
        doc,
        "Pengukuran kinerja dilakukan dengan membandingkan realisasi dengan target setiap "
        "indikator kinerja dalam Perjanjian Kinerja Tahun {{ tahun }}. Capaian kinerja "
        "sampai dengan {{ periode }} adalah sebagai berikut:",
    )
    _capaian_table(doc, "Tabel 3.1 Capaian Kinerja Organisasi s.d. {{ periode }}")
    tag(doc, "{%p if grafik %}")
    par(doc, "{{ grafik }}", align="c", before=6, keep_next=True)
    _caption(doc, "Gambar 3.1 Capaian Kinerja per Indikator s.d. {{ periode }}")
    tag(doc, "{%p endif %}")
    _pembanding_table(doc)
    heading(doc, "B. Analisis Capaian Kinerja", 2)
    tag(doc, "{%p for i in indikator %}")
    tag(doc, "{%p bagian %}")
    heading(doc, "{{ loop.index }}. {{ i.indikator }}", 3)
    _p(
        doc,
        "{% if i.capaian is not none %}Capaian {{ i.indikator|sebutan('indikator') }} sampai "
        "dengan {{ periode }} sebesar {{ i.capaian|persen }}{% if i.kategori %} (kategori "
        "{{ i.kategori }}){% endif %}, dengan realisasi "
        "{{ i.realisasi|angka|bersatuan(i.satuan) }} terhadap {{ i.basis|lower }} "
        "{{ i.target_capaian|target|bersatuan(i.satuan) }}.{% else %}"
        "Capaian {{ i.indikator|sebutan('indikator') }} sampai dengan {{ periode }} belum "
        "dapat dihitung{% if i.capaian_catatan %} ({{ i.capaian_catatan|trim('.') }})"
        "{% endif %}; target Tahun {{ tahun }} "
        "sebesar {{ i.target|target|bersatuan(i.satuan) }}.{% endif %}",
    )
    tag(doc, "{%p if pembanding.get(i.kode) or target_renstra.get(i.kode) is not none %}")
    _p(
        doc,
        "{% if pembanding.get(i.kode) %}Sebagai perbandingan, realisasi tahun sebelumnya: "
        "{% for t in pembanding.get(i.kode) %}Tahun {{ t.tahun }} sebesar "
        "{{ t.realisasi|angka|bersatuan(i.satuan) }} (capaian {{ t.capaian|persen }}){% if not "
        "loop.last %}; {% endif %}{% endfor %}.{% endif %}{% if target_renstra.get(i.kode) is "
        "not none %}{% if pembanding.get(i.kode) %} {% endif %}"
        "Target akhir periode Rencana Strategis sebesar "
        "{{ target_renstra.get(i.kode)|target|bersatuan(i.satuan) }}.{% endif %}",
    )
    tag(doc, "{%p endif %}")
    _todo(doc, "penyebab keberhasilan/kegagalan, upaya, dan solusi")
    tag(doc, "{%p endbagian %}")
    tag(doc, "{%p endfor %}")
    heading(doc, "C. Efisiensi Penggunaan Sumber Daya", 2)
    _p(
        doc,
        "Efisiensi dinilai dengan membandingkan persentase capaian kinerja dengan "
        "persentase serapan anggaran yang mendukung setiap indikator kinerja.",
    )
    _caption(doc, "Tabel 3.3 Capaian Kinerja dan Serapan Anggaran")
    grid = data_table(
        doc,
        [
            ("No.", 9, "c"),
            ("Indikator Kinerja", None, "l"),
            ("Capaian thd {{ basis }}", 18, "c"),
            ("Anggaran", 28, "r"),
            ("Realisasi Anggaran", 28, "r"),
            ("Serapan Anggaran", 18, "c"),
            ("Efisiensi", 20, "c"),
        ],
        style=TABEL_KECIL,
    )
    unit_rows(
        grid,
        "i in indikator",
        [
            "{{ i.no|angka }}",
            "{{ i.indikator }}",
            "{{ i.capaian|persen }}",
            "{{ i.anggaran|rupiah }}",
            "{{ i.realisasi_anggaran|rupiah }}",
            "{{ i.serapan|persen }}",
            "{{ i.efisiensi or '-' }}",
        ],
    )
    _note(doc, "")
    _todo(doc, "analisis efisiensi penggunaan sumber daya")
    heading(doc, "D. Realisasi Anggaran", 2)
    _p(
        doc,
        "Pagu anggaran {{ instansi.nama }} Tahun {{ tahun }} sebesar "
        "{{ total_anggaran|rupiah }} ({{ total_anggaran|terbilang }} rupiah). Realisasi sampai "
        "dengan {{ periode }} sebesar {{ total_realisasi_anggaran|rupiah }} atau "
        + SERAPAN
        + " dari pagu.",
    )
    _caption(doc, "Tabel 3.4 Realisasi Anggaran per Program s.d. {{ periode }}")
    grid = data_table(
        doc,
        [
            ("No.", 9, "c"),
            ("Program", 45, "l"),
            ("Indikator Kinerja", None, "l"),
            ("Anggaran", 28, "r"),
            ("Realisasi", 28, "r"),
            ("Serapan", 20, "c"),
        ],
        style=TABEL_KECIL,
    )
    unit_rows(
        grid,
        "i in indikator",
        [
            "{{ i.no|angka }}",
            "{{ i.program }}",
            "{{ i.indikator }}",
            "{{ i.anggaran|rupiah }}",
            "{{ i.realisasi_anggaran|rupiah }}",
            "{{ i.serapan|persen }}",
        ],
    )
    grid.row(
        [
            "Jumlah Perangkat Daerah",
            None,
            None,
            "{{ total_anggaran|rupiah }}",
            "{{ total_realisasi_anggaran|rupiah }}",
            SERAPAN,
        ],
        bold=True,
        spans=[(0, 2)],
        align=["c", "c", "c", "r", "r", "c"],
    )
    _note(doc, "")
    _todo(doc, "penjelasan realisasi anggaran, kendala penyerapan dan tindak lanjutnya")


def _bab_iv(doc: Any) -> None:
    heading(doc, ["BAB IV", "PENUTUP"], 1)
    heading(doc, "A. Kesimpulan", 2)
    _p(
        doc,
        "Sampai dengan {{ periode }}, dari {{ indikator|length|angka }} indikator kinerja "
        "Tahun {{ tahun }}, sebanyak {{ " + DIUKUR + "|length|angka }} indikator telah dapat "
        "diukur{% if "
        + DIUKUR
        + " %} dengan sebaran kategori capaian: "
        + SEBARAN
        + "{% endif %}."
        + BELUM
        + " Realisasi anggaran mencapai "
        + SERAPAN
        + " dari pagu.",
    )
    _todo(doc, "kesimpulan atas capaian kinerja dan permasalahan utama")
    heading(doc, "B. Langkah Perbaikan ke Depan", 2)
    _todo(doc, "langkah perbaikan dan strategi pencapaian target pada periode berikutnya")
    signed_by(doc, "kepala_dinas")


def _lampiran(doc: Any) -> None:
    # The lampiran's wide tables in a landscape part of their own, with the same footer.
    wide_section(doc, FOOTER)
    heading(doc, "LAMPIRAN", 1)
    heading(doc, LAMPIRAN[0], 2)
    tag(doc, "{%p for p in perjanjian %}")
    tag(doc, "{%p bagian %}")
    par(doc, [("{{ loop.index }}. {{ p.unit }}", "b")], before=8, after=2, keep_next=True)
    par(
        doc,
        "Pihak pertama: {{ p.pihak_pertama.nama }} ({{ p.pihak_pertama.jabatan }})",
        size=9,
        after=4,
        keep_next=True,
    )
    kinerja_table(doc, "p.indikator")
    tag(doc, "{%p endbagian %}")
    tag(doc, "{%p endfor %}")
    heading(doc, LAMPIRAN[1], 2)
    tag(doc, "{%p for p in pengukuran %}")
    tag(doc, "{%p bagian %}")
    par(doc, [("{{ loop.index }}. {{ p.unit }}", "b")], before=8, after=4, keep_next=True)
    grid = data_table(
        doc,
        [
            ("No.", 9, "c"),
            ("Indikator Kinerja", None, "l"),
            ("Satuan", 16, "c"),
            ("{{ p.basis }}", 18, "c"),
            ("Realisasi", 18, "c"),
            ("Capaian", 20, "c"),
            ("Kategori / Keterangan", 36, "l"),
        ],
        style=TABEL_KECIL,
    )
    grid.loop(
        "i in p.indikator",
        [
            "{{ i.no|angka }}",
            "{{ i.indikator }}",
            "{{ i.satuan }}",
            "{{ i.target_capaian|target }}",
            "{{ i.realisasi|angka }}",
            "{{ i.capaian|persen }}",
            "{{ i.kategori or '-' }}{% if i.capaian_catatan %} ({{ i.capaian_catatan }})"
            "{% endif %}",
        ],
    )
    # A province unit's 50 rows run onto a second page: the unit's name heads the table as
    # a header row, repeated on every page the table fills.
    last = len(grid.widths) - 1
    unit = grid.row(
        ["{{ p.unit }}", *[None] * last],
        bold=True,
        shade="F2F2F2",
        spans=[(0, last)],
        align="l",
        header=True,
    )
    grid.table.rows[0]._tr.addprevious(unit._tr)
    tag(doc, "{%p endbagian %}")
    tag(doc, "{%p endfor %}")


def make_lkjip(path: Path) -> None:
    doc = new_document()
    cover_section(
        doc,
        FOOTER,
        header="Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun {{ tahun }} — "
        "{{ instansi.nama }}",
    )
    _front(doc)
    _bab_i(doc)
    _bab_ii(doc)
    _bab_iii(doc)
    _bab_iv(doc)
    _lampiran(doc)
    _bookmark_headings(doc)
    save(doc, path)
