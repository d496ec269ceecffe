"""Storing what people upload: a unit's workbook under ``inputs/YYYY/MM/`` exactly as it came
(never re-saved), and returned PDFs beside it. Size and type are checked on a temporary file
in the target folder, before anything takes the place of a real file; the file is then moved
into place in one step (``os.replace``), so a reader never sees half a workbook."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import WebError
from pipeline.ingest.reader import ZIP_MAGIC, open_workbook, read_raw, sniff
from pipeline.validate.period import input_files, period_folder
from pipeline.web.security import safe_filename
from pipeline.workspace.config import load_config
from pipeline.workspace.layout import load_layout
from pipeline.workspace.paths import Workspace
from pipeline.workspace.periode import Periode

MAX_WORKBOOK_MB = 20
MAX_PDF_MB = 50
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
REPLACED_DIR = "diganti"
"""Where a unit's earlier workbook of the period goes when it sends a new one (kept, not
deleted; the period's reading skips subfolders)."""
RETURNED_DIR = "kembali"
"""Returned (signed) PDFs of the period."""


@dataclass
class Stored:
    path: Path
    unit: str
    replaced: list[Path] = field(default_factory=list)


async def receive(chunks: AsyncIterator[bytes], folder: Path, limit_mb: int, suffix: str) -> Path:
    """Write the upload to a hidden temporary file in ``folder`` (same file system, so the
    final move is atomic), refusing it as soon as it grows past the limit."""
    folder.mkdir(parents=True, exist_ok=True)
    # Hidden (a period's reading skips it) and with the upload's own suffix (the reader
    # judges a file's type by it).
    tmp = folder / f".unggah-{secrets.token_hex(8)}{suffix.lower()}"
    size = 0
    try:
        with tmp.open("wb") as handle:
            async for chunk in chunks:
                size += len(chunk)
                if size > limit_mb * 1024 * 1024:
                    raise WebError(
                        f"Berkas lebih besar dari {limit_mb} MB; periksa bahwa berkas yang "
                        "dipilih benar."
                    )
                handle.write(chunk)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if size == 0:
        tmp.unlink(missing_ok=True)
        raise WebError("Berkas kosong (0 bait). Pilih berkas yang benar.")
    return tmp


def check_workbook_name(name: str) -> str:
    clean = safe_filename(name)
    if clean is None or not clean.lower().endswith(WORKBOOK_SUFFIXES):
        raise WebError(
            f"'{name}' bukan buku kerja Excel (.xlsx). Simpan buku kerja sebagai .xlsx di "
            "Excel atau LibreOffice, lalu unggah lagi."
        )
    return clean


def workbook_unit(workspace: Workspace, path: Path, label: str) -> str:
    """The unit code written on the workbook's Petunjuk sheet; WebError when the file is not
    a readable xlsx or names no unit of sakip.yaml."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head != ZIP_MAGIC or sniff(path) is not None:
        raise WebError(
            f"'{label}' bukan berkas .xlsx yang dapat dibaca (bukan zip, berkata sandi, atau "
            "rusak). Buka di Excel atau LibreOffice, simpan sebagai .xlsx tanpa kata sandi, lalu "
            "unggah lagi."
        )
    layout = load_layout(workspace)
    raw, hits = read_raw(path, label, layout, open_workbook(path, layout))
    if raw is None:
        why = hits[0].params.get("sebab", "") if hits else ""
        raise WebError(f"'{label}' tidak dapat dibaca ({why or 'berkas rusak'}).")
    value, cell = raw.identity.get("kode_unit", ("", ""))
    code = str(value or "").strip().upper()
    config = load_config(workspace)
    if config.unit_by_code(code) is None:
        codes = ", ".join(u.kode for u in config.unit)
        where = f"lembar {raw.identity_sheet or 'Petunjuk'}" + (f" sel {cell}" if cell else "")
        raise WebError(
            f"Kode unit pada {where} berkas '{label}' ('{code or 'kosong'}') tidak dikenal. "
            f"Kode unit yang terdaftar: {codes}. Pakai buku kerja dari halaman Buku kerja kosong."
        )
    return code


def store_workbook(
    workspace: Workspace, periode: Periode, name: str, tmp: Path, allowed_unit: str | None
) -> Stored:
    """Put the uploaded workbook ``tmp`` in the period's folder under its own name.

    ``allowed_unit`` (a unit account's code) refuses another unit's workbook. A file of the
    same name that belongs to another unit is never replaced; the unit's own earlier
    workbook(s) of the period move to ``diganti/`` with the time they were replaced."""
    try:
        code = workbook_unit(workspace, tmp, name)
        if allowed_unit is not None and code != allowed_unit:
            raise WebError(
                f"Buku kerja '{name}' milik unit {code}, sedangkan akun Anda untuk unit "
                f"{allowed_unit}. Unggah buku kerja unit Anda sendiri."
            )
        folder = period_folder(workspace, periode)
        target = folder / name
        layout_owners = _owners(workspace, folder)
        owner = layout_owners.get(target)
        if target.exists() and owner != code:
            raise WebError(
                f"Di folder inputs/{periode.folder} sudah ada berkas '{name}' milik unit "
                f"{owner or 'yang tidak dikenal'}. Ganti nama berkas Anda (misalnya "
                f"'{periode} {code}.xlsx'), lalu unggah lagi."
            )
        earlier = [p for p, unit in layout_owners.items() if unit == code]
        replaced = _set_aside(folder, earlier)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return Stored(target, code, replaced)


def _owners(workspace: Workspace, folder: Path) -> dict[Path, str | None]:
    found: dict[Path, str | None] = {}
    for path in input_files(folder):
        try:
            found[path] = workbook_unit(workspace, path, path.name)
        except WebError:
            found[path] = None
    return found


def _set_aside(folder: Path, paths: list[Path]) -> list[Path]:
    moved = []
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for path in paths:
        aside = folder / REPLACED_DIR / f"{stamp} {path.name}"
        aside.parent.mkdir(exist_ok=True)
        os.replace(path, aside)
        moved.append(aside)
    return moved


def check_pdf_name(name: str) -> str:
    clean = safe_filename(name)
    if clean is None or not clean.lower().endswith(".pdf"):
        raise WebError(f"'{name}' bukan berkas PDF. Pilih berkas .pdf hasil pindaian atau ekspor.")
    return clean


def store_returned(workspace: Workspace, periode: Periode, name: str, tmp: Path) -> Path:
    """A returned PDF under ``inputs/YYYY/MM/kembali/``; a file of the same name is replaced
    (a PDF is re-sent whole, it belongs to no unit)."""
    try:
        with tmp.open("rb") as handle:
            if handle.read(5) != b"%PDF-":
                raise WebError(f"'{name}' bukan berkas PDF (isinya tidak diawali %PDF).")
        target = period_folder(workspace, periode) / RETURNED_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
