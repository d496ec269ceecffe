"""The layout of the workbook each unit fills (``sop_specs/validasi/buku-kerja.yaml``).

The template writer, the reader and the validator all work from this one description, so a
column added here appears in the template and is read and checked without code changes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Annotated

from pipeline.workspace.paths import Workspace
from pipeline.workspace.schema import NONEMPTY, POSITIVE, one_of
from pipeline.workspace.yamlfile import load_spec

LAYOUT_FILE = "validasi/buku-kerja.yaml"
RequiredText = Annotated[str, NONEMPTY]
JENIS = ("teks", "angka", "uang", "angka_atau_rentang", "pilihan", "bulan")


@dataclass(frozen=True, kw_only=True)
class Kolom:
    kunci: RequiredText
    judul: RequiredText
    alias: list[str] = field(default_factory=list)
    jenis: Annotated[str, one_of(*JENIS)]
    wajib: bool = False
    pilihan: list[str] = field(default_factory=list)
    pilihan_dari: Annotated[str, one_of("", "satuan")] = ""
    lebar: float = 14

    @cached_property
    def names(self) -> frozenset[str]:
        """Every normalised header text that means this column."""
        return frozenset(normalize_header(n) for n in (self.judul, *self.alias))


@dataclass(frozen=True, kw_only=True)
class Lembar:
    kunci: RequiredText
    nama: RequiredText
    alias: list[str] = field(default_factory=list)
    judul: str = ""
    wajib: bool = True
    kolom: Annotated[list[Kolom], NONEMPTY]

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(normalize_header(n) for n in (self.nama, *self.alias))

    def column(self, kunci: str) -> Kolom:
        return next(k for k in self.kolom if k.kunci == kunci)

    @cached_property
    def by_header(self) -> dict[str, Kolom]:
        """Normalised header text -> its column (the first column that claims the text)."""
        found: dict[str, Kolom] = {}
        for kolom in self.kolom:
            for name in kolom.names:
                found.setdefault(name, kolom)
        return found


@dataclass(frozen=True, kw_only=True)
class Isian:
    kunci: RequiredText
    label: RequiredText
    wajib: bool = False


@dataclass(frozen=True, kw_only=True)
class Identitas:
    lembar: RequiredText
    isian: list[Isian]


@dataclass(frozen=True, kw_only=True)
class Batas:
    """Limits a workbook must keep before it is read (the ``batas`` block); the defaults fit
    any workbook a unit really fills, far below what would exhaust memory."""

    ukuran_bagian_mb: Annotated[int, POSITIVE] = 64
    """Uncompressed size of one part of the package (a sheet, the shared strings...)."""
    ukuran_paket_mb: Annotated[int, POSITIVE] = 160
    """Uncompressed size of the whole package."""
    isi_dibaca_mb: Annotated[int, POSITIVE] = 48
    """The sheets that are read plus the shared strings, each shared string counted once
    for every cell that shows it (calamine copies it into each)."""
    jumlah_bagian: Annotated[int, POSITIVE] = 2000
    """Parts in the package."""
    baris: Annotated[int, POSITIVE] = 100_000
    """Last filled row of a sheet that is read."""
    kolom: Annotated[int, POSITIVE] = 200
    """Last filled column of a sheet that is read."""
    sel: Annotated[int, POSITIVE] = 1_000_000
    """Rows times columns of the filled areas of the sheets that are read, together."""
    panjang_teks: Annotated[int, POSITIVE] = 32_767
    """Characters in one cell (Excel's own limit)."""


@dataclass(frozen=True, kw_only=True)
class Layout:
    identitas: Identitas
    lembar: Annotated[list[Lembar], NONEMPTY]
    batas: Batas = field(default_factory=Batas)

    def sheet(self, kunci: str) -> Lembar:
        return next(s for s in self.lembar if s.kunci == kunci)


def normalize_header(text: object) -> str:
    """Header text as compared: case, accents, punctuation and spacing do not matter."""
    return _normalize(str(text))


@cache
def _normalize(text: str) -> str:
    # Cached: the same few header texts are compared in every sheet of every workbook.
    raw = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_WORD.sub(" ", raw.lower()).strip()


_NOT_WORD = re.compile(r"[^a-z0-9%]+")


def load_layout(workspace: Workspace) -> Layout:
    return load_spec(workspace, LAYOUT_FILE, Layout, "berkas tata letak buku kerja")[0]
