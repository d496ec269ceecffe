"""Convert docx files to PDF with LibreOffice headless, in one batch process.

LibreOffice gets a profile of its own per run (-env:UserInstallation) and a writable HOME,
--norestore, and a hard time limit that kills its whole process group; each PDF is checked to
exist and not be empty, since soffice can exit 0 without writing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PdfConversionError

SOFFICE_NAMES = ("soffice", "libreoffice")


@dataclass(frozen=True)
class Converted:
    source: Path
    pdf: Path | None
    problem: str = ""


def find_soffice() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_pdf(
    docs: Sequence[Path], timeout: float = 600, soffice: str | None = None
) -> list[Converted]:
    """PDFs beside each docx (same name, .pdf); one LibreOffice call per output folder."""
    program = soffice or find_soffice()
    if program is None:
        raise PdfConversionError(
            "LibreOffice tidak ditemukan, sehingga PDF tidak dapat dibuat. Pasang LibreOffice "
            "(Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui), atau jalankan "
            "tanpa --pdf."
        )
    by_folder: dict[Path, list[Path]] = {}
    for doc in docs:
        by_folder.setdefault(doc.parent, []).append(doc)
    results: list[Converted] = []
    for folder, batch in by_folder.items():
        results += _convert_batch(program, folder, batch, timeout)
    return results


def _convert_batch(
    program: str, folder: Path, batch: list[Path], timeout: float
) -> list[Converted]:
    # LibreOffice writes into a scratch folder beside the targets; each finished PDF is then
    # renamed into place, so an interrupted run never leaves a half-written PDF behind.
    with (
        tempfile.TemporaryDirectory(prefix="sakip-lo-") as home,
        tempfile.TemporaryDirectory(prefix=".sakip-pdf-", dir=folder) as scratch,
    ):
        profile = Path(home, "profile").as_uri()
        cmd = [
            program,
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            scratch,
            *map(str, batch),
        ]
        env = {**os.environ, "HOME": home}
        problem = _run(cmd, env, timeout)
        out = []
        for doc in batch:
            made = Path(scratch, doc.with_suffix(".pdf").name)
            if made.is_file() and made.stat().st_size > 0:
                os.replace(made, doc.with_suffix(".pdf"))
                out.append(Converted(doc, doc.with_suffix(".pdf")))
            else:
                out.append(Converted(doc, None, problem or "LibreOffice tidak menulis PDF-nya."))
    return out


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> str:
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return f"LibreOffice tidak selesai dalam {int(timeout)} detik dan dihentikan."
    if proc.returncode != 0:
        tail = output.decode(errors="replace").strip().splitlines()[-1:] if output else []
        return f"LibreOffice gagal (kode {proc.returncode}){': ' + tail[0] if tail else ''}."
    return ""
