"""Convert docx files to PDF with LibreOffice headless, in batches on two processes.

LibreOffice gets a profile of its own per process (-env:UserInstallation) and a writable HOME,
--norestore, and a hard time limit that kills its whole process group; each PDF is checked to
exist and not be empty, since soffice can exit 0 without writing.

LibreOffice stamps every PDF with the time of conversion (the document information's
CreationDate, a private /DocChecksum in the trailer) and a random trailer /ID, so the same docx
gives other bytes each time. Each PDF is therefore rewritten with pikepdf: the dates from the
document (``stamp``), the trailer's extra keys dropped and an /ID computed from the content.
Two conversions of the same docx then give the same bytes, and the archive sees no change.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PdfConversionError

SOFFICE_NAMES = ("soffice", "libreoffice")
PROCESSES = 2
"""LibreOffice processes at once. Conversion is single-threaded per process; two use both
cores of the office's usual machine."""
BATCH = 100
"""Documents per LibreOffice call at most: one soffice 7.4 call given 400 documents wrote
the first 244 PDFs and exited 0 without the rest."""
TRAILER_KEYS = ("/Size", "/Root", "/Info", "/Encrypt")
"""What a PDF trailer needs; LibreOffice's others (/DocChecksum) change at every run."""


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
    docs: Sequence[Path],
    timeout: float = 600,
    soffice: str | None = None,
    stamp: dt.datetime | None = None,
    processes: int = PROCESSES,
) -> list[Converted]:
    """PDFs beside each docx (same name, .pdf), in ``processes`` LibreOffice processes that
    share the work by file size; each PDF's dates are ``stamp`` (default 1 January 2000)."""
    program = soffice or find_soffice()
    if program is None:
        raise PdfConversionError(
            "LibreOffice tidak ditemukan, sehingga PDF tidak dapat dibuat. Pasang LibreOffice "
            "(Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui), atau jalankan "
            "tanpa --pdf."
        )
    if not docs:
        return []
    shares = _shares(list(docs), max(1, processes))
    with ThreadPoolExecutor(max_workers=len(shares)) as threads:
        done = list(threads.map(lambda share: _convert_share(program, share, timeout), shares))
    by_source = {c.source: c for share in done for c in share}
    out = []
    for doc in docs:
        converted = by_source[doc]
        if converted.pdf is not None:
            problem = normalise_pdf(converted.pdf, stamp or dt.datetime(2000, 1, 1))
            if problem:
                converted = Converted(doc, None, problem)
        out.append(converted)
    return out


def _shares(docs: list[Path], processes: int) -> list[list[Path]]:
    """The documents split over the processes, largest first to the least loaded one, so
    the 500-page compilation does not wait behind a hundred letters."""
    sizes = {doc: _size(doc) for doc in docs}
    shares: list[list[Path]] = [[] for _ in range(min(processes, len(docs)))]
    loads = [0] * len(shares)
    for doc in sorted(docs, key=lambda d: -sizes[d]):
        least = loads.index(min(loads))
        shares[least].append(doc)
        loads[least] += sizes[doc]
    return shares


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _convert_share(program: str, share: list[Path], timeout: float) -> list[Converted]:
    """One LibreOffice profile for the whole share, one call per batch of distinct names
    (LibreOffice writes every PDF of a call into one folder)."""
    with tempfile.TemporaryDirectory(prefix="sakip-lo-") as home:
        out: list[Converted] = []
        for batch in _distinct_names(share):
            out += _convert_batch(program, home, batch, timeout)
        return out


def _distinct_names(docs: list[Path], size: int = BATCH) -> list[list[Path]]:
    """Batches of at most ``size`` documents, no two with the same name."""
    batches: list[list[Path]] = []
    names: list[set[str]] = []
    for doc in docs:
        slot = next(
            (i for i, seen in enumerate(names) if doc.stem not in seen and len(batches[i]) < size),
            None,
        )
        if slot is None:
            batches.append([])
            names.append(set())
            slot = len(batches) - 1
        batches[slot].append(doc)
        names[slot].add(doc.stem)
    return batches


def _convert_batch(program: str, home: str, batch: list[Path], timeout: float) -> list[Converted]:
    # LibreOffice writes into a scratch folder beside the targets (the same file system);
    # each finished PDF is then renamed into place, so an interrupted run never leaves a
    # half-written PDF behind.
    common = Path(os.path.commonpath([str(doc.parent) for doc in batch]))
    with tempfile.TemporaryDirectory(prefix=".sakip-pdf-", dir=common) as scratch:
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


def normalise_pdf(path: Path, stamp: dt.datetime) -> str:
    """Rewrite ``path`` so that its bytes depend on its content only: the document's dates
    set to ``stamp``, no XMP dates, the trailer's run-specific keys dropped and an /ID made
    from the content. Returns a problem, or "" when done."""
    import pikepdf

    when = stamp.strftime("D:%Y%m%d%H%M%S")
    scratch = path.with_name(f".{path.name}.tmp")
    try:
        with pikepdf.open(path) as pdf:
            pdf.docinfo["/CreationDate"] = when
            pdf.docinfo["/ModDate"] = when
            if "/Metadata" in pdf.Root:
                del pdf.Root["/Metadata"]  # XMP repeats the dates; the /Info holds them
            for key in list(pdf.trailer.keys()):
                if key not in TRAILER_KEYS:
                    del pdf.trailer[key]
            pdf.save(scratch, deterministic_id=True)
        os.replace(scratch, path)
    except (pikepdf.PdfError, OSError) as err:
        scratch.unlink(missing_ok=True)
        return f"PDF dari LibreOffice tidak dapat dibaca ulang ({err})."
    return ""


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
