"""Regenerate the default docx templates under templates/.

The templates are ordinary Word documents holding docxtpl tags; an office may open and restyle
them in Word (or put its own copy in a workspace's templates/). This script is how the shipped
defaults are made, so that their layout is reviewable as code (tools/templates/: common.py for
the shared parts, one module per family of documents):

    .venv/bin/python tools/make_templates.py [OUT_DIR]

Each file is written with fixed document properties and zip timestamps, so regenerating gives
identical bytes and a diff of templates/ shows only real change.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.templates import individu, lkjip, pengukuran, pk, rak, rapat, sop, surat  # noqa: E402

# Every default template, by file name (sop_specs/dokumen/dokumen.yaml names them).
TEMPLATES: dict[str, Callable[[Path], None]] = {
    "sop.docx": sop.make_sop,
    "surat-perihal.docx": surat.make_surat_perihal,
    "surat-undangan.docx": surat.make_surat_undangan,
    "surat-pengantar.docx": surat.make_surat_pengantar,
    "surat-perintah-tugas.docx": surat.make_surat_perintah_tugas,
    "sk-tim.docx": surat.make_sk_tim,
    "daftar-hadir.docx": rapat.make_daftar_hadir,
    "notulensi.docx": rapat.make_notulensi,
    "perjanjian-kinerja.docx": pk.make_perjanjian_kinerja,
    "dokumen-pk.docx": pk.make_dokumen_pk,
    "rencana-aksi.docx": rak.make_rencana_aksi,
    "dokumen-rak.docx": rak.make_dokumen_rak,
    "iki.docx": individu.make_iki,
    "dokumen-iki.docx": individu.make_dokumen_iki,
    "form-pengukuran.docx": pengukuran.make_form_pengukuran,
    "dokumen-pengukuran.docx": pengukuran.make_dokumen_pengukuran,
    "lki.docx": individu.make_lki,
    "rekap-lki.docx": individu.make_rekap_lki,
    "lkjip.docx": lkjip.make_lkjip,
}


def build_all(out: Path) -> list[Path]:
    """Write every template into ``out``; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in TEMPLATES.items():
        make(out / name)
        written.append(out / name)
    return written


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else ROOT / "templates"
    written = build_all(out)
    print(f"{len(written)} templat ditulis ke {out}")


if __name__ == "__main__":
    main()
