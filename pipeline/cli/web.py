"""``sakip web``: the web desk for the office's staff, and ``sakip web akun``: its accounts."""

from __future__ import annotations

import sys

import click

from pipeline.cli.common import SakipGroup, workspace_option

ROLE_CHOICE = click.Choice(["kepala-dinas", "sekretaris", "kasubbag", "fungsional-umum", "unit"])


@click.group("web", cls=SakipGroup, invoke_without_command=True)
@workspace_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Alamat yang dilayani.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--tanpa-browser", is_flag=True, help="Jangan membuka peramban.")
@click.pass_context
def web(
    ctx: click.Context, workspace: str | None, host: str, port: int, tanpa_browser: bool
) -> None:
    """Meja SAKIP di peramban: unggah buku kerja, laporan kepatuhan, susun dan unduh dokumen,
    buku kerja kosong, periksa PDF, status SOP dan arsip, untuk setiap pegawai sesuai perannya.

    Tanpa --host hanya komputer ini yang dapat membukanya (127.0.0.1). Untuk melayani seluruh
    kantor dari satu komputer, pakai --host 0.0.0.0 (atau alamat IP komputer itu) di jaringan
    kantor saja. Akun dibuat dengan 'sakip web akun tambah'.

    Contoh:

    \b
        sakip web
        sakip web --host 0.0.0.0 --port 8000 --tanpa-browser
        sakip web akun tambah rahmawati --peran fungsional-umum
    """
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace
    if ctx.invoked_subcommand is not None:
        return
    from pipeline.web.accounts import list_accounts
    from pipeline.web.server import is_local, serve, url_for
    from pipeline.workspace.paths import Workspace

    ws = Workspace.open(workspace)
    if not list_accounts(ws):
        click.echo(
            "Peringatan: belum ada akun. Buat dulu, misalnya: "
            "sakip web akun tambah NAMA --peran fungsional-umum",
            err=True,
        )
    if not is_local(host):
        click.echo(
            f"Peringatan: meja SAKIP dilayani di {host}, sehingga komputer lain di jaringan dapat "
            "membukanya. Pakai hanya di jaringan kantor yang tepercaya (tanpa HTTPS, kata sandi "
            "dikirim apa adanya); jangan buka port ini ke internet.",
            err=True,
        )
    click.echo(f"Meja SAKIP untuk workspace {ws.root}: {url_for(host, port)}")
    click.echo("Tekan Ctrl+C untuk berhenti.")
    serve(ws, host, port, not tanpa_browser)


@web.group("akun", cls=SakipGroup)
def akun() -> None:
    """Akun meja SAKIP: tambah, ubah, hapus, daftar.

    Contoh:

    \b
        sakip web akun tambah andi --peran kepala-dinas
        sakip web akun tambah bkp --peran unit --unit BKP
        echo 'sandi-rahasia' | sakip web akun tambah rahma --peran fungsional-umum --sandi-stdin
        sakip web akun daftar
    """


def _workspace(ctx: click.Context, own: str | None) -> str | None:
    return own or (ctx.obj or {}).get("workspace")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    value: str = click.prompt(
        "Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi"
    )
    return value


@akun.command("tambah")
@click.argument("nama")
@click.option("--peran", type=ROLE_CHOICE, required=True, help="Peran akun (pelaksana SOP).")
@click.option("--unit", default=None, metavar="KODE", help="Kode unit, untuk --peran unit.")
@click.option("--sandi-stdin", is_flag=True, help="Baca kata sandi dari masukan standar.")
@workspace_option
@click.pass_context
def akun_tambah(
    ctx: click.Context,
    nama: str,
    peran: str,
    unit: str | None,
    sandi_stdin: bool,
    workspace: str | None,
) -> None:
    """Tambah akun NAMA dengan perannya; kata sandi diminta (paling sedikit 8 karakter).

    Contoh:

    \b
        sakip web akun tambah rahma --peran fungsional-umum
        sakip web akun tambah upt --peran unit --unit UPT
    """
    from pipeline.web.accounts import add_account
    from pipeline.workspace.paths import Workspace

    ws = Workspace.open(_workspace(ctx, workspace))
    account = add_account(ws, nama, peran, unit, _password(sandi_stdin))
    click.echo(f"Akun {account.nama} ({account.peran_label}) ditambahkan.")


@akun.command("ubah")
@click.argument("nama")
@click.option("--peran", type=ROLE_CHOICE, default=None, help="Peran baru.")
@click.option("--unit", default=None, metavar="KODE", help="Kode unit baru (peran unit).")
@click.option("--sandi", "ganti_sandi", is_flag=True, help="Ganti kata sandi (diminta).")
@click.option("--sandi-stdin", is_flag=True, help="Ganti kata sandi, dibaca dari masukan standar.")
@workspace_option
@click.pass_context
def akun_ubah(
    ctx: click.Context,
    nama: str,
    peran: str | None,
    unit: str | None,
    ganti_sandi: bool,
    sandi_stdin: bool,
    workspace: str | None,
) -> None:
    """Ubah peran, unit atau kata sandi akun NAMA.

    Contoh:

    \b
        sakip web akun ubah rahma --sandi
        sakip web akun ubah bkp --peran unit --unit BPK
    """
    from pipeline.web.accounts import change_account
    from pipeline.workspace.paths import Workspace

    if not (peran or unit or ganti_sandi or sandi_stdin):
        raise click.UsageError("Sebutkan yang diubah: --peran, --unit, --sandi atau --sandi-stdin.")
    ws = Workspace.open(_workspace(ctx, workspace))
    sandi = _password(sandi_stdin) if (ganti_sandi or sandi_stdin) else None
    account = change_account(ws, nama, peran=peran, unit=unit, sandi=sandi)
    click.echo(f"Akun {account.nama} ({account.peran_label}) diubah.")


@akun.command("hapus")
@click.argument("nama")
@workspace_option
@click.pass_context
def akun_hapus(ctx: click.Context, nama: str, workspace: str | None) -> None:
    """Hapus akun NAMA; sesinya berakhir pada permintaan berikutnya.

    Contoh:

    \b
        sakip web akun hapus rahma
    """
    from pipeline.web.accounts import delete_account
    from pipeline.workspace.paths import Workspace

    delete_account(Workspace.open(_workspace(ctx, workspace)), nama)
    click.echo(f"Akun {nama} dihapus.")


@akun.command("daftar")
@workspace_option
@click.pass_context
def akun_daftar(ctx: click.Context, workspace: str | None) -> None:
    """Daftar akun meja SAKIP dan perannya.

    Contoh:

    \b
        sakip web akun daftar
    """
    from pipeline.office.textable import render_table
    from pipeline.web.accounts import ROLES, list_accounts
    from pipeline.workspace.paths import Workspace

    accounts = list_accounts(Workspace.open(_workspace(ctx, workspace)))
    if not accounts:
        click.echo("Belum ada akun. Tambah dengan 'sakip web akun tambah NAMA --peran PERAN'.")
        return
    rows = [[a.nama, ROLES[a.peran], a.unit or "-"] for a in accounts]
    click.echo(render_table(["Nama", "Peran", "Unit"], rows, "lll"))
