"""The ``sakip`` command line: parse options, make one library call, print.

Heavy libraries are imported inside the commands that need them, so ``sakip --help`` and
``sakip sop list`` start fast.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli import i18n as cli_i18n
from pipeline.cli.common import (
    CONTEXT_SETTINGS,
    PeriodeType,
    SakipGroup,
    json_option,
    print_json,
    workspace_option,
)
from pipeline.office.textable import angka, durasi, render_table

if TYPE_CHECKING:
    from pipeline.workspace.periode import Periode

cli_i18n.install()


@click.group("sakip", cls=SakipGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option("0.1.0", "--version", "-V", prog_name="sakip", message="%(prog)s %(version)s")
def cli() -> None:
    """sakip: dokumen Perencanaan dan Pelaporan Kinerja (SAKIP) dari SOP dan data kinerja.

    Membaca SOP kantor (sop_specs/), menyusun dokumennya dari templat Word (templates/),
    dan memeriksa kelengkapannya.

    Contoh:

    \b
        sakip sop list
        sakip sop show pk
        sakip sop render --all --out outputs/sop
    """


@cli.group(cls=SakipGroup)
def sop() -> None:
    """Daftar, rincian, pemeriksaan dan cetakan ketujuh SOP.

    Contoh:

    \b
        sakip sop list
        sakip sop show pengukuran --json
    """


@sop.command("list")
@workspace_option
@json_option
def sop_list(workspace: str | None, as_json: bool) -> None:
    """Daftar SOP: jumlah langkah dan total waktu masing-masing.

    Contoh:

    \b
        sakip sop list
        sakip sop list --json
    """
    from pipeline.sop.load import load_sops
    from pipeline.workspace.paths import Workspace

    sops = load_sops(Workspace.open(workspace))
    if as_json:
        print_json([s.summary() for s in sops])
        return
    rows = [[s.id, s.judul, len(s.langkah), angka(s.total_menit)] for s in sops]
    click.echo(render_table(["ID", "Judul", "Langkah", "Total waktu (menit)"], rows, "llrr"))


@sop.command("show")
@click.argument("sop_id", metavar="ID")
@workspace_option
@json_option
def sop_show(sop_id: str, workspace: str | None, as_json: bool) -> None:
    """Rincian satu SOP: identitas dan setiap langkahnya.

    Contoh:

    \b
        sakip sop show pk
        sakip sop show lkjip --json
    """
    from pipeline.sop.load import load_sop
    from pipeline.workspace.paths import Workspace

    spec = load_sop(sop_id, Workspace.open(workspace))
    if as_json:
        print_json(spec.to_json())
        return
    click.echo(f"SOP {spec.judul} ({spec.id})")
    click.echo(f"Disahkan oleh: {spec.disahkan_oleh.jabatan}")
    click.echo(f"Pelaksana: {', '.join(a.nama for a in spec.pelaksana)}")
    click.echo("")
    rows = []
    for step in spec.langkah:
        decision = step.keputusan
        rows.append(
            [
                step.no,
                textwrap.fill(spec.actor_name(step.pelaksana), 18),
                textwrap.fill(step.uraian, 48),
                angka(step.waktu_menit),
                textwrap.fill(step.output, 26),
                f"Ya: {decision.ya}\nTidak: {decision.tidak}" if decision else "",
            ]
        )
    headers = ["No", "Pelaksana", "Uraian", "Menit", "Output", "Keputusan"]
    click.echo(render_table(headers, rows, "lllrll"))
    click.echo("")
    click.echo(f"{len(spec.langkah)} langkah, total waktu {durasi(spec.total_menit)}.")


@sop.command("check")
@workspace_option
def sop_check(workspace: str | None) -> None:
    """Periksa semua berkas SOP (skema dan keterkaitan antarlangkah).

    Keluar dengan kode 0 bila semua sah, 1 bila ada yang tidak sah.

    Contoh:

    \b
        sakip sop check
        sakip sop check --workspace /data/dinas-kumkm
    """
    from pipeline.sop.load import load_sops
    from pipeline.workspace.paths import Workspace

    sops = load_sops(Workspace.open(workspace))
    click.echo(f"{len(sops)} SOP sah: {', '.join(s.id for s in sops)}.")


@sop.command("render")
@click.argument("sop_ids", metavar="[ID]...", nargs=-1)
@click.option("--all", "render_all", is_flag=True, help="Cetak ketujuh SOP.")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder hasil (bawaan: outputs/sop di workspace).",
)
@click.option(
    "--periode",
    "-p",
    type=PeriodeType(),
    default=None,
    help="Cetak juga catatan instans SOP periode ini (TTTT-BB): rencana dan tanggal selesai.",
)
@workspace_option
def sop_render(
    sop_ids: tuple[str, ...],
    render_all: bool,
    out: str | None,
    periode: Periode | None,
    workspace: str | None,
) -> None:
    """Cetak SOP sebagai dokumen Word (.docx) dan diagram alir (.svg).

    Dokumen mengikuti format PermenPAN-RB 35/2012: blok identitas, tabel langkah dengan
    kolom pelaksana, mutu baku (persyaratan, waktu, output) dan keterangan.

    Contoh:

    \b
        sakip sop render pk --out hasil/
        sakip sop render --all --out outputs/sop
        sakip sop render pk --periode 2024-03
    """
    from pipeline.sop.render import render_sops
    from pipeline.workspace.paths import Workspace

    if render_all == bool(sop_ids):
        raise click.UsageError("Sebutkan ID SOP yang akan dicetak, atau pakai --all (salah satu).")
    ws = Workspace.open(workspace)
    target = Path(out) if out else ws.outputs / "sop"
    records = None
    if periode is not None:
        from pipeline.process.status import period_status, sop_records

        records = sop_records(period_status(ws, periode))
    written = render_sops(ws, None if render_all else list(sop_ids), target, records)
    for path in written:
        click.echo(f"Ditulis: {path}")
    click.echo(f"{len(written)} berkas ditulis ke {target}.")


def _register() -> None:
    from pipeline.cli.archive import archive
    from pipeline.cli.build import build, templates
    from pipeline.cli.check import check
    from pipeline.cli.process import langkah, status
    from pipeline.cli.validate import rekap, validate
    from pipeline.cli.web import web
    from pipeline.cli.workbook import init, template

    commands = (
        init,
        template,
        validate,
        rekap,
        build,
        templates,
        archive,
        check,
        langkah,
        status,
        web,
    )
    for command in commands:
        cli.add_command(command)


_register()


def main() -> None:
    # Python's own garbage-collector settings: a raised threshold (100,000, 50, 100) made
    # validation a few percent faster, but full collections then hardly ever ran and cyclic
    # garbage piled up (a province build's main process reached 2.8 GB instead of 0.25 GB).
    cli.main(prog_name="sakip")


if __name__ == "__main__":  # pragma: no cover
    main()
