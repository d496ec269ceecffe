"""Speed of ``sakip check`` (issue 5 target: text PDFs at 150 pages/s or more).

    .venv/bin/python bench/bench_checker.py [--runs 3]

Makes a 300-page LKjIP once (python-docx, then LibreOffice) in bench/out/, then times:
the whole check of that file (worker process included), text extraction alone, eight such
files on one and on all cores, and OCR per page on image-only pages (300 dpi, tesseract
``ind``), reported separately. Needs soffice, pdftoppm and tesseract with the ``ind`` model.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
PAGES = 300
CHAPTERS = [
    ("BAB I", "PENDAHULUAN"),
    ("BAB II", "PERENCANAAN KINERJA"),
    ("BAB III", "AKUNTABILITAS KINERJA"),
    ("BAB IV", "PENUTUP"),
]
TEXT = (
    "Capaian indikator kinerja utama Dinas Koperasi, Usaha Kecil dan Menengah pada triwulan "
    "berjalan dibandingkan dengan target yang ditetapkan dalam Perjanjian Kinerja. Masing-"
    "masing bidang menyampaikan data realisasi beserta bukti dukungnya kepada Sub Bagian "
    "Program untuk diverifikasi sebelum dihitung persentase capaiannya. "
)


def build_pdf() -> Path:
    """The 300-page LKjIP, made once: cover, Daftar Isi, four chapters, Lampiran, a running
    header, one page break per page so that the page count is exact."""
    target = OUT / f"lkjip-{PAGES}.pdf"
    if target.is_file() and target.stat().st_size > 0:
        return target
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm

    doc = Document()
    doc.sections[0].page_width, doc.sections[0].page_height = Mm(215), Mm(330)
    doc.sections[0].header.paragraphs[0].text = "LKjIP Dinas Koperasi dan UKM Tahun 2024"
    pages = [["LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) TAHUN 2024"]]
    pages.append(
        ["DAFTAR ISI", *(f"{n} {t}.......... {i * 70 + 3}" for i, (n, t) in enumerate(CHAPTERS))]
    )
    pages.append(["IKHTISAR EKSEKUTIF", TEXT * 3])
    body = PAGES - len(pages) - 1
    for i in range(body):
        number, title = CHAPTERS[i * len(CHAPTERS) // body]
        first = i == 0 or CHAPTERS[(i - 1) * len(CHAPTERS) // body] != (number, title)
        pages.append([number, title, TEXT * 3] if first else [TEXT * 3, TEXT * 3])
    pages.append(["LAMPIRAN", "Lampiran 1. Perjanjian Kinerja Tahun 2024"])
    for k, paragraphs in enumerate(pages):
        for text in paragraphs:
            doc.add_paragraph(text)
        if k < len(pages) - 1:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    OUT.mkdir(parents=True, exist_ok=True)
    source = OUT / f"lkjip-{PAGES}.docx"
    doc.save(str(source))
    _soffice(source)
    return target


def _soffice(source: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("soffice (LibreOffice) tidak ditemukan; pasang libreoffice-writer-nogui.")
    scratch = OUT / "soffice"
    (scratch / "home").mkdir(parents=True, exist_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(OUT),
        str(source),
    ]
    env = {**os.environ, "HOME": str(scratch / "home")}
    process = subprocess.Popen(
        command,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        process.wait(timeout=600)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        sys.exit("LibreOffice tidak selesai dalam 600 detik.")
    pdf = source.with_suffix(".pdf")
    if not pdf.is_file() or pdf.stat().st_size == 0:
        sys.exit(f"LibreOffice tidak menghasilkan {pdf}.")


def build_scan(source: Path, pages: int = 3) -> Path:
    """Image-only copy of ``pages`` body pages, as a scanner makes them (200 dpi, grey)."""
    target = OUT / f"pindaian-{pages}.pdf"
    if target.is_file():
        return target
    from PIL import Image

    prefix = OUT / "pindaian"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "200",
            "-gray",
            "-png",
            "-f",
            "10",
            "-l",
            str(9 + pages),
            str(source),
            str(prefix),
        ],
        check=True,
    )
    images = [Image.open(p).convert("L") for p in sorted(OUT.glob("pindaian-*.png"))]
    images[0].save(target, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return target


def build_qr_page(scan: Path) -> Path:
    """One image-only page carrying a verification code's QR code at its foot, as a scanned
    page of a built document does (the QR is looked for on scanned pages)."""
    target = OUT / "pindaian-qr.pdf"
    if target.is_file():
        return target
    import io

    import pypdfium2 as pdfium
    from PIL import Image

    from pipeline.workspace.verification import make_code, qr_png

    page = pdfium.PdfDocument(scan)[0].render(scale=200 / 72, grayscale=True).to_pil()
    qr = Image.open(io.BytesIO(qr_png(make_code("bench/lkjip", "0" * 64), scale=6))).convert("L")
    page.paste(qr, (page.width - qr.width - 150, page.height - qr.height - 100))
    page.save(target, "PDF", resolution=200)
    return target


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the check's worker)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass(frozen=True)
class Timing:
    median: float
    best: float
    cpu: float
    """Median CPU seconds per run (this process and its worker): what an idle core needs."""


def best(fn: Callable[[], object], runs: int) -> Timing:
    """Median and best wall seconds of ``runs`` calls, and their median CPU seconds."""
    times, cpus = [], []
    for _ in range(runs):
        cpu = _cpu()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return Timing(statistics.median(times), min(times), statistics.median(cpus))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from pipeline.checker import CheckOptions, check_paths
    from pipeline.checker.pdf import Limits
    from pipeline.checker.read import OcrSettings, read_document

    pdf = build_pdf()
    scan = build_scan(pdf)
    [result] = check_paths([pdf])
    assert result.status == "complete" and result.pages == PAGES, result
    copies = []
    for i in range(8):
        copy = OUT / "salinan" / f"lkjip-{i}.pdf"
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(pdf, copy)
        copies.append(copy)

    qr_page = build_qr_page(scan)
    load_before = os.getloadavg()
    rows: list[tuple[str, int, Timing]] = []
    rows.append(
        (f"check, 1 berkas {PAGES} hlm", PAGES, best(lambda: check_paths([pdf]), args.runs))
    )
    rows.append(
        (
            f"ekstraksi teks saja, {PAGES} hlm",
            PAGES,
            best(lambda: read_document(pdf, Limits(), OcrSettings()), args.runs),
        )
    )
    for workers in (1, os.cpu_count() or 1):
        options = CheckOptions(workers=workers)

        def many(options: CheckOptions = options) -> object:
            return check_paths(copies, options=options)

        rows.append(
            (f"check, 8 berkas x {PAGES} hlm, {workers} proses", 8 * PAGES, best(many, args.runs))
        )
    rows += qr_rows(qr_page, scan, args.runs)
    [scanned] = check_paths([scan], doc_type="lkjip")
    assert scanned.ocr_pages == (1, 2, 3), scanned
    ocr = best(lambda: read_document(scan, Limits(), OcrSettings()), args.runs)
    rows.append(("OCR 300 dpi (render + tesseract), 3 hlm", 3, ocr))
    load_after = os.getloadavg()

    print(
        f"mesin: {platform.machine()}, {os.cpu_count()} inti (nproc), Python "
        f"{platform.python_version()}; beban rata-rata 1/5/15 menit sebelum "
        f"{'/'.join(f'{x:.1f}' for x in load_before)}, sesudah "
        f"{'/'.join(f'{x:.1f}' for x in load_after)}"
    )
    print(
        f"{'pengukuran':<46} {'median (s)':>10} {'terbaik':>8} {'hlm/s':>7} {'CPU (s)':>8} "
        f"{'hlm/s CPU':>9}"
    )
    for label, pages, t in rows:
        print(
            f"{label:<46} {t.median:>10.3f} {t.best:>8.3f} {pages / t.median:>7.1f} "
            f"{t.cpu:>8.3f} {pages / t.cpu if t.cpu else 0:>9.1f}"
        )


def qr_rows(qr_page: Path, scan: Path, runs: int) -> list[tuple[str, int, Timing]]:
    """The QR lookup of one page (render at the checker's QR resolution, then zxing-cpp),
    on a page that carries a code and on one that does not (every candidate page read)."""
    import pypdfium2 as pdfium

    from pipeline.checker.read import qr_codes

    with_code = pdfium.PdfDocument(qr_page)
    without = pdfium.PdfDocument(scan)
    codes, _ = qr_codes(with_code, [0])
    assert codes, "kode QR pada halaman uji tidak terbaca"
    return [
        ("cari kode QR, 1 hlm pindaian ber-QR", 1, best(lambda: qr_codes(with_code, [0]), runs)),
        ("cari kode QR, 1 hlm pindaian tanpa QR", 1, best(lambda: qr_codes(without, [0]), runs)),
    ]


if __name__ == "__main__":
    main()
