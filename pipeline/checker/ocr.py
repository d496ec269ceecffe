"""Read scanned pages with tesseract's Indonesian model (Debian: tesseract-ocr-ind)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.errors import os_cause

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


@dataclass(frozen=True)
class OcrLine:
    """One line tesseract read, with its box in pixels of the page image (origin top left)."""

    text: str
    left: int
    top: int
    right: int
    bottom: int


@dataclass(frozen=True)
class OcrPage:
    text: str
    lines: tuple[OcrLine, ...]


MIN_CONFIDENCE = 30.0
TALLEST = 2.0
"""Words read with less confidence, or more than TALLEST times as tall as the page's usual
word, are left out of the lines: tesseract reads a handwritten signature as a few letters
(of low confidence, or as tall as the scribble), which would otherwise stand where the blank
space of a signature block is looked for. The lines serve only to find those blocks; the
page's text is tesseract's own."""


def read_image(png: bytes, command: str, lang: str, timeout: float) -> OcrPage:
    """The text tesseract reads from one page image, and its lines with their boxes, in one
    pass (tesseract writes its txt and tsv renderings side by side); OMP_THREAD_LIMIT=1
    because pages are read in parallel processes already."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(prefix="sakip-ocr-") as scratch:
        base = Path(scratch) / "halaman"
        try:
            done = subprocess.run(
                [command, "stdin", str(base), "-l", lang, "--psm", "3", "txt", "tsv"],
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
        try:
            text = base.with_suffix(".txt").read_bytes().decode("utf-8", "replace")
            tsv = base.with_suffix(".tsv").read_bytes().decode("utf-8", "replace")
        except OSError as err:
            raise OcrError(f"tesseract tidak menulis hasilnya ({os_cause(err)})") from err
    return OcrPage(text, tuple(_lines(tsv)))


def _lines(tsv: str) -> list[OcrLine]:
    """The words of tesseract's tsv (level 5) grouped by block, paragraph and line."""
    words: list[tuple[tuple[str, str, str], tuple[str, int, int, int, int]]] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            left, top, width, height = (int(c) for c in cells[6:10])
            confidence = float(cells[10])
        except ValueError:
            continue
        if confidence < MIN_CONFIDENCE:
            continue
        word = (cells[11].strip(), left, top, left + width, top + height)
        words.append(((cells[2], cells[3], cells[4]), word))
    if not words:
        return []
    usual = statistics.median(w[4] - w[2] for _, w in words)
    grouped: dict[tuple[str, str, str], list[tuple[str, int, int, int, int]]] = {}
    for key, word in words:
        if word[4] - word[2] <= TALLEST * usual:
            grouped.setdefault(key, []).append(word)
    return [
        OcrLine(
            " ".join(w[0] for w in line),
            min(w[1] for w in line),
            min(w[2] for w in line),
            max(w[3] for w in line),
            max(w[4] for w in line),
        )
        for line in grouped.values()
    ]
