"""The HTML compliance report as a person sees it: rendered and printed by real Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from test_kepatuhan_writers import INSTANSI, SCRIPT_MESSAGE, sample_report

from pipeline.validate.kepatuhan import write_html

TIMEOUT = 60
WINDOW = (1280, 1600)
F4_POINTS = (215 / 25.4 * 72, 330 / 25.4 * 72)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def _chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found:
        return found
    message = "Chromium tidak ditemukan; pasang paket Debian 'chromium' (apt-get install chromium)."
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _run(chromium: str, tmp: Path, *args: str) -> str:
    """Run one headless Chromium job; kill its whole process group if it hangs."""
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    command = [chromium, *FLAGS, f"--user-data-dir={tmp / 'profil'}", *args]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"Chromium tidak selesai dalam {TIMEOUT} detik: {' '.join(command)}")
    assert proc.returncode == 0, err[-2000:]
    return out


def test_chromium_shows_and_prints_the_report(tmp_path: Path) -> None:
    chromium = _chromium()
    page = write_html(
        sample_report(extra_warnings=60), tmp_path / "laporan.html", instansi=INSTANSI
    )
    url = page.as_uri()

    # The DOM after parsing and layout: the hostile message is text, not an element.
    dom = _run(chromium, tmp_path, "--dump-dom", url)
    assert "<script" not in dom
    assert "Berkas &lt;script&gt;alert('x')&lt;/script&gt; tidak dapat dibuka" in dom

    pdf_path = tmp_path / "laporan.pdf"
    _run(chromium, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}", url)
    pages = _pdf_pages(pdf_path)
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
    _run(chromium, tmp_path, f"--screenshot={shot}", f"--window-size={WINDOW[0]},{WINDOW[1]}", url)
    assert shot.stat().st_size > 30_000
    with Image.open(shot) as image:
        assert image.size == WINDOW
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50, "the screenshot looks blank"


def _pdf_pages(path: Path) -> list[tuple[tuple[float, float], str]]:
    """(width, height) in points and the text of each page of the PDF."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        result = []
        for page in pdf:
            text = page.get_textpage().get_text_range()
            result.append((page.get_size(), " ".join(text.split())))
        return result
    finally:
        pdf.close()
