"""Letter numbers (nomor surat) from the configured pattern and a register in the workspace DB.

A number belongs to a document's identity, e.g. ``"2024|pk|4|instansi|pk-undangan"`` (year,
SOP, step, unit or pegawai, kind). Rebuilding the same document reuses its number, so two
builds of the same inputs stay byte-identical; a different document gets the next sequence
number of the year; a number once given is never given to another document, even after its
document is withdrawn (rows are marked, never deleted; triggers in migration 3 enforce it).

The pattern is ``nomor_surat`` in sakip.yaml, e.g. ``"000.9/{urut}/DISKUKM/{tahun}"``. Its
placeholders:

- ``{urut}``: the year's sequence number, zero-padded to 3 digits ("007"), as in most
  pemda registers; ``{urut:N}`` pads to N digits instead (``{urut:1}`` = no padding). Numbers
  past the width simply grow ("1234").
- ``{tahun}``: the year, four digits.
- ``{bulan}``: the letter's month as two digits ("03"); ``{bulan_romawi}``: as a Roman numeral
  ("III"), the style of many Indonesian letters. Both need ``bulan=`` from the caller.
- ``{kode}``: the classification code (kode klasifikasi arsip) the caller passes as ``kode=``;
  ``{kode:000.9}`` writes the default used when the caller passes none. A pattern without
  ``{kode}`` uses its literal code for every letter.

Once given, a number's text is fixed: later calls for the same identity return the stored
text even if the pattern changed since (a sent letter keeps its number); a new pattern applies
to new numbers only.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pipeline.errors import SakipError, WorkspaceError
from pipeline.workspace.db import connect, has_table, read_only
from pipeline.workspace.paths import Workspace

PLACEHOLDERS = ("urut", "tahun", "bulan", "bulan_romawi", "kode")
DEFAULT_WIDTH = 3
ROMAWI_BULAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
OPTION = "nomor_surat di sakip.yaml"

_FIELD = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class IssuedNumber:
    """One row of the register (the buku agenda of letters sakip numbered)."""

    tahun: int
    urut: int
    identity: str
    nomor: str
    issued_at: str
    withdrawn_at: str | None
    withdrawn_reason: str | None


@dataclass(frozen=True)
class _Field:
    name: str
    arg: str | None


@dataclass(frozen=True)
class Pattern:
    """A parsed ``nomor_surat``: literal text and placeholders, alternating."""

    text: str
    parts: tuple[str | _Field, ...]

    def uses(self, name: str) -> bool:
        return any(isinstance(p, _Field) and p.name == name for p in self.parts)

    def render(self, urut: int, tahun: int, bulan: int | None, kode: str | None) -> str:
        return "".join(
            p if isinstance(p, str) else self._value(p, urut, tahun, bulan, kode)
            for p in self.parts
        )

    def _value(self, f: _Field, urut: int, tahun: int, bulan: int | None, kode: str | None) -> str:
        if f.name == "urut":
            return str(urut).zfill(int(f.arg) if f.arg else DEFAULT_WIDTH)
        if f.name == "tahun":
            return f"{tahun:04d}"
        if f.name == "kode":
            return kode or f.arg or ""
        assert bulan is not None  # checked by check_fields before any number is given
        return f"{bulan:02d}" if f.name == "bulan" else ROMAWI_BULAN[bulan - 1]

    def check_fields(self, bulan: int | None, kode: str | None) -> None:
        """Refuse before a number is spent when the caller lacks what the pattern needs."""
        if (self.uses("bulan") or self.uses("bulan_romawi")) and (
            bulan is None or not 1 <= bulan <= 12
        ):
            raise SakipError(
                f"Pola {OPTION} ('{self.text}') memakai bulan surat, tetapi bulan yang sah (1-12) "
                f"tidak diberikan (bulan={bulan!r}). Periksa tanggal surat pada pengaturan "
                "periode, atau hapus {bulan}/{bulan_romawi} dari pola."
            )
        defaults = [p.arg for p in self.parts if isinstance(p, _Field) and p.name == "kode"]
        if defaults and not kode and not all(defaults):
            raise WorkspaceError(
                f"Pola {OPTION} ('{self.text}') memakai {{kode}} tanpa kode klasifikasi bawaan, "
                "dan dokumen ini tidak memberi kodenya. Tulis kode bawaan di dalam pola, "
                "misalnya '{kode:000.9}/{urut}/DISKUKM/{tahun}'."
            )


def parse_pattern(text: str) -> Pattern:
    """Parse ``nomor_surat``; a SakipError names the option and what is allowed."""
    parts: list[str | _Field] = []
    last = 0
    for match in _FIELD.finditer(text):
        parts.append(text[last : match.start()])
        parts.append(_parse_field(text, match.group(1)))
        last = match.end()
    parts.append(text[last:])
    literal = "".join(p for p in parts if isinstance(p, str))
    if "{" in literal or "}" in literal:
        raise _pattern_error(text, "kurung kurawal '{' atau '}' tidak berpasangan")
    pattern = Pattern(text, tuple(p for p in parts if p != ""))
    if not pattern.uses("urut"):
        # Without the sequence every letter of the year would get the same number.
        raise _pattern_error(text, "pola harus memuat {urut} (nomor urut surat)")
    return pattern


def _parse_field(text: str, inner: str) -> _Field:
    name, sep, arg = inner.partition(":")
    name = name.strip()
    if name not in PLACEHOLDERS:
        raise _pattern_error(text, f"isian {{{inner}}} tidak dikenal")
    if not sep:
        return _Field(name, None)
    if name == "urut" and arg.isdigit() and 1 <= int(arg) <= 9:
        return _Field(name, arg)
    if name == "kode" and arg.strip():
        return _Field(name, arg.strip())
    raise _pattern_error(
        text,
        f"isian {{{inner}}} tidak sah; hanya {{urut:N}} (N = 1-9 digit) dan "
        "{kode:KODE} yang boleh diberi keterangan setelah ':'",
    )


def _pattern_error(text: str, why: str) -> WorkspaceError:
    allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    return WorkspaceError(
        f"Pola {OPTION} ('{text}') tidak dapat dipakai: {why}. Isian yang dikenal: {allowed}, "
        "serta {urut:N} untuk lebar N digit dan {kode:KODE} untuk kode bawaan. Contoh: "
        "'000.9/{urut}/DISKUKM/{tahun}'."
    )


def letter_number(
    target: Workspace | sqlite3.Connection,
    identity: str,
    tahun: int,
    pattern: str,
    *,
    bulan: int | None = None,
    kode: str | None = None,
) -> str:
    """The number of the document ``identity``: its earlier number if it has one (in whichever
    year's register: a number once given stays the letter's), else the next of year ``tahun``
    (the year the letter is signed in), recorded before it is returned."""
    if not identity.strip():
        raise ValueError("identity must not be empty")
    parsed = parse_pattern(pattern)
    parsed.check_fields(bulan, kode)
    with _connection(target) as conn, _write_lock(conn):
        row = conn.execute(
            "SELECT nomor FROM letter_number WHERE identity = ? AND withdrawn_at IS NULL "
            "ORDER BY tahun = ? DESC, tahun LIMIT 1",
            (identity, tahun),
        ).fetchone()
        if row is not None:
            return str(row[0])
        # MAX + 1 is safe because rows are never deleted and the write lock is held.
        (urut,) = conn.execute(
            "SELECT COALESCE(MAX(urut), 0) + 1 FROM letter_number WHERE tahun = ?", (tahun,)
        ).fetchone()
        nomor = parsed.render(urut, tahun, bulan, kode)
        _insert(conn, tahun, urut, identity, nomor, pattern)
        return nomor


def _insert(
    conn: sqlite3.Connection, tahun: int, urut: int, identity: str, nomor: str, pattern: str
) -> None:
    # Only the text can clash under the write lock: a pattern without {tahun} repeats last
    # year's numbers. Checked here so the office reads what to change, not a constraint name.
    if conn.execute("SELECT 1 FROM letter_number WHERE nomor = ?", (nomor,)).fetchone():
        raise WorkspaceError(
            f"Nomor surat '{nomor}' sudah pernah diberikan kepada dokumen lain. Pola "
            f"{OPTION} ('{pattern}') harus membuat nomor yang berbeda setiap tahun: "
            "tambahkan {tahun} ke pola."
        )
    conn.execute(
        "INSERT INTO letter_number (tahun, urut, identity, nomor, pattern, issued_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (tahun, urut, identity, nomor, pattern, _now()),
    )


def withdraw_letter_number(
    target: Workspace | sqlite3.Connection, identity: str, tahun: int, reason: str
) -> str | None:
    """Mark the current number of ``identity`` withdrawn (the letter was cancelled); it stays
    in the register and is never given again. The next call for ``identity`` gets a new number.
    Returns the withdrawn number, or None when the identity had none."""
    with _connection(target) as conn, _write_lock(conn):
        row = conn.execute(
            "SELECT nomor FROM letter_number "
            "WHERE tahun = ? AND identity = ? AND withdrawn_at IS NULL",
            (tahun, identity),
        ).fetchone()
        if row is None:
            return None
        conn.execute(
            "UPDATE letter_number SET withdrawn_at = ?, withdrawn_reason = ? "
            "WHERE tahun = ? AND identity = ? AND withdrawn_at IS NULL",
            (_now(), reason, tahun, identity),
        )
        return str(row[0])


def issued_numbers(target: Workspace | sqlite3.Connection, tahun: int) -> list[IssuedNumber]:
    """Every number of the year in sequence order, withdrawn ones included."""
    with _connection(target) as conn:
        rows = conn.execute(
            "SELECT tahun, urut, identity, nomor, issued_at, withdrawn_at, withdrawn_reason "
            "FROM letter_number WHERE tahun = ? ORDER BY urut",
            (tahun,),
        ).fetchall()
    return [IssuedNumber(*row) for row in rows]


def given_numbers(workspace: Workspace) -> dict[str, str]:
    """Identity -> the number it holds (withdrawn ones left out), read without giving any: for
    a plan that must not number documents it does not build. An identity names its period's
    year, and its letter may be signed in the next year's register (TW IV's in January)."""
    with read_only(workspace) as conn:
        if conn is None or not has_table(conn, "letter_number"):
            return {}
        rows = conn.execute(
            "SELECT identity, nomor FROM letter_number WHERE withdrawn_at IS NULL "
            "ORDER BY tahun DESC"
        ).fetchall()
    return {str(identity): str(nomor) for identity, nomor in rows}


@contextmanager
def _connection(target: Workspace | sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    if isinstance(target, sqlite3.Connection):
        yield target
    else:
        with connect(target) as conn:
            yield conn


@contextmanager
def _write_lock(conn: sqlite3.Connection) -> Iterator[None]:
    """Hold SQLite's write lock from the first read, so two processes never read the same
    MAX(urut). A caller's open transaction has already written (Python's sqlite3 only begins
    one before a write), so it holds the lock: a savepoint keeps its work in one piece."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT letter_number")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO letter_number")
            raise
        finally:
            conn.execute("RELEASE letter_number")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _now() -> str:
    # The register's own time stamp; documents never see it (they stay deterministic).
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")
