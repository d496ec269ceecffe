"""Deterministic, atomic writing of Office files (docx, xlsx) and other outputs.

python-docx and openpyxl stamp zip entries with the current time; rewriting the archive with
a fixed timestamp makes the same inputs give byte-identical files. Every output is written to
a temporary file beside its target and renamed into place, so an interrupted run never leaves
a half-written file that looks finished.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import os_cause

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_atomic(target: Path, produce: Callable[[Path], None]) -> Path:
    """Call ``produce(tmp)`` to write a temporary file, then rename it onto ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        produce(tmp)
        # mkstemp makes the file private (0600); outputs are shared like any saved document.
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def docx_problem(path: Path) -> str:
    """Why ``path`` cannot serve as a Word template (missing, unreadable, not a .docx), or
    "" when it can; said before any library opens it, so the message names the file."""
    what = f"Templat '{path}'"
    fix = (
        "Simpan ulang templat itu di Word atau LibreOffice sebagai dokumen Word (.docx), atau "
        "hapus berkas itu dari folder templates/ workspace agar templat bawaan dipakai."
    )
    try:
        with zipfile.ZipFile(path) as package:
            if "word/document.xml" not in package.namelist():
                return f"{what} bukan dokumen Word (tidak berisi word/document.xml). {fix}"
    except FileNotFoundError:
        return f"{what} tidak ada. {fix}"
    except IsADirectoryError:
        return f"{what} adalah folder, bukan berkas. {fix}"
    except OSError as err:
        return f"{what} tidak dapat dibaca ({os_cause(err)}). Periksa hak aksesnya."
    except (zipfile.BadZipFile, ValueError):
        return f"{what} bukan dokumen Word (.docx) yang utuh. {fix}"
    return ""


LEFTOVER_AGE_S = 15 * 60
"""A temporary file older than this belongs to no running build (one document is written in
seconds): it was left by a build that was killed."""


def leftovers(folder: Path) -> list[Path]:
    """The hidden temporary files (``.NAME.XXXX.tmp``) under ``folder`` that
    :func:`write_atomic` writes and renames: any still there were left by a killed build."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob(".*.tmp") if p.is_file())


def remove_leftovers(folder: Path, older_than_s: float = LEFTOVER_AGE_S) -> list[Path]:
    """Remove the leftovers under ``folder`` old enough to belong to no running build;
    returns those removed."""
    now = time.time()
    removed = []
    for path in leftovers(folder):
        try:
            if now - path.stat().st_mtime >= older_than_s:
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # gone meanwhile, or not ours to remove: the next build tries again
    return removed


def write_text_atomic(target: Path, text: str) -> Path:
    def produce(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write_atomic(target, produce)


def normalize_zip(path: Path) -> None:
    """Rewrite a zip (docx/xlsx) in place with fixed entry timestamps, keeping entry order."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            out.writestr(fixed, data)


CORE_PROPERTIES_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def set_docx_properties(doc: Any, title: str, stamp: dt.datetime) -> None:
    """Fixed document properties (author, dates, revision) for a python-docx Document.

    docxcompose (imported by docxtpl) rebinds python-docx's "cp" prefix to the
    custom-properties namespace; python-docx then writes a second, foreign lastModifiedBy into
    docProps/core.xml. The right namespace is put back while the properties are written.
    """
    from docx.oxml.ns import nsmap

    saved = nsmap["cp"]
    nsmap["cp"] = CORE_PROPERTIES_NS
    try:
        props = doc.core_properties
        props.title = title
        props.author = props.last_modified_by = "sakip"
        props.comments = props.subject = props.keywords = ""
        props.revision = 1
        props.created = props.modified = stamp
    finally:
        nsmap["cp"] = saved


# The body of a 500-page compilation is some 25 MB of XML: deflated at the fastest level it
# takes a quarter of the time, for a file about 45% larger. Ordinary documents keep the
# default level.
LARGE_PART = 2_000_000


def _level(blob: bytes) -> int | None:
    return 1 if len(blob) > LARGE_PART else None


@contextmanager
def fixed_docx_zip_times() -> Iterator[None]:
    """While active, python-docx writes zip entries with the fixed timestamp directly.

    The same bytes as saving then running :func:`normalize_zip`, without decompressing and
    compressing every entry a second time (a third of the cost of rendering a document).
    """
    from docx.opc.phys_pkg import _ZipPkgWriter

    original = _ZipPkgWriter.write

    def write(self: Any, pack_uri: Any, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=FIXED_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        try:
            self._zipf.writestr(info, blob, compresslevel=_level(blob))
        except OSError:
            # python-docx leaves its zip open when a write fails (a full disk): closed here,
            # its garbage collection would fail again and print a traceback at exit.
            with suppress(OSError, ValueError):
                self._zipf.close()
            raise

    _ZipPkgWriter.write = write  # type: ignore[method-assign]
    try:
        yield
    finally:
        _ZipPkgWriter.write = original  # type: ignore[method-assign]


@dataclass(frozen=True)
class _RenderedPart:
    """A package part whose XML is already text (python-docx would serialise its tree)."""

    partname: Any
    content_type: str
    rels: Any
    blob: bytes


def write_docx_with_body(document: Any, body: str, path: Path) -> None:
    """Save a python-docx ``document`` with ``body`` (a ``<w:body>`` element as text) in
    place of its own body, without parsing it into the document's tree."""
    from docx.opc.oxml import serialize_part_xml
    from docx.opc.pkgwriter import PackageWriter

    main = document.part
    xml = serialize_part_xml(main.element)
    start, end = xml.find(b"<w:body"), xml.rfind(b"</w:body>")
    if start < 0 or end < 0:
        raise ValueError("berkas ini tidak berisi badan dokumen Word (w:body)")
    blob = xml[:start] + body.encode("utf-8") + xml[end + len(b"</w:body>") :]
    package = main.package
    for part in package.iter_parts():
        part.before_marshal()
    parts = [
        _RenderedPart(p.partname, p.content_type, p.rels, blob) if p is main else p
        for p in package.iter_parts()
    ]
    PackageWriter.write(str(path), package.rels, parts)  # type: ignore[no-untyped-call]
