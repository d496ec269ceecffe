"""The checklist of a returned draft that the Fungsional Umum makes before passing it on (SOP
LKjIP step 10, "Checklist Kelengkapan Rancangan LKjIP"): what was checked, one row per
required part, the decision, the signature. Rendered by ``sakip check --checklist``."""

from __future__ import annotations

from pathlib import Path

from docx.shared import Mm

from tools.templates.common import (
    ISI,
    Sig,
    dated,
    kop_surat,
    label_table,
    new_document,
    par,
    save,
    signatures,
    table,
    tag,
    text_width,
    title,
)

# No., Bagian, Hasil and Keterangan over the text width (170 mm on F4 and A4).
WIDTHS = (11, 48, 28)


def make_checklist_kelengkapan(path: Path) -> None:
    doc = new_document()
    kop_surat(doc)
    title(doc, ["{{ judul }}", "TAHUN {{ tahun }}"], after=12)
    label_table(
        doc,
        Mm(45),
        [
            ("Dokumen yang diperiksa", "{{ dokumen }}"),
            ("Berkas", "{{ berkas }} ({{ halaman|angka }} halaman)"),
            ("Kode verifikasi", "{{ kode }}"),
            ("Dokumen arsip", "{{ arsip }}"),
            ("Tanggal pemeriksaan", "{{ tanggal|tanggal }}"),
            ("Dasar", "{{ sop }}, langkah {{ langkah }}"),
        ],
    )
    par(doc, "", after=8)
    widths = [Mm(w) for w in WIDTHS]
    rest = text_width(doc) - sum(widths)
    grid = table(doc, [*widths, rest], aligns=["c", "l", "c", "l"])
    grid.header(["No.", "Bagian", "Hasil", "Keterangan"])
    grid.loop(
        "b in bagian",
        ["{{ b.no }}", "{{ b.nama }}", [("{{ b.hasil }}", "b")], "{{ b.keterangan }}"],
    )
    tag(doc, "{%p if catatan %}")
    par(doc, [("Catatan:", "b")], before=8, after=2, keep_next=True)
    tag(doc, "{%p for c in catatan %}")
    par(doc, "{{ loop.index }}. {{ c }}", style=ISI, hanging=Mm(6), after=2)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    par(doc, [("Kesimpulan:", "b")], before=10, after=2, keep_next=True)
    par(doc, "{{ kesimpulan }}", style=ISI)
    signatures(doc, None, Sig("pemeriksa", heading=["Yang memeriksa,"], date=dated()))
    # Not an archived build output: no verification code of its own.
    save(doc, path, verifikasi=False)
