"""Read scanned pages with tesseract's Indonesian model (Debian: tesseract-ocr-ind)."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache

INSTALL_HINT = (
    "Pasang tesseract-ocr dan tesseract-ocr-ind (Debian/Ubuntu: sudo apt-get install "
    "tesseract-ocr tesseract-ocr-ind; Windows: pasang Tesseract beserta data bahasa "
    "Indonesia 'ind'), lalu periksa lagi."
)


class OcrError(Exception):
    """tesseract failed on one page; the message says why."""


def unavailable(command: str, lang: str) -> str | None:
    """Why OCR cannot run (in Bahasa Indonesia), or None when it can."""
    return _probe(command, lang, os.environ.get("PATH", ""), os.environ.get("TESSDATA_PREFIX"))


@cache
def _probe(command: str, lang: str, path: str, tessdata: str | None) -> str | None:
    exe = shutil.which(command, path=path)
    if exe is None:
        return f"program OCR '{command}' tidak ditemukan. {INSTALL_HINT}"
    try:
        listed = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as err:
        return f"program OCR '{command}' tidak dapat dijalankan ({err}). {INSTALL_HINT}"
    langs = {line.strip() for line in (listed.stdout + listed.stderr).splitlines()}
    if lang not in langs:
        return f"model bahasa Indonesia untuk tesseract ('{lang}') belum terpasang. {INSTALL_HINT}"
    return None


def read_image(png: bytes, command: str, lang: str, timeout: float) -> str:
    """The text tesseract reads from one page image; OMP_THREAD_LIMIT=1 because pages are
    read in parallel processes already."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [command, "stdin", "stdout", "-l", lang, "--psm", "3"],
            input=png,
            capture_output=True,
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise OcrError(f"OCR melebihi batas waktu {timeout:.0f} detik") from err
    except OSError as err:
        raise OcrError(f"tesseract tidak dapat dijalankan ({err})") from err
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(f"tesseract gagal ({detail[-1] if detail else done.returncode})")
    return done.stdout.decode("utf-8", "replace")
