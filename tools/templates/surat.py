"""Letters of the SOP steps: surat perihal, surat undangan, surat pengantar, surat perintah
tugas, and the Keputusan Kepala Dinas on a team (SK Tim).

Each follows the anatomy Permendagri 1/2023 (Tata Naskah Dinas di Lingkungan Pemerintah
Daerah) sets out in its lampiran for that kind of naskah dinas; the maker of each template
names the part it follows. Numbered lists go through the ``rincian`` filter, which ends them as
naskah dinas does ("...;", "...; dan", "...."), and the signature block follows Pasal 44
(name with academic titles, pangkat and NIP on korespondensi and penugasan; the name without
academic titles on a penetapan)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.shared import Length, Mm

from tools.templates.common import (
    COLON,
    ISI,
    TABEL,
    Sig,
    data_table,
    kop_surat,
    label_rows,
    label_table,
    nama_nip,
    new_document,
    page_break,
    par,
    save,
    signatures,
    table,
    tag,
    text_width,
    title,
)

# Letter layout: the "Nomor : ..." block, then the body indented to its values.
LABEL = Mm(24)
BODY_INDENT = Length(LABEL + COLON)
FIRST_LINE = Mm(12.5)
LETTERS = "'abcdefghijklmnopqrstuvwxyz'[loop.index0]"


def _letter_head(doc: Any) -> None:
    """Date right; Nomor/Sifat/Lampiran/Hal left; "Kepada Yth. ... di ..." right."""
    width = text_width(doc)
    right = Mm(70)
    value = Length(width - LABEL - COLON - right)
    grid = table(doc, [LABEL, COLON, value, right], borders=False, style="Normal")
    grid.row(["", "", "", "{{ instansi.kota }}, {{ surat.tanggal|tanggal }}"])
    first = len(grid.table.rows)
    label_rows(
        grid,
        [
            ("Nomor", "{{ surat.nomor }}"),
            ("Sifat", "{{ surat.sifat }}"),
            ("Lampiran", "{{ surat.lampiran }}"),
            ("Hal", [("{{ surat.hal }}", "b")]),
        ],
        blanks=1,
    )
    # The addressees fill the last column beside the label rows.
    cell = grid.vspan(3, first, len(grid.table.rows) - 1)
    cell.vertical_alignment = None
    _addressees(cell)
    par(doc, "", after=12)


def _addressees(where: Any, indent: Length | None = None) -> None:
    """ "Kepada Yth." (Permendagri 1/2023, anatomy of a surat dinas: the addressee): one
    addressee follows "Yth."; several are one numbered list after a single "Yth.", each item
    ended with ";" but the last."""
    par(where, "Kepada", indent=indent, before=12)
    tag(where, "{%p if surat.tujuan|length == 1 %}")
    par(where, "Yth.\t{{ surat.tujuan[0] }}", hanging=Mm(9), indent=indent)
    tag(where, "{%p else %}")
    tag(where, "{%p for t in surat.tujuan|rincian('', '') %}")
    item = par(
        where,
        "{% if loop.first %}Yth.{% endif %}\t{{ loop.index }}.\t{{ t }}",
        hanging=Mm(15),
        indent=indent,
    )
    # "Yth." left, the number at 9 mm, the text at the hanging indent (15 mm).
    item.paragraph_format.tab_stops.add_tab_stop(Length((indent or 0) + Mm(9)))
    tag(where, "{%p endfor %}")
    tag(where, "{%p endif %}")
    par(where, "di", indent=indent)
    par(where, "{{ surat.tempat_tujuan }}", indent=Length((indent or 0) + Mm(9)))


def _body(doc: Any, text: str, **kwargs: Any) -> Any:
    return par(doc, text, style=ISI, indent=BODY_INDENT, first_line=FIRST_LINE, **kwargs)


def _tembusan(doc: Any, owner: str = "surat") -> None:
    tag(doc, "{%p if " + owner + ".tembusan %}")
    par(doc, [("Tembusan:", "u")], size=10, before=12)
    tag(doc, "{%p for t in " + owner + ".tembusan|rincian('.', '') %}")
    par(doc, "{{ loop.index }}.\t{{ t }}", size=10, hanging=Mm(6))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def _surat(path: Path, opening: str, middle: Callable[[Any], None], last: str, thanks: str) -> None:
    """A letter of the kind "Dalam rangka ...": head, ``opening``, ``middle``, ``last``; the
    closing thanks Saudara for their ``thanks``; signature and tembusan."""
    doc = new_document()
    kop_surat(doc)
    _letter_head(doc)
    _body(doc, opening)
    middle(doc)
    _body(doc, last, before=6)
    _body(doc, f"Demikian disampaikan, atas perhatian dan {thanks} Saudara diucapkan terima kasih.")
    signatures(doc, None, Sig("surat.penandatangan"))
    _tembusan(doc)
    save(doc, path)


def _units(doc: Any) -> None:
    tag(doc, "{%p for u in units|rincian %}")
    par(
        doc,
        "{{ loop.index }}.\t{{ u }}",
        style=ISI,
        indent=Length(BODY_INDENT + FIRST_LINE),
        hanging=Mm(7),
        after=0,
    )
    tag(doc, "{%p endfor %}")


def make_surat_perihal(path: Path) -> None:
    """Surat dinas (Permendagri 1/2023, lampiran, Surat Dinas): kop; place and date right;
    Nomor, Sifat, Lampiran, Hal left; "Kepada Yth. ... di ..."; opening, content and closing
    paragraphs; jabatan, signature, name, pangkat, NIP; tembusan."""
    _surat(
        path,
        "Dalam rangka {{ sop }} pada {{ instansi.nama }} Tahun {{ tahun }}, dengan hormat "
        "kami minta Saudara menyiapkan data dan dokumen untuk {{ kegiatan }} pada unit kerja "
        "masing-masing, yaitu:",
        _units,
        "Data dan dokumen tersebut agar disampaikan kepada Kepala Dinas melalui "
        "Sekretariat paling lambat hari {{ batas_waktu|hari }}, tanggal "
        "{{ batas_waktu|tanggal }}, dalam bentuk dokumen cetak yang telah ditandatangani "
        "pimpinan unit kerja beserta berkas elektroniknya.",
        "kerja sama",
    )


def _acara(doc: Any) -> None:
    label_table(
        doc,
        Mm(30),
        [
            ("Hari/Tanggal", "{{ hari_tanggal|hari }}, {{ hari_tanggal|tanggal }}"),
            ("Waktu", "{{ waktu }}"),
            ("Tempat", "{{ lokasi }}"),
            ("Acara", "{{ acara }}"),
        ],
        indent=Length(BODY_INDENT + FIRST_LINE),
    )


def make_surat_undangan(path: Path) -> None:
    """Surat undangan (Permendagri 1/2023, lampiran, Surat Undangan): the surat dinas head,
    then hari/tanggal, waktu, tempat and acara between the opening and the closing."""
    _surat(
        path,
        "Dalam rangka {{ sop }} Tahun {{ tahun }} pada {{ instansi.nama }}, "
        "dengan hormat kami mengundang Saudara untuk hadir pada:",
        _acara,
        "Mengingat pentingnya acara tersebut, diharapkan kehadiran Saudara tepat pada waktunya.",
        "kehadiran",
    )


def make_surat_pengantar(path: Path) -> None:
    """Surat pengantar (Permendagri 1/2023, lampiran, Surat Pengantar): kop; place and date;
    "Yth." and the addressee; SURAT PENGANTAR and its Nomor; the table of what is sent (No.,
    Naskah Dinas yang Dikirimkan, Banyaknya, Keterangan); the receiver's block (date
    received, name, NIP) left and the sender's right; tembusan."""
    doc = new_document()
    kop_surat(doc)
    right = Mm(95)
    par(doc, "{{ instansi.kota }}, {{ surat.tanggal|tanggal }}", indent=right)
    _addressees(doc, indent=right)
    par(doc, "", after=12)
    title(doc, ["SURAT PENGANTAR"], underline_first=True, after=0)
    par(doc, "Nomor: {{ surat.nomor }}", align="c", after=12)
    grid = data_table(
        doc,
        [
            ("No.", 10, "c"),
            ("Naskah Dinas yang Dikirimkan", 78, "l"),
            ("Banyaknya", 30, "c"),
            ("Keterangan", None, "l"),
        ],
        numbers=True,
    )
    grid.loop(
        "d in dokumen",
        [
            "{{ loop.index }}.",
            "{{ d }}",
            "1 (satu) berkas",
            "{% vm %}Dikirimkan dengan hormat untuk diketahui dan dipergunakan "
            "sebagaimana mestinya.",
        ],
        height=Mm(10),
    )
    signatures(
        doc,
        Sig(None, heading=["Diterima tanggal ....................", "Penerima,"]),
        Sig("surat.penandatangan", heading=["", "Pengirim,"]),
        before=18,
    )
    _tembusan(doc)
    save(doc, path)


