"""Accounts of the web desk: roles that are SOP actors, argon2 hashes, the akun commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli.main import cli
from pipeline.errors import WebError
from pipeline.example import create_workspace
from pipeline.web.accounts import (
    add_account,
    authenticate,
    change_account,
    delete_account,
    list_accounts,
)
from pipeline.workspace.db import connect
from pipeline.workspace.paths import Workspace


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("akun") / "ws"
    create_workspace(root)
    return Workspace.open(root)


def test_password_stored_only_as_argon2_hash(office: Workspace) -> None:
    add_account(office, "hash", "sekretaris", None, "sandi-yang-panjang")
    with connect(office) as conn:
        (stored,) = conn.execute("SELECT sandi_hash FROM web_akun WHERE nama = 'hash'").fetchone()
    assert stored.startswith("$argon2id$")
    assert "sandi-yang-panjang" not in stored
    assert authenticate(office, "hash", "sandi-yang-panjang") is not None
    assert authenticate(office, "hash", "sandi-yang-salah") is None
    assert authenticate(office, "tidak-ada", "sandi-yang-panjang") is None


def test_roles_and_units_are_checked(office: Workspace) -> None:
    with pytest.raises(WebError, match="--unit KODE"):
        add_account(office, "u1", "unit", None, "sandi-panjang")
    with pytest.raises(WebError, match=r"tidak dikenal.*BKP"):
        add_account(office, "u1", "unit", "XYZ", "sandi-panjang")
    with pytest.raises(WebError, match="hanya dipakai bersama --peran unit"):
        add_account(office, "u1", "sekretaris", "BKP", "sandi-panjang")
    with pytest.raises(WebError, match="paling sedikit 8"):
        add_account(office, "u1", "sekretaris", None, "pendek")
    account = add_account(office, "u1", "unit", "bkp", "sandi-panjang")
    assert (account.peran, account.unit, account.peran_label) == ("unit", "BKP", "Bidang/UPT BKP")
    with pytest.raises(WebError, match="sudah ada"):
        add_account(office, "u1", "unit", "BKP", "sandi-panjang")


def test_who_records_which_step(office: Workspace) -> None:
    kadis = add_account(office, "kd", "kepala-dinas", None, "sandi-panjang")
    fu = add_account(office, "fu", "fungsional-umum", None, "sandi-panjang")
    unit = add_account(office, "un", "unit", "UPT", "sandi-panjang")
    assert kadis.may_record("kepala_dinas") and not kadis.may_record("sekretaris")
    assert fu.may_record("kepala_dinas") and fu.on_behalf("kepala_dinas")
    assert fu.may_record("fungsional_umum") and not fu.on_behalf("fungsional_umum")
    assert unit.may_record("bidang_upt") and not unit.may_record("kasubbag_program")
    assert unit.may_see_unit("UPT") and not unit.may_see_unit("BKP")


def test_akun_commands(office: Workspace) -> None:
    runner = CliRunner()
    ws = str(office.root)
    added = runner.invoke(
        cli,
        [
            "web",
            "akun",
            "tambah",
            "sri",
            "--peran",
            "unit",
            "--unit",
            "SEK",
            "-w",
            ws,
            "--sandi-stdin",
        ],
        input="sandi-sri-123\n",
    )
    assert added.exit_code == 0, added.output
    assert "Akun sri (Bidang/UPT SEK) ditambahkan." in added.output
    listed = runner.invoke(cli, ["web", "-w", ws, "akun", "daftar"])
    assert "sri" in listed.output and "SEK" in listed.output
    changed = runner.invoke(
        cli,
        ["web", "akun", "ubah", "sri", "--peran", "kasubbag", "--sandi-stdin", "-w", ws],
        input="sandi-baru-456\n",
    )
    assert changed.exit_code == 0, changed.output
    assert authenticate(office, "sri", "sandi-baru-456") is not None
    assert authenticate(office, "sri", "sandi-sri-123") is None
    prompted = runner.invoke(
        cli,
        ["web", "akun", "tambah", "tanya", "--peran", "sekretaris", "-w", ws],
        input="sandi-dari-prompt\nsandi-dari-prompt\n",
    )
    assert prompted.exit_code == 0, prompted.output
    assert "sandi-dari-prompt" not in prompted.output
    bad = runner.invoke(
        cli, ["web", "akun", "tambah", "x", "--peran", "bupati", "-w", ws, "--sandi-stdin"]
    )
    assert bad.exit_code == 2 and "bupati" in bad.output
    unknown = runner.invoke(cli, ["web", "akun", "hapus", "siapa", "-w", ws])
    assert unknown.exit_code == 1 and "tidak ada" in unknown.output
    assert "Traceback" not in unknown.output
    removed = runner.invoke(cli, ["web", "akun", "hapus", "sri", "-w", ws])
    assert removed.exit_code == 0
    assert "sri" not in [a.nama for a in list_accounts(office)]


def test_change_and_delete(office: Workspace) -> None:
    add_account(office, "pindah", "unit", "BKP", "sandi-panjang")
    moved = change_account(office, "pindah", unit="UPT")
    assert moved.unit == "UPT"
    staff = change_account(office, "pindah", peran="sekretaris")
    assert staff.unit is None
    delete_account(office, "pindah")
    with pytest.raises(WebError, match="tidak ada"):
        delete_account(office, "pindah")


def test_web_warns_when_serving_beyond_this_machine(
    office: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[tuple[str, int, bool]] = []
    monkeypatch.setattr(
        "pipeline.web.server.serve",
        lambda ws, host, port, browser: served.append((host, port, browser)),
    )
    runner = CliRunner()
    local = runner.invoke(cli, ["web", "-w", str(office.root), "--tanpa-browser"])
    assert local.exit_code == 0, local.output
    assert "Peringatan: meja SAKIP dilayani" not in local.output
    wide = runner.invoke(
        cli, ["web", "-w", str(office.root), "--host", "0.0.0.0", "--port", "8080"]
    )
    assert wide.exit_code == 0, wide.output
    assert "Peringatan: meja SAKIP dilayani di 0.0.0.0" in wide.output
    assert "http://127.0.0.1:8080/" in wide.output
    assert served == [("127.0.0.1", 8000, False), ("0.0.0.0", 8080, True)]


def test_secret_is_made_once(tmp_path: Path) -> None:
    from pipeline.web.security import SECRET_FILE, session_secret

    ws = Workspace.open(tmp_path)
    first = session_secret(ws)
    assert session_secret(ws) == first
    assert (tmp_path / SECRET_FILE).stat().st_mode & 0o077 == 0
