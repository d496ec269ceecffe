"""``sakip langkah`` and ``sakip status``: record the steps of an SOP instance and see where
each SOP of a period stands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.common import (
    TanggalType,
    json_option,
    note,
    periode_option,
    print_json,
    workspace_option,
)

if TYPE_CHECKING:
    from pipeline.workspace.periode import Periode


@click.command("langkah")
@workspace_option
@click.option("--sop", "sop_id", required=True, metavar="ID", help="ID SOP, misalnya pk.")
@periode_option()
@click.option("--no", "no", type=int, default=None, help="Nomor langkah yang sudah dikerjakan.")
@click.option(
    "--tanggal",
    type=TanggalType(),
    default=None,
    help="Tanggal langkah dikerjakan, TTTT-BB-HH (bawaan: hari ini).",
)
@click.option("--oleh", default=None, help="Nama yang mengerjakan (bawaan: pejabat pelaksana).")
@click.option(
    "--unit",
    "unit",
    default=None,
    metavar="KODE",
    help="Catat bagian satu unit pada langkah yang dikerjakan tiap Bidang/UPT.",
)
@click.option(
    "--keputusan",
    type=click.Choice(["ya", "tidak"]),
    default=None,
    help="Hasil langkah pemeriksaan: ya (diteruskan) atau tidak (dikembalikan).",
)
@click.option("--catatan", default="", help="Catatan, misalnya alasan pengembalian.")
@click.option("--paksa", is_flag=True, help="Izinkan tanggal pada hari libur atau akhir pekan.")
@click.option("--batal", is_flag=True, help="Batalkan catatan terakhir instans ini.")
@json_option
def langkah(
    workspace: str | None,
    sop_id: str,
    periode: Periode,
    no: int | None,
    tanggal: dt.date | None,
    oleh: str | None,
    unit: str | None,
    keputusan: str | None,
    catatan: str,
    paksa: bool,
    batal: bool,
    as_json: bool,
) -> None:
    """Catat bahwa satu langkah SOP sudah dikerjakan.

    Periode memilih instans SOP menurut siklusnya: untuk PK, bulan mana pun pada 2024 berarti
    PK 2024; untuk Pengukuran, bulan pada triwulan itu. Langkah dicatat berurutan, pada hari
    kerja, tidak pada tanggal yang belum lewat. Langkah pemeriksaan memerlukan --keputusan;
    "tidak" mengembalikan instans ke langkah yang disebut SOP. Catatan tidak pernah diubah
    atau dihapus: --batal menambahkan catatan yang membatalkan catatan terakhir.

    Langkah yang dikerjakan tiap Bidang/UPT (misalnya menyampaikan data) dicatat per unit
    dengan --unit; langkah itu selesai bila semua unit sudah mencatat bagiannya. Tanpa
    --unit, langkah itu dicatat selesai untuk semua unit sekaligus.

    Contoh:

    \b
        sakip langkah --sop pk --periode 2024-01 --no 1 --tanggal 2024-01-02
        sakip langkah --sop pk -p 2024-01 --no 5 --keputusan tidak --catatan "Salah tanggal"
        sakip langkah --sop pk --periode 2024-01 --batal --catatan "salah tanggal"
        sakip langkah --sop pengumpulan-data -p 2024-03 --no 11 --unit UPT
    """
    from pipeline.process.steps import cancel_last, record_step
    from pipeline.workspace.paths import Workspace

    ws = Workspace.open(workspace)
    if batal:
        if no is not None or keputusan is not None:
            raise click.UsageError("--batal tidak dipakai bersama --no atau --keputusan.")
        done = cancel_last(ws, sop_id, periode, catatan=catatan, oleh=oleh)
    else:
        if no is None:
            raise click.UsageError("Sebutkan nomor langkah dengan --no, atau pakai --batal.")
        if unit is not None and oleh is not None:
            raise click.UsageError("--unit sudah menyebut siapa yang mengerjakan; hapus --oleh.")
        done = record_step(
            ws,
            sop_id,
            periode,
            no,
            tanggal=tanggal,
            oleh=oleh,
            keputusan=keputusan,
            catatan=catatan,
            paksa=paksa,
            unit=unit,
        )
    if as_json:
        print_json(
            {
                "sop": done.instance.sop,
                "instance": done.instance.key,
                "record_id": done.record_id,
                "no": done.no,
                "date": done.tanggal.isoformat(),
                "by": done.oleh,
                "decision": done.keputusan,
                "cancelled": done.cancelled,
                "next_step": done.next_step,
                "waiting_units": list(done.waiting),
            }
        )
        return
    from pipeline.office.formatting import tanggal as tanggal_id

    what = f"SOP {done.title} {done.instance.label}"
    if done.cancelled is not None:
        click.echo(f"Catatan langkah {done.no} {what} dibatalkan.")
    else:
        decision = {"ya": ", keputusan: ya", "tidak": ", keputusan: tidak (dikembalikan)"}
        sentence = (
            f"Langkah {done.no} {what} dicatat: {tanggal_id(done.tanggal)}, oleh {done.oleh}"
            f"{decision.get(done.keputusan or '', '')}"
        )
        # A name that ends with an academic title ("M.Si.") already ends the sentence.
        click.echo(sentence if sentence.endswith(".") else sentence + ".")
    if done.waiting:
        click.echo(
            f"Langkah {done.no} selesai bila semua unit sudah mencatat; menunggu "
            f"{len(done.waiting)} unit lagi: {', '.join(done.waiting)}."
        )
    elif done.next_step is None:
        click.echo("Semua langkah SOP ini sudah dicatat.")
    else:
        click.echo(f"Langkah berikutnya: {done.next_step}.")


@click.command("status")
@workspace_option
@periode_option()
@click.option(
    "--per",
    "as_of",
    type=TanggalType(),
    default=None,
    help="Keadaan pada tanggal TTTT-BB-HH (bawaan: hari ini).",
)
@click.option(
    "--laporan",
    type=click.Path(file_okay=False),
    default=None,
    help="Tulis papan status (HTML dan xlsx) ke folder ini.",
)
@json_option
def status(
    workspace: str | None,
    periode: Periode,
    as_of: dt.date | None,
    laporan: str | None,
    as_json: bool,
) -> None:
    """Di mana setiap SOP periode ini berada: langkah berjalan, yang terlambat, dokumennya.

    Untuk setiap instans SOP yang disentuh periode: langkah yang sedang berjalan dan
    pelaksananya, langkah yang sudah dicatat, keterlambatan terhadap rencana (hari kerja) dan
    terhadap batas waktu peraturan, serta keadaan dokumennya (draft, diajukan, disahkan).

    Contoh:

    \b
        sakip status --periode 2024-03
        sakip status --periode 2024-03 --json
        sakip status --periode 2024-03 --laporan outputs/2024/03
    """
    from pipeline.office.formatting import tanggal as tanggal_id
    from pipeline.office.textable import render_table
    from pipeline.process.status import DOCUMENT_LABEL, STATE_LABEL, period_status
    from pipeline.workspace.paths import Workspace

    ws = Workspace.open(workspace)
    found = period_status(ws, periode, as_of)
    if laporan:
        from pipeline.process.board import write_board_html, write_board_xlsx
        from pipeline.workspace.config import load_config

        folder = Path(laporan)
        base = f"Status SOP {periode}"
        instansi = load_config(ws).instansi.nama
        note(f"Ditulis: {write_board_html(found, instansi, folder / f'{base}.html')}")
        note(f"Ditulis: {write_board_xlsx(found, folder / f'{base}.xlsx')}")
    if as_json:
        print_json(found.to_json())
        return
    rows = []
    for item in found.instances:
        current = f"{item.current_step} ({item.current_actor})" if item.current_step else "-"
        if item.waiting_units:
            done_units = len(item.recorded_units)
            current += f", {done_units} dari {done_units + len(item.waiting_units)} unit"
        late = len(item.late)
        deadline = ""
        if item.instance.deadline:
            deadline = tanggal_id(item.instance.deadline)
            if item.deadline_late_days:
                deadline += f" (lewat {item.deadline_late_days} hari kerja)"
        rows.append(
            [
                item.title,
                item.instance.label,
                STATE_LABEL[item.state],
                current,
                late or "-",
                DOCUMENT_LABEL[item.document_state],
                deadline or "-",
            ]
        )
    headers = ["SOP", "Siklus", "Keadaan", "Langkah berjalan", "Terlambat", "Dokumen", "Batas"]
    click.echo(f"Status SOP periode {periode.nama}, per {tanggal_id(found.as_of)}")
    click.echo(render_table(headers, rows, "lllllll"))
