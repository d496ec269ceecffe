"""Accounts of the web desk, kept in ``sakip.db``: a name, a role that is an SOP actor (a unit
account tied to its unit code) and an argon2 hash of the password, never the password."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from pipeline.errors import WebError
from pipeline.workspace.config import load_config
from pipeline.workspace.db import connect
from pipeline.workspace.paths import Workspace

ROLES: dict[str, str] = {
    "kepala-dinas": "Kepala Dinas",
    "sekretaris": "Sekretaris",
    "kasubbag": "Kepala Sub Bagian Program",
    "fungsional-umum": "Fungsional Umum",
    "unit": "Bidang/UPT",
}
ACTORS: dict[str, tuple[str, ...]] = {
    # The SOP actors (sop_specs pelaksana ids) whose steps each role records itself.
    "kepala-dinas": ("kepala_dinas",),
    "sekretaris": ("sekretaris",),
    "kasubbag": ("kasubbag_program",),
    "fungsional-umum": ("fungsional_umum",),
    "unit": ("bidang_upt",),
}
MIN_PASSWORD = 8

_hasher = PasswordHasher()
# Verifying against this when the name is unknown takes as long as a real check, so the
# login's timing does not tell which names exist.
_DUMMY = _hasher.hash("sakip-bukan-sandi")


@dataclass(frozen=True)
class Account:
    nama: str
    peran: str
    unit: str | None

    @property
    def peran_label(self) -> str:
        label = ROLES[self.peran]
        return f"{label} {self.unit}" if self.unit else label

    @property
    def is_unit(self) -> bool:
        return self.peran == "unit"

    def may_record(self, actor: str) -> bool:
        """Whether this account records ``actor``'s steps: its own, or any on another's
        behalf for the Fungsional Umum (who keeps the office's records)."""
        return actor in ACTORS[self.peran] or self.peran == "fungsional-umum"

    def on_behalf(self, actor: str) -> bool:
        return actor not in ACTORS[self.peran]

    def may_see_unit(self, code: str | None) -> bool:
        return not self.is_unit or code == self.unit


def _check(workspace: Workspace, nama: str, peran: str, unit: str | None) -> str | None:
    if not nama.strip() or len(nama) > 60 or any(c in nama for c in "\n\r\t"):
        raise WebError(f"Nama akun '{nama}' tidak sah: isi 1 sampai 60 karakter tanpa baris baru.")
    if peran not in ROLES:
        raise WebError(f"Peran '{peran}' tidak dikenal. Pilihan: {', '.join(ROLES)}.")
    if peran != "unit":
        if unit:
            raise WebError("--unit hanya dipakai bersama --peran unit.")
        return None
    if not unit:
        raise WebError("Akun peran unit memerlukan --unit KODE (kode unit di sakip.yaml).")
    config = load_config(workspace)
    code = unit.strip().upper()
    if config.unit_by_code(code) is None:
        codes = ", ".join(u.kode for u in config.unit)
        raise WebError(f"Unit '{unit}' tidak dikenal. Kode unit di sakip.yaml: {codes}.")
    return code


def _check_password(sandi: str) -> None:
    if len(sandi) < MIN_PASSWORD:
        raise WebError(f"Kata sandi terlalu pendek: paling sedikit {MIN_PASSWORD} karakter.")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def add_account(
    workspace: Workspace, nama: str, peran: str, unit: str | None, sandi: str
) -> Account:
    code = _check(workspace, nama, peran, unit)
    _check_password(sandi)
    with connect(workspace) as conn:
        if conn.execute("SELECT 1 FROM web_akun WHERE nama = ?", (nama,)).fetchone():
            raise WebError(
                f"Akun '{nama}' sudah ada. Ubah dengan 'sakip web akun ubah' atau pilih nama lain."
            )
        now = _now()
        conn.execute(
            "INSERT INTO web_akun (nama, peran, unit, sandi_hash, dibuat_pada, diubah_pada) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (nama, peran, code, _hasher.hash(sandi), now, now),
        )
    return Account(nama, peran, code)


def change_account(
    workspace: Workspace,
    nama: str,
    *,
    peran: str | None = None,
    unit: str | None = None,
    sandi: str | None = None,
) -> Account:
    current = get_account(workspace, nama)
    if current is None:
        raise WebError(f"Akun '{nama}' tidak ada. Lihat daftarnya dengan 'sakip web akun daftar'.")
    new_role = peran or current.peran
    new_unit = unit if unit is not None else (current.unit if new_role == "unit" else None)
    code = _check(workspace, nama, new_role, new_unit)
    with connect(workspace) as conn:
        conn.execute(
            "UPDATE web_akun SET peran = ?, unit = ?, diubah_pada = ? WHERE nama = ?",
            (new_role, code, _now(), nama),
        )
        if sandi is not None:
            _check_password(sandi)
            conn.execute(
                "UPDATE web_akun SET sandi_hash = ? WHERE nama = ?", (_hasher.hash(sandi), nama)
            )
    return Account(nama, new_role, code)


def delete_account(workspace: Workspace, nama: str) -> None:
    with connect(workspace) as conn:
        gone = conn.execute("DELETE FROM web_akun WHERE nama = ?", (nama,)).rowcount
    if not gone:
        raise WebError(f"Akun '{nama}' tidak ada. Lihat daftarnya dengan 'sakip web akun daftar'.")


def list_accounts(workspace: Workspace) -> list[Account]:
    with connect(workspace) as conn:
        rows = conn.execute("SELECT nama, peran, unit FROM web_akun ORDER BY nama").fetchall()
    return [Account(*row) for row in rows]


def get_account(workspace: Workspace, nama: str) -> Account | None:
    with connect(workspace) as conn:
        row = conn.execute(
            "SELECT nama, peran, unit FROM web_akun WHERE nama = ?", (nama,)
        ).fetchone()
    return Account(*row) if row else None


def authenticate(workspace: Workspace, nama: str, sandi: str) -> Account | None:
    """The account when the password is right, else None (the same time either way)."""
    with connect(workspace) as conn:
        row = conn.execute(
            "SELECT nama, peran, unit, sandi_hash FROM web_akun WHERE nama = ?", (nama,)
        ).fetchone()
    stored = row[3] if row else _DUMMY
    try:
        _hasher.verify(stored, sandi)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if _hasher.check_needs_rehash(stored):
        with connect(workspace) as conn:
            conn.execute(
                "UPDATE web_akun SET sandi_hash = ? WHERE nama = ?", (_hasher.hash(sandi), nama)
            )
    return Account(row[0], row[1], row[2])
