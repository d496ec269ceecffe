"""``sakip validate`` and ``sakip rekap``: the period's compliance check and recap."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.common import (
    F,
    json_option,
    note,
    periode_option,
    print_json,
    progress_printer,
    workspace_option,
)

if TYPE_CHECKING:
    from pipeline.workspace.paths import Workspace
    from pipeline.workspace.periode import Periode


def _laporan_option(fn: F) -> F:
    return click.option(
        "--laporan",
        type=click.Path(file_okay=False),
        default=None,
        help="Folder hasil laporan (bawaan: outputs/TTTT/BB di workspace).",
    )(fn)


def _inputs_progress(workspace: Workspace, periode: Periode) -> Callable[[str], None]:
    from pipeline.validate.period import input_files, period_folder

    files = input_files(period_folder(workspace, periode))
    return progress_printer(len(files), "Membaca")


@click.command("validate")
@workspace_option
@periode_option()
@json_option
@_laporan_option
def validate(workspace: str | None, periode: Periode, as_json: bool, laporan: str | None) -> None:
    """Periksa kelengkapan data kinerja setiap unit untuk satu periode.

    Membaca semua buku kerja di inputs/TTTT/BB, memeriksanya menurut aturan di
    sop_specs/validasi/aturan.yaml, lalu menulis laporan kepatuhan (HTML dan xlsx) untuk
    Sub Bagian Program. Keluar dengan kode 0 bila semua unit lengkap, 1 bila ada galat,
    2 bila perintah salah tulis.

    Contoh:

    \b
        sakip validate --periode 2024-03
        sakip validate --periode 2024-03 --json
        sakip validate -w /data/diskukm --periode 2024-03 --laporan hasil/
    """
    from pipeline.validate.jobs import validate_and_report
    from pipeline.validate.kepatuhan import summary_table
    from pipeline.workspace.paths import Workspace

    ws = Workspace.open(workspace)
    result = validate_and_report(
        ws, periode, Path(laporan) if laporan else None, _inputs_progress(ws, periode)
    )
    report = result.validation.report
    if as_json:
        print_json(report.to_dict())
    else:
        click.echo(f"Laporan kepatuhan data kinerja periode {periode.nama}")
        click.echo(summary_table(report))
    for path in result.written:
        note(f"Ditulis: {path}")
    raise SystemExit(0 if report.valid else 1)


@click.command("rekap")
@workspace_option
@periode_option()
@_laporan_option
def rekap(workspace: str | None, periode: Periode, laporan: str | None) -> None:
    """Susun Rekapitulasi Data Kinerja satu periode (beserta laporan kepatuhannya).

    Menghitung realisasi s.d. bulan periode, capaian menurut polaritas, kategori, serapan
    anggaran dan efisiensi setiap indikator, lalu menulis rekapitulasi (xlsx: lembar
    konsolidasi, lembar per unit dengan grafik, dan catatan). Unit yang datanya masih
    bergalat tetap direkap dan ditandai di laporan kepatuhan.

    Contoh:

    \b
        sakip rekap --periode 2024-03
        sakip rekap -w /data/diskukm --periode 2024-03 --laporan hasil/
    """
    from pipeline.rekap.jobs import rekap_period
    from pipeline.validate.kepatuhan import summary_table
    from pipeline.workspace.paths import Workspace

    ws = Workspace.open(workspace)
    result = rekap_period(
        ws, periode, Path(laporan) if laporan else None, _inputs_progress(ws, periode)
    )
    click.echo(f"Rekapitulasi data kinerja periode {periode.nama}")
    click.echo(summary_table(result.validation.report))
    assert result.rekap is not None
    for line in result.rekap.notes:
        click.echo(f"Catatan: {line}")
    indicators = len(result.rekap.rows)
    click.echo(f"{indicators} indikator dari {len(result.rekap.units())} unit direkap.")
    for path in result.written:
        click.echo(f"Ditulis: {path}")