def _listing(doc: Any, label: str, items: str, marker: str, *, after: float = 6) -> None:
    """Rows "Label : 1. item" of a borderless table, the label on the first row only;
    ``items`` is a Jinja expression (with its ``rincian`` filter)."""
    width = text_width(doc)
    grid = table(
        doc,
        [Mm(28), COLON, Mm(7), Length(width - Mm(39))],
        borders=False,
        style="Normal",
        aligns=["l", "l", "l", "j"],
    )
    grid.loop(
        "item in " + items,
        [
            "{{ '" + label + "' if loop.first else '' }}",
            "{{ ':' if loop.first else '' }}",
            "{{ " + marker + " }}.",
            "{{ item }}",
        ],
    )
    par(doc, "", after=after)


def make_surat_perintah_tugas(path: Path) -> None:
    """Surat perintah tugas (Permendagri 1/2023, lampiran, Surat Perintah/Surat Tugas): kop;
    title and Nomor; Dasar; MEMERINTAHKAN; Kepada; Untuk; place and date of issue; jabatan,
    signature, name, pangkat, NIP."""
    doc = new_document()
    kop_surat(doc)
    title(doc, ["SURAT PERINTAH TUGAS"], underline_first=True, after=0)
    par(doc, "Nomor: {{ nomor }}", align="c", after=18)
    _listing(doc, "Dasar", "dasar|rincian('.', '')", "loop.index")
    title(doc, ["MEMERINTAHKAN:"], size=11)
    par(doc, "Kepada\t:", after=4).paragraph_format.tab_stops.add_tab_stop(Mm(28))
    grid = data_table(
        doc,
        [
            ("No.", 10, "c"),
            ("Nama / NIP", 62, "l"),
            ("Pangkat/Gol.", 42, "l"),
            ("Jabatan", None, "l"),
        ],
    )
    grid.loop(
        "o in petugas",
        ["{{ loop.index }}.", nama_nip("o"), "{{ o.pangkat }}", "{{ o.jabatan }}"],
    )
    par(doc, "", after=6)
    _listing(doc, "Untuk", "untuk|rincian", "loop.index")
    par(
        doc,
        "Demikian Surat Perintah Tugas ini dibuat untuk dilaksanakan dengan penuh tanggung jawab.",
        style=ISI,
        first_line=FIRST_LINE,
    )
    signatures(
        doc,
        None,
        Sig(
            "penandatangan", date="Dikeluarkan di {{ tempat }}\npada tanggal {{ tanggal|tanggal }}"
        ),
    )
    save(doc, path)


