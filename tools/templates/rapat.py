"""Forms of a meeting: the daftar hadir and the notulensi."""

from __future__ import annotations

from pathlib import Path

from docx.shared import Mm

from tools.templates.common import (
    Sig,
    dotted_lines,
    kop_surat,
    label_table,
    nama_nip,
    new_document,
    par,
    placeholder,
    save,
    signatures,
    table,
    text_width,
    title,
)

EMPTY_ROWS = 5
NOTULIS = "[diisi notulis]"


def _sign_row(n: str) -> list[str]:
    """The two signature columns: odd numbers sign left, even numbers right."""
    return [
        "{% if (" + n + ") is odd %}{{ " + n + " }}. ........{% endif %}",
        "{% if (" + n + ") is even %}{{ " + n + " }}. ........{% endif %}",
    ]


def make_daftar_hadir(path: Path) -> None:
    doc = new_document()
    kop_surat(doc)
    title(doc, ["DAFTAR HADIR", "{{ acara|upper }}"], after=12)
    label_table(
        doc,
        Mm(35),
        [
            ("Hari/Tanggal", "{{ hari_tanggal|hari }}, {{ hari_tanggal|tanggal }}"),
            ("Waktu", "{{ waktu }}"),
            ("Tempat", "{{ lokasi }}"),
            ("Pimpinan Rapat", "{{ pimpinan.nama }} ({{ pimpinan.jabatan }})"),
        ],
    )
    par(doc, "", after=8)
    # No, Nama / NIP, Jabatan, Unit Kerja, two signature columns: 170 mm.
    grid = table(
        doc, [Mm(w) for w in (9, 50, 40, 31, 20, 20)], aligns=["c", "l", "l", "l", "l", "l"]
    )
    grid.header(
        ["No.", "Nama / NIP", "Jabatan", "Unit Kerja", "Tanda Tangan", None], spans=[(4, 5)]
    )
    grid.loop(
        "o in peserta",
        [
            "{{ loop.index }}",
            nama_nip("o"),
            "{{ o.jabatan }}",
            "{{ o.unit }}",
            *_sign_row("loop.index"),
        ],
        height=Mm(12),
        cant_split=True,
    )
    for extra in range(1, EMPTY_ROWS + 1):
        n = f"peserta|length + {extra}"
        grid.row(["{{ " + n + " }}", "", "", "", *_sign_row(n)], height=Mm(12), cant_split=True)
    signatures(
        doc,
        None,
        Sig(
            "pimpinan", heading=["Pimpinan Rapat,"], date="{{ tempat }}, {{ hari_tanggal|tanggal }}"
        ),
    )
    save(doc, path)


def make_notulensi(path: Path) -> None:
    doc = new_document()
    kop_surat(doc)
    width = text_width(doc)
    title(doc, ["NOTULENSI RAPAT", "{{ acara|upper }}"], after=12)
    grid = label_table(
        doc,
        Mm(35),
        [
            ("Acara", "{{ acara }}"),
            ("Hari/Tanggal", "{{ hari_tanggal|hari }}, {{ hari_tanggal|tanggal }}"),
            ("Waktu", "{{ waktu }}"),
            ("Tempat", "{{ lokasi }}"),
            ("Pimpinan Rapat", "{{ pimpinan.nama }} ({{ pimpinan.jabatan }})"),
            ("Notulis", [(NOTULIS, "bh")]),
        ],
    )
    grid.loop(
        "o in peserta",
        [
            "{{ 'Peserta' if loop.first else '' }}",
            "{{ ':' if loop.first else '' }}",
            "{{ loop.index }}. {{ o.nama }} ({{ o.jabatan }})",
        ],
    )
    par(doc, "(Daftar hadir terlampir)", size=9, indent=Mm(39), after=10)
    for head, lines in (
        ("I. PEMBUKAAN", 3),
        ("II. PEMBAHASAN", 8),
        ("III. KESIMPULAN/KEPUTUSAN RAPAT", 4),
        ("IV. TINDAK LANJUT", 4),
    ):
        par(doc, [(head, "b")], before=8, after=2, keep_next=True)
        placeholder(doc, NOTULIS, indent=Mm(7), after=0)
        dotted_lines(doc, lines, width, indent=Mm(7))
    signatures(
        doc,
        Sig(None, heading=["Notulis,"]),
        Sig(
            "pimpinan", heading=["Pimpinan Rapat,"], date="{{ tempat }}, {{ hari_tanggal|tanggal }}"
        ),
        before=18,
    )
    save(doc, path)
