"""``sakip check``: confirm the required sections of returned PDFs.

Registered in :mod:`pipeline.cli.main` with ``cli.add_command(check)``. Heavy libraries (PDFium,
openpyxl) are imported inside the command, so ``sakip --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli import i18n as cli_i18n
from pipeline.cli.common import (
    TanggalType,
    json_option,
    note,
    periode_option,
    print_json,
    progress_printer,
    workspace_option,
)
from pipeline.errors import SakipError, StepRecordError, os_cause
from pipeline.office.textable import render_table

if TYPE_CHECKING:
    from pipeline.checker import CheckResult
    from pipeline.checker.checklist import Checklist
    from pipeline.process.returns import ReturnRecord
    from pipeline.workspace.paths import Workspace
    from pipeline.workspace.periode import Periode

cli_i18n.install()

DOC_TYPES = ["pk", "rak", "iki", "pengukuran", "lki", "lkjip", "auto"]


@click.command("check", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    metavar="PATH...",
    type=click.Path(exists=True, path_type=Path),
)
@click.option(
    "--type",
    "doc_type",
    type=click.Choice(DOC_TYPES),
    default="auto",
    show_default=True,
    help="Jenis dokumen; 'auto' mengenalinya dari judul.",
)
@json_option
@click.option(
    "--laporan",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder tujuan laporan HTML dan xlsx.",
)
@workspace_option
@periode_option(required=False)
@click.option(
    "--catat",
    is_flag=True,
    help="Catat langkah pengesahan SOP untuk berkas yang lengkap, bertanda tangan dan cocok "
    "dengan dokumen arsip (tanpa opsi ini pemeriksaan tidak mengubah sakip.db).",
)
@click.option(
    "--tanggal",
    type=TanggalType(),
    default=None,
    help="Dengan --catat: tanggal dokumen bertanda tangan kembali atau disahkan; dengan "
    "--checklist: tanggal pemeriksaan kelengkapan. TTTT-BB-HH (bawaan: hari ini).",
)
@click.option(
    "--checklist",
    is_flag=True,
    help="Untuk LKjIP: tulis Checklist Kelengkapan Rancangan LKjIP (docx, SOP LKjIP langkah "
    "10) ke folder --laporan, atau ke outputs/<tahun>/tahunan/lkjip/.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    metavar="DETIK",
    default=60,
    show_default=True,
    help="Batas waktu membaca satu berkas, dalam detik.",
)
@click.option(
    "--max-mb",
    type=click.IntRange(min=1),
    metavar="MB",
    default=200,
    show_default=True,
    help="Ukuran berkas terbesar yang dibaca (MB).",
)
@click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    metavar="HALAMAN",
    default=2000,
    show_default=True,
    help="Jumlah halaman terbanyak yang dibaca.",
)
def check(
    paths: tuple[Path, ...],
    doc_type: str,
    as_json: bool,
    laporan: Path | None,
    workspace: str | None,
    periode: Periode | None,
    catat: bool,
    checklist: bool,
    tanggal: dt.date | None,
    timeout: float,
    max_mb: int,
    max_pages: int,
) -> None:
    """Periksa kelengkapan bagian wajib dokumen kinerja yang dikembalikan sebagai PDF.

    PATH berupa berkas PDF atau folder (semua *.pdf di dalamnya diperiksa). Jenis dokumen
    (PK, RAK, IKI, Form Pengukuran, LKI, LKjIP) dikenali dari judulnya, atau dari kode
    verifikasinya bila dokumen itu dibuat sakip build; bagian wajib tiap jenis tercantum di
    sop_specs/bagian/. Surat, undangan, SK dan surat perintah tugas buatan sakip dikenali
    dari kodenya dan diperiksa tanda tangan, isian dan perbedaannya dengan arsip. Halaman
    hasil pindaian dibaca dengan OCR (tesseract, bahasa Indonesia).

    Dengan --catat, setiap berkas yang lengkap, bertanda tangan dan kode verifikasinya cocok
    dengan dokumen arsip mencatat langkah SOP tempat Kepala Dinas mengesahkan dokumen itu
    (atas nama Kepala Dinas), sehingga sakip status menampilkannya disahkan. Langkah itu
    bertanggal --tanggal, hari dokumen bertanda tangan kembali atau disahkan (bawaan: hari
    ini); seperti pada sakip langkah, tanggal itu harus hari kerja, sudah lewat, dan tidak
    lebih awal daripada langkah sebelumnya. Langkah yang sudah tercatat tidak dicatat dua
    kali; langkah yang belum waktunya (langkah pemeriksaan sebelumnya belum dicatat)
    disebutkan dan tidak dicatat.

    Dengan --checklist, setiap LKjIP yang diperiksa (draf atau akhir) mendapat Checklist
    Kelengkapan Rancangan LKjIP (SOP LKjIP langkah 10): satu baris per bagian wajib
    (sop_specs/bagian/lkjip.yaml) dengan hasil Ada, Belum lengkap (isian Tim Penyusun masih
    ada) atau Tidak ada, perbedaan angka dengan dokumen arsip, lalu kesimpulannya: diajukan
    kepada Kepala Sub Bagian Program, Keuangan dan Aset, atau dikembalikan kepada Tim
    Penyusun LKjIP; ditandatangani Fungsional Umum pada hari kerja pemeriksaan (--tanggal,
    bawaan hari ini). Bersama
    --catat, langkah 10 dicatat dengan keputusan ya atau tidak bila langkah itu yang sedang
    berjalan.

    Status: lengkap, tidak lengkap, tidak dapat diverifikasi (misalnya pindaian tanpa OCR),
    tidak dapat dibaca (bukan PDF, kosong, rusak, terpotong, berkata sandi, terlalu besar).
    Keluar dengan kode 0 bila semua berkas lengkap, 1 bila tidak, 2 bila perintah keliru.

    Contoh:

    \b
        sakip check kembali/pk-2024-ttd.pdf
        sakip check kembali/ --type auto --laporan outputs/pemeriksaan
        sakip check lkjip-2024.pdf --type lkjip --json
        sakip check kembali/dokumen-rak-2024.pdf --catat
        sakip check kembali/lkjip-2024.pdf --checklist --catat
        sakip check kembali/dokumen-rak-2024.pdf --catat --tanggal 2024-02-12
    """
    from pipeline.checker import CheckOptions, check_paths, collect_pdfs
    from pipeline.workspace.paths import Workspace

    files = collect_pdfs(paths)
    for path in paths:
        if path.is_dir() and not collect_pdfs([path]):
            raise click.BadParameter(
                f"folder '{path}' tidak berisi berkas PDF (*.pdf).", param_hint="PATH"
            )
    if tanggal is not None and not (catat or checklist):
        raise click.BadParameter(
            "hanya berlaku bersama --catat (tanggal langkah pengesahan yang dicatat) atau "
            "--checklist (tanggal pemeriksaan kelengkapan).",
            param_hint="'--tanggal'",
        )
    options = CheckOptions(timeout=timeout, max_mb=max_mb, max_pages=max_pages)
    try:
        ws = Workspace.open(workspace)
        if tanggal is not None:
            from pipeline.process.returns import check_return_date

            try:
                check_return_date(ws, tanggal)
            except StepRecordError as err:
                raise click.BadParameter(str(err), param_hint="'--tanggal'") from err
        extra = []
        if periode is not None:
            from pipeline.checker.expected import pk_crosscheck

            extra.append(pk_crosscheck(ws, periode))
        results = check_paths(
            files,
            doc_type,
            ws,
            options,
            extra_checks=extra,
            progress=progress_printer(len(files), "Memeriksa"),
        )
        if periode is not None:
            from pipeline.checker.record import record_checks

            record_checks(ws, str(periode), results)
            note(f"Hasil pemeriksaan dicatat di arsip workspace ({ws.root / 'sakip.db'}).")
        lists, skipped, list_records = (
            _checklists(ws, results, laporan, catat, tanggal) if checklist else ([], [], [])
        )
        recorded = None
        if catat:
            from pipeline.checker.process_record import record_returns

            recorded = record_returns(ws, results, tanggal=tanggal)
    except SakipError as err:
        raise click.ClickException(str(err)) from err
    except OSError as err:
        raise click.ClickException(
            f"Checklist tidak dapat ditulis ({os_cause(err)}). Periksa opsi --laporan dan hak "
            "tulis foldernya."
        ) from err
    if as_json:
        objects = [r.to_json() for r in results]
        if recorded is not None:
            for item, outcome in zip(objects, recorded, strict=True):
                item["recorded"] = outcome.to_json()
        steps: list[ReturnRecord | None] = [*list_records] or [None] * len(lists)
        made = {c.file: c.to_json(r) for c, r in zip(lists, steps, strict=True)}
        for item, result in zip(objects, results, strict=True):
            if result.file in made:
                item["checklist"] = made[result.file]
        print_json(objects)
    else:
        click.echo(_table(results))
    for written in lists:
        note(f"Checklist ditulis: {written.path}")
    for message in skipped:
        note(message)
    for outcome in [*(list_records or []), *(recorded or [])]:
        note(f"Langkah SOP: {outcome.message}")
    for path in _write_laporan(results, laporan, ws) if laporan else []:
        note(f"Laporan ditulis: {path}")
    if not all(r.complete for r in results):
        raise click.exceptions.Exit(1)


def _checklists(
    ws: Workspace,
    results: Sequence[CheckResult],
    folder: Path | None,
    catat: bool,
    tanggal: dt.date | None,
) -> tuple[list[Checklist], list[str], list[ReturnRecord]]:
    from pipeline.checker.checklist import record_checklists, write_checklists

    made, skipped = write_checklists(ws, results, folder=folder, tanggal=tanggal)
    return made, skipped, record_checklists(ws, made) if catat else []


def _write_laporan(results: Sequence[CheckResult], folder: Path, ws: Workspace) -> list[Path]:
    import datetime as dt

    from pipeline.checker.check_report import write_reports
    from pipeline.workspace.config import load_config

    try:
        config = load_config(ws)
        return write_reports(
            results,
            folder,
            instansi=config.instansi.nama,
            dibuat=dt.date.today(),
            kertas=config.kertas,
        )
    except SakipError as err:
        raise click.ClickException(str(err)) from err
    except OSError as err:
        raise click.ClickException(
            f"Laporan tidak dapat ditulis ke '{folder}' ({os_cause(err)}). Periksa opsi "
            "--laporan dan hak tulis folder tersebut."
        ) from err


def _table(results: Sequence[CheckResult]) -> str:
    from pipeline.checker.check_report import summary_line

    rows = [
        [
            r.file,
            textwrap.fill(r.title or "-", 24),
            r.status_label,
            "\n".join(textwrap.fill(name, 44) for name in r.missing) or "-",
        ]
        for r in results
    ]
    lines = [render_table(["Berkas", "Jenis", "Status", "Bagian belum ada"], rows)]
    notes = [
        f"Berkas '{Path(r.file).name}' menjawab dokumen arsip '{r.matched['path']}' (kode "
        f"{r.matched['code']}, build {r.matched['build_id']})."
        for r in results
        if r.matched
    ]
    notes += [
        f"Berkas '{Path(r.file).name}' ditandatangani secara elektronik (TTE) oleh "
        f"{', '.join(r.tte)} (nama dari sertifikatnya)."
        for r in results
        if r.tte
    ]
    notes += [p for r in results if not r.complete for p in r.problems]
    if notes:
        lines += ["", "Catatan:", *(textwrap.fill(p, 100, subsequent_indent="  ") for p in notes)]
    lines += ["", summary_line(results)]
    return "\n".join(lines)