DIKTUM_KEDUA = (
    "mengumpulkan, mengolah dan menganalisis data kinerja dari setiap unit kerja;",
    "menyusun dokumen sesuai tugas tim berdasarkan ketentuan peraturan perundang-undangan "
    "dan menyampaikannya tepat waktu; dan",
    "melaporkan hasil pelaksanaan tugas kepada Kepala Dinas.",
)


def make_sk_tim(path: Path) -> None:
    """Keputusan (Permendagri 1/2023, lampiran, Keputusan): kop; KEPUTUSAN KEPALA DINAS,
    NOMOR, TENTANG; the jabatan of the one deciding; Menimbang (a., b., ... each ending ";",
    the last summing up); Mengingat (1., 2., ... each ending ";"); MEMUTUSKAN; Menetapkan and
    the diktum KESATU, KEDUA, ...; "Ditetapkan di ... pada tanggal ..."; jabatan, signature and
    the name without academic titles (Pasal 44); the lampiran with its own heading."""
    doc = new_document()
    kop_surat(doc)
    title(
        doc, ["KEPUTUSAN KEPALA {{ instansi.nama|upper }}", "NOMOR {{ nomor }}"], size=11, after=12
    )
    title(doc, ["TENTANG", "{{ tentang|upper }}"], size=11, after=12)
    title(doc, ["KEPALA {{ instansi.nama|upper }},"], size=11, after=12)
    _listing(doc, "Menimbang", "menimbang|rincian(';', '')", LETTERS)
    _listing(doc, "Mengingat", "mengingat|rincian(';', '')", "loop.index")
    title(doc, ["MEMUTUSKAN:"], size=11, after=6)
    grid = label_table(doc, Mm(28), aligns=["l", "l", "j"])

    def kedua(cell: Any) -> None:
        par(cell, "Tim sebagaimana dimaksud dalam Diktum KESATU mempunyai tugas:", align="j")
        for letter, text in zip("abc", DIKTUM_KEDUA, strict=False):
            par(cell, f"{letter}.\t{text}", align="j", hanging=Mm(7))

    rows: list[tuple[str, Any]] = [
        (
            "Menetapkan",
            [("KEPUTUSAN KEPALA {{ instansi.nama|upper }} TENTANG {{ tentang|upper }}.", "b")],
        ),
        (
            "KESATU",
            "Menetapkan susunan keanggotaan {{ tentang }} sebagaimana tercantum dalam "
            "Lampiran yang merupakan bagian tidak terpisahkan dari Keputusan ini.",
        ),
        ("KEDUA", kedua),
        (
            "KETIGA",
            "Segala biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan "
            "pada Dokumen Pelaksanaan Anggaran {{ instansi.nama }} Tahun Anggaran "
            "{{ tahun_anggaran }}.",
        ),
        ("KEEMPAT", "Keputusan ini mulai berlaku pada tanggal ditetapkan."),
    ]
    for label, value in rows:
        row = grid.row([label, ":", [value] if isinstance(value, list) else value])
        for paragraph in row.cells[2].paragraphs:
            paragraph.paragraph_format.space_after = Mm(2)
    signatures(
        doc,
        None,
        Sig(
            "penandatangan",
            date="Ditetapkan di {{ tempat }}\npada tanggal {{ tanggal|tanggal }}",
            gelar=False,
        ),
    )
    page_break(doc)
    label_table(
        doc,
        Mm(22),
        [
            ("LAMPIRAN", "KEPUTUSAN KEPALA {{ instansi.nama|upper }}"),
            ("NOMOR", "{{ nomor }}"),
            ("TANGGAL", "{{ tanggal|tanggal }}"),
            ("TENTANG", "{{ tentang|upper }}"),
        ],
        indent=Mm(80),
        style=TABEL,
    )
    par(doc, "", after=12)
    title(doc, ["SUSUNAN KEANGGOTAAN", "{{ tentang|upper }}"], size=11)
    team = data_table(
        doc,
        [
            ("No.", 10, "c"),
            ("Kedudukan dalam Tim", 35, "l"),
            ("Nama / NIP", 65, "l"),
            ("Jabatan", None, "l"),
        ],
    )
    team.loop(
        "kedudukan, orang in anggota",
        ["{{ loop.index }}.", "{{ kedudukan }}", nama_nip("orang"), "{{ orang.jabatan }}"],
    )
    signatures(doc, None, Sig("penandatangan", gelar=False))
    save(doc, path)
