"""Headless Chromium for tests of pages people read and print (fails on CI when missing)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

TIMEOUT = 60
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


def find_chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found:
        return found
    message = "Chromium tidak ditemukan; pasang paket Debian 'chromium' (apt-get install chromium)."
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def run_chromium(chromium: str, tmp: Path, *args: str) -> str:
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


def pdf_pages(path: Path) -> list[tuple[tuple[float, float], str]]:
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
