"""The HTML compliance report as a person sees it: rendered and printed by real Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium_tools import find_chromium, pdf_pages, run_chromium
from PIL import Image
from test_kepatuhan_writers import INSTANSI, SCRIPT_MESSAGE, sample_report

from pipeline.validate.kepatuhan import write_html

WINDOW = (1280, 1600)
F4_POINTS = (215 / 25.4 * 72, 330 / 25.4 * 72)


def test_chromium_shows_and_prints_the_report(tmp_path: Path) -> None:
    chromium = find_chromium()
    page = write_html(
        sample_report(extra_warnings=60), tmp_path / "laporan.html", instansi=INSTANSI
    )
    url = page.as_uri()

    # The DOM after parsing and layout: the hostile message is text, not an element.
    dom = run_chromium(chromium, tmp_path, "--dump-dom", url)
    assert "<script" not in dom
    assert "Berkas &lt;script&gt;alert('x')&lt;/script&gt; tidak dapat dibuka" in dom

    pdf_path = tmp_path / "laporan.pdf"
    run_chromium(chromium, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}", url)
    pages = pdf_pages(pdf_path)
    assert len(pages) >= 2, "60 extra findings should span more than one printed page"
    printed = "\n".join(text for _, text in pages)
    for expected in (
        "Laporan Kepatuhan Data Kinerja — Periode Maret 2024",
        INSTANSI.upper(),
        "Lengkap",
        "Belum lengkap",
        "Tidak menyerahkan",
        "Realisasi Maret untuk indikator IK-2 belum diisi.",
        SCRIPT_MESSAGE,
        "Berkas tanpa unit yang dikenali",
    ):
        assert expected in printed, expected
    for number, (size, text) in enumerate(pages, start=1):
        assert size == pytest.approx(F4_POINTS, abs=1), "page size should be F4"
        assert f"Halaman {number} dari {len(pages)}" in text
    # The long findings table continues on page 2 under a repeated header row.
    assert "Tingkat Berkas Lembar Sel Aturan Pesan" in " ".join(pages[1][1].split())

    shot = tmp_path / "laporan.png"
    run_chromium(
        chromium, tmp_path, f"--screenshot={shot}", f"--window-size={WINDOW[0]},{WINDOW[1]}", url
    )
    assert shot.stat().st_size > 30_000
    with Image.open(shot) as image:
        assert image.size == WINDOW
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50, "the screenshot looks blank"
